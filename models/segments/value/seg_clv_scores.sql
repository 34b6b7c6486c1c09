{{ config(
    enabled=(
        target.type == 'spark' and target.method not in ['http', 'odbc']
    ),
    tags=['python_stand_in'],
) }}

-- Stand-in for the Python model seg_clv_scores.py on Spark targets other
-- than a Databricks cluster (see seg_clv_fits): one row per fit window and
-- distinct summary, with null predictions and the reason.
with

summaries as (
    select distinct
        fit_window,
        repeat_purchases,
        recency_days,
        age_days
    from {{ ref('seg_clv_purchase_summary') }}
),

final as (
    select
        summaries.fit_window,
        cast(summaries.repeat_purchases as bigint) as repeat_purchases,
        cast(summaries.recency_days as bigint) as recency_days,
        cast(summaries.age_days as bigint) as age_days,
        {{ sql_literal(setting('clv_model')) }} as model_name,
        cast(
            case
                when summaries.fit_window = 'calibration'
                    then {{ setting('clv_holdout_days') }}
                else {{ setting('clv_horizon_days') }}
            end as bigint
        ) as period_days,
        cast(null as double) as p_alive,
        cast(null as double) as expected_purchases,
        cast(null as double) as p_no_purchase,
        cast(null as double) as discounted_purchases,
        fits.reason as prediction_reason
    from summaries
    inner join {{ ref('seg_clv_fits') }} as fits
        on
            summaries.fit_window = fits.fit_window
            and fits.model_name = {{ sql_literal(setting('clv_model')) }}
)

select
    fit_window,
    repeat_purchases,
    recency_days,
    age_days,
    model_name,
    period_days,
    p_alive,
    expected_purchases,
    p_no_purchase,
    discounted_purchases,
    prediction_reason
from final
