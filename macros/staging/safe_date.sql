{#
    A calendar date from text (a birth date), as written: an ISO 8601 date,
    optionally with a time of day that is ignored; no time zone conversion
    (a birthday does not move with the zone). A value with a UTC offset is
    not a calendar date and is unparseable, like '03/04/2024'.
#}
{% macro safe_date(column) -%}
    {%- set text = clean_text(column) -%}
    case
        when {{ regexp_like(text, sql_literal(iso_timestamp_pattern('naive'))) }}
            then cast({{ try_cast(text, api.Column.translate_type('timestamp')) }} as date)
    end
{%- endmacro %}
