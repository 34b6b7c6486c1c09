"""The fit sample and the encoding: how each feature becomes a scaled column.

SQL scoring (seg_cluster) applies the same encoding rows to every customer, so
`encode` here and the SQL must compute the same numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MISSING_CATEGORY = "unknown"  # what a missing categorical value counts as, in SQL too


def draw_sample(frame: pd.DataFrame, params: dict) -> pd.DataFrame:
    """A deterministic sample of at most sample_size customers, ordered by customer_id.

    A customer is in the sample when its hash (keyed by random_state) is among the
    smallest, so whether one customer is sampled does not depend on the rest of the
    data: adding customers changes the sample only by the newcomers they displace.
    """
    size = int(params["sample_size"])
    if len(frame) <= size:
        return frame
    key = f"{int(params['random_state']) % 10**16:016d}"
    hashes = pd.util.hash_pandas_object(frame["customer_id"], index=False, hash_key=key)
    chosen = np.sort(np.argsort(hashes.to_numpy(), kind="stable")[:size])
    return frame.iloc[chosen].reset_index(drop=True)


def fit_encoding(sample: pd.DataFrame, params: dict) -> pd.DataFrame:
    """How each feature becomes a scaled column: one row per encoded column.

    Numeric: missing values imputed with the sample median (original units), then
    log1p where configured, then standardised (sample mean and standard deviation,
    divided by the feature's weight). Categorical: one indicator per category held by
    at least min_category_share of the sample (missing counts as 'unknown', rarer
    categories as none), centred on its share and scaled by categorical_weight.
    SQL scoring (seg_cluster) applies exactly these rows.
    """
    rows = []
    for feature in params["features"]:
        name = feature["name"]
        raw = sample[name].astype("float64")
        impute = float(raw.median()) if raw.notna().any() else 0.0
        transformed = apply_transform(raw.fillna(impute).to_numpy(), feature["transform"])
        sd = float(transformed.std())
        rows.append(
            {
                "feature": name,
                "category": None,
                "encoded_feature": name,
                "transform": feature["transform"],
                "impute_value": impute,
                "scaler_mean": float(transformed.mean()),
                "scaler_scale": (sd if sd > 0 else 1.0) / float(feature["weight"]),
                "feature_sd": sd if sd > 0 else 1.0,
            }
        )
    weight = float(params["categorical_weight"])
    for feature in params["categorical_features"]:
        name = feature["name"]
        values = sample[name].fillna(MISSING_CATEGORY).astype(str)
        shares = values.value_counts(normalize=True)
        kept = sorted(c for c, s in shares.items() if s >= float(params["min_category_share"]))
        for category in kept:
            share = float(shares[category])
            rows.append(
                {
                    "feature": name,
                    "category": category,
                    "encoded_feature": f"{name}={category}",
                    "transform": "indicator",
                    "impute_value": None,
                    "scaler_mean": share,
                    "scaler_scale": 1.0 / weight,
                    "feature_sd": max(np.sqrt(share * (1 - share)), 1e-9),
                }
            )
    return pd.DataFrame(rows)


def apply_transform(values: np.ndarray, transform: str) -> np.ndarray:
    if transform == "log1p":
        return np.log1p(np.maximum(values, 0.0))
    return values


def inverse_transform(values: np.ndarray, transform: str) -> np.ndarray:
    if transform == "log1p":
        return np.expm1(values)
    return values


def encode(frame: pd.DataFrame, encoding: pd.DataFrame) -> np.ndarray:
    """The scaled matrix (rows: customers, columns: encoding rows), as SQL computes it."""
    columns = []
    for row in encoding.itertuples():
        if row.transform == "indicator":
            text = frame[row.feature].fillna(MISSING_CATEGORY).astype(str)
            value = (text == row.category).to_numpy(dtype="float64")
        else:
            raw = frame[row.feature].astype("float64").fillna(row.impute_value).to_numpy()
            value = apply_transform(raw, row.transform)
        columns.append((value - row.scaler_mean) / row.scaler_scale)
    return np.column_stack(columns) if columns else np.empty((len(frame), 0))
