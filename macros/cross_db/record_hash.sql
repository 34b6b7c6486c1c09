{#
    A 64-bit hash of a row's values, to compare versions of a key cheaply
    (a JSON text per row costs several times more to build and compare).
#}
{% macro record_hash(columns) %}
    {{ return(adapter.dispatch('record_hash', 'segmented_customers')(columns)) }}
{% endmacro %}

{% macro default__record_hash(columns) -%}
    md5({{ record_to_json(columns) }})
{%- endmacro %}

{% macro duckdb__record_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__record_hash(columns) -%}
    xxhash64({{ columns | join(', ') }})
{%- endmacro %}
