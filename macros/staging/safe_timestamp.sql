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
