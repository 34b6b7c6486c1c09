-- Email engagement segment: one row per customer. First match wins:
-- unknown (no email events), complained, unsubscribed, bounced,
-- highly_engaged (click rate at least var engagement_high_click_rate),
-- dormant (no open or click for var engagement_dormant_days), engaged (open
-- rate at least var engagement_min_open_rate), passive.
with

engagement as (
    select
        customer_id,
        campaigns_sent,
        campaigns_delivered,
        open_rate,
        click_rate,
        days_since_last_engagement,
        is_unsubscribed,
        has_bounced,
        has_complained
    from {{ ref('int_customers__engagement_features') }}
),

final as (
    select
        customer_id,
        open_rate,
        click_rate,
        days_since_last_engagement,
        case
            when campaigns_sent = 0 and campaigns_delivered = 0 then 'unknown'
            when has_complained then 'complained'
            when is_unsubscribed then 'unsubscribed'
            when has_bounced then 'bounced'
            when
                click_rate
                >= {{ sql_literal(setting('engagement_high_click_rate')) }}
                then 'highly_engaged'
            when days_since_last_engagement is null
                or days_since_last_engagement
                > {{ sql_literal(setting('engagement_dormant_days')) }}
                then 'dormant'
            when
                open_rate
                >= {{ sql_literal(setting('engagement_min_open_rate')) }}
                then 'engaged'
            else 'passive'
        end as segment,
        cast(campaigns_delivered as {{ dbt.type_string() }})
        || ' campaigns delivered, open rate '
        || coalesce(
            cast(round(open_rate, 2) as {{ dbt.type_string() }}), 'n/a'
        )
        || ', click rate '
        || coalesce(
            cast(round(click_rate, 2) as {{ dbt.type_string() }}), 'n/a'
        ) as segment_reason
    from engagement
)

select * from final
