"""The Streamlit dashboard on the marts (dashboard/app.py).

Every page is rendered with Streamlit's testing API against the serving
file the `clean` fixture build published, and compared with the marts of the
build's own database; the messages for a missing database, a database locked
by a writer and a missing mart are checked on real files; the dashboard must
hold no connection once a page is drawn, so it never keeps reading a replaced
build nor locks out a writer. Finally a real headless Chromium (the
machine's Debian package, never a downloaded one) loads every page from a
`streamlit run` server and saves a screenshot of each to target/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import socket
import string
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dbt_project_runner import PROJECT_DIR
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow

APP = PROJECT_DIR / "dashboard" / "app.py"
SCREENSHOTS = PROJECT_DIR / "target" / "screenshots"
# page file stem (also its URL path) -> its title
PAGES = {
    "overview": "Segment overview",
    "rfm_heatmap": "RFM heatmap",
    "clusters": "Cluster profiles",
    "transitions": "Segment transitions",
    "audiences": "Audiences",
    "customer_value": "Customer value",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Holds a read-write connection, like a SQL client writing to the file, until stdin closes.
HOLD_WRITE_LOCK = textwrap.dedent(
    """
    import sys
    import duckdb
    connection = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    sys.stdin.read()
    connection.close()
    """
)


def open_page(page: str, database: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Run the app on `database` and show `page`, as a browser session would."""
    monkeypatch.setenv("SEGDB_SERVING_PATH", str(database))
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == PAGES[page]
    return app


def metric(app: AppTest, label: str) -> str:
    values = [m.value for m in app.metric if m.label == label]
    assert len(values) == 1, [m.label for m in app.metric]
    return values[0]


def charts(app: AppTest) -> list:
    return list(app.get("vega_lite_chart"))


