-- Geography: one row per customer, with the country's region and subregion
-- from the countries seed.
with

customers as (
    select
        customer_id,
        country_code,
        region,
        city,
        postal_code
    from {{ ref('stg_shop__customers') }}
),

countries as (
    select
        country_code,
        country_name,
        region,
        subregion
    from {{ ref('countries') }}
),

final as (
    select
        customers.customer_id,
        customers.country_code,
        customers.city,
        customers.postal_code,
        customers.region as state_or_province,
        coalesce(countries.country_name, 'unknown') as country_name,
        coalesce(countries.region, 'unknown') as world_region,
        coalesce(countries.subregion, 'unknown') as world_subregion
    from customers
    left join countries
        on customers.country_code = countries.country_code
)

select * from final
