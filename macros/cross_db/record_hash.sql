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

{#-
    xxhash64 skips null arguments, so (null, 'x') and ('x', null) would
    hash alike: which columns are null is hashed too
-#}
{% macro spark__record_hash(columns) -%}
    xxhash64(
        {{ columns | join(', ') }},
        {%- for column in columns %}
        {{ column }} is null{{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
