"""Predicted customer value: buy-till-you-die fits and per-customer scores.

models: the likelihoods, fits and conditional expectations (BG/NBD, MBG/NBD,
Gamma-Gamma). scoring: what the dbt Python models call, on frames.
"""

from .models import (
    GAMMA_GAMMA_PARAMETERS,
    PURCHASE_MODELS,
    PURCHASE_PARAMETERS,
    Fit,
    discounted_value,
    expected_purchase_value,
    expected_purchases,
    fit_gamma_gamma,
    fit_purchases,
    p_alive,
    p_no_purchase,
)

__all__ = [
    "GAMMA_GAMMA_PARAMETERS",
    "PURCHASE_MODELS",
    "PURCHASE_PARAMETERS",
    "Fit",
    "discounted_value",
    "expected_purchase_value",
    "expected_purchases",
    "fit_gamma_gamma",
    "fit_purchases",
    "p_alive",
    "p_no_purchase",
]
