"""What the dbt Python models seg_clv_fits and seg_clv_scores call.

Both read seg_clv_purchase_summary (one row per customer and fit window, in
days) grouped in the database by identical (repeat_purchases, recency_days,
age_days), so pandas holds one row per distinct summary, not per customer.
Times are converted to the fits' time unit, weeks (TIME_UNIT_DAYS): rates per
week keep the parameters near 1, which the optimiser handles best.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from segdb.clustering.relations import to_pandas
from segdb.clv import models

TIME_UNIT_DAYS = 7
KEY = ["fit_window", "repeat_purchases", "recency_days", "age_days"]


def read_parameters(meta: dict | None) -> dict:
    """The settings from the model's YAML meta (rendered from the project's vars)."""
    meta = meta or {}
    params = {
        "model": str(meta.get("clv_model", "bg_nbd")),
        "holdout_days": int(meta.get("clv_holdout_days", 180)),
        "horizon_days": int(meta.get("clv_horizon_days", 365)),
        "annual_discount_rate": float(meta.get("clv_annual_discount_rate", 0.10)),
        "max_iterations": int(meta.get("max_iterations", 2000)),
    }
    if params["model"] not in models.PURCHASE_MODELS:
        raise ValueError(f"clv_model {params['model']!r}: expected one of {models.PURCHASE_MODELS}")
    return params


def _grouped(relation, columns: list[str], where: str | None = None) -> pd.DataFrame:
    """customers per distinct value of columns, counted in the database."""
    group_by = ", ".join(columns)
    if where:
        relation = relation.filter(where)  # a SQL condition on DuckDB and Spark alike
    if hasattr(relation, "aggregate"):  # DuckDB
        counted = relation.aggregate(f"{group_by}, count(*) as customers", group_by)
    else:  # Spark (Databricks)
        counted = relation.groupBy(*columns).count().withColumnRenamed("count", "customers")
    frame = to_pandas(counted)
    return frame.sort_values(columns, kind="stable").reset_index(drop=True)


def read_summaries(summary) -> pd.DataFrame:
    """One row per fit window and distinct (x, t_x, T) in days, with the customers holding it."""
    return _grouped(summary, KEY)


def read_values(summary) -> pd.DataFrame:
    """Repeat buyers per fit window, repeat purchases and mean repeat value."""
    return _grouped(
        summary,
        ["fit_window", "repeat_purchases", "mean_repeat_value"],
        "repeat_purchases > 0 and mean_repeat_value > 0",
    )


def read_cutoffs(summary) -> dict[str, object]:
    """Each fit window's cutoff date."""
    frame = _grouped(summary, ["fit_window", "cutoff_date"])
    return dict(zip(frame["fit_window"], frame["cutoff_date"], strict=True))


def _in_weeks(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        frame["repeat_purchases"].to_numpy(float),
        frame["recency_days"].to_numpy(float) / TIME_UNIT_DAYS,
        frame["age_days"].to_numpy(float) / TIME_UNIT_DAYS,
    )


def fit_all(summaries: pd.DataFrame, values: pd.DataFrame, params: dict) -> list[models.Fit]:
    """BG/NBD, MBG/NBD and Gamma-Gamma on each fit window (calibration first)."""
    fits = []
    for window in ("calibration", "full"):
        groups = summaries[summaries["fit_window"] == window]
        x, t_x, age = _in_weeks(groups)
        weights = groups["customers"].to_numpy(float)
        for name in models.PURCHASE_MODELS:
            fit = models.fit_purchases(name, x, t_x, age, weights, params["max_iterations"])
            fit.extra["fit_window"] = window
            fits.append(fit)
        repeat = values[values["fit_window"] == window]
        fit = models.fit_gamma_gamma(
            repeat["repeat_purchases"].to_numpy(float),
            repeat["mean_repeat_value"].to_numpy(float),
            repeat["customers"].to_numpy(float),
            params["max_iterations"],
        )
        fit.extra["fit_window"] = window
        fits.append(fit)
    return fits


