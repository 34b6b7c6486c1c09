"""Fit the clustering and export everything SQL needs to score every customer.

Reads the chosen k from seg_cluster_k_selection, fits k-means (mini-batch when the
sample is large) on the same deterministic sample with the same encoding, and
returns one row per cluster and encoded feature: how to encode the feature
(transform, imputation value, scaler mean and scale) and the centroid in scaled
and in original units, with the cluster's id, generated name and description.

Cluster ids are stable: when this table exists from a previous build, the new
centroids are matched to the previous ones (Hungarian matching on squared
distances in the current scaled space) and inherit their ids; otherwise ids
follow the clusters' centroid on meta.order_by (highest first). Parameters come
from the YAML `config: meta:` shared with seg_cluster_k_selection.
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


def chosen_k(dbt, params: dict) -> int:
    """The k chosen by seg_cluster_k_selection, which must have used the same features."""
    chosen = to_pandas(
        project(dbt.ref("seg_cluster_k_selection").filter("is_chosen"), ["k", "features"])
    )
    if len(chosen) != 1:
        raise ValueError(f"seg_cluster_k_selection has {len(chosen)} chosen k, expected 1")
    if chosen["features"].iloc[0] != feature_spec(params):
        raise ValueError(
            "seg_cluster_k_selection was built with other features "
            f"({chosen['features'].iloc[0]!r}, here {feature_spec(params)!r}): "
            "keep one meta for both models and build them together"
        )
    return int(chosen["k"].iloc[0])


def nearest(matrix: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Index of the nearest centre per row; ties go to the lowest index (as in SQL by id)."""
    distances = ((matrix[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    return distances.argmin(axis=1)


def order_clusters(centers: np.ndarray, encoding: pd.DataFrame, params: dict) -> list[int]:
    """Clusters by their centroid on meta.order_by (highest first), then the whole centroid."""
    order_by = params["order_by"] or encoding["encoded_feature"].iloc[0]
    position = list(encoding["encoded_feature"]).index(order_by)
    return sorted(
        range(len(centers)),
        key=lambda c: (-round(centers[c, position], 9), *(-np.round(centers[c], 9))),
    )


def previous_in_current_space(previous: pd.DataFrame | None, encoding: pd.DataFrame):
    """Previous centroids (original units) re-encoded with the current encoding.

    Returns (previous cluster ids, matrix over the encoded features both builds share,
    indexes of those features in the encoding), or None when there is nothing to match:
    no previous build, or fewer than half of the current features in it.
    """
    if previous is None or previous.empty:
        return None
    wide = previous.pivot_table(
        index="cluster_id", columns="encoded_feature", values="centroid_value", aggfunc="first"
    )
    shared = [i for i, f in enumerate(encoding["encoded_feature"]) if f in wide.columns]
    if len(shared) * 2 < len(encoding):
        return None
    columns = []
    for i in shared:
        row = encoding.iloc[i]
        values = wide[row["encoded_feature"]].astype("float64").to_numpy()
        if row["transform"] != "indicator":
            values = apply_transform(values, row["transform"])
        columns.append((values - row["scaler_mean"]) / row["scaler_scale"])
    matrix = np.column_stack(columns)
    complete = ~np.isnan(matrix).any(axis=1)
    if not complete.any():
        return None
    return wide.index.to_numpy()[complete].astype(int), matrix[complete], shared


def assign_ids(centers, encoding, previous, params) -> tuple[dict, str, dict]:
    """Cluster index -> stable id, how the ids were found, and how far matched centroids moved."""
    from scipy.optimize import linear_sum_assignment

    k = len(centers)
    id_limit = max(int(params["k_max"]), k)
    ids: dict[int, int] = {}
    moved: dict[int, float] = {}
    previous_ids: set[int] = set()
    source = "ordered by " + (params["order_by"] or encoding["encoded_feature"].iloc[0])
    match = previous_in_current_space(previous, encoding)
    if match is not None:
        old_ids, old_matrix, shared = match
        previous_ids = set(old_ids.tolist())
        cost = ((old_matrix[:, None, :] - centers[None, :, shared]) ** 2).sum(axis=2)
        for old, new in zip(*linear_sum_assignment(cost), strict=True):
            if 1 <= old_ids[old] <= id_limit:
                ids[new] = int(old_ids[old])
                moved[new] = float(np.sqrt(cost[old, new]))
        source = "matched to the previous build"
    used = set(ids.values())
    for cluster in order_clusters(centers, encoding, params):
        if cluster in ids:
            continue
        free = [i for i in range(1, id_limit + 1) if i not in used]
        fresh = [i for i in free if i not in previous_ids]
        ids[cluster] = (fresh or free)[0]
        used.add(ids[cluster])
    return ids, source, moved


def label_parts(params: dict, encoding: pd.DataFrame, z: np.ndarray, share: np.ndarray):
    """Every possible name part of one cluster as (strength, display order, text), strongest first.

    A numeric feature gives its `high` or `low` word (none when the word is empty); a
    category held by at least half of the cluster and over-represented gives its
    `label` (with {category} filled in).
    """
    numeric = {f["name"]: (i, f) for i, f in enumerate(params["features"])}
    offset = len(numeric)
    categorical = {f["name"]: (offset + i, f) for i, f in enumerate(params["categorical_features"])}
    parts = []
    for j, row in enumerate(encoding.itertuples()):
        if row.transform == "indicator":
            order, spec = categorical[row.feature]
            if z[j] > 0 and share[j] >= 0.5:
                label = spec.get("label", "mostly {category}").format(category=row.category)
                parts.append((abs(z[j]), order, label))
        else:
            order, spec = numeric[row.feature]
            words = row.feature.replace("_", " ")
            label = (
                spec.get("high", f"high {words}") if z[j] > 0 else spec.get("low", f"low {words}")
            )
            if label:  # an empty word keeps the feature out of names
                parts.append((abs(z[j]), order, label))
    return sorted(parts, key=lambda p: (-p[0], p[1]))


def make_name(parts: list, count: int) -> str:
    chosen = sorted(parts[:count], key=lambda p: p[1])
    if not chosen:
        return "Typical buyers"
    text = " · ".join(p[2] for p in chosen)
    return text[0].upper() + text[1:]


def name_clusters(params, encoding, z, shares, ids) -> dict[int, str]:
    """A readable, unique name per cluster from its strongest deviations.

    Up to name_parts parts whose deviation is at least name_threshold standard
    deviations, shown in meta order; clusters with equal names take further parts,
    and as a last resort their id.
    """
    threshold = float(params["name_threshold"])
    parts = {c: label_parts(params, encoding, z[c], shares[c]) for c in ids}
    counts = {
        c: min(int(params["name_parts"]), sum(p[0] >= threshold for p in parts[c])) for c in ids
    }
    while True:
        names = {c: make_name(parts[c], counts[c]) for c in ids}
        clashing = [c for c in ids if list(names.values()).count(names[c]) > 1]
        growable = [c for c in clashing if counts[c] < len(parts[c])]
        if not growable:
            break
        for c in growable:
            counts[c] += 1
    for c in ids:
        if list(names.values()).count(names[c]) > 1:
            names[c] = f"{names[c]} ({ids[c]})"
    return names


def fmt(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}".rstrip("0").rstrip(".")


def describe(encoding, sample, labels, cluster, z, share_in_sample) -> str:
    """One sentence: the cluster's share and its three strongest deviations in original units."""
    members = sample[labels == cluster]
    details = []
    for j in np.argsort(-np.abs(z), kind="stable")[:3]:
        row = encoding.iloc[j]
        words = row["feature"].replace("_", " ")
        if row["transform"] == "indicator":
            text = sample[row["feature"]].fillna(MISSING_CATEGORY).astype(str)
            held = members[row["feature"]].fillna(MISSING_CATEGORY).astype(str)
            inside = float((held == row["category"]).mean())
            overall = float((text == row["category"]).mean())
            details.append(f"{words} {row['category']} for {inside:.0%} vs {overall:.0%}")
        else:
            inside = float(members[row["feature"]].median())
            overall = float(sample[row["feature"]].median())
            details.append(f"median {words} {fmt(inside)} vs {fmt(overall)}")
    return (
        f"{share_in_sample:.0%} of the clustered customers in the fit sample. "
        f"Compared with all of them: {'; '.join(details)}."
    )


COLUMNS = {
    "cluster_id": "int64",
    "segment": "string",
    "cluster_name": "string",
    "cluster_description": "string",
    "feature": "string",
    "category": "string",
    "encoded_feature": "string",
    "transform": "string",
    "impute_value": "float64",
    "scaler_mean": "float64",
    "scaler_scale": "float64",
    "centroid_scaled": "float64",
    "centroid_value": "float64",
    "population_value": "float64",
    "standardized_deviation": "float64",
    "cluster_size_in_sample": "int64",
    "cluster_share_in_sample": "float64",
    "moved_since_previous": "float64",
    "id_source": "string",
    "k": "int64",
    "algorithm": "string",
    "sample_size": "int64",
    "features": "string",
}


def model(dbt, session):
    dbt.config(materialized="table")
    params = read_parameters(dbt)
    k = chosen_k(dbt, params)
    frame = read_features(dbt, params)
    sample = draw_sample(frame, params)
    if k == 0 or sample.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COLUMNS.items()})

    encoding = fit_encoding(sample, params)
    matrix = encode(sample, encoding)
    if k == 1:
        centers, algorithm = matrix.mean(axis=0, keepdims=True), "none"
    else:
        fitted, algorithm = fit_kmeans(matrix, k, params)
        centers = fitted.cluster_centers_
    labels = nearest(matrix, centers)  # what SQL will compute for these customers
    sizes = np.bincount(labels, minlength=k)

    previous = previous_table(dbt, session, "cluster_id, encoded_feature, centroid_value")
    ids, id_source, moved = assign_ids(centers, encoding, previous, params)

    scale = encoding["scaler_scale"].to_numpy()
    mean = encoding["scaler_mean"].to_numpy()
    sd = encoding["feature_sd"].to_numpy()
    transformed = centers * scale + mean  # centroids before scaling (log units for log1p)
    z = (transformed - mean) / sd  # deviation from the sample in standard deviations
    names = name_clusters(params, encoding, z, transformed, ids)

    rows = []
    for cluster in range(k):
        share = float(sizes[cluster] / len(sample))
        description = describe(encoding, sample, labels, cluster, z[cluster], share)
        for j, row in enumerate(encoding.itertuples()):
            indicator = row.transform == "indicator"
            rows.append(
                {
                    "cluster_id": ids[cluster],
                    "segment": f"cluster_{ids[cluster]}",
                    "cluster_name": names[cluster],
                    "cluster_description": description,
                    "feature": row.feature,
                    "category": row.category,
                    "encoded_feature": row.encoded_feature,
                    "transform": row.transform,
                    "impute_value": row.impute_value,
                    "scaler_mean": row.scaler_mean,
                    "scaler_scale": row.scaler_scale,
                    "centroid_scaled": float(centers[cluster, j]),
                    "centroid_value": float(
                        transformed[cluster, j]
                        if indicator
                        else inverse_transform(transformed[cluster, j], row.transform)
                    ),
                    "population_value": float(
                        row.scaler_mean
                        if indicator
                        else inverse_transform(row.scaler_mean, row.transform)
                    ),
                    "standardized_deviation": float(z[cluster, j]),
                    "cluster_size_in_sample": int(sizes[cluster]),
                    "cluster_share_in_sample": share,
                    "moved_since_previous": moved.get(cluster),
                    "id_source": id_source,
                    "k": k,
                    "algorithm": algorithm,
                    "sample_size": len(sample),
                    "features": feature_spec(params),
                }
            )
    result = pd.DataFrame(rows, columns=list(COLUMNS))
    result = result.sort_values(["cluster_id", "encoded_feature"]).reset_index(drop=True)
    return result.astype(COLUMNS)
