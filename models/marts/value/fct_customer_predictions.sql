-- One row per customer (not erased): the purchase summary at the as-of date
-- and the predictions of var clv_model fitted on the full window, as
-- seg_clv_predictions computes them (docs/predicted_value.md), published
-- under the mart's contract.
-- (A plain select: nothing to transform, one import.)
select
    customer_id,
    as_of_date,
    first_purchase_date,
    last_purchase_date,
    repeat_purchases,
    first_to_last_purchase_days,
    first_purchase_to_as_of_days,
    mean_repeat_purchase_value,
    horizon_days,
    model_name,
    p_alive,
    expected_purchases,
    p_no_purchase,
    expected_purchase_value,
    predicted_clv,
    prediction_reason
from {{ ref('seg_clv_predictions') }}
