-- Technographic segment: one row per customer. First match wins:
-- offline_shopper (no sessions, buys in store or by phone), unknown (no
-- sessions), app_first (share of sessions in the app at least var
-- technographic_app_first_share), multi_device (at least var
-- technographic_multi_device_types device types), then the primary device:
-- mobile_web, tablet, desktop.
with

technographics as (
    select
        customer_id,
        session_count,
        device_type_count,
        app_session_share,
        primary_device,
        preferred_channel
    from {{ ref('int_customers__technographic_features') }}
),

final as (
    select
        customer_id,
        session_count,
        primary_device,
        preferred_channel,
        case
            when session_count = 0 and preferred_channel in ('store', 'phone')
                then 'offline_shopper'
            when session_count = 0 then 'unknown'
            when
                app_session_share
                >= {{ sql_literal(setting('technographic_app_first_share')) }}
                then 'app_first'
            when device_type_count
                >= {{ sql_literal(
                    setting('technographic_multi_device_types')
                ) }}
                then 'multi_device'
            when primary_device = 'mobile' then 'mobile_web'
            when primary_device = 'tablet' then 'tablet'
            when primary_device = 'desktop' then 'desktop'
            else 'unknown'
        end as segment,
        cast(session_count as {{ dbt.type_string() }})
        || ' sessions, mostly ' || primary_device
        || ', buys via ' || preferred_channel as segment_reason
    from technographics
)

select * from final
