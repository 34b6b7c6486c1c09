-- Shopping-time habits: one row per customer from completed orders and, where
-- the shop has them, logged-in web and app sessions up to the as-of date, in
-- the shop's local time (var shop_timezone). Dayparts: night 00-06, morning
-- 06-12, afternoon 12-18, evening 18-24 (hour of the local time, lower bound
-- inclusive). An event whose raw timestamp carried no time of day (staged at
-- 00:00:00 in UTC, as a date alone is, or 00:00:00 in var source_timezone)
-- counts for the weekday features on the date as written, never for a
-- daypart: a date-only export gives preferred_daypart 'unknown' for
-- everyone, never night. Weekdays are ISO (monday first); ties in the
-- preferred daypart or weekday go to the first in that order.
-- The order features (shares, preferred weekday) come from completed orders
-- alone. preferred_browsing_daypart is the daypart of most timed sessions;
-- preferred_daypart is the orders' daypart, else (no completed order with a
-- time of day) the sessions' one, and preferred_daypart_basis says which.
{%- set shop_zone = setting('shop_timezone') %}
{%- set source_zone = source_timezone() %}
{%- set ts = dbt.type_timestamp() %}
{%- set days_since_monday = dbt.datediff(
    "cast('2000-01-03' as date)", 'local_date', 'day'
) %}
{%- set dayparts = ['morning', 'afternoon', 'evening', 'night'] %}
{%- set weekdays = [
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
] %}
{%- set most_daypart = 'greatest('
    ~ dayparts | join('_orders, ') ~ '_orders)' %}
{%- set most_session_daypart = 'greatest('
    ~ dayparts | join('_sessions, ') ~ '_sessions)' %}
{%- set most_weekday = 'greatest('
    ~ weekdays | join('_orders, ') ~ '_orders)' %}

with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

as_of as (
    select as_of_date
    from {{ ref('int_as_of_date') }}
),

orders as (
    select
        customer_id,
        ordered_at as event_at,
        true as is_order
    from {{ ref('int_orders__enriched') }}
    where is_completed
),

sessions as (
    select
        web_sessions.customer_id,
        web_sessions.started_at as event_at,
        false as is_order
    from {{ ref('stg_shop__web_sessions') }} as web_sessions
    cross join as_of
    where
        web_sessions.customer_id is not null
        and cast(web_sessions.started_at as date) <= as_of.as_of_date
),

events as (
    select
        customer_id,
        event_at,
        is_order
    from orders
    union all
    select
        customer_id,
        event_at,
        is_order
    from sessions
),

localized as (
    select
        customer_id,
        event_at,
        is_order,
        {{ local_timestamp('event_at', source_zone) }} as source_local_at,
        {{ local_timestamp('event_at', shop_zone) }} as shop_local_at
    from events
),

midnights as (
    select
        customer_id,
        event_at,
        is_order,
        source_local_at,
        shop_local_at,
        event_at = cast(cast(event_at as date) as {{ ts }})
            as is_utc_midnight,
        source_local_at = cast(cast(source_local_at as date) as {{ ts }})
            as is_source_midnight
    from localized
),

timed as (
    select
        customer_id,
        is_order,
        shop_local_at,
        is_utc_midnight or is_source_midnight as is_date_only,
        case
            -- a date alone is that date in every zone
            when is_utc_midnight then cast(event_at as date)
            when is_source_midnight then cast(source_local_at as date)
            else cast(shop_local_at as date)
        end as local_date
    from midnights
),

classified as (
    select
        customer_id,
        is_order,
        is_date_only,
        -- 0 = monday (2000-01-03 was a Monday), on every engine
        cast(
            mod(mod({{ days_since_monday }}, 7) + 7, 7) as integer
        ) as weekday_number,
        case
            when is_date_only then null
            when extract(hour from shop_local_at) < 6 then 'night'
            when extract(hour from shop_local_at) < 12 then 'morning'
            when extract(hour from shop_local_at) < 18 then 'afternoon'
            else 'evening'
        end as daypart
    from timed
),

