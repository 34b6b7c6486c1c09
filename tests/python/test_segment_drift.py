"""Segment drift (rpt_segment_drift) over three builds of one generated shop.

Build 1 builds 300 generated customers. Build 2 rebuilds the same files:
every share is exactly what build 1 recorded, so nothing has drifted since
the previous build and the warn test is quiet. Before build 3, 20 % of the
customers in the lifecycle segment `lapsed` (the first by customer id)
order again on the as-of date (a copy of their latest order and its lines):
someone who bought today is not lapsed whatever their rhythm, and every
other customer's lifecycle depends on their own orders only, so `lapsed`
loses exactly those customers, movers / customers * 100 share points, more
than the default threshold of 5. The warn test names it; segmentations that
read no orders (demographic, geographic, social, engagement) do not move at
all. The as-of date (the latest order
date) stays the same, so the month-end comparison is that of the same
month-end in every build.

Builds make tables only (no unit or data tests: nothing here compares
them); the tests of the drift mart and the warn test run after builds 2
and 3.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from dbt_project_runner import DbtWorkspace

pytestmark = pytest.mark.slow

TABLES_ONLY = ("--exclude", "resource_type:test", "resource_type:unit_test")
DRIFT_TESTS = ("test", "--select", "rpt_segment_drift", "seg_segment_size_history")
WARN_TEST = "assert_segment_drift_within_threshold"
SHIFTED_SEGMENT = ("lifecycle", "lapsed")
SHARE_MOVED = 0.2
THRESHOLD_POINTS = 5  # var drift_warn_share_points' default (dbt_project.yml)
# segmentations whose features read no orders (psychographic reads discounts,
# technographic the order channels)
ORDER_FREE = ("demographic", "geographic", "social", "engagement")

DRIFT_SQL = """
    select * exclude (segment_name)
    from main_marts.rpt_segment_drift
    order by segmentation, segment
"""
REPORT_SQL = f"""
    select segmentation, segment, compared_with, drift,
           round(share_change_points, 2) as share_change_points,
           customers_before, customers_now
    from main_dbt_test__audit.{WARN_TEST}
    order by segmentation, segment, compared_with
