"""The clustering parameters: the models' YAML `config: meta:` over the defaults."""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    "features": [],
    "categorical_features": [],
    "categorical_weight": 0.5,
    "min_category_share": 0.02,
    "k": None,
    "k_min": 3,
    "k_max": 10,
    "k_tolerance": 0.0,
    "random_state": 42,
    "sample_size": 100_000,
    "k_selection_sample_size": 20_000,
    "silhouette_sample_size": 10_000,
    "minibatch_above": 50_000,
    "batch_size": 4096,
    "n_init": 10,
    "max_iter": 300,
    "min_customers": 30,
    "threads": 1,
    "name_threshold": 0.5,
    "name_parts": 3,
    "order_by": None,
}


def read_parameters(meta: dict | None) -> dict:
    """The model's YAML meta over the defaults; unknown keys and bad values raise."""
    meta = dict(meta or {})
    unknown = sorted(set(meta) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown clustering parameter(s) in meta: {', '.join(unknown)}")
    params = {**DEFAULTS, **meta}
    params["features"] = [
        {"name": f} if isinstance(f, str) else dict(f) for f in params["features"]
    ]
    params["categorical_features"] = [
        {"name": f} if isinstance(f, str) else dict(f) for f in params["categorical_features"]
    ]
    if not params["features"] and not params["categorical_features"]:
        raise ValueError("meta.features lists no clustering feature")
    for feature in params["features"]:
        feature.setdefault("transform", "none")
        if feature["transform"] not in ("log1p", "none"):
            raise ValueError(f"feature {feature['name']}: transform must be log1p or none")
        feature.setdefault("weight", 1.0)
    names = [f["name"] for f in params["features"] + params["categorical_features"]]
    if len(set(names)) != len(names):
        raise ValueError("a clustering feature is listed twice")
    if (
        params["order_by"] is not None
        and params["order_by"] not in names[: len(params["features"])]
    ):
        raise ValueError("meta.order_by must name one of meta.features (a numeric feature)")
    if params["k"] is not None and int(params["k"]) < 2:
        raise ValueError("meta.k must be at least 2 (or null to choose it)")
    if not 2 <= int(params["k_min"]) <= int(params["k_max"]):
        raise ValueError("meta.k_min and k_max must satisfy 2 <= k_min <= k_max")
    for key in ("min_customers", "sample_size", "k_selection_sample_size", "threads"):
        if not is_count(params[key]):
            raise ValueError(f"meta.{key} must be a positive integer")
    for key in ("sample_size", "k_selection_sample_size"):
        if params[key] < params["min_customers"]:
            raise ValueError(
                f"meta.{key} must be at least min_customers ({params['min_customers']}): "
                "a smaller sample would never be clustered"
            )
    return params


def is_count(value) -> bool:
    """A positive whole number (not a bool, which Python counts as an int)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def selection_sample_size(params: dict) -> int:
    """Customers k is chosen on: k_selection_sample_size, at most the fit's sample_size."""
    return min(int(params["k_selection_sample_size"]), int(params["sample_size"]))


def feature_spec(params: dict) -> str:
    """The features and their encoding as one string, recorded with every fit."""
    numeric = [
        f"{f['name']}:{f['transform']}" + (f"*{f['weight']:g}" if f["weight"] != 1 else "")
        for f in params["features"]
    ]
    categorical = [
        f"{f['name']}:onehot*{params['categorical_weight']:g}"
        for f in params["categorical_features"]
    ]
    return ", ".join(numeric + categorical)
