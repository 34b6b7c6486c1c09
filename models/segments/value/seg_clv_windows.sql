-- The two fit windows of the predicted-value models (docs/predicted_value.md):
-- calibration (purchases up to as_of_date - var clv_holdout_days, validated on
-- the holdout that follows) and full (purchases up to the as-of date, which
-- the predictions use), with the settings the Python models read (validated
-- vars: a Python model cannot call setting()).
with

as_of as (
    select as_of_date
    from {{ ref('int_as_of_date') }}
),

windows as (
    select
        'calibration' as fit_window,
        cast({{ dbt.dateadd(
            'day', -setting('clv_holdout_days'), 'as_of_date'
        ) }} as date) as cutoff_date,
        as_of_date
    from as_of
    union all
    select
        'full' as fit_window,
        as_of_date as cutoff_date,
        as_of_date
    from as_of
),

final as (
    select
        fit_window,
        cutoff_date,
        as_of_date,
        {{ setting('clv_holdout_days') }} as holdout_days,
        {{ setting('clv_horizon_days') }} as horizon_days,
        cast({{ setting('clv_annual_discount_rate') }} as double)
            as annual_discount_rate,
        {{ sql_literal(setting('clv_model')) }} as clv_model
    from windows
)

select * from final
