"""An incremental build equals a full refresh on the same data.

Scenario (dirty generated data, Parquet): the first build sees the data
without its last day, and without ten orders (and their lines) of two days
before, which arrive late. With the last day comes a conflicting copy of an
order of a month before, re-sent yesterday: both versions are quarantined
and the customer's later orders are renumbered although none is recent.
The second build sees everything and runs incrementally; a full refresh
on a fresh database sees everything at once. Every table the two can share
must be identical, row for row. Cluster models and segment history are
excluded: they depend on the previous builds by design (stable cluster
ids, snapshot history).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_project_runner import DbtWorkspace

from segdb.benchmark import EVENT_COLUMNS

LATE_ORDERS = 10
# rows that depend on the previous build by design (stable cluster ids)
ROW_FILTERS = {"seg_memberships": "segmentation != 'cluster'"}
# builds that only make tables to compare: no data or unit tests
TABLES_ONLY = ("--exclude", "resource_type:test", "resource_type:unit_test")


def _day(column: str) -> str:
    return f"cast(try_cast({column} as timestamp) as date)"


def _prepare(raw: Path, first: Path, final: Path) -> dict:
    """Write the final data (raw + a conflicting copy) and the first build's data."""
    first.mkdir(parents=True)
    final.mkdir(parents=True)
    con = duckdb.connect()
    orders = f"read_parquet('{raw / 'orders.parquet'}')"
    (last_day,) = con.execute(
        f"select max({_day('ordered_at')}) from {orders}"
        " where try_cast(ordered_at as timestamp) < now()"
    ).fetchone()
    late_day = last_day - dt.timedelta(days=2)
    # late orders that staging accepts (the data is dirty: a late row with a
    # negative total would be quarantined, not late in fct_orders)
    late_ids = [
        row[0]
        for row in con.execute(
            f"select order_id from {orders} where {_day('ordered_at')} = ?"
            " and try_cast(order_total as double) > 0"
            " and coalesce(try_cast(discount_amount as double), 0) >= 0"
            " and customer_id in (select customer_id"
            f" from read_parquet('{raw / 'customers.parquet'}'))"
            f" and order_id in (select order_id from {orders}"
            " group by order_id having count(*) = 1)"
            " order by order_id limit ?",
            [late_day, LATE_ORDERS],
        ).fetchall()
    ]
    assert len(late_ids) == LATE_ORDERS, late_ids
    # an order of a month ago is re-sent yesterday with another total: both
    # versions are quarantined, and its customer's later orders (none in the
    # lookback window) must be renumbered
    conflict_id, conflict_customer = con.execute(
        f"""
        with valid as (
            select order_id, customer_id, {_day("ordered_at")} as day
            from {orders}
            where try_cast(order_total as double) > 0 and order_id is not null
                and order_id in (
                    select order_id from {orders} group by order_id having count(*) = 1
                )
        )
        select old.order_id, old.customer_id
        from valid as old
        where old.day between ? and ?
            and exists (
                select 1 from valid as later
                where later.customer_id = old.customer_id
                    and later.day > old.day and later.day < ?
            )
            and not exists (
                select 1 from {orders} as recent
                where recent.customer_id = old.customer_id
                    and {_day("recent.ordered_at")} >= ?
            )
        order by old.order_id
        limit 1
        """,
        [
            last_day - dt.timedelta(days=60),
            last_day - dt.timedelta(days=30),
            last_day - dt.timedelta(days=5),
            last_day - dt.timedelta(days=5),
        ],
    ).fetchone()
    resent_at = f"{last_day - dt.timedelta(days=1)} 10:00:00"
    for path in sorted(raw.glob("*.parquet")):
        table = path.stem
        source = f"read_parquet('{path}')"
        if table == "orders":
            # the conflicting copy: same key, another total
            con.execute(
                f"copy (select * from {source} union all"
                " select * replace ("
                " cast(try_cast(order_total as double) + 1 as varchar) as order_total,"
                " cast(? as timestamp) as ordered_at)"
                f" from {source} where order_id = ?)"
                f" to '{final / path.name}' (format parquet)",
                [resent_at, conflict_id],
            )
        else:
            con.execute(f"copy (select * from {source}) to '{final / path.name}' (format parquet)")
        if table in EVENT_COLUMNS:
            keep = f"coalesce({_day(EVENT_COLUMNS[table])} < DATE '{last_day}', true)"
            if table == "orders":
                keep += " and order_id not in (select unnest(?::varchar[]))"
        elif table == "order_items":
            keep = (
                f"order_id not in (select order_id from {orders}"
                f" where {_day('ordered_at')} >= DATE '{last_day}')"
                " and order_id not in (select unnest(?::varchar[]))"
            )
        else:
            keep = "true"
        params = [late_ids] if "?" in keep else []
        con.execute(
            f"copy (select * from {source} where {keep}) to '{first / path.name}' (format parquet)",
            params,
        )
    return {
        "last_day": last_day,
        "late_ids": late_ids,
        "conflict_id": conflict_id,
        "conflict_customer": conflict_customer,
    }


