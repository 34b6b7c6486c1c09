with

base as (
    select
        product_id,
        product_name,
        category,
        subcategory,
        brand,
        list_price
    from {{ ref('stg_shop__products_checked') }}
    where quarantine_reason is null
)

select * from base
