"""The benchmark's peer: RFM segments and k-means as a typical pandas notebook computes them.

`segdb benchmark` runs this file as a process of its own, on the same customers
and orders as the dbt builds, and compares its time with the project's build
on customers and orders only. It is written the way such analyses usually are,
on purpose: read the two tables whole, keep completed orders, recency /
frequency / monetary per customer, quintile scores with pd.qcut on ranks, the
widely copied regex map from R and F scores to named segments, and k-means on
the standardised log of R, F and M with scikit-learn. It does none of what the
project adds: no validation or quarantine, no currency conversion, no tests,
one segmentation instead of ten, no history.

    python -m segdb.peer --raw data/generated/demo/raw --out /tmp/peer.parquet

Prints a JSON summary (customers, buyers, segment counts, seconds per step) to
standard output and a line per step to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

# R and F scores (as the two digits "RF") to a named segment, first match wins
SEGMENT_MAP = {
    r"[1-2][1-2]": "Hibernating",
    r"[1-2][3-4]": "At Risk",
    r"[1-2]5": "Cannot Lose Them",
    r"3[1-2]": "About To Sleep",
    r"33": "Need Attention",
    r"[3-4][4-5]": "Loyal Customers",
    r"41": "Promising",
    r"51": "New Customers",
    r"[4-5][2-3]": "Potential Loyalists",
    r"5[4-5]": "Champions",
}


def read_table(raw: Path, name: str) -> pd.DataFrame:
    parquet = raw / f"{name}.parquet"
    return pd.read_parquet(parquet) if parquet.exists() else pd.read_csv(raw / f"{name}.csv")


def quintile(values: pd.Series, reverse: bool = False) -> pd.Series:
    """Scores 1..5 by quintile of the rank (ties broken by order: qcut needs distinct edges)."""
    labels = [5, 4, 3, 2, 1] if reverse else [1, 2, 3, 4, 5]
    return pd.qcut(values.rank(method="first"), 5, labels=labels).astype(int)


def rfm_table(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """One row per customer: recency (days), frequency, monetary, R/F/M scores and segment.

    Buyers (a completed order) are scored; the other customers keep null scores
    and the segment 'No purchases'.
    """
    orders = orders.drop_duplicates("order_id")
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"], errors="coerce", utc=True)
    orders["order_total"] = pd.to_numeric(orders["order_total"], errors="coerce")
    status = orders["status"].fillna("completed").str.lower()
    completed = orders[(status == "completed") & orders["ordered_at"].notna()]
    as_of = completed["ordered_at"].max() + pd.Timedelta(days=1)  # the usual "snapshot date"

    rfm = completed.groupby("customer_id").agg(
        last_order=("ordered_at", "max"),
        frequency=("order_id", "count"),
        monetary=("order_total", "sum"),
    )
    rfm["recency"] = (as_of - rfm["last_order"]).dt.days
    rfm["r_score"] = quintile(rfm["recency"], reverse=True)
    rfm["f_score"] = quintile(rfm["frequency"])
    rfm["m_score"] = quintile(rfm["monetary"])
    rfm["rfm_score"] = (
        rfm["r_score"].astype(str) + rfm["f_score"].astype(str) + rfm["m_score"].astype(str)
    )
    rf = rfm["r_score"].astype(str) + rfm["f_score"].astype(str)
    rfm["segment"] = rf.replace(SEGMENT_MAP, regex=True)

    people = customers.drop_duplicates("customer_id", keep="last")[["customer_id"]]
    table = people.merge(rfm.drop(columns="last_order").reset_index(), on="customer_id", how="left")
    table["segment"] = table["segment"].fillna("No purchases")
    return table


def add_clusters(table: pd.DataFrame, k: int, seed: int) -> pd.DataFrame:
    """k-means on the standardised log of recency, frequency and monetary (buyers only)."""
    buyers = table["frequency"].notna()
    features = np.log1p(table.loc[buyers, ["recency", "frequency", "monetary"]].clip(lower=0))
    scaled = StandardScaler().fit_transform(features)
    model = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(scaled)
    table["cluster"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    table.loc[buyers, "cluster"] = model.labels_
    return table


def run(raw: Path, out: Path, k: int = 4, seed: int = 42) -> dict:
    seconds: dict[str, float] = {}
    started = last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        seconds[name] = round(now - last, 3)
        last = now
        print(f"peer: {name} {seconds[name]:.1f} s", file=sys.stderr, flush=True)

    customers = read_table(raw, "customers")
    orders = read_table(raw, "orders")
    step("read")
    table = rfm_table(customers, orders)
    step("rfm")
    table = add_clusters(table, k, seed)
    step("kmeans")
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(out, index=False)
    step("write")
    return {
        "customers": len(table),
        "buyers": int(table["frequency"].notna().sum()),
        "orders": len(orders),
        "segments": {str(s): int(n) for s, n in table["segment"].value_counts().items()},
        "clusters": int(table["cluster"].nunique()),
        "seconds": seconds,
        "total_seconds": round(time.perf_counter() - started, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder with customers, orders")
    parser.add_argument("--out", type=Path, required=True, help="Parquet file written")
    parser.add_argument("--k", type=int, default=4, help="clusters (default: 4)")
    parser.add_argument("--seed", type=int, default=42, help="k-means seed (default: 42)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.raw, args.out, args.k, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
