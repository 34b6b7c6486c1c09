-- Best send time: one row per customer, the hour of day (0-23, in the
-- shop's local time, var shop_timezone) with most email opens and clicks up
-- to the as-of date. A customer with at least var best_send_hour_min_events
-- such events gets their own hour (reason customer_history); everyone else
-- gets the audience's hour, that of the most opens and clicks over all
-- customers who have not asked to be erased (audience_default). Ties go to
-- the earliest hour. An event staged at 00:00:00 in UTC or in var
-- source_timezone carried no time of day (a date alone, as in
-- int_customers__shopping_time_features): it counts for no hour, so a
-- date-only export never gives hour 0. Without any open or click the hour is
-- null (no_email_data); with opens and clicks but none with a time of day it
-- is null too (no_time_of_day).
{%- set shop_zone = setting('shop_timezone') %}
{%- set source_zone = source_timezone() %}
{%- set min_events = sql_literal(setting('best_send_hour_min_events')) %}
{%- set ts = dbt.type_timestamp() %}

with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

as_of as (
    select as_of_date
    from {{ ref('int_as_of_date') }}
),

email_events as (
    select
        customer_id,
        event_type,
        occurred_at
    from {{ ref('stg_shop__email_events') }}
),

engagements as (
    select
        email_events.customer_id,
        email_events.occurred_at,
        {{ local_timestamp('email_events.occurred_at', source_zone) }}
            as source_local_at,
        {{ local_timestamp('email_events.occurred_at', shop_zone) }}
            as shop_local_at
    from email_events
    cross join as_of
    where
        email_events.customer_id is not null
        and email_events.event_type in ('open', 'click')
        and cast(email_events.occurred_at as date) <= as_of.as_of_date
),

timed as (
    select
        customer_id,
        case
            -- a date alone carries no hour in any zone
            when
                occurred_at = cast(cast(occurred_at as date) as {{ ts }})
                or source_local_at
                = cast(cast(source_local_at as date) as {{ ts }})
                then null
            else cast(extract(hour from shop_local_at) as integer)
        end as send_hour
    from engagements
),

customer_hours as (
    select
        customer_id,
        send_hour,
        count(*) as hour_events
    from timed
    where send_hour is not null
    group by customer_id, send_hour
),

ranked_customer_hours as (
    select
        customer_id,
        send_hour,
        sum(hour_events) over (partition by customer_id) as timed_events,
        row_number() over (
            partition by customer_id
            order by hour_events desc, send_hour asc
        ) as hour_rank
    from customer_hours
),

customer_best as (
    select
        customer_id,
        send_hour,
        timed_events
    from ranked_customer_hours
    where hour_rank = 1
),

audience_hours as (
    select
        customer_hours.send_hour,
        sum(customer_hours.hour_events) as hour_events
    from customer_hours
    inner join not_erased
        on customer_hours.customer_id = not_erased.customer_id
    group by customer_hours.send_hour
),

ranked_audience_hours as (
    select
        send_hour,
        row_number() over (
            order by hour_events desc, send_hour asc
        ) as hour_rank
    from audience_hours
),

-- one row, null without a timed event
audience_best as (
    select max(send_hour) as send_hour
    from ranked_audience_hours
    where hour_rank = 1
),

-- one row: the shop's opens and clicks, with or without a time of day
audience_totals as (
    select count(*) as engagement_events
    from timed
    inner join not_erased on timed.customer_id = not_erased.customer_id
),

final as (
    select
        customers.customer_id,
        cast(
            case
                when
                    coalesce(customer_best.timed_events, 0) >= {{ min_events }}
                    then customer_best.send_hour
                else audience_best.send_hour
            end as integer
        ) as best_send_hour,
        case
            when
                coalesce(customer_best.timed_events, 0) >= {{ min_events }}
                then 'customer_history'
            when audience_best.send_hour is not null then 'audience_default'
            when audience_totals.engagement_events = 0 then 'no_email_data'
            else 'no_time_of_day'
        end as best_send_hour_reason,
        cast(
            coalesce(customer_best.timed_events, 0) as integer
        ) as timed_engagement_count
    from customers
    cross join audience_best
    cross join audience_totals
    left join customer_best
        on customers.customer_id = customer_best.customer_id
)

select * from final
