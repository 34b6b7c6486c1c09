"""Readable cluster names and descriptions from the centroids' strongest deviations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from segdb.clustering.encoding import MISSING_CATEGORY


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
    """The first `count` parts in display order, capitalised ('Typical buyers' without any)."""
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
    """A number for a sentence: thousands separated, at most two decimals, 'n/a' if missing."""
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
