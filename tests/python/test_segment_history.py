"""Segment history over two builds of a hand-made shop.

Build 1 (as of 2025-06-30) rebuilds three month-ends from the orders alone;
build 2 (as of 2025-07-31, after a new order for c1 and a new customer c4)
adds what the snapshot recorded. RFM is scored with the fixed cut points
(var rfm_scoring: thresholds), so every customer's segment depends on their
own orders only and the expected transitions are computed by hand below.

RFM cut points (defaults): R = 1 + [recency <= 365, 180, 90, 30 days],
F = 1 + [purchases > 1, 2, 4, 8], M = 1 + [revenue > 50, 150, 400, 1000].
Lifecycle (defaults): new within 90 days of the first purchase; a single
purchase assumes a 90-day gap, so at risk after 180 days, lapsed after 360.

c1 (signed up 2024-01-01) bought 100 on 2024-12-15 and 100 on 2025-06-20:
  03-31/04-30/05-31 recency 106/136/167 days, F=1, M=2 -> R3 F1 M2 about_to_sleep
  06-30 recency 10, two purchases, 200 -> R5 F2 M3 potential_loyalists
  07-31 (+100 on 07-25) recency 6, 3 purchases, 300 -> R5 F3 M3 potential_loyalists
  lifecycle active throughout (silent at most 167 days < 180).
c2 (signed up 2025-01-01) bought 60 on 2025-04-10 only:
  03-31 no purchase: unknown / prospect
  04-30 recency 20 -> R5 F1 M2 new_customers; lifecycle new (20 days)
  05-31 recency 51 -> R4 F1 M2 promising; new
  06-30 recency 81 -> promising; new (81 days)
  07-31 recency 112 -> R3 F1 M2 about_to_sleep; 112 days > 90: active
c3 (signed up 2025-05-15) never buys: unknown / prospect from 05-31 on.
c4 (signed up 2025-07-10, bought 30 on 07-12) appears in build 2 only:
  its first state is no transition.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from dbt_project_runner import DbtWorkspace

pytestmark = pytest.mark.slow

D = dt.date.fromisoformat
MAR, APR, MAY, JUN, JUL = (D(f"2025-{m}") for m in ["03-31", "04-30", "05-31", "06-30", "07-31"])
VARS = "rfm_scoring: thresholds, history_months: 3"

# customer, segmentation, from, to, from_as_of_date, changed_at, source
TRANSITIONS_BUILD_1 = {
    ("c1", "rfm", "about_to_sleep", "potential_loyalists", MAY, JUN, "reconstructed"),
    ("c2", "rfm", "unknown", "new_customers", MAR, APR, "reconstructed"),
    ("c2", "rfm", "new_customers", "promising", APR, MAY, "reconstructed"),
    ("c2", "lifecycle", "prospect", "new", MAR, APR, "reconstructed"),
}
TRANSITIONS_BUILD_2 = TRANSITIONS_BUILD_1 | {
    ("c2", "rfm", "promising", "about_to_sleep", JUN, JUL, "snapshot"),
    ("c2", "lifecycle", "new", "active", JUN, JUL, "snapshot"),
}

TRANSITIONS_SQL = """
    select customer_id, segmentation, from_segment, to_segment, from_as_of_date,
           changed_at, source
    from main_marts.fct_segment_transitions
