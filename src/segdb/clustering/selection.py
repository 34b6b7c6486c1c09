"""Choosing k: fit every k tried on the selection sample and score it (seg_cluster_k_selection).

k is chosen on at most k_selection_sample_size customers (20,000 by default), a
subset of the fit sample drawn by the same hash; seg_cluster_centroids then fits
only the chosen k on the whole fit sample (sample_size). The silhouettes of all
k are computed on one sub-sample of silhouette_sample_size customers, whose
pairwise distances are computed once for all k: the same numbers as
scikit-learn's silhouette_score(sample_size=..., random_state=...) per k, which
computed them again for every k and was most of the clustering's time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score

from segdb.clustering.encoding import draw_sample, encode, fit_encoding
from segdb.clustering.kmeans import fit_kmeans, limited_threads
from segdb.clustering.params import feature_spec, selection_sample_size


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


def diagnostics(matrix: np.ndarray, k: int, params: dict) -> tuple[dict, np.ndarray]:
    """One k fitted on the scaled sample: inertia and the indexes, and the labels.

    The silhouette (None here) is filled in by `silhouettes`, for all k at once.
    """
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
        row["davies_bouldin"] = float(davies_bouldin_score(matrix, labels))
        row["calinski_harabasz"] = float(calinski_harabasz_score(matrix, labels))
    return row, labels


def silhouette_rows(n: int, sample_size: int, random_state: int) -> np.ndarray:
    """The rows the silhouette is computed on: all n, or the sub-sample scikit-learn draws."""
    if sample_size >= n:
        return np.arange(n)
    return np.random.RandomState(random_state).permutation(n)[:sample_size]


def silhouettes(
    matrix: np.ndarray, labelings: list[np.ndarray], rows: np.ndarray, chunk: int = 512
) -> list[float | None]:
    """Mean silhouette of each labelling of `matrix` on the same `rows` (Euclidean).

    As sklearn.metrics.silhouette_score on matrix[rows], labels[rows]: for each
    point, a = mean distance to the other points of its cluster, b = the lowest
    mean distance to another cluster, s = (b - a) / max(a, b), 0 in a cluster of
    one. The pairwise distances are computed once, in chunks of rows, and summed
    per cluster for every labelling in one matrix product. None where the
    labelling has fewer than 2 or more than n - 1 clusters among the rows (where
    scikit-learn raises).
    """
    x = matrix[rows]
    n = len(x)
    blocks, codes = [], []
    for labels in labelings:
        _, code = np.unique(labels[rows], return_inverse=True)
        codes.append(code)
        blocks.append(np.eye(code.max() + 1 if n else 0)[code])  # one-hot: rows x clusters
    members = np.concatenate(blocks, axis=1) if blocks else np.empty((n, 0))
    sums = np.empty((n, members.shape[1]))  # per point: summed distance to each cluster
    squares = (x**2).sum(axis=1)
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        squared = squares[start:stop, None] - 2 * x[start:stop] @ x.T + squares[None, :]
        distances = np.sqrt(np.maximum(squared, 0))
        distances[np.arange(stop - start), np.arange(start, stop)] = 0  # oneself
        sums[start:stop] = distances @ members
    scores: list[float | None] = []
    offset = 0
    for code, block in zip(codes, blocks, strict=True):
        clusters = block.shape[1]
        if not 2 <= clusters <= n - 1:
            scores.append(None)
            offset += clusters
            continue
        own_sums = sums[:, offset : offset + clusters]
        offset += clusters
        counts = block.sum(axis=0)
        point = np.arange(n)
        a = own_sums[point, code] / np.maximum(counts[code] - 1, 1)
        other = own_sums / counts
        other[point, code] = np.inf
        b = other.min(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = (b - a) / np.maximum(a, b)
        s[counts[code] == 1] = 0.0  # a cluster of one
        scores.append(float(np.mean(np.nan_to_num(s))))
    return scores


def previous_k(previous: pd.DataFrame | None, features: str) -> int | None:
    """The k the previous build chose, if it chose exactly one with the same features."""
    if previous is None or not len(previous):
        return None
    chosen_rows = previous[previous["is_chosen"].astype(bool)]
    same_features = (chosen_rows["features"] == features).all()
    if len(chosen_rows) == 1 and same_features:
        return int(chosen_rows["k"].iloc[0])
    return None


def select_k(frame: pd.DataFrame, params: dict, previous: pd.DataFrame | None = None) -> list[dict]:
    """The rows of seg_cluster_k_selection: one per k tried, exactly one of them chosen.

    `frame`: the clustered customers (read_features); `previous`: the previous
    build's k, is_chosen and features (None on a first build). Every k is fitted
    on the selection sample: at most k_selection_sample_size customers (capped by
    sample_size), the customers of the fit sample with the smallest hashes, so
    it is part of the fit sample and as stable when customers join. Fewer than
    min_customers customers give a single row, k = 1 (k = 0 without customers).
    """
    sample = draw_sample(frame, {**params, "sample_size": selection_sample_size(params)})
    silhouette_sample = min(len(sample), int(params["silhouette_sample_size"]))
    common = {
        "population": len(frame),
        "sample_size": len(sample),
        "silhouette_sample_size": silhouette_sample,
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
        with limited_threads(params):
            fits = [diagnostics(matrix, k, params) for k in candidates]
            # the silhouettes of all k on one sub-sample (the distances computed once)
            separated = [i for i, (row, _) in enumerate(fits) if row["davies_bouldin"] is not None]
            scored = silhouettes(
                matrix,
                [fits[i][1] for i in separated],
                silhouette_rows(len(matrix), silhouette_sample, int(params["random_state"])),
            )
        rows = [row for row, _ in fits]
        for i, score in zip(separated, scored, strict=True):
            rows[i]["silhouette"] = score
        if params["k"] is not None:
            chosen, reason = candidates[0], "fixed by meta.k"
        else:
            kept = previous_k(previous, common["features"])
            chosen, reason = choose_k(rows, kept, float(params["k_tolerance"]))
        for row in rows:
            row["is_chosen"] = row["k"] == chosen
            row["selection"] = reason
    return [{**row, **common} for row in rows]
