{{ config(materialized='view') }}

-- One row per order line of the orders in fct_orders (empty when the
-- optional order_items table is absent), with the product's category.
-- A view on int_order_items__enriched, the incremental table holding these
-- rows (see fct_orders for why not a copy).
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
    from {{ ref('int_order_items__enriched').include(database=False) }}
)

select * from items
