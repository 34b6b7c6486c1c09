with

base as (
    select
        event_id,
        customer_id,
        campaign_id,
        event_type,
        occurred_at
    from {{ ref('stg_shop__email_events_checked') }}
    where quarantine_reason is null
)

select * from base
