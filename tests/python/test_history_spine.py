"""The segment history's date spine builds incrementally, by state date.

A hand-made shop is built at the as-of date 2025-06-30 (history_months 3:
month-ends 2025-03-31, 04-30 and 05-31, and the as-of date). Then:

1. the same data again: no past month-end is recomputed (their
   computed_in_run stays that of the first build), only the as-of date;
2. a late order dated 2025-05-20 arrives: the month-end after it (05-31) is
   recomputed and no other past month-end (03-31 and 04-30 are dated before
   it); the change detection recomputes from 05-31 on only;
3. a full refresh of the same database on the same data gives the same rows
   in the spine, the change detection and the history marts as the
   incremental builds did (the run numbers aside).

The late order is within the base models' lookback window (var
incremental_lookback_days: 60), so staging picks it up incrementally.

RFM is scored with the fixed cut points (var rfm_scoring: thresholds), so
c2's scores follow from its own orders (cut points: R = 1 + [recency <= 365,
180, 90, 30 days], F = 1 + [purchases > 1, 2, 4, 8], M = 1 + [revenue > 50,
150, 400, 1000]): on 04-30 one purchase of 60, 20 days before, R5 F1 M2;
on 05-31, with the late order, two purchases, 100, the last 11 days
before, R5 F2 M2; on 06-30 the same 41 days after, R4 F2 M2.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from dbt_project_runner import DbtWorkspace

pytestmark = pytest.mark.slow

D = dt.date.fromisoformat
MONTH_ENDS = [D("2025-03-31"), D("2025-04-30"), D("2025-05-31")]
AS_OF = D("2025-06-30")
VARS = (
    "{rfm_scoring: thresholds, history_months: 3, as_of_date: '2025-06-30',"
    " incremental_lookback_days: 60}"
)
# only what the history needs, tables only: the fixture builds run the tests
BUILD = (
    "build",
    "--select",
    "+fct_segment_transitions",
    "+rpt_segment_migration",
    "--exclude",
    "resource_type:test",
    "resource_type:unit_test",
    "--vars",
    VARS,
)
CUSTOMERS = [("c1", "2024-01-01"), ("c2", "2025-01-01"), ("c3", "2025-05-15")]
ORDERS = [
    ("o1", "c1", "2024-12-15", "100"),
    ("o2", "c1", "2025-06-20", "100"),
    ("o3", "c2", "2025-04-10", "60"),
]
LATE_ORDER = ("o9", "c2", "2025-05-20", "40")
SPINE = "main_segments.seg_rfm_lifecycle_history"
CHANGES = "main_segments.seg_segment_change_history"
# the tables the history consists of, compared row for row without run numbers
COMPARED = {
    SPINE: "customer_id, as_of_date, is_as_of_date, recency_days, monetary, r_score,"
    " f_score, m_score, frequency, rfm_code, rfm_segment, rfm_segment_reason,"
    " days_since_last_order, expected_gap_days, at_risk_after_days, lapsed_after_days,"
    " lifecycle_segment, lifecycle_segment_reason, inputs_hash",
    CHANGES: "customer_id, segmentation, segment, as_of_date, source, previous_segment,"
    " previous_as_of_date, previous_source",
    "main_marts.fct_segment_transitions": "*",
    "main_marts.rpt_segment_migration": "*",
    "main_segments.seg_rfm": "*",
    "main_segments.seg_lifecycle": "*",
}


def write_shop(workspace: DbtWorkspace, orders: list[tuple]) -> None:
    workspace.raw.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(CUSTOMERS, columns=["customer_id", "signup_at"]).to_csv(
        workspace.raw / "customers.csv", index=False
    )
    pd.DataFrame(orders, columns=["order_id", "customer_id", "ordered_at", "order_total"]).to_csv(
        workspace.raw / "orders.csv", index=False
    )


def computed_in(workspace: DbtWorkspace, table: str = SPINE) -> dict:
    """The run that last computed each state date (spine) or as-of date (changes)."""
    run = "computed_in_run" if table == SPINE else "run_number"
    return dict(workspace.query(f"select as_of_date, max({run}) from {table} group by as_of_date"))


def rows(workspace: DbtWorkspace) -> dict[str, list[tuple]]:
    found = {}
    for table, columns in COMPARED.items():
        found[table] = sorted(
            workspace.query(f"select {columns} from {table}"),
            key=lambda row: tuple((value is None, str(value)) for value in row),
        )
    return found


@pytest.fixture(scope="module")
def spine(tmp_path_factory) -> dict:
    workspace = DbtWorkspace(tmp_path_factory.mktemp("spine"))
    write_shop(workspace, ORDERS)
    workspace.dbt(*BUILD).assert_ok()
    first = computed_in(workspace)
    first_changes = computed_in(workspace, CHANGES)

    workspace.dbt(*BUILD).assert_ok()
    unchanged = computed_in(workspace)
    unchanged_changes = computed_in(workspace, CHANGES)

    write_shop(workspace, [*ORDERS, LATE_ORDER])
    workspace.dbt(*BUILD).assert_ok()
    late = computed_in(workspace)
    late_changes = computed_in(workspace, CHANGES)
    incremental = rows(workspace)

    refreshed = workspace.copy(workspace.root.parent / "spine_full_refresh")
    refreshed.dbt(*BUILD, "--full-refresh").assert_ok()
    return {
        "workspace": workspace,
        "first": first,
        "first_changes": first_changes,
        "unchanged": unchanged,
        "unchanged_changes": unchanged_changes,
        "late": late,
        "late_changes": late_changes,
        "incremental": incremental,
        "full_refresh": rows(refreshed),
    }


def test_the_spine_holds_the_month_ends_and_the_as_of_date(spine):
    assert sorted(spine["first"]) == [*MONTH_ENDS, AS_OF]


def test_an_unchanged_rebuild_recomputes_no_past_month_end(spine):
    first, unchanged = spine["first"], spine["unchanged"]
    assert sorted(unchanged) == sorted(first)
    assert {d: unchanged[d] for d in MONTH_ENDS} == {d: first[d] for d in MONTH_ENDS}
    # the as-of date is recomputed on every run
    assert unchanged[AS_OF] > first[AS_OF]
    # the change detection only redoes the as-of date
    before = {d: t for d, t in spine["first_changes"].items() if d < AS_OF}
    assert {d: t for d, t in spine["unchanged_changes"].items() if d < AS_OF} == before


def test_a_late_row_recomputes_the_month_end_after_it_only(spine):
    unchanged, late = spine["unchanged"], spine["late"]
    assert sorted(late) == sorted(unchanged)
    may = D("2025-05-31")
    assert late[may] > unchanged[may]
    assert {d: late[d] for d in MONTH_ENDS if d < may} == {
        d: unchanged[d] for d in MONTH_ENDS if d < may
    }
    # the change detection keeps the changes before the recomputed month-end
    assert {d: t for d, t in spine["late_changes"].items() if d < may} == {
        d: t for d, t in spine["unchanged_changes"].items() if d < may
    }
    workspace = spine["workspace"]
    assert workspace.query(
        f"select as_of_date, frequency, monetary, rfm_segment_reason from {SPINE}"
        " where customer_id = 'c2' and as_of_date >= '2025-04-30' order by as_of_date"
    ) == [
        (D("2025-04-30"), 1, 60, "R=5, F=1, M=2"),
        (D("2025-05-31"), 2, 100, "R=5, F=2, M=2"),
        (AS_OF, 2, 100, "R=4, F=2, M=2"),
    ]


def test_incremental_result_equals_full_refresh(spine):
    incremental, full = spine["incremental"], spine["full_refresh"]
    assert incremental[SPINE], "the spine is empty"
    assert incremental[CHANGES], "no change detected"
    for table in COMPARED:
        assert incremental[table] == full[table], table
