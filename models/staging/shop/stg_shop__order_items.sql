with

base as (
    select
        order_item_id,
        order_id,
        product_id,
        quantity,
        unit_price,
        discount_amount
    from {{ ref('stg_shop__order_items_checked') }}
    where quarantine_reason is null
)

select * from base
