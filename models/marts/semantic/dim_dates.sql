-- The calendar of the semantic layer (MetricFlow's time spine): one row per
-- day from the first order up to the as-of date, also the days without
-- orders, so metrics over time and trailing windows have every day. The
-- range comes from the data, not from fixed years. dbt's cross-database
-- macros (generate_series, dateadd) keep it portable; max_days only bounds
-- the series (about 270 years of orders).
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set max_days = 100000 %}

with

orders as (
    select order_date
    from {{ ref('fct_orders') }}
),

first_order as (
    select min(order_date) as first_date
    from orders
),

-- no row without orders: Spark's dateadd fails on a null date
bounds as (
    select first_date
    from first_order
    where first_date is not null
),

day_numbers as (
    {{ dbt.generate_series(max_days) }}
),

days as (
    select
        cast(
            {{ dbt.dateadd(
                'day',
                'day_numbers.generated_number - 1',
                'bounds.first_date',
            ) }} as date
        ) as date_day
    from bounds
    cross join day_numbers
),

final as (
    select date_day
    from days
    where date_day <= {{ as_of_date }}
)

select * from final
