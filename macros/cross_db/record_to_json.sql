{#
    A JSON text holding the given columns by name: keeps a quarantined raw
    row whole. With `prefix`, each field is read from the column
    <prefix><name> and written as text (a raw row whose typed columns read
    as a CSV file would give them).
#}
{% macro record_to_json(columns, prefix=none) %}
    {{ return(adapter.dispatch('record_to_json', 'segmented_customers')(columns, prefix)) }}
{% endmacro %}

{% macro record_field(column, prefix) -%}
    {%- if prefix is none -%}
        {{ column }}
    {%- else -%}
        cast({{ prefix ~ column }} as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{% macro default__record_to_json(columns, prefix=none) -%}
    cast(to_json(struct_pack(
        {%- for column in columns %}
        {{ column }} := {{ record_field(column, prefix) }}{{ ',' if not loop.last }}
        {%- endfor %}
    )) as {{ dbt.type_string() }})
{%- endmacro %}

{#- null fields kept, as DuckDB writes them (Spark drops them by default) -#}
{% macro spark__record_to_json(columns, prefix=none) -%}
    to_json(named_struct(
        {%- for column in columns %}
        '{{ column }}', {{ record_field(column, prefix) }}{{ ',' if not loop.last }}
        {%- endfor %}
    ), map('ignoreNullFields', 'false'))
{%- endmacro %}
