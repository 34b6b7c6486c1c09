{# Lower-cased, trimmed email; null when absent. Validity is checked by is_valid_email. #}
{% macro normalize_email(column) -%}
    lower({{ clean_text(column) }})
{%- endmacro %}