def _tables_to_compare(database: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            # views (stg_*) only filter the base tables compared here
            "select schema_name, table_name from duckdb_tables()"
        ).fetchall()
    keep = []
    for schema, name in rows:
        if schema.endswith(("_snapshots", "_raw")) or schema in ("main", "information_schema"):
            continue
        # history follows the builds made (snapshot), clusters the previous
        # fit; seg_segment_names names every code the history has seen
        if (
            "cluster" in name
            or name.endswith("_history")
            or name == "seg_segment_names"
            or (
                schema.endswith("_marts")
                and name not in ("fct_orders", "fct_order_items", "rpt_rfm_grid")
            )
        ):
            continue
        keep.append((schema, name))
    return sorted(keep)


def _differences(a: Path, b: Path) -> dict[str, tuple[int, int]]:
    tables = _tables_to_compare(b)
    assert len(tables) > 25, tables
    con = duckdb.connect()
    con.execute(f"attach '{a}' as a (read_only)")
    con.execute(f"attach '{b}' as b (read_only)")
    out = {}
    for schema, name in tables:
        where = f" where {ROW_FILTERS[name]}" if name in ROW_FILTERS else ""
        one = f"select * from a.{schema}.{name}{where}"
        two = f"select * from b.{schema}.{name}{where}"
        only_a = con.execute(f"select count(*) from ({one} except all {two})").fetchone()[0]
        only_b = con.execute(f"select count(*) from ({two} except all {one})").fetchone()[0]
        if only_a or only_b:
            out[f"{schema}.{name}"] = (only_a, only_b)
    return out


