-- Email engagement: one row per customer from email events up to the as-of
-- date. Rates are per campaign: campaigns opened (or clicked) over campaigns
-- delivered, so repeated opens of one email count once. The counts come
-- from int_customers__email_aggregates (incremental); the days since the
-- last engagement, which move with the as-of date, are computed here.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

per_customer as (
    select
        customer_id,
        campaigns_sent,
        campaigns_delivered,
        campaigns_opened,
        campaigns_clicked,
        last_engaged_at,
        has_unsubscribed,
        has_bounced,
        has_complained
    from {{ ref('int_customers__email_aggregates') }}
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
