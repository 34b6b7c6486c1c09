{# A JSON text holding the given columns by name: keeps a quarantined raw row whole. #}
{% macro record_to_json(columns) %}
    {{ return(adapter.dispatch('record_to_json', 'segmented_customers')(columns)) }}
{% endmacro %}

{% macro default__record_to_json(columns) -%}
    cast(to_json(struct_pack(
        {%- for column in columns %}
        {{ column }} := {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    )) as {{ dbt.type_string() }})
{%- endmacro %}

{#- null fields kept, as DuckDB writes them (Spark drops them by default) -#}
{% macro spark__record_to_json(columns) -%}
    to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    ), map('ignoreNullFields', 'false'))
{%- endmacro %}
