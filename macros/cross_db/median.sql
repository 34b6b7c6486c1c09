{# Median of an expression (an aggregate). #}
{% macro median(expression) %}
    {{ return(adapter.dispatch('median', 'segmented_customers')(expression)) }}
{% endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}

{% macro spark__median(expression) -%}
    percentile_approx({{ expression }}, 0.5)
{%- endmacro %}
