-- Geographic segment: one row per customer, the UN subregion of the
-- customer's country (countries seed), in snake case; unknown when the
-- country is missing or not recognised.
with

geography as (
    select
        customer_id,
        country_code,
        world_subregion
    from {{ ref('int_customers__geographic_features') }}
),

final as (
    select
        customer_id,
        country_code,
        case
            when world_subregion = 'unknown' then 'unknown'
            else replace(lower(world_subregion), ' ', '_')
        end as segment,
        coalesce('country ' || country_code, 'no recognised country')
            as segment_reason
    from geography
)

select * from final
