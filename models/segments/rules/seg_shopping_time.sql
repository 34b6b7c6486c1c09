-- Shopping-time segment: one row per customer, from completed orders in the
-- shop's local time (int_customers__shopping_time_features). First match
-- wins: unknown (fewer than var shopping_time_min_orders completed orders),
-- night_owl (at least var shopping_time_night_share of the orders with a
-- time of day at 00-06), weekend (at least var shopping_time_weekend_share
-- of orders on Saturday or Sunday), weekday_evening / weekday_daytime (at
-- least var shopping_time_dominant_share of the weekday orders with a time
-- of day at 18-24 / 06-18), unknown (no weekday order with a time of day:
-- a date-only export), mixed.
{%- set min_orders = sql_literal(setting('shopping_time_min_orders')) %}
{%- set weekend_share = sql_literal(setting('shopping_time_weekend_share')) %}
{%- set night_share = sql_literal(setting('shopping_time_night_share')) %}
{%- set dominant_share = sql_literal(setting('shopping_time_dominant_share')) %}

with

features as (
    select
        customer_id,
        completed_order_count,
        timed_order_count,
        timed_weekday_order_count,
        weekend_order_share,
        night_order_share,
        weekday_daytime_share,
        weekday_evening_share,
        preferred_daypart,
        preferred_daypart_basis,
        preferred_weekday
    from {{ ref('int_customers__shopping_time_features') }}
),

final as (
    select
        customer_id,
        preferred_daypart,
        preferred_weekday,
        weekend_order_share,
        case
            when completed_order_count < {{ min_orders }} then 'unknown'
            when night_order_share >= {{ night_share }} then 'night_owl'
            when weekend_order_share >= {{ weekend_share }} then 'weekend'
            when weekday_evening_share >= {{ dominant_share }}
                then 'weekday_evening'
            when weekday_daytime_share >= {{ dominant_share }}
                then 'weekday_daytime'
            when timed_weekday_order_count = 0 then 'unknown'
            else 'mixed'
        end as segment,
        cast(completed_order_count as {{ dbt.type_string() }})
        || ' completed orders, '
        || cast(timed_order_count as {{ dbt.type_string() }})
        || ' with a time of day; weekend share '
        || coalesce(
            cast(
                round(weekend_order_share, 2) as {{ dbt.type_string() }}
            ),
            'n/a'
        )
        || ', preferred daypart ' || preferred_daypart
        || ' (from ' || preferred_daypart_basis || ')'
        || ', preferred weekday ' || preferred_weekday as segment_reason
    from features
)

select * from final
