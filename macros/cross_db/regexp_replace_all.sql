{# Replaces every match of `pattern` in `expression` by `replacement` (SQL string literals). #}
{% macro regexp_replace_all(expression, pattern, replacement) %}
    {{ return(adapter.dispatch('regexp_replace_all', 'segmented_customers')(expression, pattern, replacement)) }}
{% endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{#- backslashes doubled, as in spark__regexp_like -#}
{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace(
        {{ expression }},
        {{ pattern | replace('\\', '\\\\') }},
        {{ replacement | replace('\\', '\\\\') }}
    )
{%- endmacro %}
