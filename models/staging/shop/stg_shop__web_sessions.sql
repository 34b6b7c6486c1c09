with

base as (
    select
        session_id,
        customer_id,
        started_at,
        device_type,
        os,
        browser,
        traffic_source,
        pageviews,
        duration_seconds
    from {{ ref('stg_shop__web_sessions_checked') }}
    where quarantine_reason is null
)

select * from base
