with

base as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_total,
        currency,
        status,
        channel,
        discount_amount,
        item_count
    from {{ ref('stg_shop__orders_checked') }}
    where quarantine_reason is null
)

select * from base
