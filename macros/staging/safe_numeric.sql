{% macro safe_numeric(column) -%}
    {{ try_cast(clean_text(column), 'decimal(18, 2)') }}
{%- endmacro %}
