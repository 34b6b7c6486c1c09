with

base as (
    select
        interaction_id,
        customer_id,
        platform,
        interaction_type,
        occurred_at,
        sentiment
    from {{ ref('stg_shop__social_interactions_checked') }}
    where quarantine_reason is null
)

select * from base
