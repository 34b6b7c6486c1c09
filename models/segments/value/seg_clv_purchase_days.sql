-- One row per customer and purchase day up to the as-of date: the days with
-- at least one completed order (several completed orders on one day are one
-- purchase) and their revenue in the reporting currency. Customers who asked
-- to be erased are left out, so no prediction is made from their orders.
with

orders as (
    select
        customer_id,
        order_date,
        revenue_amount
    from {{ ref('int_orders__enriched') }}
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

final as (
    select
        orders.customer_id,
        orders.order_date as purchase_date,
        count(*) as completed_orders,
        sum(orders.revenue_amount) as purchase_value
    from orders
    inner join not_erased
        on orders.customer_id = not_erased.customer_id
    cross join as_of
    where orders.order_date <= as_of.as_of_date
    group by orders.customer_id, orders.order_date
)

select * from final
