-- The calibration fit against the holdout: the purchase model chosen by var
-- clv_model, fitted on purchases up to the calibration cutoff, predicts each
-- customer's purchases in the holdout (cutoff, as-of date]; here they are
-- summed by the number of repeat purchases in the calibration window (0 to 6,
-- and 7 for "7 or more"), against the purchases that happened (purchase days,
-- counted as in the fit). The totals are the model's headline accuracy.
with

summary as (
    select
        fit_window,
        repeat_purchases,
        recency_days,
        age_days,
        holdout_purchases
    from {{ ref('seg_clv_purchase_summary') }}
    where fit_window = 'calibration'
),

scores as (
    select
        fit_window,
        repeat_purchases,
        recency_days,
        age_days,
        model_name,
        expected_purchases,
        prediction_reason
    from {{ ref('seg_clv_scores') }}
    where fit_window = 'calibration'
),

scored as (
    select
        scores.model_name,
        scores.expected_purchases,
        scores.prediction_reason,
        summary.holdout_purchases,
        least(summary.repeat_purchases, 7) as calibration_repeat_purchases
    from summary
    inner join scores
        on
            summary.repeat_purchases = scores.repeat_purchases
            and summary.recency_days = scores.recency_days
            and summary.age_days = scores.age_days
),

final as (
    select
        calibration_repeat_purchases,
        calibration_repeat_purchases = 7 as is_open_ended,
        max(model_name) as model_name,
        count(*) as customers,
        sum(holdout_purchases) as actual_purchases,
        -- null when the fit did not converge (then every prediction is null)
        case
            when
                count(expected_purchases) = count(*)
                then sum(expected_purchases)
        end
            as predicted_purchases,
        max(prediction_reason) as prediction_reason
    from scored
    group by calibration_repeat_purchases
)

select
    cast(calibration_repeat_purchases as integer)
        as calibration_repeat_purchases,
    cast(is_open_ended as boolean) as is_open_ended,
    cast(model_name as {{ dbt.type_string() }}) as model_name,
    cast(customers as bigint) as customers,
    cast(actual_purchases as bigint) as actual_purchases,
    cast(predicted_purchases as double) as predicted_purchases,
    cast(actual_purchases as double) / customers as mean_actual_purchases,
    cast(predicted_purchases as double) / customers as mean_predicted_purchases,
    cast(prediction_reason as {{ dbt.type_string() }}) as prediction_reason
from final
