"""Behavioural features and RFM scores recomputed independently with pandas.

Starting from the raw CSV files of the clean fixture (not from any dbt
model), this module recomputes what the marts should say and compares it
with dim_customers, so a wrong join, filter or window in SQL shows up as a
difference.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from dbt_project_runner import erased_customer_ids

pytestmark = pytest.mark.slow

RATES = pd.read_csv("seeds/currency_rates.csv").set_index("currency")["rate_to_reporting"].to_dict()


def quintile_scores(values: pd.Series, higher_is_better: bool = True) -> pd.Series:
    """Score 1-5: the fifth of the customers strictly worse than this one.

    Ties share the lowest rank (pandas rank method="min"), so the number of
    strictly worse customers is rank - 1; integer arithmetic, no rounding.
    """
    rank = values.rank(method="min", ascending=higher_is_better).astype(int)
    return 1 + (5 * (rank - 1)) // len(values)


@pytest.fixture(scope="module")
def expected(clean) -> pd.DataFrame:
    clean.result.assert_ok()
    customers = pd.read_csv(clean.raw / "customers.csv", dtype=str)[["customer_id"]]
    orders = pd.read_csv(clean.raw / "orders.csv", dtype=str)
    orders["ordered_at"] = pd.to_datetime(orders["ordered_at"])
    orders["order_total"] = orders["order_total"].astype(float)
    orders["currency"] = orders["currency"].fillna("EUR").str.upper()
    orders["revenue"] = (orders["order_total"] * orders["currency"].map(RATES)).round(2)
    orders["status"] = orders["status"].fillna("completed")
    as_of = orders["ordered_at"].dt.normalize().max()

    purchases = orders[orders["status"] == "completed"].sort_values(["ordered_at", "order_id"])
    # dbt.datediff on DuckDB counts day boundaries crossed, not 24-hour periods
    purchases = purchases.assign(
        gap=purchases.groupby("customer_id")["ordered_at"]
        .transform(lambda s: s.dt.normalize().diff())
        .dt.days
    )
    per = purchases.groupby("customer_id").agg(
        purchase_count=("order_id", "size"),
        completed_revenue=("revenue", "sum"),
        first_order=("ordered_at", "min"),
        last_order=("ordered_at", "max"),
        mean_gap=("gap", "mean"),
        sd_gap=("gap", "std"),
    )
    status_rates = orders.groupby("customer_id")["status"].agg(
        order_count="size",
        cancel_rate=lambda s: (s == "cancelled").mean(),
        return_rate=lambda s: (s == "returned").mean(),
    )
    frame = customers.merge(per, on="customer_id", how="left").merge(
        status_rates, on="customer_id", how="left"
    )
    frame["days_since_last_order"] = (as_of - frame["last_order"].dt.normalize()).dt.days
    frame["tenure_days"] = (as_of - frame["first_order"].dt.normalize()).dt.days
    frame["btyd_recency_days"] = (
        frame["last_order"].dt.normalize() - frame["first_order"].dt.normalize()
    ).dt.days

    # RFM quintiles: each measure on its own, ties share a score
    buyers = frame[frame["purchase_count"] > 0].copy()
    buyers["monetary"] = buyers["completed_revenue"].round(2)
    buyers["r_score"] = quintile_scores(buyers["days_since_last_order"], higher_is_better=False)
    buyers["f_score"] = quintile_scores(buyers["purchase_count"])
    buyers["m_score"] = quintile_scores(buyers["monetary"])
    # customers who asked to be erased are scored with everybody (their
    # purchases happened) but are absent from the marts
    return (
        frame.merge(
            buyers[["customer_id", "r_score", "f_score", "m_score"]], on="customer_id", how="left"
        )
        .set_index("customer_id")
        .drop(index=sorted(erased_customer_ids(clean.raw)))
    )


@pytest.fixture(scope="module")
def actual(clean) -> pd.DataFrame:
    with duckdb.connect(str(clean.database), read_only=True) as con:
        return (
            con.execute(
                """
                select customer_id, order_count, purchase_count,
                       cast(completed_revenue as double) as completed_revenue,
                       days_since_last_order, tenure_days, btyd_recency_days,
                       mean_interpurchase_days, stddev_interpurchase_days,
                       cancel_rate, return_rate, r_score, f_score, m_score
                from main_marts.dim_customers
                """
            )
            .df()
            .set_index("customer_id")
        )


def test_same_customers(clean, expected, actual):
    assert sorted(expected.index) == sorted(actual.index)
    # (the clean fixture happens to have no erasure request; test_privacy
    # checks erasure on the dirty one)
    assert not erased_customer_ids(clean.raw) & set(actual.index)
    assert expected["purchase_count"].gt(0).sum() > 300, "fixture should have many buyers"


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("purchase_count", "purchase_count"),
        ("order_count", "order_count"),
        ("completed_revenue", "completed_revenue"),
        ("days_since_last_order", "days_since_last_order"),
        ("tenure_days", "tenure_days"),
        ("btyd_recency_days", "btyd_recency_days"),
        ("mean_gap", "mean_interpurchase_days"),
        ("sd_gap", "stddev_interpurchase_days"),
        ("cancel_rate", "cancel_rate"),
        ("return_rate", "return_rate"),
    ],
)
def test_behavioral_feature_matches(expected, actual, ours, theirs):
    mine = expected[ours].astype(float)
    if ours in ("purchase_count", "order_count", "completed_revenue"):
        mine = mine.fillna(0)
    theirs_values = actual.loc[expected.index, theirs].astype(float)
    pd.testing.assert_series_equal(mine, theirs_values, check_names=False, atol=0.011, rtol=1e-9)


@pytest.mark.parametrize("score", ["r_score", "f_score", "m_score"])
def test_rfm_scores_match(expected, actual, score):
    mine = expected[score].astype(float)
    theirs = actual.loc[expected.index, score].astype(float)
    differing = (mine.fillna(-1) != theirs.fillna(-1)).sum()
    assert differing == 0, f"{differing} customers with a different {score}"


@pytest.mark.parametrize(
    ("score", "measure"),
    [
        ("r_score", "days_since_last_order"),
        ("f_score", "purchase_count"),
        ("m_score", "completed_revenue"),
    ],
)
def test_rfm_scores_follow_their_measure_alone(actual, score, measure):
    """Equal measures share a score; a better measure never scores lower."""
    scored = actual.dropna(subset=[score])
    per_value = scored.groupby(measure)[score].agg(["min", "max", "size"])
    assert (per_value["min"] == per_value["max"]).all(), f"customers with equal {measure} differ"
    ordered = per_value["min"] if measure != "days_since_last_order" else per_value["min"][::-1]
    assert ordered.is_monotonic_increasing, f"a better {measure} scores lower"
