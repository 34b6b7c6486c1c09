{#
    A SQL expression that stops the query with `message` (a SQL text
    expression) when it is evaluated: DuckDB error(), Spark raise_error().
    Elsewhere the message is cast to an integer, which fails with the
    message in the database's error. Use it where a rule must fail the
    build with its own words, e.g. `case when <bad> then raise_error(...) end`.
#}
{% macro raise_error(message) -%}
    {{ return(adapter.dispatch('raise_error', 'segmented_customers')(message)) }}
{%- endmacro %}

{% macro default__raise_error(message) -%}
    cast({{ message }} as integer)
{%- endmacro %}

{% macro duckdb__raise_error(message) -%}
    error({{ message }})
{%- endmacro %}

{% macro spark__raise_error(message) -%}
    raise_error({{ message }})
{%- endmacro %}
