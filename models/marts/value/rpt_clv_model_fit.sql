-- The buy-till-you-die fits as BI reads them: one row per model (bg_nbd,
-- mbg_nbd, gamma_gamma), fit window (calibration, full) and parameter, with
-- the log-likelihood, the customers fitted, the cutoff and whether the fit
-- converged (if not: the reason, and no parameter value).
with

fits as (
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
        is_used_for_predictions,
        frequency_value_correlation,
        reason
    from {{ ref('seg_clv_fits') }}
),

final as (
    select
        cast(model_name as {{ dbt.type_string() }}) as model_name,
        cast(fit_window as {{ dbt.type_string() }}) as fit_window,
        cast(parameter_name as {{ dbt.type_string() }}) as parameter_name,
        cast(case when converged then parameter_value end as double)
            as parameter_value,
        cast(time_unit_days as integer) as time_unit_days,
        cast(log_likelihood as double) as log_likelihood,
        cast(customers as bigint) as customers,
        cast(cutoff_date as date) as cutoff_date,
        cast(converged as boolean) as converged,
        cast(is_used_for_predictions as boolean) as is_used_for_predictions,
        cast(frequency_value_correlation as double)
            as frequency_value_correlation,
        cast(reason as {{ dbt.type_string() }}) as reason
    from fits
)

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
    is_used_for_predictions,
    frequency_value_correlation,
    reason
from final
