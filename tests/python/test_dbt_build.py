"""End-to-end builds of the dbt project on fixture datasets.

Each scenario generates (or writes) raw data, runs `dbt build` (models, seeds,
unit tests and every data test) on its own DuckDB file, then checks results
that only an end-to-end run can show.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from dbt_project_runner import DbtWorkspace, raw_row_counts

pytestmark = pytest.mark.slow


# ---------------------------------------------------------------- clean data


def test_clean_build_passes_every_test(clean):
    clean.result.assert_ok()
    statuses = Counter(r["status"] for r in clean.run_results())
    assert statuses["fail"] == 0 and statuses["error"] == 0, statuses
    assert statuses["warn"] == 0, [
        r["unique_id"] for r in clean.run_results() if r["status"] == "warn"
    ]
    # the run really ran models, unit tests and data tests
    kinds = Counter(r["unique_id"].split(".")[0] for r in clean.run_results())
    assert kinds["model"] >= 17 and kinds["test"] >= 50 and kinds["unit_test"] >= 4, kinds


def test_clean_data_is_staged_whole(clean):
    assert clean.query("select count(*) from main_staging.stg_shop__quarantine") == [(0,)]
    expected = raw_row_counts(clean.raw)
    for table, rows in expected.items():
        (staged,) = clean.query(f"select count(*) from main_staging.stg_shop__{table}")[0]
        assert staged == rows, table
        assert rows > 0, f"the generator wrote no {table}"


def test_freshness_is_judged_against_the_as_of_date(clean, tmp_path):
    # on a copy of the clean build: dbt opens its database for writing, while
    # other tests (on another xdist worker) read the original
    copy = clean.copy(tmp_path / "freshness")
    # demo data ends in the past; measured against the as-of date it is fresh
    result = copy.dbt("source", "freshness")
    result.assert_ok()
    assert "ERROR STALE" not in result.output and "WARN" not in result.output.upper().replace(
        "WARNING", ""
    )
    # against a much later as-of date the event streams are stale
    late = copy.dbt("source", "freshness", "--vars", "{as_of_date: '2031-01-01'}")
    assert late.returncode != 0
    assert "ERROR STALE freshness of shop.orders" in late.output


# ---------------------------------------------------------------- dirty data


def test_dirty_build_passes(dirty):
    dirty.result.assert_ok()


def test_quarantine_counts_equal_what_the_generator_injected(dirty):
    found = {
        (table, reason): rows
        for table, reason, rows in dirty.query(
            """
            select source_table, reason_code, count(*)
            from main_staging.stg_shop__quarantine
            group by all
            """
        )
    }
    expected = {
        (table, reason): rows
        for table, reasons in dirty.manifest["quarantine"].items()
        for reason, rows in reasons.items()
        if rows
    }
    assert expected, "the dirty dataset should contain dirt"
    assert found == expected


def test_every_raw_row_is_staged_or_quarantined(dirty):
    raw = raw_row_counts(dirty.raw)
    accounted = dict(
        dirty.query(
            "select source_table, raw_rows from main_intermediate.int_data_quality__by_table"
        )
    )
    assert accounted == raw


def test_normalisation_counts(dirty):
    normalised = dirty.manifest["normalised"]["customers"]
    (invalid_emails,) = dirty.query(
        "select count(*) from main_staging.stg_shop__customers_checked"
        " where email_status = 'invalid'"
    )[0]
    assert invalid_emails == normalised["invalid_email"]
    # mixed case and padded emails come out lower-case and trimmed
    assert dirty.query(
        """
        select count(*) from main_staging.stg_shop__customers
        where email != lower(trim(email))
        """
    ) == [(0,)]
    # country names and aliases are all recognised
    assert dirty.query(
        "select count(*) from main_staging.stg_shop__customers"
        " where country_status = 'unrecognized'"
    ) == [(0,)]
    # every phone that is present in a known country is normalised to E.164
    (valid, present) = dirty.query(
        """
        select count(*) filter (where phone_status = 'valid'),
               count(*) filter (where phone_status != 'missing')
        from main_staging.stg_shop__customers
        """
    )[0]
    assert present > 0 and valid / present > 0.95
    # every export spelling of a social platform ('IG', 'twitter') maps to a platform
    variants = dirty.manifest["normalised"]["social_interactions"]["platform_variant"]
    assert variants > 0
    assert dirty.query(
        "select count(*) from main_staging.stg_shop__social_interactions"
        " where platform in ('other', 'unknown')"
    ) == [(0,)]


# ---------------------------------------------------------------- minimal data


def test_minimal_dataset_builds(minimal):
    minimal.result.assert_ok()
    assert minimal.query("select count(*) from main_staging.stg_shop__orders") == [(4,)]
    assert minimal.query(
        "select customer_id, email, country_code from main_staging.stg_shop__customers order by 1"
    ) == [("c1", "ann@example.com", "DE"), ("c2", None, "FR"), ("c3", "bob@example.org", None)]
    for table in [
        "order_items",
        "products",
        "web_sessions",
        "email_events",
        "consents",
        "social_interactions",
    ]:
        assert minimal.query(f"select count(*) from main_staging.stg_shop__{table}") == [(0,)]
    # absent columns are null, defaults apply
    assert minimal.query(
        "select distinct status, currency, channel from main_staging.stg_shop__orders"
    ) == [("completed", "EUR", "unknown")]


# ---------------------------------------------------------------- bad input
def test_missing_required_column_stops_with_a_clear_message(tmp_path):
    workspace = DbtWorkspace(tmp_path)
    workspace.raw.mkdir()
    pd.DataFrame({"customer_id": ["c1"]}).to_csv(workspace.raw / "customers.csv", index=False)
    pd.DataFrame({"order_id": ["o1"], "customer_id": ["c1"], "ordered_at": ["2025-01-01"]}).to_csv(
        workspace.raw / "orders.csv", index=False
    )
    result = workspace.dbt("build")
    assert result.returncode != 0
    assert "Raw table 'orders' is missing the required column 'order_total'" in result.output
    assert "Traceback" not in result.output


def test_missing_required_table_stops_with_a_clear_message(tmp_path):
    workspace = DbtWorkspace(tmp_path)
    workspace.raw.mkdir()
    pd.DataFrame({"customer_id": ["c1"]}).to_csv(workspace.raw / "customers.csv", index=False)
    result = workspace.dbt("build")
    assert result.returncode != 0
    assert "Raw table 'orders' is required but was not found" in result.output
    assert str(workspace.raw) in result.output


def test_parquet_input_with_other_header_case_and_extra_columns(tmp_path):
    workspace = DbtWorkspace(tmp_path)
    workspace.raw.mkdir()
    pd.DataFrame(
        {"Customer_ID": ["c1", "c2"], "EMAIL": [" X@Y.COM ", "bad@"], "loyalty_tier": ["a", "b"]}
    ).to_parquet(workspace.raw / "customers.parquet")
    pd.DataFrame(
        {
            "ORDER_ID": ["o1", "o2"],
            "Customer_Id": ["c1", "c2"],
            "Ordered_At": pd.to_datetime(["2025-01-01 09:00", "2025-01-02 00:00"]),
            "Order_Total": [10.0, 20.5],
            "warehouse_note": ["x", "y"],
        }
    ).to_parquet(workspace.raw / "orders.parquet")
    workspace.dbt("build").assert_ok()
    assert workspace.query(
        "select customer_id, email, email_status from main_staging.stg_shop__customers order by 1"
    ) == [("c1", "x@y.com", "valid"), ("c2", None, "invalid")]
    assert workspace.query(
        "select order_id, cast(order_total as double) from main_staging.stg_shop__orders order by 1"
    ) == [("o1", 10.0), ("o2", 20.5)]


def test_minimal_dataset_gives_every_customer_every_segmentation(minimal):
    segments = dict(
        minimal.query(
            """
            select segmentation, string_agg(distinct segment, ',')
            from main_marts.fct_customer_segments group by segmentation
            """
        )
    )
    # thirteen segmentations (shopping_time and social with issue 15,
    # predicted_value with issue 14)
    assert len(segments) == 13
    # the segmentations that need absent tables come out unknown
    for segmentation in ["psychographic", "technographic", "engagement", "demographic", "social"]:
        assert segments[segmentation] == "unknown", segmentation
    # three buyers are too few to cluster: one cluster, recorded as such
    assert segments["cluster"] == "cluster_1"
    assert minimal.query(
        "select k, selection like 'too few customers%' from main_segments.seg_cluster_k_selection"
    ) == [(1, True)]
    assert minimal.query("select count(*) from main_marts.dim_customers") == [(3,)]
    # no email events: no send hour for anyone, and the reason says why
    assert minimal.query(
        "select best_send_hour, best_send_hour_reason, count(*)"
        " from main_marts.dim_customers group by all"
    ) == [(None, "no_email_data", 3)]
