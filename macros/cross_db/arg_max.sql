{# The value of `expression` on the row where `order_by` is largest (aggregate). #}
{% macro arg_max(expression, order_by) %}
    {{ return(adapter.dispatch('arg_max', 'segmented_customers')(expression, order_by)) }}
{% endmacro %}

{% macro default__arg_max(expression, order_by) -%}
    arg_max({{ expression }}, {{ order_by }})
{%- endmacro %}

{% macro spark__arg_max(expression, order_by) -%}
    max_by({{ expression }}, {{ order_by }})
{%- endmacro %}
