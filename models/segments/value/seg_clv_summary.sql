-- The per-customer purchase summary of the BTYD models, at each fit window's
-- cutoff (seg_clv_windows): x = repeat purchases (purchase days after the
-- first; several completed orders on one day are one purchase), t_x_days =
-- days from the first to the last purchase day, t_days = days from the first
-- purchase day to the cutoff, and the mean value of the repeat purchase days
-- in the reporting currency (null without one). One row per customer with a
-- purchase up to the cutoff and window. The calibration rows also count the
-- purchase days in the holdout (cutoff, as-of date]. Customers who asked to
-- be erased are left out, so no prediction is made from their orders (the
-- filter joins the per-customer rows, a ninth of the orders). The
-- purchase days are a CTE, not a model: at a million customers they are
-- nearly as many rows as the completed orders (8.2M of 8.4M), and writing
-- them out cost more than the summary itself.
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

calibration as (
    select cutoff_date
    from {{ ref('seg_clv_windows') }}
    where fit_window = 'calibration'
),

full_window as (
    select cutoff_date
    from {{ ref('seg_clv_windows') }}
    where fit_window = 'full'
),

purchase_days as (
    select
        orders.customer_id,
        orders.order_date as purchase_date,
        sum(orders.revenue_amount) as purchase_value
    from orders
    cross join full_window
    where orders.order_date <= full_window.cutoff_date
    group by orders.customer_id, orders.order_date
),

per_customer as (
    select
        purchase_days.customer_id,
        min(purchase_days.purchase_date) as first_purchase_date,
        max(purchase_days.purchase_date) as last_purchase_date,
        count(*) as purchase_days,
        sum(purchase_days.purchase_value) as total_value,
        {{ arg_min(
            'purchase_days.purchase_value', 'purchase_days.purchase_date'
        ) }} as first_day_value,
        max(
            case
                when purchase_days.purchase_date <= calibration.cutoff_date
                    then purchase_days.purchase_date
            end
        ) as calibration_last_purchase_date,
        sum(
            case
                when purchase_days.purchase_date <= calibration.cutoff_date
                    then 1
                else 0
            end
        ) as calibration_purchase_days,
        sum(
            case
                when purchase_days.purchase_date <= calibration.cutoff_date
                    then purchase_days.purchase_value
                else 0
            end
        ) as calibration_total_value
    from purchase_days
    cross join calibration
    group by purchase_days.customer_id
),

windows as (
    select
        'calibration' as fit_window,
        per_customer.customer_id,
        calibration.cutoff_date,
        per_customer.first_purchase_date,
        per_customer.calibration_last_purchase_date as last_purchase_date,
        per_customer.calibration_purchase_days - 1 as x,
        per_customer.calibration_total_value
        - per_customer.first_day_value as repeat_value,
        per_customer.purchase_days
        - per_customer.calibration_purchase_days as holdout_purchases
    from per_customer
    inner join not_erased
        on per_customer.customer_id = not_erased.customer_id
    cross join calibration
    where per_customer.calibration_purchase_days > 0
    union all
    select
        'full' as fit_window,
        per_customer.customer_id,
        full_window.cutoff_date,
        per_customer.first_purchase_date,
        per_customer.last_purchase_date,
        per_customer.purchase_days - 1 as x,
        per_customer.total_value - per_customer.first_day_value as repeat_value,
        cast(null as bigint) as holdout_purchases
    from per_customer
    inner join not_erased
        on per_customer.customer_id = not_erased.customer_id
    cross join full_window
),

final as (
    select
        fit_window,
        customer_id,
        cutoff_date,
        first_purchase_date,
        last_purchase_date,
        x,
        {{ dbt.datediff(
            'first_purchase_date', 'last_purchase_date', 'day'
        ) }} as t_x_days,
        {{ dbt.datediff('first_purchase_date', 'cutoff_date', 'day') }}
            as t_days,
        case
            when x > 0 then cast(repeat_value as double) / x
        end as mean_value,
        holdout_purchases
    from windows
)

select * from final
