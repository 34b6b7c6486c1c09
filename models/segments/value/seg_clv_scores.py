"""Score every fit window's identical (x, t_x, T) with the purchase model of var clv_model.

P(alive), the expected purchases, P(no purchase) and the discounted expected purchases
over var clv_horizon_days, and the expected purchases over the holdout (the calibration
window's prediction of it); null with prediction_reason when the fit did not converge.
The logic is the package's (src/segdb/clv/, tested in tests/python/test_clv.py).
"""

from segdb import clv


def model(dbt, session):
    dbt.config(materialized="table")
    fit = dbt.ref("seg_clv_fit").df()
    groups = dbt.ref("seg_clv_summary_groups").df()
    settings = dbt.ref("seg_clv_windows").df().iloc[0]
    return clv.score_table(
        fit,
        groups,
        str(settings["clv_model"]),
        float(settings["horizon_days"]),
        float(settings["holdout_days"]),
        float(settings["annual_discount_rate"]),
    )
