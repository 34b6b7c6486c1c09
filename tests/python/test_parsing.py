"""Parsing raw text in staging: timestamps to UTC, amounts within range.

The macros are compiled by dbt itself (`dbt compile --inline`) and the SQL run
in DuckDB under several session time zones against Python's zoneinfo, so the
UTC value of a timestamp depends only on the text and var source_timezone.
The minimal fixture carries an order total of 9999999999999999.99 and an
annual income of 1e30, which once crashed the build or vanished silently.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import duckdb
import pytest
from dbt_project_runner import DbtWorkspace

pytestmark = pytest.mark.slow

UTC = dt.UTC


def compile_inline(workspace: DbtWorkspace, sql: str, *args: str):
    return workspace.dbt("compile", "--quiet", "--inline", sql, *args)


def naive_values() -> list[str]:
    """Every half hour around the 2024 clock changes of Europe/Berlin and
    America/New_York (gaps and repeated hours), plus ordinary times."""
    days = [
        dt.datetime(2024, 3, 10),
        dt.datetime(2024, 3, 31),
        dt.datetime(2024, 10, 27),
        dt.datetime(2024, 11, 3),
    ]
    values = [
        (day + dt.timedelta(minutes=30 * step)).strftime("%Y-%m-%d %H:%M:%S")
        for day in days
        for step in range(-4, 52)
    ]
    return [*values, "2024-01-15 08:00:00", "2024-07-15T20:15:30", "2024-02-29 23:59:59"]


def expected_utc(text: str, zone: str) -> dt.datetime:
    """Wall-clock time in `zone`, first occurrence when repeated (fold=0), moved
    forward by the gap when skipped (fold=0 takes the offset before it)."""
    local = dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)


def is_skipped_or_repeated(text: str, zone: str) -> bool:
    local = dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))
    return local.replace(fold=0).astimezone(UTC) != local.replace(fold=1).astimezone(UTC)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York"])
def test_naive_timestamps_are_read_in_source_timezone_whatever_the_session_zone(
    tmp_path, minimal, zone
):
    values = naive_values()
    rows = ", ".join(f"('{value}')" for value in values)
    sql = f"select v, {{{{ safe_timestamp('v') }}}} as utc from (values {rows}) as t (v)"
    result = compile_inline(DbtWorkspace(tmp_path), sql, "--vars", f"{{source_timezone: '{zone}'}}")
    result.assert_ok()
    compiled = result.output[result.output.index("select v,") :]
    expected = {value: expected_utc(value, zone) for value in values}
    # the sample has skipped and repeated wall-clock times (fold matters there)
    assert len([value for value in values if is_skipped_or_repeated(value, zone)]) >= 4
    for session_zone in ["UTC", "Asia/Kolkata", "America/Los_Angeles"]:
        with duckdb.connect() as con:
            con.execute(f"set TimeZone = '{session_zone}'")
            actual = dict(con.execute(compiled).fetchall())
        wrong = {v: (actual[v], expected[v]) for v in values if actual[v] != expected[v]}
        assert not wrong, (session_zone, wrong)


def test_offsets_are_applied_whatever_the_session_zone(tmp_path, minimal):
    cases = {
        "2023-10-30 12:49:58-0500": dt.datetime(2023, 10, 30, 17, 49, 58),
        "2024-03-01T11:20:36+02:00": dt.datetime(2024, 3, 1, 9, 20, 36),
        "2024-03-01T11:20:36+02": dt.datetime(2024, 3, 1, 9, 20, 36),
        "2024-03-01T11:20:36Z": dt.datetime(2024, 3, 1, 11, 20, 36),
        "2024-12-31 23:00:00-05:30": dt.datetime(2025, 1, 1, 4, 30),
        # a date alone is that date, in any source zone
        "2024-03-01": dt.datetime(2024, 3, 1),
    }
    rows = ", ".join(f"('{value}')" for value in cases)
    sql = f"select v, {{{{ safe_timestamp('v') }}}} as utc from (values {rows}) as t (v)"
    result = compile_inline(
        DbtWorkspace(tmp_path), sql, "--vars", "{source_timezone: 'Asia/Tokyo'}"
    )
    result.assert_ok()
    compiled = result.output[result.output.index("select v,") :]
    for session_zone in ["UTC", "Pacific/Auckland", "America/Denver"]:
        with duckdb.connect() as con:
            con.execute(f"set TimeZone = '{session_zone}'")
            assert dict(con.execute(compiled).fetchall()) == cases, session_zone


def test_a_misspelt_source_timezone_stops_with_a_clear_message(tmp_path, minimal):
    result = DbtWorkspace(tmp_path).dbt(
        "parse", "--vars", "{source_timezone: Europe/Berln}", raw_data_path=minimal.raw
    )
    assert result.returncode != 0
    assert 'var source_timezone is "Europe/Berln": expected an IANA time zone name' in result.output
    assert "Europe/Berlin" in result.output
    assert "Traceback" not in result.output


def test_range_limits_that_could_overflow_stop_with_a_clear_message(tmp_path, minimal):
    result = DbtWorkspace(tmp_path).dbt(
        "parse",
        "--vars",
        "{max_amount: 1000000000000, max_count: 1000000}",
        raw_data_path=minimal.raw,
    )
    assert result.returncode != 0
    assert "vars max_amount (1000000000000) and max_count (1000000)" in result.output
    assert "their product must stay below 10^16" in result.output
    assert "Traceback" not in result.output


# ------------------------------------------- out-of-range values end to end


def test_an_order_total_too_large_is_quarantined_and_the_build_passes(minimal):
    minimal.result.assert_ok()
    assert minimal.query(
        "select record_key, reason_code, raw_record like '%9999999999999999.99%'"
        " from main_staging.stg_shop__quarantine where source_table = 'orders'"
    ) == [("o5", "out_of_range_amount", True)]
    # the other orders went on to the marts
    assert minimal.query("select count(*) from main_marts.fct_orders") == [(4,)]
    assert minimal.query(
        "select error_rows from main_intermediate.int_data_quality__by_table"
        " where source_table = 'orders'"
    ) == [(1,)]


def test_an_unusable_income_is_counted_at_field_level(minimal):
    assert minimal.query(
        "select annual_income from main_staging.stg_shop__customers where customer_id = 'c1'"
    ) == [(None,)]
    assert minimal.query(
        "select source_table, column_name, reason_code, affected_rows, example_record_key"
        " from main_intermediate.int_data_quality__field_issues order by all"
    ) == [("customers", "annual_income", "out_of_range_amount", 1, "c1")]
