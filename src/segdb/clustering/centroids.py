"""The fitted clusters with everything SQL needs to score a customer (seg_cluster_centroids)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from segdb.clustering.encoding import draw_sample, encode, fit_encoding, inverse_transform
from segdb.clustering.kmeans import fit_kmeans, limited_threads, nearest
from segdb.clustering.matching import assign_ids
from segdb.clustering.naming import describe, name_clusters
from segdb.clustering.params import feature_spec


def fit_centroids(
    frame: pd.DataFrame, params: dict, k: int, previous: pd.DataFrame | None = None
) -> list[dict]:
    """The rows of seg_cluster_centroids: one per cluster and encoded feature.

    Fits k clusters (k from the k selection) on the deterministic fit sample (at
    most sample_size customers; the k selection used a subset of it, at most
    k_selection_sample_size), encoded from that sample; ids are matched to `previous` (the
    previous build's cluster_id, encoded_feature and centroid_value; None on a
    first build) or ordered by meta.order_by. No rows for k = 0 or no customers.
    Rows are ordered by cluster_id, encoded_feature.
    """
    sample = draw_sample(frame, params)
    if k == 0 or sample.empty:
        return []

    encoding = fit_encoding(sample, params)
    matrix = encode(sample, encoding)
    with limited_threads(params):
        if k == 1:
            centers, algorithm = matrix.mean(axis=0, keepdims=True), "none"
        else:
            fitted, algorithm = fit_kmeans(matrix, k, params)
            centers = fitted.cluster_centers_
        labels = nearest(matrix, centers)  # what SQL will compute for these customers
    sizes = np.bincount(labels, minlength=k)

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
    return sorted(rows, key=lambda r: (r["cluster_id"], r["encoded_feature"]))
