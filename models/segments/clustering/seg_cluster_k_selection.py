"""Choose the number of clusters k: one row per k tried, with its diagnostics.

Fits k-means for every k in [k_min, k_max] on a deterministic sample of the
clustered customers (or only the configured k) and returns, per k, inertia,
silhouette (on a sub-sample), Davies-Bouldin and Calinski-Harabasz, and which
k is chosen. Every parameter comes from the model's YAML `config: meta:`
(shared with seg_cluster_centroids through a YAML anchor); see
_segments__models.yml. The code between the "shared" markers is identical in
both model files (a test checks it): Python models must be self-contained.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# ---- shared: begin (identical in seg_cluster_k_selection.py and seg_cluster_centroids.py)
MISSING_CATEGORY = "unknown"  # what a missing categorical value counts as, in SQL too
DEFAULTS = {
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
    "silhouette_sample_size": 10_000,
    "minibatch_above": 50_000,
    "batch_size": 4096,
    "n_init": 10,
    "max_iter": 300,
    "min_customers": 30,
    "name_threshold": 0.5,
    "name_parts": 3,
    "order_by": None,
}


def read_parameters(dbt) -> dict:
    """The model's YAML meta over the defaults; unknown keys and bad values raise."""
    meta = dbt.config.get("meta")  # a statement of its own: dbt finds it by reading the code
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
    return params


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


def to_pandas(relation) -> pd.DataFrame:
    """A relation of the adapter's Python runtime as a pandas DataFrame."""
    for method in ("df", "toPandas", "to_pandas"):  # DuckDB, Spark, Snowpark
        if hasattr(relation, method):
            return getattr(relation, method)()
    raise TypeError(f"cannot convert {type(relation).__name__} to pandas")


def project(relation, columns: list[str]):
    """The relation's columns (SQL expressions): DuckDB's project, Spark's selectExpr."""
    if hasattr(relation, "project"):  # DuckDB
        return relation.project(", ".join(columns))
    return relation.selectExpr(*columns)  # Spark (Databricks)


def aggregate(relation, group_by: str, aggregates: list[str]):
    """One row per group_by value with the aggregate expressions, in the database."""
    if hasattr(relation, "aggregate"):  # DuckDB
        return relation.aggregate(", ".join([group_by, *aggregates]), group_by)
    from pyspark.sql import functions  # Spark (Databricks)

    return relation.groupBy(group_by).agg(*(functions.expr(sql) for sql in aggregates))


def read_features(dbt, params: dict) -> pd.DataFrame:
    """Every clustered customer with the configured features, one row each, by customer_id.

    Filtering and pivoting run in the database; only the needed columns reach pandas.
    """
    numeric = [f["name"] for f in params["features"]]
    categorical = [f["name"] for f in params["categorical_features"]]
    wanted = ", ".join(f"'{name}'" for name in numeric + categorical)
    pivots = [f"max(case when feature = '{n}' then numeric_value end) as {n}" for n in numeric] + [
        f"max(case when feature = '{c}' then text_value end) as {c}" for c in categorical
    ]
    features = dbt.ref("seg_cluster_features")  # a literal: dbt reads refs from the code
    relation = aggregate(
        features.filter(f"feature in ({wanted})"),
        "customer_id",
        ["count(*) as feature_rows", *pivots],
    )
    frame = to_pandas(relation)
    frame["customer_id"] = frame["customer_id"].astype(str)
    frame = frame.sort_values("customer_id", kind="stable").reset_index(drop=True)
    if len(frame):
        expected = len(numeric) + len(categorical)
        if (frame["feature_rows"] != expected).any():
            known = to_pandas(project(features, ["feature"]).distinct())
            missing = sorted(set(numeric + categorical) - set(known["feature"]))
            raise ValueError(
                f"clustering feature(s) not in seg_cluster_features: {', '.join(missing)}; "
                f"available: {', '.join(sorted(known['feature']))}"
            )
    for name in numeric:
        frame[name] = pd.to_numeric(frame[name], errors="raise").astype("float64")
    for name in categorical:
        frame[name] = frame[name].astype("object")
    # a feature missing for everybody is allowed (an optional column absent from the
    # data: it is imputed and weighs nothing), one listed under the wrong kind is not
    for names, other, kind in (
        (numeric, "text_value", "categorical"),
        (categorical, "numeric_value", "numeric"),
    ):
        for name in names:
            if len(frame) and frame[name].isna().all():
                misfiled = features.filter(f"feature = '{name}' and {other} is not null")
                if len(to_pandas(misfiled.limit(1))):
                    raise ValueError(f"feature {name} is {kind}: list it under that kind in meta")
    return frame.drop(columns="feature_rows")


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


def fit_kmeans(matrix: np.ndarray, k: int, params: dict):
    """k-means, or mini-batch k-means when the sample exceeds minibatch_above rows."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    common = {
        "n_clusters": k,
        "n_init": int(params["n_init"]),
        "max_iter": int(params["max_iter"]),
        "random_state": int(params["random_state"]),
    }
    if len(matrix) > int(params["minibatch_above"]):
        model = MiniBatchKMeans(batch_size=int(params["batch_size"]), **common)
        algorithm = "minibatch_kmeans"
    else:
        model = KMeans(**common)
        algorithm = "kmeans"
    model.fit(matrix)
    return model, algorithm


def previous_table(dbt, session, columns: str) -> pd.DataFrame | None:
    """This model's table from the previous build (None when there is none or it is unreadable)."""
    try:
        return to_pandas(session.sql(f"select {columns} from {dbt.this}"))
    except Exception:  # first build, or a previous table of another shape
        return None


