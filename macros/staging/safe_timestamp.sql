{#
    Timestamp in UTC from text, null when it does not parse (see
    utc_timestamp): a value with a UTC offset is converted with its offset, a
    naive one is read in var source_timezone, a date alone is kept as that
    date (00:00, not shifted).
    Timestamps accept ISO 8601 dates and date-times only: '03/04/2024' is
    ambiguous between day-first and month-first and is treated as unparseable.
#}
{% macro safe_timestamp(column) -%}
    {{ utc_timestamp(clean_text(column), source_timezone()) }}
{%- endmacro %}
