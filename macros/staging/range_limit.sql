{#
    The largest amount or count staging accepts: var max_amount (every money
    amount, in its own currency) or var max_count (every count), validated
    together so that no later cast or product overflows decimal(18, 2)
    (< 10^16): a line's quantity x unit price stays below 10^16, and
    revenue sums reach it only after 10^16 / max_amount orders at the
    maximum (10^8 with the defaults).
#}
{% macro range_limit(name) -%}
    {%- set limits = {
        'max_amount': setting('max_amount'),
        'max_count': setting('max_count'),
    } -%}
    {%- if name not in limits -%}
        {{ exceptions.raise_compiler_error(
            "range_limit: name must be max_amount or max_count, not " ~ name
        ) }}
    {%- endif -%}
    {%- for var_name, value in limits.items() -%}
        {%- if value is not number or value is sameas true or value is sameas false
            or value <= 0 -%}
            {{ exceptions.raise_compiler_error(
                "var " ~ var_name ~ ": " ~ (value | string) ~ " is not a positive"
                ~ " number. It is the largest " ~ var_name[4:]
                ~ " staging accepts (larger values are quarantined as"
                ~ " out_of_range_" ~ var_name[4:] ~ "). Write it as a plain"
                ~ " number such as 100000000 (YAML reads 1e8 as text); see"
                ~ " docs/settings.md."
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if limits['max_amount'] * limits['max_count'] >= 10 ** 16 -%}
        {{ exceptions.raise_compiler_error(
            "vars max_amount (" ~ limits['max_amount'] ~ ") and max_count ("
            ~ limits['max_count'] ~ "): their product must stay below 10^16,"
            ~ " the range of decimal(18, 2), or an order line (quantity x unit"
            ~ " price) could overflow. Lower one of them."
        ) }}
    {%- endif -%}
    {{ return(limits[name]) }}
{%- endmacro %}
