"""The dbt Python models' tables: the fits (rpt_clv_model_fit's rows) and the scores.

The inputs are the SQL summaries (models/segments/value/): the purchase summary grouped by
fit window and identical (x, t_x, T) in days, with the number of customers, and the repeat
buyers' (x, mean value). Days are converted to the time unit here.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from segdb.clv import models

FIT_WINDOWS = ("calibration", "full")

FIT_COLUMNS = (
    "model_name string, fit_window string, parameter_name string, parameter_value float64,"
    " time_unit_days int64, log_likelihood float64, customers int64, cutoff_date datetime64[ns],"
    " converged bool, fit_reason string, frequency_value_correlation float64"
)

SCORE_COLUMNS = (
    "fit_window string, x int64, t_x_days int64, t_days int64, model_name string,"
    " p_alive float64, expected_purchases float64, p_no_purchase float64,"
    " discounted_expected_purchases float64, expected_holdout_purchases float64,"
    " prediction_reason string"
)


def _typed(frame: pd.DataFrame, columns: str) -> pd.DataFrame:
    dtypes = dict(column.split() for column in columns.split(","))
    return frame.reindex(columns=list(dtypes)).astype(dtypes)


def _window_rows(
    frame: pd.DataFrame, window: str, keys: tuple[str, ...], columns: tuple[str, ...] = ()
) -> dict[str, np.ndarray]:
    """The window's keys and columns as float arrays, sorted by keys (a stable lexsort).

    The database returns rows in no particular order; sums of floats depend on the order,
    so the same data always gives the same fit, to the last bit, only when sorted. Plain
    arrays, not a filtered frame: at a million customers pandas' copies cost a second. Rows
    already in order (the dbt models read them with an order by) are not sorted again.
    """
    rows = frame["fit_window"].to_numpy() == window
    arrays = {name: frame[name].to_numpy(float)[rows] for name in keys + columns}
    if _in_order([arrays[key] for key in keys]):
        return arrays
    order = np.lexsort([arrays[key] for key in reversed(keys)])
    return {name: values[order] for name, values in arrays.items()}


def _in_order(keys: list[np.ndarray]) -> bool:
    """Whether the rows are sorted by the keys (lexicographically, ties allowed)."""
    before = np.zeros(max(len(keys[0]) - 1, 0), bool)  # row i < row i + 1 on a key so far
    tied = ~before
    for key in keys:
        before |= tied & (key[:-1] < key[1:])
        tied &= key[:-1] == key[1:]
    return bool(np.all(before | tied))


def fit_all(groups: pd.DataFrame, repeat: pd.DataFrame, window: str, previous=None):
    """The three fits of one window: {model_name: FitResult}.

    previous: another window's fits, whose converged parameters the purchase models start
    from (the full window starts from the calibration fit: fewer iterations).
    """
    part = _window_rows(groups, window, ("x", "t_x_days", "t_days"), ("customers",))
    unit = models.TIME_UNIT_DAYS
    fits = {}
    for name in models.PURCHASE_MODELS:
        fits[name] = models.fit_purchase_model(
            name,
            part["x"],
            part["t_x_days"] / unit,
            part["t_days"] / unit,
            part["customers"],
            start=previous[name].params if previous else None,
        )
    buyers = _window_rows(repeat, window, ("x", "mean_value"))
    fits["gamma_gamma"] = models.fit_gamma_gamma(buyers["x"], buyers["mean_value"])
    for fit in fits.values():
        if not fit.converged:
            warnings.warn(
                f"{fit.model_name} fit on the {window} window did not converge: {fit.reason};"
                " its predictions are null",
                RuntimeWarning,
                stacklevel=2,
            )
    return fits


def fit_table(groups: pd.DataFrame, repeat: pd.DataFrame, cutoffs: dict) -> pd.DataFrame:
    """One row per model x fit window x parameter (parameter_value null when not converged)."""
    rows = []
    previous = None
    for window in FIT_WINDOWS:
        previous = fit_all(groups, repeat, window, previous)
        for name, fit in previous.items():
            names = (
                models.GAMMA_GAMMA_PARAMETERS
                if name == "gamma_gamma"
                else models.PURCHASE_PARAMETERS
            )
            for parameter in names:
                rows.append(
                    {
                        "model_name": name,
                        "fit_window": window,
                        "parameter_name": parameter,
                        "parameter_value": fit.params.get(parameter, np.nan),
                        "time_unit_days": models.TIME_UNIT_DAYS,
                        "log_likelihood": fit.log_likelihood,
                        "customers": fit.customers,
                        "cutoff_date": pd.Timestamp(cutoffs[window]),
                        "converged": fit.converged,
                        "fit_reason": fit.reason,
                        "frequency_value_correlation": fit.correlation,
                    }
                )
    return _typed(pd.DataFrame(rows), FIT_COLUMNS)


def parameters(fit: pd.DataFrame, model_name: str, window: str):
    """(params or None, reason) of one fit from fit_table's rows."""
    rows = fit[(fit["model_name"] == model_name) & (fit["fit_window"] == window)]
    if rows.empty:
        return None, f"{model_name} was not fitted on the {window} window"
    if not bool(rows["converged"].all()):
        return None, f"{model_name} fit did not converge: {rows['fit_reason'].iloc[0]}"
    return dict(
        zip(rows["parameter_name"], rows["parameter_value"].astype(float), strict=True)
    ), None


