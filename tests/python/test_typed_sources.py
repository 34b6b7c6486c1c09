"""Typed raw columns stay typed, and stage exactly as their text would.

The raw views keep the types a source gives (a Parquet file's TIMESTAMP,
DECIMAL(12,2) and BIGINT columns; a CSV file's text): the base models parse
only text. The same generated data, written once as CSV and once as Parquet,
must give the same staged rows, the same quarantine (reasons and raw
records) and the same field issues, on clean data (every column typed) and
on dirty data (the dirt makes some columns text, others stay typed).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dbt_project_runner import DbtWorkspace

STAGED = {
    "stg_shop__customers": "customer_id",
    "stg_shop__orders": "order_id",
    "stg_shop__order_items": "order_item_id",
    "stg_shop__products": "product_id",
    "stg_shop__web_sessions": "session_id",
    "stg_shop__survey_responses": "response_id",
    "stg_shop__email_events": "event_id",
    "stg_shop__consents": "customer_id, consent_type",
    "stg_shop__social_interactions": "interaction_id",
}

DATASETS = {
    "clean": ("--customers", "300", "--seed", "23"),
    "dirty": ("--customers", "400", "--seed", "29", "--dirt-rate", "0.02"),
}


def build_staging(root: Path, fmt: str, args: tuple[str, ...]) -> DbtWorkspace:
    workspace = DbtWorkspace(root)
    workspace.generate("--format", fmt, *args)
    # staging and the seeds it reads; tests that need later layers are left out
    workspace.dbt("build", "--select", "+staging", "--indirect-selection", "cautious").assert_ok()
    return workspace


@pytest.fixture(scope="module", params=sorted(DATASETS))
def builds(request, tmp_path_factory) -> tuple[DbtWorkspace, DbtWorkspace]:
    args = DATASETS[request.param]
    root = tmp_path_factory.mktemp(f"typed_{request.param}")
    return (
        build_staging(root / "csv", "csv", args),
        build_staging(root / "parquet", "parquet", args),
    )


def raw_types(workspace: DbtWorkspace, table: str) -> dict[str, str]:
    return dict(
        workspace.query(
            "select column_name, data_type from information_schema.columns"
            f" where table_schema = 'main_raw' and table_name = '{table}'"
        )
    )


def test_the_raw_views_keep_the_source_types(builds):
    csv, parquet = builds
    assert set(raw_types(csv, "orders").values()) == {"VARCHAR"}
    # columns that no dirt turns into text
    assert raw_types(parquet, "order_items")["quantity"] == "BIGINT"
    assert raw_types(parquet, "products")["list_price"] == "DECIMAL(12,2)"
    assert raw_types(parquet, "customers")["birth_date"] == "DATE"
    assert raw_types(parquet, "consents")["granted"] == "BOOLEAN"


def test_clean_parquet_timestamps_are_not_parsed_from_text(builds, request):
    _, parquet = builds
    types = raw_types(parquet, "orders")
    if request.node.callspec.params["builds"] == "clean":
        assert types["ordered_at"].startswith("TIMESTAMP")
        assert types["order_total"].startswith("DECIMAL")
    model = "models/staging/shop/base/base_shop__orders.sql"
    compiled = (parquet.root / "target" / "run" / "segmented_customers" / model).read_text()
    renamed = compiled.split("renamed as (", 1)[1].split("normalized as (", 1)[0]
    if types["item_count"] == "BIGINT":
        # a typed column is cast, never trimmed or matched as text
        assert "try_cast(item_count as bigint)" in renamed
        assert "trim(item_count)" not in renamed


@pytest.mark.parametrize("model", sorted(STAGED))
def test_staged_rows_are_equal(builds, model):
    csv, parquet = builds
    sql = f"select * from main_staging.{model} order by {STAGED[model]}"
    rows = csv.query(sql)
    assert rows, f"{model} stages no row: the comparison would prove nothing"
    assert parquet.query(sql) == rows


def test_quarantine_and_field_issues_are_equal(builds, request):
    csv, parquet = builds
    quarantine = """
        select source_table, record_key, customer_id, reason_code, is_data_error,
            raw_record, quarantine_id
        from main_staging.stg_shop__quarantine
        order by source_table, record_key, reason_code, raw_record
    """
    issues = """
        select source_table, record_key, column_name, reason_code
        from main_staging.stg_shop__field_issues
        order by all
    """
    quarantined = csv.query(quarantine)
    if request.node.callspec.params["builds"] == "dirty":
        reasons = {row[3] for row in quarantined}
        assert len(reasons) >= 8, reasons
    assert parquet.query(quarantine) == quarantined
    assert parquet.query(issues) == csv.query(issues)


def write_both(folder: Path, table: str, data: pa.Table) -> None:
    """`data` as <table>.parquet in folder/parquet and, as DuckDB writes it, .csv in folder/csv."""
    for fmt in ("parquet", "csv"):
        (folder / fmt).mkdir(parents=True, exist_ok=True)
    parquet = folder / "parquet" / f"{table}.parquet"
    pq.write_table(data, parquet)
    duckdb.sql(f"copy (select * from read_parquet('{parquet}')) to '{folder / 'csv' / table}.csv'")


def test_typed_values_beyond_range_are_judged_as_their_text(tmp_path):
    """Typed values that do not fit, or break a limit, get the reasons their text gets."""
    money = pa.decimal128(12, 2)
    write_both(
        tmp_path,
        "customers",
        pa.table(
            {
                "customer_id": ["c1", "c2", "c3"],
                # 10^17 does not fit decimal(18, 2); -5 is negative
                "annual_income": pa.array([10**17, -5, 50_000], pa.int64()),
                "household_size": pa.array([2, None, -1], pa.int64()),
                "birth_date": pa.array([dt.date(1980, 1, 2), None, dt.date(1990, 5, 6)]),
                "updated_at": pa.array(
                    [dt.datetime(2025, 1, 1, 9), dt.datetime(2025, 1, 1), None], pa.timestamp("s")
                ),
            }
        ),
    )
    write_both(
        tmp_path,
        "orders",
        pa.table(
            {
                "order_id": ["o1", "o2", "o3", "o4", "o5"],
                "customer_id": ["c1", "c2", "c3", "c1", "c2"],
                "ordered_at": pa.array(
                    [
                        dt.datetime(2025, 3, 1, 10, 30),
                        dt.datetime(2025, 3, 2),
                        None,
                        dt.datetime(2025, 3, 3),
                        dt.datetime(2025, 3, 4),
                    ],
                    pa.timestamp("s"),
                ),
                "order_total": pa.array(
                    [
                        Decimal("10.50"),
                        Decimal("-1.00"),
                        Decimal("5.00"),
                        Decimal("9999999999.99"),
                        Decimal("7.25"),
                    ],
                    money,
                ),
                "item_count": pa.array([10**15, 2, 3, 1, None], pa.int64()),
            }
        ),
    )
    results = {}
    for fmt in ("csv", "parquet"):
        workspace = DbtWorkspace(tmp_path / f"{fmt}_build", raw_source=tmp_path / fmt)
        workspace.root.mkdir()
        # the unit tests assume the default limits: seeds and models only
        workspace.dbt(
            "build",
            "--select",
            "+staging",
            "--resource-type",
            "seed",
            "--resource-type",
            "model",
            "--vars",
            "{max_amount: 1000000000, max_count: 1000000}",
        ).assert_ok()
        results[fmt] = (
            workspace.query(
                "select source_table, record_key, reason_code, raw_record"
                " from main_staging.stg_shop__quarantine order by all"
            ),
            workspace.query("select * from main_staging.stg_shop__field_issues order by all"),
            workspace.query("select * from main_staging.stg_shop__customers order by all"),
            workspace.query("select * from main_staging.stg_shop__orders order by all"),
        )
    quarantine, issues, _, orders = results["csv"]
    assert [row[:3] for row in quarantine] == [
        ("orders", "o2", "negative_amount"),
        ("orders", "o3", "missing_required_value"),
        ("orders", "o4", "out_of_range_amount"),
    ]
    assert issues == [
        ("customers", "c1", "annual_income", "out_of_range_amount"),
        ("customers", "c2", "annual_income", "negative_amount"),
        ("customers", "c3", "household_size", "negative_amount"),
        ("orders", "o1", "item_count", "out_of_range_count"),
    ]
    assert [row[0] for row in orders] == ["o1", "o5"]
    assert results["parquet"] == results["csv"]
