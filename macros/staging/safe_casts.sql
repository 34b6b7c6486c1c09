{#
    Casts that return null instead of failing on values that do not parse.
    Staging compares the cleaned text with the cast result to tell "absent"
    (text null) from "unparseable" (text present, cast null).
    Timestamps accept ISO 8601 dates and date-times only: '03/04/2024' is
    ambiguous between day-first and month-first and is treated as unparseable.
#}
{% macro safe_timestamp(column) -%}
    {{ try_cast(clean_text(column), api.Column.translate_type('timestamp')) }}
{%- endmacro %}

{% macro safe_numeric(column) -%}
    {{ try_cast(clean_text(column), 'decimal(18, 2)') }}
{%- endmacro %}

{% macro safe_integer(column) -%}
    {{ try_cast(clean_text(column), api.Column.translate_type('bigint')) }}
{%- endmacro %}

{% macro safe_boolean(column) -%}
    case
        when lower({{ clean_text(column) }}) in ('true', 't', 'yes', 'y', '1') then true
        when lower({{ clean_text(column) }}) in ('false', 'f', 'no', 'n', '0') then false
    end
{%- endmacro %}
