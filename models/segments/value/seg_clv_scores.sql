{{ config(
    enabled=(
        target.type == 'spark' and target.method not in ['http', 'odbc']
    ),
    tags=['python_stand_in'],
) }}

-- Stand-in for the Python model seg_clv_scores.py on Spark targets other than
-- a Databricks cluster (docs/spark.md): the same rows and types, with null
-- predictions and the reason.
with

groups as (
    select
        fit_window,
        x,
        t_x_days,
        t_days
    from {{ ref('seg_clv_summary_groups') }}
),

windows as (
    select clv_model
    from {{ ref('seg_clv_windows') }}
    where fit_window = 'full'
),

final as (
    select
        groups.fit_window,
        cast(groups.x as bigint) as x,
        cast(groups.t_x_days as bigint) as t_x_days,
        cast(groups.t_days as bigint) as t_days,
        windows.clv_model as model_name,
        cast(null as double) as p_alive,
        cast(null as double) as expected_purchases,
        cast(null as double) as p_no_purchase,
        cast(null as double) as discounted_expected_purchases,
        cast(null as double) as expected_holdout_purchases,
        'not scored: the fits run in Python models, which dbt-spark runs only on Databricks'
        || ' (see docs/spark.md)' as prediction_reason
    from groups
    cross join windows
)

select * from final
