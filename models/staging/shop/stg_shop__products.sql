with

base as (
    select
        product_id,
        product_name,
        category,
        subcategory,
        brand,
        list_price
    from {{ ref('base_shop__products') }}
    where quarantine_reason is null
)

select * from base
