-- Purchase frequency: one row per customer. typical_interval_days is the
-- median number of days between consecutive purchases (robust to one long
-- gap); null with fewer than two purchases. Counts and the median come from
-- int_customers__order_aggregates (incremental); the purchases in the last
-- 90 and 365 days move with the as-of date, so they are counted here, from
-- the purchases of the last 365 days only.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

per_customer as (
    select
        customer_id,
        purchase_count,
        active_months,
        first_order_date,
        typical_interval_days
    from {{ ref('int_customers__order_aggregates') }}
),

recent_purchases as (
    select
        customer_id,
        order_date
    from {{ ref('int_orders__enriched') }}
    where is_completed
        and order_date > {{ dbt.dateadd('day', -365, as_of_date) }}
),

windows as (
    select
        customer_id,
        sum(
            case
                when order_date > {{ dbt.dateadd('day', -90, as_of_date) }}
                    then 1
                else 0
            end
        ) as purchases_last_90_days,
        count(*) as purchases_last_365_days
    from recent_purchases
    group by customer_id
),

final as (
    select
        customers.customer_id,
        per_customer.typical_interval_days,
        cast(
            coalesce(per_customer.active_months, 0) as integer
        ) as active_months,
        cast(
            coalesce(windows.purchases_last_90_days, 0) as integer
        ) as purchases_last_90_days,
        cast(
            coalesce(windows.purchases_last_365_days, 0) as integer
        ) as purchases_last_365_days,
        case
            when per_customer.active_months > 0
                then cast(per_customer.purchase_count as double)
                    / per_customer.active_months
        end as purchases_per_active_month,
        case
            when per_customer.purchase_count > 0
                then cast(per_customer.purchase_count as double) / (
                    {{ dbt.datediff(
                        'per_customer.first_order_date', as_of_date, 'month'
                    ) }} + 1
                    )
        end as purchases_per_month
    from customers
    left join per_customer
        on customers.customer_id = per_customer.customer_id
    left join windows
        on customers.customer_id = windows.customer_id
)

select * from final
