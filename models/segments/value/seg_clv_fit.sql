{{ config(
    enabled=(
        target.type == 'spark' and target.method not in ['http', 'odbc']
    ),
    tags=['python_stand_in'],
) }}

-- Stand-in for the Python model seg_clv_fit.py on Spark targets other than a
-- Databricks cluster: dbt-spark runs Python models only there (docs/spark.md),
-- so nothing is fitted. The rows and types are the Python model's, with null
-- parameters, converged false and the reason.
with

windows as (
    select
        fit_window,
        cutoff_date
    from {{ ref('seg_clv_windows') }}
),

parameters as (
    select 'bg_nbd' as model_name, 'r' as parameter_name
    union all select 'bg_nbd', 'alpha'
    union all select 'bg_nbd', 'a'
    union all select 'bg_nbd', 'b'
    union all select 'mbg_nbd', 'r'
    union all select 'mbg_nbd', 'alpha'
    union all select 'mbg_nbd', 'a'
    union all select 'mbg_nbd', 'b'
    union all select 'gamma_gamma', 'p'
    union all select 'gamma_gamma', 'q'
    union all select 'gamma_gamma', 'gamma'
),

final as (
    select
        parameters.model_name,
        windows.fit_window,
        parameters.parameter_name,
        cast(null as double) as parameter_value,
        cast(7 as bigint) as time_unit_days,
        cast(null as double) as log_likelihood,
        cast(0 as bigint) as customers,
        cast(windows.cutoff_date as timestamp) as cutoff_date,
        false as converged,
        'not fitted: the fits run in Python models, which dbt-spark runs only on Databricks'
        || ' (see docs/spark.md)' as fit_reason,
        cast(null as double) as frequency_value_correlation
    from parameters
    cross join windows
)

select * from final
