-- The predicted-value fits (docs/predicted_value.md): one row per model
-- (bg_nbd, mbg_nbd, gamma_gamma) x fit window (calibration, full) x parameter,
-- with the time unit the purchase models' parameters are in, the
-- log-likelihood, the customers fitted, the window's cutoff and whether the
-- fit converged (parameter_value null and fit_reason when not).
with

fit as (
    select
        model_name,
        fit_window,
        parameter_name,
        parameter_value,
        time_unit_days,
        log_likelihood,
        customers,
        cutoff_date,
        converged,
        fit_reason,
        frequency_value_correlation
    from {{ ref('seg_clv_fit') }}
),

final as (
    select
        model_name,
        fit_window,
        parameter_name,
        parameter_value,
        cast(time_unit_days as integer) as time_unit_days,
        log_likelihood,
        cast(customers as bigint) as customers,
        cast(cutoff_date as date) as cutoff_date,
        converged,
        fit_reason,
        frequency_value_correlation
    from fit
)

select * from final
