{#
    Customers whose rows an incremental order model replaces: those with a
    row of `relation` (the model's upstream) dated in the model's lookback
    window (see incremental_cutoff). Their rows are replaced whole
    (unique_key customer_id), so per-customer sequences such as
    purchase_number stay exact. When var('as_of_date') is set, every customer
    is recomputed: the window follows the data, not a chosen past date.
#}
{% macro incremental_customers(relation) -%}
    select customer_id
    from {{ relation }}
    {%- if not var('as_of_date') %}
        where ordered_at >= {{ incremental_cutoff('ordered_at') }}
    {%- endif %}
{%- endmacro %}
