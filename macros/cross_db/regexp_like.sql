{# True when `expression` matches the regular expression `pattern` (a SQL string literal). #}
{% macro regexp_like(expression, pattern) %}
    {{ return(adapter.dispatch('regexp_like', 'segmented_customers')(expression, pattern)) }}
{% endmacro %}

{% macro default__regexp_like(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regexp_like(expression, pattern) -%}
    ({{ expression }} rlike {{ pattern }})
{%- endmacro %}