@pytest.fixture(scope="module")
def incremental_pair(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    source = DbtWorkspace(root / "source")
    source.generate(
        "--customers", "800", "--seed", "23", "--dirt-rate", "0.02", "--format", "parquet"
    )
    first, final = root / "first", root / "final"
    scenario = _prepare(source.raw, first, final)
    incremental = DbtWorkspace(root / "incremental")
    full = DbtWorkspace(root / "full")
    # one raw folder whose files are replaced, as a user's daily extracts
    # are: a database stays tied to the raw source it was built from
    shutil.copytree(first, incremental.raw)
    # the first build and the full refresh only make tables to start from and
    # to compare with: no data or unit tests there; the second (incremental)
    # build, whose tables are compared, runs every test
    incremental.first_build = incremental.dbt("build", *TABLES_ONLY)
    shutil.rmtree(incremental.raw)
    shutil.copytree(final, incremental.raw)
    incremental.second_build = incremental.dbt("build")
    full.result = full.dbt("build", *TABLES_ONLY, raw_data_path=final)
    return scenario, incremental, full, final


def test_incremental_rebuild_equals_full_refresh(incremental_pair):
    scenario, incremental, full, _ = incremental_pair
    incremental.first_build.assert_ok()
    incremental.second_build.assert_ok()
    full.result.assert_ok()
    # the second build really took the incremental path (a lookback window)
    compiled = (
        incremental.root
        / "target/compiled/segmented_customers/models/intermediate/int_orders__enriched.sql"
    ).read_text()
    assert "interval" in compiled and "customer_id in" in compiled
    assert _differences(incremental.database, full.database) == {}
    # the scenario did exercise late rows and an invalidated order
    late = "', '".join(scenario["late_ids"])
    assert incremental.query(
        f"select count(*) from main_marts.fct_orders where order_id in ('{late}')"
    ) == [(len(scenario["late_ids"]),)]
    assert incremental.query(
        "select reason_code, count(*) from main_staging.stg_shop__quarantine"
        f" where source_table = 'orders' and record_key = '{scenario['conflict_id']}'"
        " group by reason_code"
    ) == [("conflicting_duplicate", 2)]
    assert incremental.query(
        f"select count(*) from main_marts.fct_orders where order_id = '{scenario['conflict_id']}'"
    ) == [(0,)]
    # its customer's purchases are numbered 1..n again, as in the full refresh
    numbers = incremental.query(
        "select purchase_number from main_marts.fct_orders"
        f" where customer_id = '{scenario['conflict_customer']}' and is_completed"
        " order by purchase_number"
    )
    assert [n for (n,) in numbers] == list(range(1, len(numbers) + 1))


AGGREGATES = (
    "int_customers__order_aggregates",
    "int_customers__email_aggregates",
    "int_customers__session_aggregates",
)


def test_customer_aggregates_after_appended_events_equal_a_full_refresh(incremental_pair):
    """The per-customer aggregates, kept incrementally, equal a full refresh.

    The second build appended a day of events, late orders and a conflicting
    copy that removed an old order: the aggregates recomputed only the
    customers concerned, and every row equals the full refresh's.
    """
    scenario, incremental, full, _ = incremental_pair
    incremental.second_build.assert_ok()
    full.result.assert_ok()
    compiled = incremental.root / "target/compiled/segmented_customers/models/intermediate"
    for name in AGGREGATES:
        sql = (compiled / f"{name}.sql").read_text()
        # the incremental branch: only the changed customers are recomputed
        assert "changed as (" in sql and "full outer join" in sql, name
        assert incremental.query(f"select count(*) from main_intermediate.{name}")[0][0] > 100
    differing = _differences(incremental.database, full.database)
    assert {k: v for k, v in differing.items() if k.split(".")[1] in AGGREGATES} == {}
    # the late orders are counted, the invalidated one is not
    late = "', '".join(scenario["late_ids"])
    counted = incremental.query(
        "select count(*) from main_intermediate.int_customers__order_aggregates as aggregates"
        " where order_count = (select count(*) from main_intermediate.int_orders__enriched"
        " as orders where orders.customer_id = aggregates.customer_id)"
        " and customer_id in (select customer_id from main_intermediate.int_orders__enriched"
        f" where order_id in ('{late}') union select '{scenario['conflict_customer']}')"
    )[0][0]
    customers = incremental.query(
        "select count(distinct customer_id) from main_intermediate.int_orders__enriched"
        f" where order_id in ('{late}') or customer_id = '{scenario['conflict_customer']}'"
    )[0][0]
    assert counted == customers > 1
    # the daily build's tests on the incremental tables checked its batch
    # window, the full build's every row
    assert "Daily batch: tests of" in incremental.second_build.output
    assert "Daily batch" not in full.result.output


def test_incremental_rebuild_at_a_past_as_of_date(incremental_pair):
    """With var as_of_date set, incremental models recompute and drop later rows."""
    scenario, incremental, full, final = incremental_pair
    past = str(scenario["last_day"] - dt.timedelta(days=40))
    variables = "{as_of_date: '" + past + "'}"
    incremental.dbt("build", "--vars", variables).assert_ok()
    full.dbt(
        "build", "--full-refresh", "--vars", variables, *TABLES_ONLY, raw_data_path=final
    ).assert_ok()
    (latest,) = incremental.query("select max(order_date) from main_marts.fct_orders")[0]
    assert latest <= dt.date.fromisoformat(past)
    assert _differences(incremental.database, full.database) == {}
