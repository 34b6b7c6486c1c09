{{ config(
    enabled=(
        target.type == 'spark' and target.method not in ['http', 'odbc']
    ),
    tags=['python_stand_in'],
) }}

-- Stand-in for the Python model seg_clv_fits.py on Spark targets other than
-- a Databricks cluster: dbt-spark runs Python models only there
-- (docs/spark.md), so nothing is fitted. One row per model and fit window
-- says so (converged false, with the reason); the predictions downstream are
-- null with that reason.
with

windows as (
    select
        fit_window,
        cutoff_date,
        count(*) as customers
    from {{ ref('seg_clv_purchase_summary') }}
    group by fit_window, cutoff_date
),

model_names as (
    select 'bg_nbd' as model_name
    union all
    select 'mbg_nbd' as model_name
    union all
    select 'gamma_gamma' as model_name
),

final as (
    select
        model_names.model_name,
        windows.fit_window,
        cast(null as string) as parameter_name,
        cast(null as double) as parameter_value,
        cast(7 as bigint) as time_unit_days,
        cast(null as double) as log_likelihood,
        cast(windows.customers as bigint) as customers,
        windows.cutoff_date,
        false as converged,
        model_names.model_name in (
            {{ sql_literal(setting('clv_model')) }}, 'gamma_gamma'
        ) as is_used_for_predictions,
        cast(null as double) as frequency_value_correlation,
        'not fitted: the fit is a dbt Python model, which this Spark'
        || ' target does not run (docs/spark.md)' as reason
    from model_names
    cross join windows
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
