-- Technographics: one row per customer from logged-in web and app sessions
-- up to the as-of date (the most used device, OS and browser; sessions in
-- the native app have browser 'app') and from purchases (preferred channel).
-- The session figures come from int_customers__session_aggregates
-- (incremental); none of them moves with the as-of date.
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

session_stats as (
    select
        customer_id,
        session_count,
        device_type_count,
        last_session_at,
        app_session_share,
        primary_device,
        primary_os,
        primary_browser
    from {{ ref('int_customers__session_aggregates') }}
),

behavior as (
    select
        customer_id,
        primary_purchase_channel,
        app_purchase_share,
        web_purchase_share
    from {{ ref('int_customers__behavioral_features') }}
),

final as (
    select
        customers.customer_id,
        session_stats.last_session_at,
        session_stats.app_session_share,
        behavior.app_purchase_share,
        behavior.web_purchase_share,
        cast(
            coalesce(session_stats.session_count, 0) as integer
        ) as session_count,
        cast(
            coalesce(session_stats.device_type_count, 0) as integer
        ) as device_type_count,
        coalesce(session_stats.primary_device, 'unknown') as primary_device,
        coalesce(session_stats.primary_os, 'unknown') as primary_os,
        coalesce(session_stats.primary_browser, 'unknown') as primary_browser,
        coalesce(
            behavior.primary_purchase_channel, 'unknown'
        ) as preferred_channel
    from customers
    left join session_stats
        on customers.customer_id = session_stats.customer_id
    left join behavior
        on customers.customer_id = behavior.customer_id
)

select * from final
