-- Cohort retention for a heatmap: one row per first-purchase month x months
-- since the first purchase (0, 1, ... up to the as-of month, months without a
-- purchase included with zero), with the cohort's size, the customers with a
-- completed purchase in that month, their revenue (reporting currency) and
-- the cohort's cumulative revenue per customer. Only completed orders count
-- as purchases, as everywhere. Customers who asked to be erased are left out,
-- as in dim_customers; the mart holds no customer rows.
-- Months are counted as calendar months (year * 12 + month), which Spark and
-- DuckDB compute alike; max_months only bounds the series (100 years).
{%- set max_months = 1200 %}

with

orders as (
    select
        customer_id,
        order_date,
        revenue_amount
    from {{ ref('fct_orders') }}
    where is_completed
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

as_of as (
    select as_of_date
    from {{ ref('int_as_of_date') }}
),

month_numbers as (
    {{ dbt.generate_series(max_months) }}
),

purchases as (
    select
        orders.customer_id,
        orders.revenue_amount,
        cast({{ dbt.date_trunc('month', 'orders.order_date') }} as date)
            as purchase_month,
        extract(year from orders.order_date) * 12
        + extract(month from orders.order_date) as month_index
    from orders
    inner join not_erased
        on orders.customer_id = not_erased.customer_id
),

first_purchases as (
    select
        customer_id,
        min(purchase_month) as cohort_month,
        min(month_index) as cohort_month_index
    from purchases
    group by customer_id
),

cohorts as (
    select
        cohort_month,
        cohort_month_index,
        count(*) as cohort_customers
    from first_purchases
    group by cohort_month, cohort_month_index
),

-- every month from the cohort's first up to the as-of month
cohort_months as (
    select
        cohorts.cohort_month,
        cohorts.cohort_customers,
        cast(month_numbers.generated_number - 1 as integer)
            as months_since_first_purchase
    from cohorts
    cross join as_of
    inner join month_numbers
        on
            month_numbers.generated_number - 1
            <= extract(year from as_of.as_of_date) * 12
            + extract(month from as_of.as_of_date)
            - cohorts.cohort_month_index
),

activity as (
    select
        first_purchases.cohort_month,
        cast(
            purchases.month_index - first_purchases.cohort_month_index
            as integer
        ) as months_since_first_purchase,
        count(distinct purchases.customer_id) as active_customers,
        sum(purchases.revenue_amount) as revenue
    from purchases
    inner join first_purchases
        on purchases.customer_id = first_purchases.customer_id
    group by
        first_purchases.cohort_month,
        purchases.month_index - first_purchases.cohort_month_index
),

cells as (
    select
        cohort_months.cohort_month,
        cohort_months.months_since_first_purchase,
        cohort_months.cohort_customers,
        cast(coalesce(activity.revenue, 0) as decimal(18, 2)) as revenue,
        coalesce(activity.active_customers, 0) as active_customers
    from cohort_months
    left join activity
        on
            cohort_months.cohort_month = activity.cohort_month
            and cohort_months.months_since_first_purchase
            = activity.months_since_first_purchase
),

cumulative as (
    select
        cohort_month,
        months_since_first_purchase,
        cohort_customers,
        active_customers,
        revenue,
        sum(revenue) over (
            partition by cohort_month
            order by months_since_first_purchase
            rows between unbounded preceding and current row
        ) as cumulative_revenue
    from cells
),

final as (
    select
        cohort_month,
        months_since_first_purchase,
        cohort_customers,
        active_customers,
        revenue,
        cast(active_customers as double)
        / cohort_customers as retention_rate,
        cast(cumulative_revenue as double)
        / cohort_customers as cumulative_revenue_per_customer
    from cumulative
)

select * from final
