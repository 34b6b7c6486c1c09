{#
    The value of var `name`, checked against its form (macro setting_check):
    an invalid value stops the build with macro validate_vars's error, which
    names every invalid var, its value and the form expected, before the
    value can reach SQL. Dates come back as 'YYYY-MM-DD' text, or none when
    null or empty. Read a var through setting(); render it through
    sql_literal().
#}
{% macro setting(name) %}
    {%- set checked = setting_check(name) -%}
    {%- if checked.problem -%}
        {%- do validate_vars() -%}
        {#- validate_vars raises; this only runs if it did not -#}
        {{ exceptions.raise_compiler_error(checked.problem) }}
    {%- endif -%}
    {{ return(checked.value) }}
{% endmacro %}