"""


def write_shop(workspace: DbtWorkspace, customers: list[tuple], orders: list[tuple]) -> None:
    workspace.raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(customers, columns=["customer_id", "signup_at"]).to_csv(
        workspace.raw / "customers.csv", index=False
    )
    pd.DataFrame(orders, columns=["order_id", "customer_id", "ordered_at", "order_total"]).to_csv(
        workspace.raw / "orders.csv", index=False
    )


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> dict:
    workspace = DbtWorkspace(tmp_path_factory.mktemp("history"))
    customers = [("c1", "2024-01-01"), ("c2", "2025-01-01"), ("c3", "2025-05-15")]
    orders = [
        ("o1", "c1", "2024-12-15", "100"),
        ("o2", "c1", "2025-06-20", "100"),
        ("o3", "c2", "2025-04-10", "60"),
    ]
    write_shop(workspace, customers, orders)
    workspace.dbt("build", "--vars", f"{{{VARS}, as_of_date: '2025-06-30'}}").assert_ok()
    first = {
        "transitions": set(workspace.query(TRANSITIONS_SQL)),
        "segments": dict(
            ((c, s), seg)
            for c, s, seg in workspace.query(
                "select customer_id, segmentation, segment from main_marts.fct_customer_segments"
            )
        ),
    }

    write_shop(
        workspace,
        [*customers, ("c4", "2025-07-10")],
        [*orders, ("o4", "c1", "2025-07-25", "100"), ("o5", "c4", "2025-07-12", "30")],
    )
    workspace.dbt(
        "build",
        "--vars",
        f"{{{VARS}, as_of_date: '2025-07-31', migration_from_date: '2025-04-30'}}",
    ).assert_ok()
    return {"workspace": workspace, "first": first}


def test_first_build_shows_the_reconstructed_months(history):
    assert history["first"]["transitions"] == TRANSITIONS_BUILD_1


def test_second_build_adds_exactly_the_recorded_changes(history):
    workspace = history["workspace"]
    found = {row for row in workspace.query(TRANSITIONS_SQL) if row[1] in ("rfm", "lifecycle")}
    assert found == TRANSITIONS_BUILD_2


def test_other_segmentations_change_only_where_the_segment_changed(history):
    """A snapshot transition for each (customer, segmentation) whose segment differs between
    the two builds' fct_customer_segments, dated at build 2's as-of date, and no other."""
    workspace = history["workspace"]
    before = history["first"]["segments"]
    after = dict(
        ((c, s), seg)
        for c, s, seg in workspace.query(
            "select customer_id, segmentation, segment from main_marts.fct_customer_segments"
        )
    )
    expected = {
        (c, s, before[c, s], after[c, s], JUN, JUL, "snapshot")
        for (c, s) in before
        if before[c, s] != after[c, s]
    }
    found = {row for row in workspace.query(TRANSITIONS_SQL) if row[6] == "snapshot"}
    assert found == expected
    assert {(c, s) for c, s, *_ in expected} >= {("c2", "rfm"), ("c2", "lifecycle")}


def test_snapshot_recorded_both_builds_and_history_does_not_overlap(history):
    workspace = history["workspace"]
    assert workspace.query(
        """
        select as_of_date, source, count(*)
        from main_segments.seg_membership_history
        where segmentation = 'rfm'
        group by all order by all
        """
    ) == [
        (D("2025-03-31"), "reconstructed", 2),  # c1, c2 (c3 signed up later)
        (D("2025-04-30"), "reconstructed", 2),
        (D("2025-05-31"), "reconstructed", 3),
        (D("2025-06-30"), "snapshot", 3),  # build 1 recorded c1, c2, c3
        (D("2025-07-31"), "snapshot", 4),  # build 2 sees c1-c4 (it recorded c2's change, c4)
    ]
    assert workspace.query(
        """
        select as_of_date, count(*) from main_snapshots.snap_customer_segments
        where segmentation = 'rfm' group by all order by all
        """
    ) == [(D("2025-06-30"), 3), (D("2025-07-31"), 2)]


def test_migration_matrix_for_a_chosen_period(history):
    workspace = history["workspace"]
    rows = workspace.query(
        """
        select from_segment, to_segment, from_date, to_date, customers, share_of_from_segment
        from main_marts.rpt_segment_migration
        where segmentation = 'rfm'
        order by from_segment, to_segment
        """
    )
    period = (D("2025-04-30"), D("2025-07-31"))
    assert rows == [
        ("(none)", "new_customers", *period, 1, 0.5),  # c4 was no customer on 04-30
        ("(none)", "unknown", *period, 1, 0.5),  # nor was c3
        ("about_to_sleep", "potential_loyalists", *period, 1, 1.0),  # c1
        ("new_customers", "about_to_sleep", *period, 1, 1.0),  # c2
    ]
