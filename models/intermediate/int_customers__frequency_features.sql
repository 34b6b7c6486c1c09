-- Purchase frequency: one row per customer. typical_interval_days is the
-- median number of days between consecutive purchases (robust to one long
-- gap); null with fewer than two purchases.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

purchases as (
    select
        customer_id,
        order_date,
        days_since_previous_purchase
    from {{ ref('int_orders__enriched') }}
    where is_completed
),

per_customer as (
    select
        customer_id,
        count(*) as purchase_count,
        count(
            distinct {{ dbt.date_trunc('month', 'order_date') }}
        ) as active_months,
        min(order_date) as first_order_date,
        {{ median('days_since_previous_purchase') }} as typical_interval_days,
        sum(
            case
                when order_date > {{ dbt.dateadd('day', -90, as_of_date) }}
                    then 1
                else 0
            end
        ) as purchases_last_90_days,
        sum(
            case
                when order_date > {{ dbt.dateadd('day', -365, as_of_date) }}
                    then 1
                else 0
            end
        ) as purchases_last_365_days
    from purchases
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
            coalesce(per_customer.purchases_last_90_days, 0) as integer
        ) as purchases_last_90_days,
        cast(
            coalesce(per_customer.purchases_last_365_days, 0) as integer
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
)

select * from final
