-- The per-customer purchase summary of the BTYD models, at each fit window's
-- cutoff (seg_clv_windows): x = repeat purchases (purchase days after the
-- first), t_x_days = days from the first to the last purchase day, t_days =
-- days from the first purchase day to the cutoff, and the mean value of the
-- repeat purchase days (null without one). One row per customer with a
-- purchase up to the cutoff and window. The calibration rows also count the
-- purchase days in the holdout (cutoff, as-of date]. Both windows come from
-- one pass over the purchase days (conditional aggregates), not a join.
with

purchase_days as (
    select
        customer_id,
        purchase_date,
        purchase_value
    from {{ ref('seg_clv_purchase_days') }}
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
