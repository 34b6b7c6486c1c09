{# True when `expression` matches the regular expression `pattern` (a SQL string literal). #}
{% macro regexp_like(expression, pattern) %}
    {{ return(adapter.dispatch('regexp_like', 'segmented_customers')(expression, pattern)) }}
{% endmacro %}

{% macro default__regexp_like(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ pattern }})
{%- endmacro %}

{#-
    Spark reads backslash escapes in string literals ('\.' is '.'): the
    pattern's backslashes are doubled so the regular expression gets them
-#}
{% macro spark__regexp_like(expression, pattern) -%}
    ({{ expression }} rlike {{ pattern | replace('\\', '\\\\') }})
{%- endmacro %}
