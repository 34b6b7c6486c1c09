-- The per-customer purchase summary of the BTYD models, at each fit window's
-- cutoff (seg_clv_windows): x = repeat purchases (purchase days after the
-- first), t_x_days = days from the first to the last purchase day, t_days =
-- days from the first purchase day to the cutoff, and the mean value of the
-- repeat purchase days (null without one). One row per customer with a
-- purchase up to the cutoff and window. The calibration rows also count the
-- purchase days in the holdout (cutoff, as-of date].
with

purchase_days as (
    select
        customer_id,
        purchase_date,
        purchase_value
    from {{ ref('seg_clv_purchase_days') }}
),

windows as (
    select
        fit_window,
        cutoff_date,
        as_of_date
    from {{ ref('seg_clv_windows') }}
),

in_window as (
    select
        windows.fit_window,
        windows.cutoff_date,
        purchase_days.customer_id,
        purchase_days.purchase_date,
        purchase_days.purchase_value,
        row_number() over (
            partition by windows.fit_window, purchase_days.customer_id
            order by purchase_days.purchase_date
        ) as purchase_day_number
    from purchase_days
    inner join windows
        on purchase_days.purchase_date <= windows.cutoff_date
),

summarised as (
    select
        fit_window,
        cutoff_date,
        customer_id,
        min(purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        count(*) - 1 as x,
        sum(case when purchase_day_number > 1 then purchase_value end)
            as repeat_value
    from in_window
    group by fit_window, cutoff_date, customer_id
),

holdout as (
    select
        purchase_days.customer_id,
        count(*) as holdout_purchases
    from purchase_days
    inner join windows
        on
            windows.fit_window = 'calibration'
            and purchase_days.purchase_date > windows.cutoff_date
            and purchase_days.purchase_date <= windows.as_of_date
    group by purchase_days.customer_id
),

final as (
    select
        summarised.fit_window,
        summarised.customer_id,
        summarised.cutoff_date,
        summarised.first_purchase_date,
        summarised.last_purchase_date,
        summarised.x,
        {{ dbt.datediff(
            'summarised.first_purchase_date',
            'summarised.last_purchase_date',
            'day',
        ) }} as t_x_days,
        {{ dbt.datediff(
            'summarised.first_purchase_date', 'summarised.cutoff_date', 'day'
        ) }} as t_days,
        case
            when
                summarised.x > 0
                then cast(summarised.repeat_value as double) / summarised.x
        end as mean_value,
        case
            when summarised.fit_window = 'calibration'
                then coalesce(holdout.holdout_purchases, 0)
        end as holdout_purchases
    from summarised
    left join holdout
        on
            summarised.customer_id = holdout.customer_id
            and summarised.fit_window = 'calibration'
)

select * from final