# ---- shared: end


def choose_k(rows: list[dict], previous_k: int | None, tolerance: float) -> tuple[int, str]:
    """Best silhouette (ties: smaller k); the previous k is kept while within tolerance."""
    scored = [r for r in rows if r["silhouette"] is not None and np.isfinite(r["silhouette"])]
    if not scored:  # e.g. identical customers: k-means finds a single group
        return rows[0]["k"], "no k separates the customers (silhouette undefined): smallest k"
    best = max(scored, key=lambda r: (r["silhouette"], -r["k"]))
    reason = f"best silhouette in {rows[0]['k']}..{rows[-1]['k']}"
    if previous_k is not None and previous_k != best["k"]:
        kept = [r for r in scored if r["k"] == previous_k]
        if kept and kept[0]["silhouette"] >= best["silhouette"] - tolerance:
            return previous_k, (
                f"previous k kept: silhouette within {tolerance:g} of the best (k={best['k']})"
            )
    return best["k"], reason


def diagnostics(matrix: np.ndarray, k: int, params: dict) -> dict:
    from sklearn.metrics import (
        calinski_harabasz_score,
        davies_bouldin_score,
        silhouette_score,
    )

    model, algorithm = fit_kmeans(matrix, k, params)
    labels = model.labels_
    sizes = np.bincount(labels, minlength=k)
    row = {
        "k": k,
        "algorithm": algorithm,
        "inertia": float(model.inertia_),
        "silhouette": None,
        "davies_bouldin": None,
        "calinski_harabasz": None,
        "smallest_cluster_share": float(sizes.min() / len(labels)),
    }
    if len(np.unique(labels)) >= 2:
        silhouette_rows = min(len(matrix), int(params["silhouette_sample_size"]))
        row["silhouette"] = float(
            silhouette_score(
                matrix,
                labels,
                sample_size=silhouette_rows if silhouette_rows < len(matrix) else None,
                random_state=int(params["random_state"]),
            )
        )
        row["davies_bouldin"] = float(davies_bouldin_score(matrix, labels))
        row["calinski_harabasz"] = float(calinski_harabasz_score(matrix, labels))
    return row


def model(dbt, session):
    dbt.config(materialized="table")
    params = read_parameters(dbt)
    frame = read_features(dbt, params)
    sample = draw_sample(frame, params)
    silhouette_rows = min(len(sample), int(params["silhouette_sample_size"]))
    common = {
        "population": len(frame),
        "sample_size": len(sample),
        "silhouette_sample_size": silhouette_rows,
        "features": feature_spec(params),
        "random_state": int(params["random_state"]),
    }

    rows: list[dict] = []
    if len(sample) < max(int(params["min_customers"]), 3):
        # too few customers to compare partitions: one cluster (or none without buyers)
        k = 1 if len(sample) else 0
        rows.append(
            {
                "k": k,
                "algorithm": "none",
                "inertia": None,
                "silhouette": None,
                "davies_bouldin": None,
                "calinski_harabasz": None,
                "smallest_cluster_share": 1.0 if k else None,
                "is_chosen": True,
                "selection": (
                    f"too few customers to cluster ({len(sample)} < min_customers "
                    f"{params['min_customers']}): {'one cluster' if k else 'no cluster'}"
                ),
            }
        )
    else:
        encoding = fit_encoding(sample, params)
        matrix = encode(sample, encoding)
        if params["k"] is not None:
            candidates = [min(int(params["k"]), len(sample) - 1)]
        else:
            high = min(int(params["k_max"]), len(sample) - 1)
            candidates = list(range(min(int(params["k_min"]), high), high + 1))
        rows = [diagnostics(matrix, k, params) for k in candidates]
        if params["k"] is not None:
            chosen, reason = candidates[0], "fixed by meta.k"
        else:
            previous = previous_table(dbt, session, "k, is_chosen, features")
            previous_k = None
            if previous is not None and len(previous):
                chosen_rows = previous[previous["is_chosen"].astype(bool)]
                same_features = (chosen_rows["features"] == common["features"]).all()
                if len(chosen_rows) == 1 and same_features:
                    previous_k = int(chosen_rows["k"].iloc[0])
            chosen, reason = choose_k(rows, previous_k, float(params["k_tolerance"]))
        for row in rows:
            row["is_chosen"] = row["k"] == chosen
            row["selection"] = reason

    result = pd.DataFrame([{**row, **common} for row in rows])
    return result.astype(
        {
            "k": "int64",
            "algorithm": "string",
            "inertia": "float64",
            "silhouette": "float64",
            "davies_bouldin": "float64",
            "calinski_harabasz": "float64",
            "smallest_cluster_share": "float64",
            "is_chosen": "bool",
            "selection": "string",
            "population": "int64",
            "sample_size": "int64",
            "silhouette_sample_size": "int64",
            "features": "string",
            "random_state": "int64",
        }
    )[
        [
            "k",
            "is_chosen",
            "selection",
            "inertia",
            "silhouette",
            "davies_bouldin",
            "calinski_harabasz",
            "smallest_cluster_share",
            "algorithm",
            "population",
            "sample_size",
            "silhouette_sample_size",
            "features",
            "random_state",
        ]
    ]
