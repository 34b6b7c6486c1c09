{% macro safe_integer(column) -%}
    {{ try_cast(clean_text(column), api.Column.translate_type('bigint')) }}
{%- endmacro %}
