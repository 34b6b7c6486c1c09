"""The benchmark's own logic: the day it holds back, and how it reports."""

from __future__ import annotations

import duckdb
import pytest

from segdb.benchmark import BuildMeasure, ScaleResult, format_table, layer_of, split_last_day
from segdb.generator import GeneratorConfig, generate


@pytest.fixture(scope="module")
def small_parquet(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench_data")
    generate(GeneratorConfig(customers=300, seed=5, out=out, fmt="parquet"))
    return out / "raw"


def _count(path, where="true"):
    return duckdb.sql(f"select count(*) from read_parquet('{path}') where {where}").fetchone()[0]


def test_split_last_day_holds_back_one_day_and_its_order_lines(small_parquet, tmp_path):
    base = tmp_path / "base"
    last_day, new_rows = split_last_day(small_parquet, base)
    held_back = 0
    for path in small_parquet.glob("*.parquet"):
        held_back += _count(path) - _count(base / path.name)
    assert new_rows == held_back > 0
    day = f"cast(try_cast(ordered_at as timestamp) as date) = DATE '{last_day}'"
    assert _count(small_parquet / "orders.parquet", day) > 0
    assert _count(base / "orders.parquet", day) == 0
    # an order line stays exactly when its order stays
    items = f"read_parquet('{base / 'order_items.parquet'}')"
    kept_orders = f"read_parquet('{base / 'orders.parquet'}')"
    all_orders = f"read_parquet('{small_parquet / 'orders.parquet'}')"
    orphans = duckdb.sql(
        f"select count(*) from {items}"
        f" where order_id not in (select order_id from {kept_orders})"
        f" and order_id in (select order_id from {all_orders})"
    ).fetchone()[0]
    assert orphans == 0
    # tables without event time are kept whole
    assert _count(base / "customers.parquet") == _count(small_parquet / "customers.parquet")


def test_layer_of_maps_nodes_to_the_project_layers():
    assert layer_of("model.p.base_shop__orders", "models/staging/shop/base/x.sql") == "staging"
    assert layer_of("model.p.dim_customers", "models/marts/dim_customers.sql") == "marts"
    assert layer_of("test.p.unique_x", "models/marts/_marts__models.yml") == "tests"
    assert layer_of("unit_test.p.m.t", "") == "unit tests"
    assert layer_of("snapshot.p.s", "snapshots/s.yml") == "snapshots"


def _measure(seconds: float, peak: float) -> BuildMeasure:
    return BuildMeasure(
        seconds=seconds,
        peak_rss_mb=peak,
        layer_seconds={"staging": seconds / 2},
        slowest=[("base_shop__orders", seconds / 4)],
        nodes=10,
        ok=True,
        load_average=1.5,
    )


def test_format_table_reports_shares_and_the_highest_peak():
    result = ScaleResult(
        customers=1000,
        raw_rows=50_000,
        generate_seconds=1.0,
        floor_seconds=0.5,
        full=_measure(100.0, 900.0),
        incremental=_measure(40.0, 1200.0),
        daily=_measure(25.0, 800.0),
        new_day_rows=100,
    )
    assert result.incremental_share == pytest.approx(0.4)
    assert result.daily_share == pytest.approx(0.25)
    assert result.peak_rss_mb == 1200.0
    assert result.rows_per_second == pytest.approx(500.0)
    table = format_table([result])
    row = table.splitlines()[2].split()
    assert row[:5] == ["1,000", "50,000", "0.5", "100.0", "500"]
    assert row[5:] == ["1,200", "40.0", "40%", "25.0", "25%"]
    assert "daily rebuild (load average 1.5" in table
