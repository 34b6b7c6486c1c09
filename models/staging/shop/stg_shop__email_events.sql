with

base as (
    select
        event_id,
        customer_id,
        campaign_id,
        event_type,
        occurred_at
    from {{ ref('base_shop__email_events') }}
    where quarantine_reason is null
)

select * from base