session_dayparts as (
    select
        customer_id,
        count(daypart) as timed_session_count,
        {% for daypart in dayparts %}
            sum(case when daypart = '{{ daypart }}' then 1 else 0 end)
                as {{ daypart }}_sessions{% if not loop.last %},{% endif %}
        {% endfor %}
    from classified
    where not is_order
    group by customer_id
),

preferred_browsing as (
    select
        customer_id,
        timed_session_count,
        case
            when timed_session_count = 0 then 'unknown'
            {% for daypart in dayparts %}
                when {{ daypart }}_sessions = {{ most_session_daypart }}
                    then '{{ daypart }}'
            {% endfor %}
        end as preferred_browsing_daypart
    from session_dayparts
),

per_customer as (
    select
        customer_id,
        count(*) as completed_order_count,
        count(daypart) as timed_order_count,
        sum(case when weekday_number >= 5 then 1 else 0 end) as weekend_orders,
        sum(
            case
                when weekday_number < 5 and daypart is not null then 1
                else 0
            end
        ) as timed_weekday_orders,
        sum(
            case
                when weekday_number < 5 and daypart in ('morning', 'afternoon')
                    then 1
                else 0
            end
        ) as weekday_daytime_orders,
        sum(
            case
                when weekday_number < 5 and daypart = 'evening' then 1
                else 0
            end
        ) as weekday_evening_orders,
        {% for daypart in dayparts %}
            sum(case when daypart = '{{ daypart }}' then 1 else 0 end)
                as {{ daypart }}_orders,
        {% endfor %}
        {% for weekday in weekdays %}
            sum(case when weekday_number = {{ loop.index0 }} then 1 else 0 end)
                as {{ weekday }}_orders{% if not loop.last %},{% endif %}
        {% endfor %}
    from classified
    where is_order
    group by customer_id
),

preferred as (
    select
        customer_id,
        completed_order_count,
        timed_order_count,
        timed_weekday_orders,
        cast(weekend_orders as double) / completed_order_count
            as weekend_order_share,
        case
            when timed_order_count > 0
                then cast(night_orders as double) / timed_order_count
        end as night_order_share,
        case
            when timed_weekday_orders > 0
                then cast(weekday_daytime_orders as double)
                    / timed_weekday_orders
        end as weekday_daytime_share,
        case
            when timed_weekday_orders > 0
                then cast(weekday_evening_orders as double)
                    / timed_weekday_orders
        end as weekday_evening_share,
        case
            when timed_order_count = 0 then 'unknown'
            {% for daypart in dayparts %}
                when {{ daypart }}_orders = {{ most_daypart }}
                    then '{{ daypart }}'
            {% endfor %}
        end as preferred_daypart,
        case
            {% for weekday in weekdays %}
                when {{ weekday }}_orders = {{ most_weekday }}
                    then '{{ weekday }}'
            {% endfor %}
        end as preferred_weekday
    from per_customer
),

final as (
    select
        customers.customer_id,
        preferred.weekend_order_share,
        preferred.night_order_share,
        preferred.weekday_daytime_share,
        preferred.weekday_evening_share,
        cast(
            coalesce(preferred.completed_order_count, 0) as integer
        ) as completed_order_count,
        cast(
            coalesce(preferred.timed_order_count, 0) as integer
        ) as timed_order_count,
        cast(
            coalesce(preferred.timed_weekday_orders, 0) as integer
        ) as timed_weekday_order_count,
        cast(
            coalesce(preferred_browsing.timed_session_count, 0) as integer
        ) as timed_session_count,
        case
            when preferred.preferred_daypart != 'unknown'
                then preferred.preferred_daypart
            else coalesce(
                    preferred_browsing.preferred_browsing_daypart, 'unknown'
                )
        end as preferred_daypart,
        case
            when preferred.preferred_daypart != 'unknown' then 'orders'
            when preferred_browsing.preferred_browsing_daypart != 'unknown'
                then 'sessions'
            else 'none'
        end as preferred_daypart_basis,
        coalesce(
            preferred_browsing.preferred_browsing_daypart, 'unknown'
        ) as preferred_browsing_daypart,
        coalesce(preferred.preferred_weekday, 'unknown') as preferred_weekday
    from customers
    left join preferred on customers.customer_id = preferred.customer_id
    left join preferred_browsing
        on customers.customer_id = preferred_browsing.customer_id
)

select * from final
