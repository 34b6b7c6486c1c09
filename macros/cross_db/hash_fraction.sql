{#
    A number in [0, 1) fixed by a text expression alone: the first 13 hex
    digits (52 bits, exact in a double) of its SHA-256 over 2^52. The same
    text gives the same number on every build and every engine, whatever
    the other rows; used for holdout groups.
#}
{% macro hash_fraction(expression) %}
    {{ return(adapter.dispatch('hash_fraction', 'segmented_customers')(expression)) }}
{% endmacro %}

{% macro default__hash_fraction(expression) -%}
    cast(
        cast('0x' || substr({{ sha256_hex(expression) }}, 1, 13) as bigint)
        as double
    ) / 4503599627370496.0
{%- endmacro %}

{% macro spark__hash_fraction(expression) -%}
    cast(
        conv(substr({{ sha256_hex(expression) }}, 1, 13), 16, 10) as double
    ) / 4503599627370496.0
{%- endmacro %}
