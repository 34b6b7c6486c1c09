"""The whole project on Apache Spark (dbt-spark, local session), against DuckDB.

The same generated data (a few hundred customers with 2% of every kind of
dirt) is built with `dbt build` on DuckDB and on Spark. On Spark every seed,
SQL model, snapshot, unit test and data test must pass (or warn exactly where
DuckDB warns), the Python models must be reported disabled with their
downstream built, and the tables must hold the same rows as on DuckDB, so
SQL that stops being portable fails here. A later build (as-of date three
months on) must leave the same snapshot history on both. The Spark build's
wall time is printed and recorded (junit property spark_build_seconds).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dbt_project_runner import PROJECT_DIR, DbtWorkspace, SparkWorkspace

pytestmark = pytest.mark.slow

# models that do not exist on Spark (see docs/spark.md)
PYTHON_MODELS = sorted(path.stem for path in (PROJECT_DIR / "models").rglob("*.py"))
DUCKDB_ONLY = ["export_ad_audiences", "export_email_audiences"]
# tables whose rows depend on the clustering, which is not fitted on Spark
CLUSTER_TABLES = ["seg_cluster", "seg_cluster_profiles", "rpt_cluster_profiles", *PYTHON_MODELS]
# tables whose rows depend on the predicted-value fits, not fitted on Spark
# either (null predictions with a reason there; the purchase summary and
# purchase days they start from are compared)
CLV_TABLES = [
    "seg_clv_predictions",
    "seg_predicted_value",
    "fct_customer_predictions",
    "rpt_clv_model_fit",
    "rpt_clv_validation",
]
# segmentations made by the Python fits: compared on DuckDB only
FITTED_SEGMENTATIONS = "('cluster', 'predicted_value')"
# columns that legitimately differ between the engines: cluster results
# (segment_tags lists the cluster segment among the others, each of which is
# compared in dim_customers) ...
CLUSTER_COLUMNS = ["cluster_segment", "cluster_name", "segment_tags"]
# ... and the predictions dim_customers carries
CLV_COLUMNS = [
    "p_alive",
    "expected_purchases",
    "p_no_purchase",
    "predicted_clv",
    "predicted_value_segment",
]
# ... and fingerprints made with each engine's own 64-bit row hash
# (macro record_hash: equal inputs give an equal fingerprint within an engine,
# never across engines; test_history_spine checks what they are for)
ENGINE_HASH_COLUMNS = ["inputs_hash"]
SNAPSHOT_COLUMNS = ["dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to"]
# ... and the run that recorded a build's segment sizes (seg_segment_size_history)
BUILD_COLUMNS = ["invocation_id", "built_at"]
LEFT_OUT_COLUMNS = (
    CLUSTER_COLUMNS + CLV_COLUMNS + SNAPSHOT_COLUMNS + ENGINE_HASH_COLUMNS + BUILD_COLUMNS
)


# UTC offsets written after a raw timestamp, and their minutes east of UTC
OFFSETS = {"-0500": -300, "+02:00": 120, "+0530": 330, "+01": 60, "Z": 0, "-03:30": -210}
PLAIN_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")


def rewrite_csv(path: Path, change) -> None:
    with path.open(newline="") as file:
        rows = list(csv.DictReader(file))
    fields = list(rows[0])
    change(rows)
    with path.open("w", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def add_parsing_cases(raw: Path) -> dict:
    """Raw values the generator does not write, in place: order times with UTC
    offsets (two of each form), an order total and an annual income beyond the
    range limits. Returns the orders and customer concerned, with the UTC times
    expected."""
    cases = {"utc": {}, "form": {}}

    def orders(rows: list[dict]) -> None:
        counts: dict[str, int] = {}
        for row in rows:
            counts[row["order_id"]] = counts.get(row["order_id"], 0) + 1
        # early, single, plainly valid orders (none of them the latest one)
        usable = [
            row
            for row in rows[:200]
            if counts[row["order_id"]] == 1
            and row["order_id"].strip()
            and row["customer_id"].strip()
            and PLAIN_TIMESTAMP.fullmatch(row["ordered_at"])
            and re.fullmatch(r"\d+\.\d{2}", row["order_total"])
        ]
        forms = [form for form in OFFSETS for _ in range(2)]
        for row, form in zip(usable, forms, strict=False):
            local = dt.datetime.fromisoformat(row["ordered_at"])
            separator = "T" if len(cases["utc"]) % 2 else " "
            row["ordered_at"] = row["ordered_at"].replace(" ", separator) + form
            cases["utc"][row["order_id"]] = local - dt.timedelta(minutes=OFFSETS[form])
            cases["form"][row["order_id"]] = form
        too_large = usable[len(forms)]
        too_large["order_total"] = "9999999999999999.99"
        cases["out_of_range_order"] = too_large["order_id"]

    def customers(rows: list[dict]) -> None:
        rows[0]["annual_income"] = "1e30"
        cases["income_customer"] = rows[0]["customer_id"]

    rewrite_csv(raw / "orders.csv", orders)
    rewrite_csv(raw / "customers.csv", customers)
    return cases


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[DbtWorkspace, SparkWorkspace]:
    duck = DbtWorkspace(tmp_path_factory.mktemp("spark_vs_duckdb"))
    duck.generate("--customers", "300", "--seed", "7", "--dirt-rate", "0.02")
    duck.parsing_cases = add_parsing_cases(duck.raw)
    spark = SparkWorkspace(tmp_path_factory.mktemp("spark"))
    # both builds read the same raw files and nothing of each other: they run
    # side by side (the Spark build's time includes sharing the machine)
    started = time.monotonic()
    running = spark.start_dbt("build", raw_data_path=duck.raw)
    duck.result = duck.dbt("build")
    spark.result = running.wait()
    spark.seconds = time.monotonic() - started
    print(f"\nSpark dbt build on 300 customers: {spark.seconds:.0f} s")
    return duck, spark


def results(workspace: DbtWorkspace) -> dict[str, str]:
    """unique_id -> status of the last dbt command in the workspace."""
    return {result["unique_id"]: result["status"] for result in workspace.run_results()}


def manifest_nodes(workspace: DbtWorkspace) -> dict[str, dict]:
    manifest = json.loads((workspace.root / "target" / "manifest.json").read_text())
    return manifest["nodes"]


def test_spark_build_passes_like_duckdb(builds, record_property):
    duck, spark = builds
    record_property("spark_build_seconds", round(spark.seconds, 1))
    duck.result.assert_ok()
    spark.result.assert_ok()
    on_duckdb, on_spark = results(duck), results(spark)
    # hooks and exposures are listed as no-op: nothing of theirs is built
    built = {node for node in on_spark if node.split(".")[0] not in ("operation", "exposure")}
    assert {on_spark[node] for node in built} <= {"success", "pass", "warn"}
    not_on_spark = {node for node in on_duckdb if any(name in node for name in DUCKDB_ONLY)}
    # every other seed, model, snapshot, unit and data test ran on Spark too,
    # with the same outcome (the dirty data warns on the same tests)
    assert set(on_duckdb) - not_on_spark == set(on_spark)
    assert {node: on_spark[node] for node in on_spark} == {
        node: on_duckdb[node] for node in on_spark
    }
    kinds = {node.split(".")[0] for node in built}
    assert kinds == {"seed", "model", "snapshot", "test", "unit_test"}


def test_python_models_disabled_with_a_message(builds):
    _, spark = builds
    assert PYTHON_MODELS == [
        "seg_cluster_centroids",
        "seg_cluster_k_selection",
        "seg_clv_fit",
        "seg_clv_scores",
    ]
    assert (
        f"Python models disabled: {', '.join(PYTHON_MODELS)} "
        "(dbt-spark runs Python models only on Databricks)" in spark.result.output
    )
    assert "docs/spark.md" in spark.result.output
    nodes = manifest_nodes(spark)
    on_spark = results(spark)
    for name in PYTHON_MODELS:
        # the SQL stand-in of the same name built instead
        assert nodes[f"model.segmented_customers.{name}"]["language"] == "sql"
        assert on_spark[f"model.segmented_customers.{name}"] == "success"
    for name in ["seg_cluster", "seg_cluster_profiles", "dim_customers", "rpt_segment_summary"]:
        assert on_spark[f"model.segmented_customers.{name}"] == "success"


def test_no_customer_value_is_predicted_on_spark(builds):
    """The predicted-value fits are Python: on Spark every fit says it was not
    fitted and every prediction is null with a reason, while DuckDB predicts."""
    duck, spark = builds
    fits = spark.query(
        "select model_name, fit_window, converged, fit_reason from spark.marts.rpt_clv_model_fit"
    )
    assert {(name, window) for name, window, _, _ in fits} == {
        (name, window)
        for name in ["bg_nbd", "mbg_nbd", "gamma_gamma"]
        for window in ["calibration", "full"]
    }
    assert all(not converged and "not fitted" in reason for _, _, converged, reason in fits)
    predicted = (
        "select count(*), count(predicted_clv), count(prediction_reason)"
        " from {}.fct_customer_predictions"
    )
    customers, with_value, with_reason = spark.query(predicted.format("spark.marts"))[0]
    assert customers > 0 and with_value == 0 and with_reason == customers
    customers_duck, with_value_duck, _ = duck.query(predicted.format("main_marts"))[0]
    assert customers_duck == customers and with_value_duck > 0


def test_nothing_is_clustered_on_spark(builds):
    duck, spark = builds
    assert spark.query("select count(*) from spark.segments.seg_cluster_centroids") == [(0,)]
    chosen = spark.query(
        "select k, is_chosen, algorithm from spark.segments.seg_cluster_k_selection"
    )
    assert chosen == [(0, True, "none")]
    clusters = spark.query(
        """
        select c.segment, c.cluster_id, c.cluster_name, b.purchase_count > 0, count(*)
        from spark.segments.seg_cluster as c
        inner join spark.intermediate.int_customers__behavioral_features as b
            on c.customer_id = b.customer_id
        group by all
        order by 1
        """
    )
    buyers = duck.query(
        "select count(*) from main_intermediate.int_customers__behavioral_features"
        " where purchase_count > 0"
    )[0][0]
    non_buyers = duck.query("select count(*) from main_segments.seg_cluster where cluster_id = 0")[
        0
    ][0]
    # buyers are not clustered ('unknown'), the others are cluster 0 as on DuckDB
    assert clusters == [
        ("cluster_0", 0, "No purchases", False, non_buyers),
        ("unknown", None, "Not clustered", True, buyers),
    ]


def duckdb_tables(duck: DbtWorkspace) -> list[tuple[str, str]]:
    """(schema suffix, table) of every table the DuckDB build made (views read them)."""
    rows = duck.query(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema like 'main_%' and table_type = 'BASE TABLE'"
    )
    return sorted(
        (schema.removeprefix("main_"), table)
        for schema, table in rows
        if table not in DUCKDB_ONLY and schema != "main_raw"
    )


def differences(duck: DbtWorkspace, spark: SparkWorkspace, schema: str, table: str) -> dict:
    """Rows of a table found in one build only.

    Doubles are compared to 1e-6: the engines sum in different orders, so a
    mean can differ in its last bits, and rounding can then land one unit
    apart; such rows still pair up. Left out: cluster columns and rows
    (nothing is clustered on Spark), the snapshot's bookkeeping columns
    (times of the build), the run that recorded the segment sizes and the
    history spine's input fingerprints (each engine's own hash function).
    """
    duck_schema = f"main_{schema}"
    with duckdb.connect() as con:
        con.execute(f"attach '{duck.database}' as duck (read_only)")
        columns = [
            (name, data_type in ("DOUBLE", "FLOAT"))
            for name, data_type in con.execute(
                "select column_name, data_type from information_schema.columns"
                " where table_catalog = 'duck' and table_schema = ? and table_name = ?"
                " order by ordinal_position",
                [duck_schema, table],
            ).fetchall()
            if name not in LEFT_OUT_COLUMNS
        ]
        select = ", ".join(f"round({name}, 6)" if double else name for name, double in columns)
        where = (
            f"segmentation not in {FITTED_SEGMENTATIONS}"
            if "segmentation" in dict(columns)
            else "true"
        )
        tables = {
            "duckdb": f"duck.{duck_schema}.{table}",
            "spark": spark.rewrite(f"spark.{schema}.{table}"),
        }
        only = {
            name: con.execute(
                f"select {select} from {tables[name]} where {where}"
                f" except all select {select} from {tables[other]} where {where}"
            ).fetchall()
            for name, other in [("duckdb", "spark"), ("spark", "duckdb")]
        }
    doubles = [double for _, double in columns]

    def close(left: tuple, right: tuple) -> bool:
        return all(
            (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 2e-6)
            if double
            else a == b
            for a, b, double in zip(left, right, doubles, strict=True)
        )

    unpaired = list(only["spark"])
    for row in list(only["duckdb"]):
        match = next((other for other in unpaired if close(row, other)), None)
        if match is not None:
            unpaired.remove(match)
            only["duckdb"].remove(row)
    only["spark"] = unpaired
    return {f"only on {name}": (len(rows), rows[:3]) for name, rows in only.items() if rows}


def test_every_table_holds_the_same_rows_as_on_duckdb(builds):
    duck, spark = builds
    tables = [pair for pair in duckdb_tables(duck) if pair[1] not in CLUSTER_TABLES + CLV_TABLES]
    assert len(tables) > 40
    found = {}
    for schema, table in tables:
        assert spark.table_path(schema, table).is_dir(), f"{schema}.{table} is not on Spark"
        difference = differences(duck, spark, schema, table)
        if difference:
            found[f"{schema}.{table}"] = difference
    assert not found, found


def test_offsets_and_out_of_range_values_as_on_duckdb(builds):
    """Offset timestamps are stored in UTC and out-of-range values quarantined
    or counted, identically on both engines (the table comparison above sees
    every other column)."""
    duck, spark = builds
    cases = duck.parsing_cases
    assert len(cases["utc"]) == 2 * len(OFFSETS)
    keys = ", ".join(f"'{order_id}'" for order_id in cases["utc"])
    for workspace, schema in [(duck, "main_staging"), (spark, "spark.staging")]:
        stored = dict(
            workspace.query(
                f"select order_id, ordered_at from {schema}.stg_shop__orders_checked"
                f" where order_id in ({keys}) and quarantine_reason is null"
            )
        )
        # other dirt of the generator may quarantine an order (an unknown
        # customer): every staged one is in UTC, and every form is among them
        assert stored == {key: cases["utc"][key] for key in stored}, schema
        assert {cases["form"][key] for key in stored} == set(OFFSETS), schema
        assert workspace.query(
            f"select record_key, reason_code from {schema}.stg_shop__quarantine"
            f" where record_key = '{cases['out_of_range_order']}'"
        ) == [(cases["out_of_range_order"], "out_of_range_amount")], schema
    field_issue = (
        "select source_table, column_name, reason_code, affected_rows, example_record_key"
        " from {}.int_data_quality__field_issues where column_name = 'annual_income'"
    )
    expected = [("customers", "annual_income", "out_of_range_amount", 1, cases["income_customer"])]
    assert duck.query(field_issue.format("main_intermediate")) == expected
    assert spark.query(field_issue.format("spark.intermediate")) == expected


def test_segments_match_customer_by_customer(builds):
    duck, spark = builds
    segments = (
        "select customer_id, segmentation, segment from {}"
        f" where segmentation not in {FITTED_SEGMENTATIONS}"
    )
    on_duckdb = set(duck.query(segments.format("main_segments.seg_memberships")))
    on_spark = set(spark.query(segments.format("spark.segments.seg_memberships")))
    # eleven segmentations besides cluster and predicted_value (shopping_time and
    # social added with issue 15)
    assert len(on_duckdb) == 300 * 11
    assert on_spark == on_duckdb


@pytest.fixture(scope="module")
def later_builds(builds) -> tuple[DbtWorkspace, SparkWorkspace]:
    """Both projects built again three months later: segments change, so the
    snapshot closes versions (on Spark by rewriting its table, on DuckDB by
    MERGE). Runs after the tests above, which read the first builds."""
    duck, spark = builds
    later = [
        "build",
        "--select",
        "+snap_customer_segments",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        "--vars",
        "{as_of_date: '2026-09-30'}",
    ]
    running = spark.start_dbt(*later, raw_data_path=duck.raw)
    duck.later = duck.dbt(*later)
    spark.later = running.wait()
    return duck, spark


def test_snapshot_history_as_on_duckdb(later_builds):
    duck, spark = later_builds
    duck.later.assert_ok()
    spark.later.assert_ok()
    versions = (
        "select customer_id, segmentation, segment, as_of_date, dbt_valid_to is null"
        " from {}"
        f" where segmentation not in {FITTED_SEGMENTATIONS}"
    )
    on_duckdb = duck.query(versions.format("main_snapshots.snap_customer_segments"))
    on_spark = spark.query(versions.format("spark.snapshots.snap_customer_segments"))
    assert sorted(on_spark) == sorted(on_duckdb)
    closed = [row for row in on_spark if not row[4]]
    assert closed, "the later build changed no segment: the rewrite was not exercised"
    # a closed version ends where the next one starts
    gaps = spark.query(
        """
        select count(*)
        from spark.snapshots.snap_customer_segments as earlier
        inner join spark.snapshots.snap_customer_segments as later
            on earlier.customer_id = later.customer_id
            and earlier.segmentation = later.segmentation
            and earlier.as_of_date < later.as_of_date
        where earlier.dbt_valid_to is distinct from later.dbt_valid_from
        """
    )
    assert gaps == [(0,)]


def test_python_models_run_on_spark_dataframes(tmp_path):
    """On Databricks dbt.ref() gives Spark DataFrames: the models give the same fit.

    The clustering models are called as in test_cluster_models.py, once with
    DuckDB relations and once with the DataFrames of a local Spark session.
    """
    from pyspark.sql import SparkSession
    from test_cluster_models import (
        META,
        FakeDbt,
        load_model,
        planted_features,
        run_models,
        session_with,
    )

    features = planted_features()
    expected_selection, expected_centroids = run_models(session_with(features), META)

    spark = (
        SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(tmp_path / "warehouse"))
        .getOrCreate()
    )
    try:
        spark.createDataFrame(features).createOrReplaceTempView("seg_cluster_features")
        selection = load_model("seg_cluster_k_selection").model(
            FakeDbt(spark, META, "no_previous_k_selection"), spark
        )
        spark.createDataFrame(selection.astype(object)).createOrReplaceTempView(
            "seg_cluster_k_selection"
        )
        centroids = load_model("seg_cluster_centroids").model(
            FakeDbt(spark, META, "no_previous_centroids"), spark
        )
    finally:
        spark.stop()
    pd.testing.assert_frame_equal(selection, expected_selection)
    pd.testing.assert_frame_equal(centroids, expected_centroids)
