{{ config(
    post_hook="{{ delete_orphaned_rows(
        'order_item_id',
        ref('stg_shop__order_items'),
        ref('int_orders__quarantined_keys'),
        or_where='cast(ordered_at as date) > (select as_of_date from '
            ~ ref('int_as_of_date') ~ ')',
    ) }}",
    **incremental_order_config(),
) }}

{#- read here, not only in the incremental branch, so the DAG has it -#}
{%- set quarantined_keys = ref('int_orders__quarantined_keys') %}

-- Order lines of the orders in int_orders__enriched, with their product's
-- category and the order's customer and status.
with

items as (
    select
        order_item_id,
        order_id,
        product_id,
        quantity,
        unit_price,
        discount_amount
    from {{ ref('stg_shop__order_items') }}
),

orders as (
    select
        order_id,
        customer_id,
        ordered_at,
        is_completed
    from {{ ref('int_orders__enriched') }}
    {% if is_incremental() %}
        where customer_id in (
            {{ incremental_customers(
                ref('int_orders__enriched'),
                'order_item_id',
                quarantined_keys,
                ref('stg_shop__order_items'),
            ) }}
        )
    {% endif %}
),

products as (
    select
        product_id,
        category,
        subcategory,
        brand
    from {{ ref('stg_shop__products') }}
),

final as (
    select
        items.order_item_id,
        items.order_id,
        orders.customer_id,
        orders.ordered_at,
        orders.is_completed,
        items.product_id,
        items.quantity,
        items.unit_price,
        items.discount_amount,
        products.subcategory,
        products.brand,
        cast(
            coalesce(items.quantity * items.unit_price, 0)
            - items.discount_amount as decimal(18, 2)
        ) as line_amount,
        coalesce(products.category, 'unknown') as category
    from items
    inner join orders
        on items.order_id = orders.order_id
    left join products
        on items.product_id = products.product_id
)

select * from final
