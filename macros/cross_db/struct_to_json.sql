{# The JSON text of a struct (see record_struct). #}
{% macro struct_to_json(expression) %}
    {{ return(adapter.dispatch('struct_to_json', 'segmented_customers')(expression)) }}
{% endmacro %}

{% macro default__struct_to_json(expression) -%}
    cast(to_json({{ expression }}) as {{ dbt.type_string() }})
{%- endmacro %}

{#- null fields kept, as DuckDB writes them (Spark drops them by default) -#}
{% macro spark__struct_to_json(expression) -%}
    to_json({{ expression }}, map('ignoreNullFields', 'false'))
{%- endmacro %}