"""


def drift_frame(workspace: DbtWorkspace) -> pd.DataFrame:
    import duckdb

    with duckdb.connect(str(workspace.database), read_only=True) as con:
        return con.execute(DRIFT_SQL).fetchdf()


def warn_result(workspace: DbtWorkspace) -> dict:
    (result,) = [r for r in workspace.run_results() if r["unique_id"].split(".")[2] == WARN_TEST]
    return result


def shift_lapsed_customers(workspace: DbtWorkspace) -> list[str]:
    """20 % of the lapsed customers order again on the as-of date; returns them."""
    lapsed = [
        customer
        for (customer,) in workspace.query(
            "select customer_id from main_segments.seg_lifecycle"
            " where segment = 'lapsed' and customer_id in"
            " (select customer_id from main_intermediate.int_customers__not_erased)"
            " order by customer_id"
        )
    ]
    movers = lapsed[: round(SHARE_MOVED * len(lapsed))]
    ((as_of,),) = workspace.query("select as_of_date from main_intermediate.int_as_of_date")
    orders = pd.read_csv(workspace.raw / "orders.csv", dtype=str, keep_default_na=False)
    items = pd.read_csv(workspace.raw / "order_items.csv", dtype=str, keep_default_na=False)
    latest = (
        orders[orders["customer_id"].isin(movers) & (orders["status"] == "completed")]
        .sort_values("ordered_at")
        .groupby("customer_id")
        .tail(1)
        .sort_values("customer_id")
    )
    assert len(latest) == len(movers), "every lapsed customer has a completed order"
    new_ids = {old: f"DRIFT{n:05d}" for n, old in enumerate(latest["order_id"])}
    new_orders = latest.assign(
        order_id=latest["order_id"].map(new_ids), ordered_at=f"{as_of} 12:00:00"
    )
    new_items = items[items["order_id"].isin(new_ids)].copy()
    new_items["order_item_id"] = [f"DRIFTI{n:05d}" for n in range(len(new_items))]
    new_items["order_id"] = new_items["order_id"].map(new_ids)
    pd.concat([orders, new_orders]).to_csv(workspace.raw / "orders.csv", index=False)
    pd.concat([items, new_items]).to_csv(workspace.raw / "order_items.csv", index=False)
    return movers


@pytest.fixture(scope="module")
def drift(tmp_path_factory) -> dict:
    workspace = DbtWorkspace(tmp_path_factory.mktemp("drift"))
    workspace.generate("--customers", "300", "--seed", "5")
    workspace.dbt("build", *TABLES_ONLY).assert_ok()
    first = drift_frame(workspace)

    workspace.dbt("build", *TABLES_ONLY).assert_ok()
    workspace.dbt(*DRIFT_TESTS).assert_ok()
    rebuilt = drift_frame(workspace)
    rebuilt_warn = warn_result(workspace)
    rebuilt_report = workspace.query(REPORT_SQL)

    movers = shift_lapsed_customers(workspace)
    workspace.dbt("build", *TABLES_ONLY).assert_ok()
    workspace.dbt(*DRIFT_TESTS).assert_ok()  # a warning is no failure
    shifted = drift_frame(workspace)
    report = workspace.query(REPORT_SQL)
    print("\ndrift report of the seeded shift (warn test rows):")
    print(
        pd.DataFrame(
            report,
            columns=[
                "segmentation",
                "segment",
                "compared_with",
                "drift",
                "share_change_points",
                "customers_before",
                "customers_now",
            ],
        ).to_string(index=False)
    )
    return {
        "workspace": workspace,
        "first": first,
        "rebuilt": rebuilt,
        "rebuilt_warn": rebuilt_warn,
        "rebuilt_report": rebuilt_report,
        "movers": movers,
        "shifted": shifted,
        "shifted_warn": warn_result(workspace),
        "report": report,
    }


def test_first_build_has_no_previous_build(drift):
    first = drift["first"]
    assert first["previous_build_number"].isna().all()
    assert first["share_change_since_build"].isna().all()
    assert not first["is_drifted_since_build"].any()
    assert not (first["appeared_since_build"] | first["emptied_since_build"]).any()
    # RFM and lifecycle are rebuilt at the month-end; the others only builds record
    known = set(first.loc[first["month_end_share"].notna(), "segmentation"])
    assert known == {"rfm", "lifecycle"}


def test_a_rebuild_of_unchanged_data_is_quiet(drift):
    rebuilt = drift["rebuilt"]
    assert (rebuilt["previous_build_number"] == 1).all()
    assert (rebuilt["previous_build_as_of_date"] == rebuilt["as_of_date"]).all()
    assert (rebuilt["share_change_since_build"] == 0).all()
    assert (rebuilt["previous_build_customers"] == rebuilt["customers"]).all()
    assert not rebuilt["is_flagged"].any(), rebuilt[rebuilt["is_flagged"]]
    assert drift["rebuilt_warn"]["status"] == "pass", drift["rebuilt_warn"]
    assert drift["rebuilt_report"] == []
    # everything but the previous-build columns is the first build's
    same = [
        c for c in rebuilt.columns if not c.startswith(("previous_build", "share_change_since_b"))
    ]
    same.remove("centroid_moved_since_previous_fit")
    pd.testing.assert_frame_equal(drift["first"][same], rebuilt[same])


def test_the_same_data_refits_the_same_centroids(drift):
    moved = drift["rebuilt"].loc[
        drift["rebuilt"]["segment"] != "cluster_0",
        ["segmentation", "centroid_moved_since_previous_fit"],
    ]
    clusters = moved[moved["segmentation"] == "cluster"]["centroid_moved_since_previous_fit"]
    assert len(clusters) >= 2 and clusters.notna().all()
    assert (clusters.abs() < 1e-9).all(), clusters
    assert (
        moved[moved["segmentation"] != "cluster"]["centroid_moved_since_previous_fit"].isna().all()
    )
    # the first fit had none to compare with
    assert drift["first"]["centroid_moved_since_previous_fit"].isna().all()


def test_a_seeded_shift_flags_the_segment_and_the_warn_test_names_it(drift):
    shifted, rebuilt = drift["shifted"], drift["rebuilt"]
    segmentation, segment = SHIFTED_SEGMENT
    total = int(shifted.loc[shifted["segmentation"] == segmentation, "customers"].sum())
    movers = len(drift["movers"])
    expected_points = -100 * movers / total
    # the scenario is big enough to cross the default threshold
    assert abs(expected_points) > THRESHOLD_POINTS, (movers, total)

    row = shifted[(shifted["segmentation"] == segmentation) & (shifted["segment"] == segment)].iloc[
        0
    ]
    before = rebuilt[(rebuilt["segmentation"] == segmentation) & (rebuilt["segment"] == segment)]
    assert row["previous_build_number"] == 2
    assert row["previous_build_customers"] == before["customers"].iloc[0]
    assert row["customers"] == row["previous_build_customers"] - movers
    assert math.isclose(row["share_change_since_build"], expected_points, abs_tol=1e-9)
    assert row["is_drifted_since_build"] and row["is_flagged"]

    assert drift["shifted_warn"]["status"] == "warn", drift["shifted_warn"]
    assert drift["shifted_warn"]["failures"] == len(drift["report"])
    named = {(s, seg, compared) for s, seg, compared, *_ in drift["report"]}
    assert (segmentation, segment, "previous build") in named
    reported = next(
        r for r in drift["report"] if r[:3] == (segmentation, segment, "previous build")
    )
    assert reported[3] == "drifted"
    assert reported[4] == round(expected_points, 2)
    assert reported[5:] == (row["previous_build_customers"], row["customers"])


def test_segmentations_that_read_no_orders_do_not_move(drift):
    shifted = drift["shifted"]
    untouched = shifted[shifted["segmentation"].isin(ORDER_FREE)]
    assert set(untouched["segmentation"]) == set(ORDER_FREE)
    assert (untouched["share_change_since_build"] == 0).all()
    assert not untouched["is_flagged"].any()
    assert not {s for s, *_ in drift["report"]} & set(ORDER_FREE)


def test_the_month_end_stays_that_of_the_same_month(drift):
    shifted, rebuilt = drift["shifted"], drift["rebuilt"]
    columns = ["segmentation", "segment", "month_end_customers", "month_end_share"]
    known = rebuilt[rebuilt["month_end_share"].notna()][columns].reset_index(drop=True)
    again = shifted[shifted["month_end_share"].notna()][columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(known, again)
    segmentation, segment = SHIFTED_SEGMENT
    row = shifted[(shifted["segmentation"] == segmentation) & (shifted["segment"] == segment)].iloc[
        0
    ]
    assert math.isclose(
        row["share_change_since_month_end"],
        100 * (row["customer_share"] - row["month_end_share"]),
        abs_tol=1e-9,
    )


def test_the_shift_moves_the_cluster_centroids(drift):
    shifted = drift["shifted"]
    clusters = shifted[(shifted["segmentation"] == "cluster") & (shifted["segment"] != "cluster_0")]
    moved = clusters["centroid_moved_since_previous_fit"]
    assert moved.notna().all() and (moved >= 0).all()
    assert moved.max() > 0.01, moved
