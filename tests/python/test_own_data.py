"""The README's "Your own data" steps, after the demo, and raw files that are odd.

After the demo the database is tied to the demo's raw folder. A build from
the user's own folder must not mix the two: a plain build stops before
changing anything, naming both sources and the ways forward; the README's
first-time command (`--full-refresh`) starts from scratch, segment history
included; the every-time command then builds incrementally on the own data.
The demo here is the session's `clean` build (600 generated customers),
copied, so no extra demo build is needed.

Each odd raw file (a table given twice, an empty file, a column given twice,
a Latin-1 CSV, no usable order, too many bad rows) stops the run with a
message that names the file or table and the way forward.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from dbt_project_runner import PROJECT_DIR, DbtResult, DbtWorkspace

from segdb import report, sql

OWN_CUSTOMERS = {"own-1", "own-2", "own-3", "own-4"}
# eight usable orders of three customers, all older than the demo's lookback;
# own-4's only order has an amount that cannot be parsed: it is quarantined
OWN_ORDERS = [
    ("so-1", "own-1", "2024-01-05", "10.50"),
    ("so-2", "own-1", "2024-03-01", "99"),
    ("so-3", "own-2", "2024-02-11", "5.25"),
    ("so-4", "own-2", "2024-05-02", "12"),
    ("so-5", "own-3", "2024-04-09", "40"),
    ("so-6", "own-3", "2024-06-10", "41"),
    ("so-7", "own-1", "2024-07-01", "15"),
    ("so-8", "own-3", "2024-07-15", "30"),
    ("so-9", "own-4", "2024-07-20", "12,50 EUR"),
]


def write_own_folder(folder: Path, orders=OWN_ORDERS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {
            "customer_id": sorted(OWN_CUSTOMERS),
            "email": ["ann@example.com", "bob@example.org", "cyd@example.net", "dan@example.com"],
            "first_name": ["Ann", "Bob", "Cyd", "Dan"],
            "country": ["DE", "FR", "GB", "DE"],
        }
    ).to_csv(folder / "customers.csv", index=False)
    pd.DataFrame(orders, columns=["order_id", "customer_id", "ordered_at", "order_total"]).to_csv(
        folder / "orders.csv", index=False
    )
    return folder


def readme_dbt(workspace: DbtWorkspace, *args: str) -> DbtResult:
    """`bash scripts/dbt.sh <args>` as the README writes it, on the workspace's database."""
    completed = subprocess.run(
        [
            "bash",
            "scripts/dbt.sh",
            *args,
            "--target-path",
            str(workspace.root / "target"),
            "--log-path",
            str(workspace.root / "logs"),
        ],
        cwd=PROJECT_DIR,
        env=workspace.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtResult(completed.returncode, completed.stdout + completed.stderr)


@pytest.fixture(scope="module")
def after_demo(clean, tmp_path_factory):
    """The README's steps on a database the demo built: plain, first time, every time."""
    workspace = DbtWorkspace(tmp_path_factory.mktemp("own_data"))
    clean.result.assert_ok()
    shutil.copyfile(clean.database, workspace.database)
    workspace.demo_raw = clean.raw
    own = write_own_folder(workspace.root / "shop")
    own_vars = "{raw_data_path: " + str(own) + "}"
    workspace.before = {
        "orders": workspace.query("select count(*) from main_marts.fct_orders"),
        "snapshot": workspace.query("select count(*) from main_snapshots.snap_customer_segments"),
    }
    workspace.plain_first = readme_dbt(workspace, "build", "--vars", own_vars)
    workspace.after_plain = {
        "orders": workspace.query("select count(*) from main_marts.fct_orders"),
        "snapshot": workspace.query("select count(*) from main_snapshots.snap_customer_segments"),
    }
    workspace.first_time = readme_dbt(workspace, "build", "--full-refresh", "--vars", own_vars)
    workspace.every_time = readme_dbt(workspace, "build", "--vars", own_vars)
    workspace.own = own
    return workspace


def test_build_from_another_source_stops_before_changing_anything(after_demo):
    result = after_demo.plain_first
    assert result.returncode != 0
    message = " ".join(result.output.split())
    assert f"was built from the raw source '{after_demo.demo_raw}'" in message
    assert f"this run reads '{after_demo.own}'" in message
    assert "SEGDB_DUCKDB_PATH" in message and "--full-refresh" in message
    assert "segment history" in message
    # nothing changed: the demo's marts and history are all still there
    assert after_demo.after_plain == after_demo.before


def test_first_time_full_refresh_starts_from_scratch(after_demo):
    after_demo.first_time.assert_ok()
    assert "Raw source changed" in after_demo.first_time.output
    assert "starting from scratch" in after_demo.first_time.output


def test_every_time_build_holds_only_the_own_data(after_demo):
    after_demo.every_time.assert_ok()
    workspace = after_demo
    assert workspace.query("select raw_location, contract_version from main_raw.raw_source") == [
        (str(workspace.own), "2")
    ]
    orders = workspace.query("select order_id from main_marts.fct_orders order by order_id")
    assert [o for (o,) in orders] == [f"so-{i}" for i in range(1, 9)]
    for table in (
        "main_marts.dim_customers",
        "main_snapshots.snap_customer_segments",
        "main_segments.seg_membership_history",
        "main_marts.fct_customer_segments",
    ):
        customers = workspace.query(f"select distinct customer_id from {table}")
        assert {c for (c,) in customers} == OWN_CUSTOMERS, table


def test_customer_with_only_quarantined_orders_is_flagged(after_demo):
    after_demo.every_time.assert_ok()
    rows = after_demo.query(
        "select customer_id, order_count, has_only_quarantined_orders, lifecycle_segment"
        " from main_marts.dim_customers order by customer_id"
    )
    flagged = {c for c, _, flag, _ in rows if flag}
    assert flagged == {"own-4"}
    (dan,) = [r for r in rows if r[0] == "own-4"]
    assert dan[1] == 0  # no usable order: without the flag, a prospect like any other


def test_sql_command_and_summary_show_the_build(after_demo):
    """`uv run segdb sql` opens the database (the duckdb wheel has no shell); the summary."""
    after_demo.every_time.assert_ok()
    out, err = io.StringIO(), io.StringIO()
    query = "select count(*) as own_orders from main_marts.fct_orders"
    assert sql.run(after_demo.database, query, out=out, err=err) == 0, err.getvalue()
    assert "own_orders" in out.getvalue() and "│          8 │" in out.getvalue()
    assert sql.run(after_demo.database, "select nope", out=out, err=err) == 1
    assert "nope" in err.getvalue()
    summary = report.summarize(after_demo.database, after_demo.exports)
    assert f"Built from the raw source {after_demo.own} (contract version 2)" in summary
    assert "email_audiences.csv" in summary and "ad_audiences.csv" in summary
    assert "streamlit run dashboard/app.py" in summary
    assert f"SEGDB_DUCKDB_PATH={after_demo.database}" in summary


# ---- odd raw files: one dbt run each, stopped with a message naming the file


def odd_build(tmp_path: Path, *args: str) -> tuple[DbtWorkspace, str]:
    workspace = DbtWorkspace(tmp_path)
    result = workspace.dbt(*(args or ("build",)))
    assert result.returncode != 0, result.output[-3000:]
    return workspace, " ".join(result.output.split())


def test_table_given_as_csv_and_parquet_stops(tmp_path):
    raw = write_own_folder(tmp_path / "raw")
    pd.read_csv(raw / "customers.csv").to_parquet(raw / "customers.parquet")
    _, message = odd_build(tmp_path)
    assert (
        f"Raw table 'customers' is given twice: {raw}/customers.parquet and {raw}/customers.csv"
        in message
    )


def test_empty_file_stops(tmp_path):
    raw = write_own_folder(tmp_path / "raw")
    (raw / "orders.csv").write_bytes(b"")
    _, message = odd_build(tmp_path)
    assert f"Raw file '{raw}/orders.csv' is empty (0 bytes)" in message
    assert "column0" not in message


def test_column_given_twice_stops(tmp_path):
    raw = write_own_folder(tmp_path / "raw")
    (raw / "orders.csv").write_text(
        "order_id,customer_id,ordered_at,order_total,Order_Total\nso-1,own-1,2024-01-05,10,11\n"
    )
    _, message = odd_build(tmp_path)
    assert f"Raw file '{raw}/orders.csv' has the column 'order_total' twice" in message


def test_latin1_csv_names_the_setting_and_reads_with_it(tmp_path):
    raw = write_own_folder(tmp_path / "raw")
    customers = pd.read_csv(raw / "customers.csv")
    customers.loc[0, "first_name"] = "Müller"
    customers.to_csv(raw / "customers.csv", index=False, encoding="latin-1")
    workspace, message = odd_build(tmp_path)
    assert f"Raw file '{raw}/customers.csv' is not UTF-8" in message
    assert "raw_csv_encoding: latin-1" in message
    workspace.dbt(
        "build",
        "-s",
        "+stg_shop__customers",
        "--indirect-selection",
        "cautious",
        "--vars",
        "{raw_csv_encoding: latin-1}",
    ).assert_ok()
    assert workspace.query(
        "select first_name from main_staging.stg_shop__customers where customer_id = 'own-1'"
    ) == [("Müller",)]


def test_invalid_encoding_setting_stops(tmp_path):
    write_own_folder(tmp_path / "raw")
    _, message = odd_build(tmp_path, "build", "--vars", "{raw_csv_encoding: 'utf-8; drop'}")
    assert 'var raw_csv_encoding is "utf-8; drop": expected an encoding name' in message


def test_header_only_orders_say_no_usable_order(tmp_path):
    raw = write_own_folder(tmp_path / "raw", orders=[])
    assert (raw / "orders.csv").read_text().strip() == "order_id,customer_id,ordered_at,order_total"
    _, message = odd_build(
        tmp_path, "build", "-s", "+int_as_of_date", "--indirect-selection", "cautious"
    )
    assert "No usable order: the raw table orders is empty or every row was quarantined" in message
    # before: the model built a null date and this test failed, unexplained
    assert "Failure in test not_null_int_as_of_date_as_of_date" not in message


def test_quarantine_share_above_threshold_names_tables_and_shares(tmp_path):
    bad = [(f"bad-{i}", "own-1", "2024-01-0{i}", "n/a") for i in range(1, 4)]
    write_own_folder(tmp_path / "raw", orders=OWN_ORDERS[:5] + bad)
    _, message = odd_build(
        tmp_path, "build", "-s", "+int_data_quality__by_table", "--indirect-selection", "cautious"
    )
    # five usable orders and three with an unparseable total: 3 of 8 rows
    assert "Share of bad rows above quarantine_error_share (20.0%): orders 37.5% (3 of 8 rows)" in (
        message
    )
    assert "stg_shop__quarantine" in message


# ---- first-run friction: the shell, the way to open the database


def test_sourcing_setup_keeps_an_interactive_shell_usable(tmp_path):
    """`source scripts/_setup.sh` in a terminal: no strict mode, no cd, no exit on failure."""
    script = (
        f"cd {tmp_path}; source {PROJECT_DIR}/scripts/_setup.sh >/dev/null;"
        ' echo "options=$-"; echo "dir=$PWD"; false; echo "profiles=$DBT_PROFILES_DIR"'
    )
    env = dict(os.environ, SEGDB_UV_GROUPS="--all-groups")
    completed = subprocess.run(
        ["bash", "--norc", "-i", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    lines = dict(line.split("=", 1) for line in completed.stdout.splitlines() if "=" in line)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "e" not in lines["options"] and "u" not in lines["options"]
    assert lines["dir"] == str(tmp_path)
    assert lines["profiles"] == str(PROJECT_DIR)


def test_data_quality_page_lists_every_quarantine_reason():
    import yaml

    models = yaml.safe_load((PROJECT_DIR / "models/staging/shop/_shop__models.yml").read_text())
    reasons = models["x-quarantine-reasons"]
    page = (PROJECT_DIR / "docs/data_quality.md").read_text()
    listed = page[page.index("Quarantine reason codes:") :].split("\n\n")[0]
    assert [r for r in reasons if f"`{r}`" not in listed] == []
