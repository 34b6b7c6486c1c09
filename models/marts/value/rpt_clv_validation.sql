-- The calibration fit's prediction of the holdout (calibration cutoff, as-of
-- date] against what happened (docs/predicted_value.md): one row per number
-- of calibration repeat purchases (0 to 6, and 7 for 7 or more), over the
-- customers with a purchase up to the calibration cutoff. Purchases are
-- purchase days, as in the summary. The sums over all rows are the model's
-- headline accuracy.
with

summary as (
    select
        x,
        t_x_days,
        t_days,
        holdout_purchases
    from {{ ref('seg_clv_summary') }}
    where fit_window = 'calibration'
),

scores as (
    select
        x,
        t_x_days,
        t_days,
        expected_holdout_purchases
    from {{ ref('seg_clv_scores') }}
    where fit_window = 'calibration'
),

settings as (
    select
        cutoff_date,
        as_of_date,
        clv_model
    from {{ ref('seg_clv_windows') }}
    where fit_window = 'calibration'
),

buckets as (
    select 0 as calibration_repeat_purchases
    union all
    select 1 as calibration_repeat_purchases
    union all
    select 2 as calibration_repeat_purchases
    union all
    select 3 as calibration_repeat_purchases
    union all
    select 4 as calibration_repeat_purchases
    union all
    select 5 as calibration_repeat_purchases
    union all
    select 6 as calibration_repeat_purchases
    union all
    select 7 as calibration_repeat_purchases
),

scored as (
    select
        summary.holdout_purchases,
        scores.expected_holdout_purchases,
        case when summary.x >= 7 then 7 else summary.x end
            as calibration_repeat_purchases
    from summary
    left join scores
        on
            summary.x = scores.x
            and summary.t_x_days = scores.t_x_days
            and summary.t_days = scores.t_days
),

by_bucket as (
    select
        calibration_repeat_purchases,
        count(*) as customers,
        sum(holdout_purchases) as actual_purchases,
        -- null as soon as one customer has no prediction: no partial sums
        -- rounded: a float sum follows the order rows are read in, and a
        -- rebuild of unchanged data must give the same mart
        case
            when count(expected_holdout_purchases) = count(*)
                then round(sum(expected_holdout_purchases), 6)
        end as predicted_purchases
    from scored
    group by calibration_repeat_purchases
),

final as (
    select
        buckets.calibration_repeat_purchases,
        cast(coalesce(by_bucket.customers, 0) as bigint) as customers,
        cast(coalesce(by_bucket.actual_purchases, 0) as bigint)
            as actual_purchases,
        settings.cutoff_date,
        settings.as_of_date,
        settings.clv_model as model_name,
        case
            when by_bucket.customers is null then 0.0
            else cast(by_bucket.predicted_purchases as double)
        end as predicted_purchases,
        cast(by_bucket.actual_purchases as double) / by_bucket.customers
            as mean_actual_purchases,
        cast(by_bucket.predicted_purchases as double) / by_bucket.customers
            as mean_predicted_purchases
    from buckets
    left join by_bucket
        on buckets.calibration_repeat_purchases
            = by_bucket.calibration_repeat_purchases
    cross join settings
)

select * from final
