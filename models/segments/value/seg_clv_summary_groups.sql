-- The purchase summary grouped by fit window and identical (x, t_x, T) with
-- the number of customers: what the purchase models are fitted and scored on,
-- so a million customers are a few thousand rows for Python.
with

summary as (
    select
        fit_window,
        x,
        t_x_days,
        t_days
    from {{ ref('seg_clv_summary') }}
),

final as (
    select
        fit_window,
        x,
        t_x_days,
        t_days,
        count(*) as customers
    from summary
    group by fit_window, x, t_x_days, t_days
)

select * from final
