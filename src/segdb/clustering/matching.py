"""Stable cluster ids: match the new centroids to the previous build's, else order them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from segdb.clustering.encoding import apply_transform


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
    """Cluster index -> stable id, how the ids were found, and how far matched centroids moved.

    `previous`: the previous build's cluster_id, encoded_feature and centroid_value
    (None on a first build). Matched clusters (Hungarian matching on squared
    distances in the current scaled space) keep their id; the others take the
    lowest free id, preferring ids the previous build did not use.
    """
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
