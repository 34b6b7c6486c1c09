-- Completed revenue up to the as-of date (in the reporting currency) is the
-- same in staging, in the
-- order fact, in the customer 360 and in the segment summary. Returns the
-- totals when any of them differs (by more than rounding). Customers who
-- asked to be erased are in no customer mart, but their orders stay in
-- fct_orders: their revenue is added back explicitly, so nothing goes
-- missing unnoticed.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

staged as (
    select
        sum(
            cast(orders.order_total * rates.rate_to_reporting as decimal(18, 2))
        ) as revenue
    from {{ ref('stg_shop__orders') }} as orders
    inner join {{ ref('currency_rates') }} as rates
        on orders.currency = rates.currency
    where
        orders.status = 'completed'
        and cast(orders.ordered_at as date) <= {{ as_of_date }}
),

orders as (
    select sum(revenue_amount) as revenue
    from {{ ref('fct_orders') }}
    where is_completed
),

erased as (
    select coalesce(sum(features.completed_revenue), 0) as revenue
    from {{ ref('int_customers__behavioral_features') }} as features
    inner join {{ ref('int_customers__consent') }} as consent
        on features.customer_id = consent.customer_id
    where consent.is_erasure_requested
),

customers as (
    select sum(completed_revenue) as revenue
    from {{ ref('dim_customers') }}
),

summary as (
    select sum(revenue) as revenue
    from {{ ref('rpt_segment_summary') }}
    where segmentation = 'rfm'
)

select
    staged.revenue as staged_revenue,
    orders.revenue as orders_revenue,
    customers.revenue as customers_revenue,
    summary.revenue as summary_revenue,
    erased.revenue as erased_customers_revenue
from staged
cross join orders
cross join customers
cross join summary
cross join erased
where
    abs(coalesce(staged.revenue, 0) - coalesce(orders.revenue, 0)) > 0.005
    or abs(
        coalesce(staged.revenue, 0)
        - coalesce(customers.revenue, 0) - erased.revenue
    ) > 0.005
    or abs(
        coalesce(staged.revenue, 0)
        - coalesce(summary.revenue, 0) - erased.revenue
    ) > 0.01
