{#
    Cast that yields null instead of failing when the value does not convert.
    dbt's own safe_cast falls back to a plain cast on DuckDB, which fails.
#}
{% macro try_cast(expression, data_type) %}
    {{ return(adapter.dispatch('try_cast', 'segmented_customers')(expression, data_type)) }}
{% endmacro %}

{% macro default__try_cast(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}

{#-
    Spark reads more text as a timestamp than DuckDB: a bare year ('2024'),
    a year and month ('2024-03'), an hour without minutes ('2024-03-05 10').
    Only text shaped like an ISO date, alone or with hours and minutes, is
    cast, so such values stay unparseable on both engines.
-#}
{% macro spark__try_cast(expression, data_type) -%}
    {%- if data_type | lower == 'timestamp' -%}
        case
            when {{ expression }}
                rlike '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}($|[ T][0-9]{1,2}:[0-9]{1,2})'
                then try_cast({{ expression }} as {{ data_type }})
        end
    {%- else -%}
        {{ default__try_cast(expression, data_type) }}
    {%- endif -%}
{%- endmacro %}