def fit_rows(fits: list[models.Fit], cutoffs: dict, params: dict) -> list[dict]:
    """The fits as rows of seg_clv_fits: one per model, fit window and parameter."""
    rows = []
    for fit in fits:
        window = fit.extra["fit_window"]
        for name, value in fit.parameters.items():
            rows.append(
                {
                    "model_name": fit.model_name,
                    "fit_window": window,
                    "parameter_name": name,
                    "parameter_value": None if math.isnan(value) else value,
                    "time_unit_days": TIME_UNIT_DAYS,
                    "log_likelihood": (
                        None if math.isnan(fit.log_likelihood) else fit.log_likelihood
                    ),
                    "customers": fit.customers,
                    "cutoff_date": cutoffs.get(window),
                    "converged": fit.converged,
                    "is_used_for_predictions": fit.model_name in (params["model"], "gamma_gamma"),
                    "frequency_value_correlation": fit.extra.get("frequency_value_correlation"),
                    "reason": fit.reason,
                }
            )
    return rows


def read_fits(fits_relation) -> dict[tuple[str, str], models.Fit]:
    """seg_clv_fits back as Fit objects, by (model_name, fit_window)."""
    frame = to_pandas(fits_relation)
    fits = {}
    for (name, window), rows in frame.groupby(["model_name", "fit_window"], sort=True):
        first = rows.iloc[0]
        fits[(name, window)] = models.Fit(
            name,
            dict(zip(rows["parameter_name"], rows["parameter_value"].astype(float), strict=True)),
            float(first["log_likelihood"]) if pd.notna(first["log_likelihood"]) else math.nan,
            int(first["customers"]),
            bool(first["converged"]),
            None if pd.isna(first["reason"]) else str(first["reason"]),
        )
    return fits


def score_rows(summaries: pd.DataFrame, fits: dict, params: dict) -> pd.DataFrame:
    """Per fit window and distinct (x, t_x, T): the chosen purchase model's predictions.

    The period predicted is the holdout for the calibration window (to compare
    with what happened) and the horizon for the full window. discounted_purchases
    is the expected purchases over the horizon, each discounted to its month at
    the annual rate (full window only): times the expected purchase value, the
    predicted CLV. A fit that did not converge gives nulls and its reason.
    """
    name = params["model"]
    frames = []
    for window, days in (("calibration", params["holdout_days"]), ("full", params["horizon_days"])):
        groups = summaries.loc[summaries["fit_window"] == window, KEY].reset_index(drop=True)
        fit = fits.get((name, window))
        out = groups.assign(
            model_name=name,
            period_days=days,
            p_alive=np.nan,
            expected_purchases=np.nan,
            p_no_purchase=np.nan,
            discounted_purchases=np.nan,
            prediction_reason=None,
        )
        if fit is None or not fit.converged:
            reason = fit.reason if fit is not None else "the model was not fitted"
            out["prediction_reason"] = f"{name} fit on the {window} window: {reason}"
            frames.append(out)
            continue
        p = tuple(fit.parameters[k] for k in models.PURCHASE_PARAMETERS)
        x, t_x, age = _in_weeks(groups)
        period = days / TIME_UNIT_DAYS
        out["p_alive"] = models.p_alive(name, p, x, t_x, age)
        out["expected_purchases"] = models.expected_purchases(name, p, period, x, t_x, age)
        out["p_no_purchase"] = models.p_no_purchase(name, p, period, x, t_x, age)
        if window == "full":
            out["discounted_purchases"] = models.discounted_value(
                name,
                p,
                1.0,
                period,
                365 / 12 / TIME_UNIT_DAYS,
                params["annual_discount_rate"],
                365 / TIME_UNIT_DAYS,
                x,
                t_x,
                age,
            )
        failed = out["expected_purchases"].isna()
        out.loc[failed, "prediction_reason"] = "the conditional expectation is not finite here"
        out.loc[failed, ["p_alive", "p_no_purchase", "discounted_purchases"]] = np.nan
        frames.append(out)
    return pd.concat(frames, ignore_index=True)