def score_table(
    fit: pd.DataFrame,
    groups: pd.DataFrame,
    clv_model: str,
    horizon_days: float,
    holdout_days: float,
    annual_discount_rate: float,
) -> pd.DataFrame:
    """Per fit window and identical (x, t_x, T): the clv_model's predictions.

    expected_purchases, p_no_purchase and discounted_expected_purchases are over the next
    horizon_days, expected_holdout_purchases over the next holdout_days (the calibration
    window's prediction of the holdout). Null with prediction_reason when the fit did not
    converge or 2F1 could not be evaluated.
    """
    unit = models.TIME_UNIT_DAYS
    parts = []
    for window in FIT_WINDOWS:
        rows = groups["fit_window"].to_numpy() == window
        part = groups.loc[rows, ["fit_window", "x", "t_x_days", "t_days"]].copy()
        part["model_name"] = clv_model
        params, reason = parameters(fit, clv_model, window)
        if params is None:
            for column in (
                "p_alive",
                "expected_purchases",
                "p_no_purchase",
                "discounted_expected_purchases",
                "expected_holdout_purchases",
            ):
                part[column] = np.nan
            part["prediction_reason"] = pd.array([reason] * len(part), dtype="string")
            parts.append(part)
            continue
        x = part["x"].to_numpy(float)
        t_x = part["t_x_days"].to_numpy(float) / unit
        t = part["t_days"].to_numpy(float) / unit
        pairs = models.unique_pairs(x, t)  # E[X(h) | alive] depends on (x, T) only
        part["p_alive"] = models.p_alive(clv_model, params, x, t_x, t)
        part["expected_purchases"] = models.conditional_expected_purchases(
            clv_model, params, horizon_days / unit, x, t_x, t, pairs
        )
        part["p_no_purchase"] = models.p_no_purchase(
            clv_model, params, horizon_days / unit, x, t_x, t
        )
        part["discounted_expected_purchases"] = models.discounted_expected_purchases(
            clv_model, params, x, t_x, t, horizon_days, annual_discount_rate, unit, pairs
        )
        part["expected_holdout_purchases"] = models.conditional_expected_purchases(
            clv_model, params, holdout_days / unit, x, t_x, t, pairs
        )
        failed = ~np.isfinite(part["expected_purchases"]) | ~np.isfinite(
            part["discounted_expected_purchases"]
        )
        # typed here: concatenating object columns checks every None one by one
        part["prediction_reason"] = pd.array(
            np.where(failed, "the hypergeometric function 2F1 could not be evaluated", None),
            dtype="string",
        )
        part.loc[failed, ["expected_purchases", "discounted_expected_purchases"]] = np.nan
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return _typed(frame, SCORE_COLUMNS)
