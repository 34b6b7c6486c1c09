-- The calendar (dim_dates, MetricFlow's time spine) holds every day from the
-- first order to the as-of date and no other: its days are unique (tested
-- in YAML), so its first day, last day and number of days prove it. Empty
-- without orders. Returns one row when it is wrong.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

spine as (
    select
        min(date_day) as first_day,
        max(date_day) as last_day,
        count(*) as day_count
    from {{ ref('dim_dates') }}
),

orders as (
    select min(order_date) as first_order_date
    from {{ ref('fct_orders') }}
),

as_of as (
    select {{ as_of_date }} as as_of_date
),

expected as (
    select
        orders.first_order_date,
        as_of.as_of_date,
        {{ dbt.datediff(
            'orders.first_order_date', 'as_of.as_of_date', 'day'
        ) }} + 1 as day_count
    from orders
    cross join as_of
),

final as (
    select
        spine.first_day,
        spine.last_day,
        spine.day_count,
        expected.first_order_date,
        expected.as_of_date,
        expected.day_count as expected_day_count
    from spine
    cross join expected
    where
        (expected.first_order_date is null and spine.day_count > 0)
        or (
            expected.first_order_date is not null
            and not coalesce(
                spine.first_day = expected.first_order_date
                and spine.last_day = expected.as_of_date
                and spine.day_count = expected.day_count,
                false
            )
        )
)

select * from final
