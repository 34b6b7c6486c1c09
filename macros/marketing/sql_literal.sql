{#
    A value from YAML as a SQL literal: numbers as they are, booleans as
    true/false, text quoted (quotes doubled), a list as (a, b, ...).
#}
{% macro sql_literal(value) -%}
    {%- if value is sameas true -%}
        true
    {%- elif value is sameas false -%}
        false
    {%- elif value is number -%}
        {{ value }}
    {%- elif value is string -%}
        '{{ value | replace("'", "''") }}'
    {%- elif value is sequence -%}
        ({% for item in value %}{{ sql_literal(item) }}{{ ', ' if not loop.last }}{% endfor %})
    {%- else -%}
        {{ exceptions.raise_compiler_error("Cannot write " ~ value ~ " as a SQL literal") }}
    {%- endif -%}
{%- endmacro %}
