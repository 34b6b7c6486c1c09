-- Email engagement: one row per customer from email events up to the as-of
-- date. Rates are per campaign: campaigns opened (or clicked) over campaigns
-- delivered, so repeated opens of one email count once.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

events as (
    select
        customer_id,
        campaign_id,
        event_type,
        occurred_at
    from {{ ref('stg_shop__email_events') }}
    where cast(occurred_at as date) <= {{ as_of_date }}
),

per_customer as (
    select
        customer_id,
        count(
            distinct case when event_type = 'sent' then campaign_id end
        ) as campaigns_sent,
        count(
            distinct case when event_type = 'delivered' then campaign_id end
        ) as campaigns_delivered,
        count(
            distinct case when event_type = 'open' then campaign_id end
        ) as campaigns_opened,
        count(
            distinct case when event_type = 'click' then campaign_id end
        ) as campaigns_clicked,
        max(
            case when event_type in ('open', 'click') then occurred_at end
        ) as last_engaged_at,
        max(
            case when event_type = 'unsubscribe' then 1 else 0 end
        ) as has_unsubscribed,
        max(case when event_type = 'bounce' then 1 else 0 end) as has_bounced,
        max(
            case when event_type = 'complaint' then 1 else 0 end
        ) as has_complained
    from events
    group by customer_id
),

final as (
    select
        customers.customer_id,
        per_customer.last_engaged_at,
        cast(
            coalesce(per_customer.campaigns_sent, 0) as integer
        ) as campaigns_sent,
        cast(
            coalesce(per_customer.campaigns_delivered, 0) as integer
        ) as campaigns_delivered,
        cast(
            coalesce(per_customer.campaigns_opened, 0) as integer
        ) as campaigns_opened,
        cast(
            coalesce(per_customer.campaigns_clicked, 0) as integer
        ) as campaigns_clicked,
        case
            when per_customer.campaigns_delivered > 0
                then least(
                        1.0,
                        cast(per_customer.campaigns_opened as double)
                        / per_customer.campaigns_delivered
                    )
        end as open_rate,
        case
            when per_customer.campaigns_delivered > 0
                then least(
                        1.0,
                        cast(per_customer.campaigns_clicked as double)
                        / per_customer.campaigns_delivered
                    )
        end as click_rate,
        {{ dbt.datediff(
            'cast(per_customer.last_engaged_at as date)', as_of_date, 'day'
        ) }} as days_since_last_engagement,
        coalesce(per_customer.has_unsubscribed = 1, false) as is_unsubscribed,
        coalesce(per_customer.has_bounced = 1, false) as has_bounced,
        coalesce(per_customer.has_complained = 1, false) as has_complained
    from customers
    left join per_customer
        on customers.customer_id = per_customer.customer_id
)

select * from final
