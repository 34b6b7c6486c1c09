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