def copy_database(clean, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(clean.serving, copy)
    return copy


def can_take_write_lock(database: Path) -> subprocess.CompletedProcess:
    """What `dbt build` does first: open the file read-write, in another process."""
    return subprocess.run(
        [sys.executable, "-c", f"import duckdb; duckdb.connect({str(database)!r}).close()"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


# ---- every page on the fixture database


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_charts_and_tables_without_errors(clean, page, monkeypatch):
    app = open_page(page, clean.serving, monkeypatch)
    assert not app.error, [e.value for e in app.error]
    assert not app.warning, [w.value for w in app.warning]
    assert charts(app), "no chart"
    assert app.dataframe, "no table"
    assert all(len(frame.value) > 0 for frame in app.dataframe)


def test_overview_totals_are_the_marts(clean, monkeypatch):
    app = open_page("overview", clean.serving, monkeypatch)
    ((customers,),) = clean.query("select count(*) from main_marts.dim_customers")
    ((revenue,),) = clean.query("select sum(completed_revenue) from main_marts.dim_customers")
    assert metric(app, "Customers") == f"{customers:,}"
    assert metric(app, "Revenue") == f"{float(revenue):,.0f}"
    rfm = clean.query(
        """
        select segment_name, customers from main_marts.rpt_segment_summary
        where segmentation = 'rfm'
        """
    )
    table = app.dataframe[0].value
    assert dict(zip(table["segment_name"], table["customers"], strict=True)) == dict(rfm)
    assert metric(app, "Segments") == str(len(rfm))


def test_segmentation_filter_switches_the_overview(clean, monkeypatch):
    app = open_page("overview", clean.serving, monkeypatch)
    assert app.selectbox(key="segmentation").value == "rfm"
    rfm_segments = set(app.dataframe[0].value["segment_name"])

    app.selectbox(key="segmentation").set_value("lifecycle").run()

    assert not app.exception
    lifecycle = clean.query(
        """
        select segment_name, customers from main_marts.rpt_segment_summary
        where segmentation = 'lifecycle'
        """
    )
    table = app.dataframe[0].value
    assert dict(zip(table["segment_name"], table["customers"], strict=True)) == dict(lifecycle)
    assert set(table["segment_name"]) != rfm_segments
    assert metric(app, "Segments") == str(len(lifecycle))


def test_overview_shows_the_drift_report(clean, monkeypatch):
    """The clean build is a first build: nothing to compare with, nothing flagged."""
    app = open_page("overview", clean.serving, monkeypatch)
    drift = clean.query(
        """
        select segment_name, customers, month_end_share, is_flagged
        from main_marts.rpt_segment_drift where segmentation = 'rfm'
        """
    )
    assert drift and not any(flagged for *_, flagged in drift)
    # after the segments' table
    table = app.dataframe[1].value
    assert dict(zip(table["segment_name"], table["customers"], strict=True)) == {
        name: customers for name, customers, *_ in drift
    }
    assert table["previous_build_share"].isna().all()
    assert table["month_end_share"].notna().all()
    assert (table["flags"] == "").all()
    assert [s.value for s in app.success] == ["No segment drifted."]


def test_overview_names_the_drifted_segments(clean, tmp_path, monkeypatch):
    database = copy_database(clean, tmp_path)
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            """
            update main_marts.rpt_segment_drift
            set previous_build_share = customer_share - 0.075,
                share_change_since_build = 7.5,
                is_drifted_since_build = true, is_flagged = true
            where segmentation = 'rfm' and segment = 'champions'
            """
        )
        connection.execute(
            """
            update main_marts.rpt_segment_drift
            set month_end_customers = 0, month_end_share = 0,
                appeared_since_month_end = true, is_flagged = true
            where segmentation = 'lifecycle' and segment = 'new'
            """
        )
    app = open_page("overview", database, monkeypatch)
    assert [w.value for w in app.warning] == [
        "1 segment drifted: **Champions** (share +7.5 pts since the previous build)"
    ]
    ((lifecycle, new),) = clean.query(
        """
        select segmentations.segmentation_name, drift.segment_name
        from main_marts.rpt_segment_drift as drift
        inner join main_reference.segmentations as segmentations
            on drift.segmentation = segmentations.segmentation
        where drift.segmentation = 'lifecycle' and drift.segment = 'new'
        """
    )
    assert [i.value for i in app.info] == [f"Drifted in other segmentations: {lifecycle}: {new}"]
    shown = app.dataframe[1].value
    flags = dict(zip(shown["segment_name"], shown["flags"], strict=True))
    assert flags["Champions"] == "share +7.5 pts since the previous build"

    app.selectbox(key="segmentation").set_value("lifecycle").run()
    assert [w.value for w in app.warning] == [
        f"1 segment drifted: **{new}** (appeared since the month-end)"
    ]


def test_segmentation_is_kept_across_pages(clean, monkeypatch):
    app = open_page("overview", clean.serving, monkeypatch)
    app.selectbox(key="segmentation").set_value("lifecycle").run()
    # a page without the filter, then one with it again
    app.switch_page("views/rfm_heatmap.py").run()
    assert not app.selectbox
    app.switch_page("views/transitions.py").run()

    assert not app.exception
    assert app.selectbox(key="segmentation").value == "lifecycle"
    ((lifecycle_customers,),) = clean.query(
        """
        select sum(customers) from main_marts.rpt_segment_migration
        where segmentation = 'lifecycle'
        """
    )
    assert metric(app, "Customers") == f"{lifecycle_customers:,}"


def test_rfm_heatmap_is_the_grid(clean, monkeypatch):
    app = open_page("rfm_heatmap", clean.serving, monkeypatch)
    grid = app.dataframe[0].value
    assert len(grid) == 25
    ((scored,),) = clean.query(
        "select count(*) from main_marts.dim_customers where r_score is not null"
    )
    assert grid["customers"].sum() == scored
    assert metric(app, "Scored customers") == f"{scored:,}"
    cells = clean.query("select r_score, f_score, customers from main_marts.rpt_rfm_grid")
    assert {(r, f): c for r, f, c in cells} == {
        (row.r_score, row.f_score): row.customers for row in grid.itertuples()
    }

    app.segmented_control(key="rfm_measure").set_value("revenue_per_customer").run()
    assert not app.exception
    assert '"Revenue per customer"' in charts(app)[0].proto.spec


def test_rfm_page_shows_the_score_bands(clean, monkeypatch):
    app = open_page("rfm_heatmap", clean.database, monkeypatch)
    bands = clean.query(
        """
        select measure, score, cast(min_value as double), cast(max_value as double),
               customers
        from main_marts.rpt_rfm_score_bands
        """
    )
    expected = {(m, s): (lo, hi, c) for m, s, lo, hi, c in bands}
    assert len(expected) == 15
    ((scored,),) = clean.query(
        "select count(*) from main_marts.dim_customers where r_score is not null"
    )
    shown = {}
    # after the grid's table: one table per measure, R, F, M
    for position, measure in enumerate(["recency_days", "frequency", "monetary"], start=1):
        table = app.dataframe[position].value
        assert list(table["score"]) == [5, 4, 3, 2, 1]
        assert table["customers"].sum() == scored
        for row in table.itertuples():
            low = None if pd.isna(row.min_value) else row.min_value
            high = None if pd.isna(row.max_value) else row.max_value
            shown[(measure, row.score)] = (low, high, row.customers)
    assert shown == expected


def test_cluster_page_explains_every_cluster(clean, monkeypatch):
    app = open_page("clusters", clean.serving, monkeypatch)
    expected = dict(
        clean.query(
            """
            select segment_name, customers from main_marts.rpt_segment_summary
            where segmentation = 'cluster'
            """
        )
    )
    table = app.dataframe[0].value
    assert dict(zip(table["segment_name"], table["customers"], strict=True)) == expected
    strongest = dict(
        clean.query(
            """
            select cluster_name, explanation from main_marts.rpt_cluster_profiles
            where deviation_rank = 1
            """
        )
    )
    assert strongest, "the fixture has no cluster profiles"
    for row in table[table["segment"] != "cluster_0"].itertuples():
        assert row.sets_it_apart.startswith(strongest[row.segment_name])
    assert metric(app, "Clusters") == str(len(strongest))


def test_transitions_page_is_the_migration_matrix(clean, monkeypatch):
    app = open_page("transitions", clean.serving, monkeypatch)
    ((moved, changes),) = clean.query(
        """
        select
            (select sum(customers) from main_marts.rpt_segment_migration
             where segmentation = 'rfm' and from_segment != '(none)'
               and not is_same_segment),
            (select count(*) from main_marts.fct_segment_transitions
             where segmentation = 'rfm')
        """
    )
    assert changes > 0, "the fixture has no reconstructed RFM history"
    assert metric(app, "Moved") == f"{moved:,}"
    assert len(charts(app)) == 2  # the matrix and the changes over time
    ((top,),) = clean.query(
        """
        select max(moves) from (
            select count(*) as moves from main_marts.fct_segment_transitions
            where segmentation = 'rfm' group by from_segment, to_segment
        )
        """
    )
    assert app.dataframe[0].value["transitions"].iloc[0] == top


def test_audience_page_shows_the_holdouts(clean, monkeypatch):
    app = open_page("audiences", clean.serving, monkeypatch)
    expected = clean.query(
        "select audience, holdout, sent, eligible from main_marts.rpt_audience_summary"
    )
    table = app.dataframe[0].value
    shown = {row.audience: (row.holdout, row.sent, row.eligible) for row in table.itertuples()}
    assert shown == {audience: tuple(counts) for audience, *counts in expected}
    holdouts = sum(holdout for _, holdout, _, _ in expected)
    assert holdouts > 0
    assert metric(app, "Holdout") == f"{holdouts:,}"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_copes_with_the_minimal_build(minimal, page, monkeypatch):
    """Three customers, only customers and orders: sparse marts, no crash."""
    app = open_page(page, minimal.serving, monkeypatch)
    assert not app.error, [e.value for e in app.error]


# ---- when the data cannot be read


@pytest.mark.parametrize("page", PAGES)
def test_missing_database_says_what_to_run(page, tmp_path, monkeypatch):
    app = open_page(page, tmp_path / "never_built.duckdb", monkeypatch)
    assert "No database at" in app.error[0].value
    assert str(tmp_path / "never_built.duckdb") in app.error[0].value
    assert app.code[0].value == "bash scripts/demo.sh"
    assert not charts(app)
    assert not app.dataframe


def test_locked_database_says_another_program_writes_it(clean, tmp_path, monkeypatch):
    database = copy_database(clean, tmp_path)
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "locked"
        app = open_page("audiences", database, monkeypatch)
        assert not app.error, [e.value for e in app.error]
        assert [w.value for w in app.warning] == [
            "Another program is writing to the database, reload in a moment."
        ]
        assert not app.dataframe
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
    # the writer is gone: the same session reads the data on its next run
    app.run()
    assert not app.warning
    assert app.dataframe


def test_missing_mart_is_named_with_the_command_that_builds_it(clean, tmp_path, monkeypatch):
    database = copy_database(clean, tmp_path)
    with duckdb.connect(str(database)) as connection:
        connection.execute("drop table main_marts.rpt_audience_summary")

    app = open_page("audiences", database, monkeypatch)
    assert "`rpt_audience_summary`" in app.error[0].value
    assert app.code[0].value == "uv run dbt build --select +rpt_audience_summary"
    # pages that do not need it still work
    app.switch_page("views/overview.py").run()
    assert not app.error
    assert app.dataframe


def test_dashboard_holds_no_connection_after_drawing(clean, tmp_path, monkeypatch):
    database = copy_database(clean, tmp_path)
    for page in PAGES:
        open_page(page, database, monkeypatch)
    taken = can_take_write_lock(database)
    assert taken.returncode == 0, taken.stderr


# ---- a real browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_server(database: Path, log: Path) -> Iterator[str]:
    """`streamlit run dashboard/app.py` on `database`; yields its URL, always stops it."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    env = {**os.environ, "SEGDB_SERVING_PATH": str(database)}
    with log.open("w") as output:
        server = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 90
            while not is_serving(url):
                assert server.poll() is None, f"streamlit exited: {log.read_text()}"
                assert time.monotonic() < deadline, f"no answer at {url}: {log.read_text()}"
                time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def is_serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode() == "ok"
    except OSError:
        return False


def test_every_page_loads_in_headless_chromium(clean, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)
    database = copy_database(clean, tmp_path)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("dashboard_*.png"):
        old.unlink()
    with streamlit_server(database, tmp_path / "streamlit.log") as url, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("SEGDB_CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(url)
            for slug, title in PAGES.items():
                if slug != "overview":  # the default page, at /
                    page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
                expect(page.locator("h1")).to_have_text(title)
                expect(page.locator('[data-testid="stApp"]')).to_have_attribute(
                    "data-test-script-state", "notRunning"
                )
                charts_on_page = page.locator('[data-testid="stVegaLiteChart"]')
                expect(charts_on_page.first).to_be_visible()
                for index in range(charts_on_page.count()):
                    expect(
                        charts_on_page.nth(index).locator("svg.marks, canvas.marks")
                    ).to_be_visible()
                expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
                assert page.locator('[data-testid="stException"]').count() == 0
                assert page.locator('[data-testid="stAlertContentError"]').count() == 0
                # the main area scrolls inside the window: grow the window to the
                # content so that the screenshot holds the whole page
                height = page.evaluate(
                    "() => Math.max(document.body.scrollHeight,"
                    " document.querySelector('[data-testid=\"stMain\"]').scrollHeight)"
                )
                page.set_viewport_size({"width": 1440, "height": max(1000, height + 40)})
                page.wait_for_timeout(500)  # charts re-layout to the new width and height
                page.screenshot(path=SCREENSHOTS / f"dashboard_{slug}.png", full_page=True)
                page.set_viewport_size({"width": 1440, "height": 1000})
        finally:
            browser.close()
        # every page was read and the server still runs: dbt can take the file
        taken = can_take_write_lock(database)
        assert taken.returncode == 0, taken.stderr
    for slug in PAGES:
        assert (SCREENSHOTS / f"dashboard_{slug}.png").stat().st_size > 10_000


def test_exposure_lists_what_the_dashboard_reads(monkeypatch):
    """The dbt exposure is the dashboard's lineage: it must name every relation read."""
    import importlib

    import yaml

    monkeypatch.syspath_prepend(str(PROJECT_DIR / "dashboard"))
    marts = importlib.import_module("marts")
    exposures = yaml.safe_load(
        (PROJECT_DIR / "models" / "marts" / "_marts__exposures.yml").read_text()
    )["exposures"]
    (dashboard,) = [e for e in exposures if e["name"] == "streamlit_dashboard"]
    refs = {ref.removeprefix("ref('").removesuffix("')") for ref in dashboard["depends_on"]}
    assert refs == set(marts.RELATION_LAYERS)
    read = {
        field
        for batch in marts.BATCHES.values()
        for sql in batch.values()
        for _, field, _, _ in string.Formatter().parse(sql)
        if field
    }
    assert read == set(marts.RELATION_LAYERS)


def table_with(app: AppTest, column: str) -> pd.DataFrame:
    tables = [frame.value for frame in app.dataframe if column in frame.value.columns]
    assert len(tables) == 1, [list(frame.value.columns) for frame in app.dataframe]
    return tables[0]


def test_customer_value_page_is_the_holdout_validation(clean, monkeypatch):
    app = open_page("customer_value", clean.serving, monkeypatch)
    rows = clean.query(
        """
        select calibration_repeat_purchases, customers, actual_purchases,
               predicted_purchases
        from main_marts.rpt_clv_validation
        order by calibration_repeat_purchases
        """
    )
    assert len(rows) == 8
    actual = sum(row[2] for row in rows)
    predicted = sum(row[3] for row in rows)
    assert actual > 0 and predicted > 0, "the fixture's calibration fit predicts nothing"
    table = table_with(app, "actual_purchases")
    assert list(table["calibration_repeat_purchases"]) == ["0", "1", "2", "3", "4", "5", "6", "7+"]
    assert [
        (int(r.customers), int(r.actual_purchases), r.predicted_purchases)
        for r in table.itertuples()
    ] == [(c, a, pytest.approx(p)) for _, c, a, p in rows]
    assert metric(app, "Customers at the cutoff") == f"{sum(row[1] for row in rows):,}"
    assert metric(app, "Actual purchases") == f"{actual:,}"
    assert metric(app, "Predicted purchases") == f"{predicted:,.0f}"
    assert metric(app, "Error of the total") == f"{predicted / actual - 1:+.1%}"
    # the plot shows the means per customer, then the sums
    spec = charts(app)[0].proto.spec
    assert '"Purchases per customer in the holdout"' in spec
    app.segmented_control(key="holdout_measure").set_value("total").run()
    assert not app.exception
    assert '"Purchases in the holdout"' in charts(app)[0].proto.spec


def clv_by_segment(clean, segmentation: str) -> pd.DataFrame:
    """Per customer from the marts, summarised here in pandas (the page does it in SQL)."""
    rows = clean.query(
        f"""
        select segments.segment_name, predictions.predicted_clv
        from main_marts.fct_customer_segments as segments
        inner join main_marts.fct_customer_predictions as predictions
            on segments.customer_id = predictions.customer_id
        where segments.segmentation = '{segmentation}'
        """
    )
    frame = pd.DataFrame(rows, columns=["segment_name", "predicted_clv"])
    frame["predicted_clv"] = frame["predicted_clv"].astype(float)
    return frame.groupby("segment_name")["predicted_clv"].agg(
        customers="size",
        scored="count",
        p10=lambda v: v.quantile(0.1),
        median="median",
        p90=lambda v: v.quantile(0.9),
        total="sum",
    )


def test_customer_value_page_shows_predicted_clv_by_segment(clean, monkeypatch):
    app = open_page("customer_value", clean.serving, monkeypatch)
    assert app.selectbox(key="clv_segmentation").value == "predicted_value"
    for segmentation in ("predicted_value", "rfm"):
        if segmentation != "predicted_value":
            app.selectbox(key="clv_segmentation").set_value(segmentation).run()
            assert not app.exception
        expected = clv_by_segment(clean, segmentation)
        assert expected["scored"].sum() > 0, "the fixture has no predictions"
        table = table_with(app, "median_clv").set_index("segment_name")
        assert set(table.index) == set(expected.index)
        for name, row in expected.iterrows():
            shown = table.loc[name]
            assert (shown["customers"], shown["scored_customers"]) == (
                row["customers"],
                row["scored"],
            )
            for column, value in (("p10_clv", "p10"), ("median_clv", "median"), ("p90_clv", "p90")):
                if pd.isna(row[value]):
                    assert pd.isna(shown[column]), (name, column)
                else:
                    assert shown[column] == pytest.approx(row[value]), (name, column)
        assert metric(app, "Customers") == f"{expected['customers'].sum():,}"
        assert metric(app, "With a prediction") == f"{expected['scored'].sum():,}"
        assert metric(app, "Total predicted CLV") == f"{expected['total'].sum():,.0f}"
    # the likely lost have the lowest predicted CLV of the scored tiers
    app.selectbox(key="clv_segmentation").set_value("predicted_value").run()
    table = table_with(app, "median_clv").set_index("segment_name")
    assert table.loc["Top 10% predicted", "median_clv"] > table.loc["Low predicted", "median_clv"]


def test_customer_value_page_is_the_cohort_retention(clean, monkeypatch):
    app = open_page("customer_value", clean.serving, monkeypatch)
    table = table_with(app, "cohort_month")
    rows = clean.query(
        "select cohort_month, months_since_first_purchase, active_customers"
        " from main_marts.rpt_cohort_retention"
    )
    assert len(rows) > 0, "the fixture has no cohorts"
    assert {(str(c), m): a for c, m, a in rows} == {
        (str(r.cohort_month)[:10], r.months_since_first_purchase): r.active_customers
        for r in table.itertuples()
    }
    ((cohorts, customers),) = clean.query(
        "select count(*), sum(cohort_customers) from main_marts.rpt_cohort_retention"
        " where months_since_first_purchase = 0"
    )
    assert metric(app, "Cohorts") == f"{cohorts:,}"
    assert metric(app, "Cohort customers") == f"{customers:,}"
    app.segmented_control(key="cohort_measure").set_value("active_customers").run()
    assert not app.exception
    # the heatmap is the page's last chart, after the holdout and the CLV plots
    assert len(charts(app)) == 3
    assert '"Active customers"' in charts(app)[2].proto.spec
