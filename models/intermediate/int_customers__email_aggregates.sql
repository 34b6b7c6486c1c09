{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set included = 'customer_id is not null and cast(occurred_at as date) <= '
    ~ as_of_date %}

{{ config(
    post_hook="{{ delete_customers_without_rows(
        ref('stg_shop__email_events'),
        'cast(occurred_at as date) <= (select as_of_date from '
            ~ ref('int_as_of_date') ~ ')',
    ) }}",
    **incremental_order_config(),
) }}

-- Per-customer aggregates of the email events up to the as-of date: one row
-- per customer with such an event. Campaigns are counted once per event
-- type, however often an email was opened. The days since the last
-- engagement move with the as-of date: int_customers__engagement_features
-- computes them from last_engaged_at.
-- Incremental: each run recomputes the customers with an event in the
-- lookback window before the latest event counted (events dated after the
-- last as-of date are in it, so they are counted once the as-of date
-- reaches them) or with events removed since (changed_customers).
with

{% if is_incremental() %}
    changed as (
        {{ changed_customers(
            ref('stg_shop__email_events'),
            'occurred_at',
            'latest_occurred_at',
            'event_count',
            included,
        ) }}
    ),

{% endif %}
events as (
    select
        customer_id,
        campaign_id,
        event_type,
        occurred_at
    from {{ ref('stg_shop__email_events') }}
    where {{ included }}
    {% if is_incremental() %}
        and customer_id in (select changed.customer_id from changed)
    {% endif %}
),

final as (
    select
        customer_id,
        max(occurred_at) as latest_occurred_at,
        count(*) as event_count,
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
)

select * from final
