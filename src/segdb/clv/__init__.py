"""Predicted customer value: BG/NBD, MBG/NBD and Gamma-Gamma (buy-till-you-die models).

Plain numpy/scipy; the dbt Python models in models/segments/value/ are thin callers.
See docs/predicted_value.md for the formulas and how the models are validated.
"""

from segdb.clv.models import (
    PURCHASE_MODELS,
    TIME_UNIT_DAYS,
    FitResult,
    clv_discounted,
    conditional_expected_purchases,
    expected_purchase_value,
    fit_gamma_gamma,
    fit_purchase_model,
    gamma_gamma_log_likelihood,
    group_summary,
    log_likelihood,
    p_alive,
    p_no_purchase,
)
from segdb.clv.tables import fit_table, score_table

__all__ = [
    "PURCHASE_MODELS",
    "TIME_UNIT_DAYS",
    "FitResult",
    "clv_discounted",
    "conditional_expected_purchases",
    "expected_purchase_value",
    "fit_gamma_gamma",
    "fit_purchase_model",
    "fit_table",
    "gamma_gamma_log_likelihood",
    "group_summary",
    "log_likelihood",
    "p_alive",
    "p_no_purchase",
    "score_table",
]
