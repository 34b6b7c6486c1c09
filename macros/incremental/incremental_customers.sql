{#
    Customers whose rows an incremental order model replaces: those with a
    row of `relation` (the model's upstream) dated in the model's lookback
    window (see incremental_cutoff), and those with a row whose key has left
    the upstream (see orphan_condition; checked against `key_relation`,
    default `relation`, and the model's ref to int_orders__quarantined_keys
    `quarantined_keys`), since e.g. their purchase numbers change. Their rows
    are replaced whole (unique_key customer_id), so per-customer sequences
    stay exact. When var('as_of_date') is set, every customer is recomputed:
    the window follows the data, not a chosen past date.
#}
{% macro incremental_customers(
    relation, key_column, quarantined_keys, key_relation=none
) -%}
    select customer_id
    from {{ relation }}
    {%- if not setting('as_of_date') %}
        where ordered_at >= {{ incremental_cutoff('ordered_at') }}
        union
        select customer_id
        from {{ this }}
        where {{ orphan_condition(
            key_column, key_relation or relation, quarantined_keys
        ) }}
    {%- endif %}
{%- endmacro %}
