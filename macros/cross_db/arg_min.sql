{# The value of `expression` on the row where `order_by` is smallest (aggregate). #}
{% macro arg_min(expression, order_by) %}
    {{ return(adapter.dispatch('arg_min', 'segmented_customers')(expression, order_by)) }}
{% endmacro %}

{% macro default__arg_min(expression, order_by) -%}
    arg_min({{ expression }}, {{ order_by }})
{%- endmacro %}

{% macro spark__arg_min(expression, order_by) -%}
    min_by({{ expression }}, {{ order_by }})
{%- endmacro %}
