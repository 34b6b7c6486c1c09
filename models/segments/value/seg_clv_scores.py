"""The chosen purchase model's predictions per distinct customer summary.

One row per fit window and distinct (repeat_purchases, recency_days,
age_days) of seg_clv_purchase_summary: P(alive) at the cutoff, expected
purchases and P(no purchase) over the period after it (the holdout for the
calibration window, var clv_horizon_days for the full one) and, for the full
window, the expected purchases discounted to their month (times the
expected purchase value: the predicted CLV, in fct_customer_predictions).
A fit that did not converge leaves nulls and says why. The logic is the
package's (src/segdb/clv/scoring.py); this file reads, calls and types.
"""

from segdb.clv import scoring

DTYPES = {
    "fit_window": "string",
    "repeat_purchases": "int64",
    "recency_days": "int64",
    "age_days": "int64",
    "model_name": "string",
    "period_days": "int64",
    "p_alive": "float64",
    "expected_purchases": "float64",
    "p_no_purchase": "float64",
    "discounted_purchases": "float64",
    "prediction_reason": "string",
}


def model(dbt, session):
    dbt.config(materialized="table")
    meta = dbt.config.get("meta")  # a statement of its own: dbt finds it by reading the code
    params = scoring.read_parameters(meta)
    summaries = scoring.read_summaries(dbt.ref("seg_clv_purchase_summary"))
    fits = scoring.read_fits(dbt.ref("seg_clv_fits"))
    return scoring.score_rows(summaries, fits, params)[list(DTYPES)].astype(DTYPES)
