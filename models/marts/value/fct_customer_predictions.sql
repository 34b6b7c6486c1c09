-- Predicted customer value, one row per customer: seg_clv_predictions as
-- BI reads it (docs/predicted_value.md).
with

predictions as (
    select
        customer_id,
        first_purchase_date,
        repeat_purchases,
        recency_days,
        age_days,
        mean_repeat_value,
        p_alive,
        expected_purchases,
        p_no_purchase,
        expected_purchase_value,
        predicted_clv,
        horizon_days,
        clv_model,
        prediction_reason
    from {{ ref('seg_clv_predictions') }}
)

select
    customer_id,
    first_purchase_date,
    repeat_purchases,
    recency_days,
    age_days,
    mean_repeat_value,
    p_alive,
    expected_purchases,
    p_no_purchase,
    expected_purchase_value,
    predicted_clv,
    horizon_days,
    clv_model,
    prediction_reason
from predictions
