{{ config(
    post_hook="{{ delete_orphaned_rows(
        'order_item_id',
        ref('int_order_items__enriched'),
        ref('int_orders__quarantined_keys'),
        or_where='cast(ordered_at as date) > (select as_of_date from '
            ~ ref('int_as_of_date') ~ ')',
    ) }}",
    **incremental_order_config(),
) }}

{#- read here, not only in the incremental branch, so the DAG has it -#}
{%- set quarantined_keys = ref('int_orders__quarantined_keys') %}

-- One row per order line of the orders in fct_orders (empty when the
-- optional order_items table is absent), with the product's category.
with

items as (
    select
        order_item_id,
        order_id,
        customer_id,
        ordered_at,
        is_completed,
        product_id,
        category,
        subcategory,
        brand,
        quantity,
        unit_price,
        discount_amount,
        line_amount
    from {{ ref('int_order_items__enriched') }}
    {% if is_incremental() %}
        where customer_id in (
            {{ incremental_customers(
                ref('int_order_items__enriched'), 'order_item_id', quarantined_keys
            ) }}
        )
    {% endif %}
)

select * from items
