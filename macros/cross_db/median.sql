{# Median of an expression (an aggregate). #}
{% macro median(expression) %}
    {{ return(adapter.dispatch('median', 'segmented_customers')(expression)) }}
{% endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{#- exact and interpolated between the two middle values, as DuckDB's median -#}
{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}
