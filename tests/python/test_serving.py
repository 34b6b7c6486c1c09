"""Readers are served from a file the build replaces, never from the build's own file.

A successful `dbt build` publishes every mart (and whatever an exposure
reads) to the serving file (SEGDB_SERVING_PATH) by writing a new file and
renaming it over the old one (macros/serving/publish_serving_database.sql,
src/segdb/duckdb_plugin.py). So a BI tool holding a read-only connection
open, in another process, neither blocks a build nor sees half of one: it
keeps reading the build it connected to, a new connection reads the new one,
and a failed build publishes nothing.

The `clean` fixture's build is the first one; the rebuilds run on a copy of
its workspace so the session fixture stays as it was built.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from dbt_project_runner import DbtWorkspace

pytestmark = pytest.mark.slow

# What a BI tool does: one read-only connection, kept open; it answers each
# line on stdin with a reading of the marts, until stdin closes.
HELD_READER = textwrap.dedent(
    """
    import json
    import sys
    import duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)
    for _ in sys.stdin:
        as_of, recency = connection.execute(
            "select cast(max(as_of_date) as varchar), sum(mean_days_since_last_order)"
            " from main_marts.rpt_segment_summary"
        ).fetchone()
        print(json.dumps({"as_of_date": as_of, "recency": float(recency)}), flush=True)
    connection.close()
    """
)


def reading(serving: Path) -> dict:
    """The same reading as HELD_READER's, from a new connection."""
    with duckdb.connect(str(serving), read_only=True) as connection:
        as_of, recency = connection.execute(
            "select cast(max(as_of_date) as varchar), sum(mean_days_since_last_order)"
            " from main_marts.rpt_segment_summary"
        ).fetchone()
    return {"as_of_date": as_of, "recency": float(recency)}


def tables(database: Path, schema: str) -> set[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [schema],
        ).fetchall()
    return {name for (name,) in rows}


def fingerprint(path: Path) -> tuple[str, int, int]:
    """Content hash, modification time and inode: all unchanged if nothing replaced the file."""
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_ino


@pytest.fixture(scope="module")
def rebuilt(clean: DbtWorkspace, tmp_path_factory) -> DbtWorkspace:
    """A copy of the `clean` workspace on its raw files: the build's database, the serving file."""
    clean.result.assert_ok()
    # built from the same raw source as `clean`
    workspace = DbtWorkspace(tmp_path_factory.mktemp("serving"), raw_source=clean.raw)
    shutil.copy(clean.database, workspace.database)
    shutil.copy(clean.serving, workspace.serving)
    return workspace


def test_a_build_publishes_every_mart_and_what_exposures_read(clean):
    clean.result.assert_ok()
    assert "Serving file: published" in clean.result.output
    manifest = json.loads((clean.root / "target" / "manifest.json").read_text())
    marts = {
        node["alias"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    }
    assert "rpt_segment_summary" in marts and "export_email_audiences" in marts
    assert tables(clean.serving, "main_marts") == marts
    # and every node an exposure reads, marts or not (the dashboard reads a seed)
    read = {
        (manifest["nodes"][node]["schema"], manifest["nodes"][node]["alias"])
        for exposure in manifest["exposures"].values()
        for node in exposure["depends_on"]["nodes"]
    }
    assert ("main_reference", "segmentations") in read
    for schema, alias in read:
        assert alias in tables(clean.serving, schema), (schema, alias)
    # the same rows as the build's database, as tables, with the table comments
    with duckdb.connect(str(clean.serving), read_only=True) as connection:
        connection.execute(f"attach '{clean.database}' as build (read_only)")
        for mart in sorted(marts):
            differing = connection.execute(
                f"""
                select count(*) from (
                    (select * from main_marts.{mart} except all
                     select * from build.main_marts.{mart})
                    union all
                    (select * from build.main_marts.{mart} except all
                     select * from main_marts.{mart})
                )
                """
            ).fetchone()[0]
            assert differing == 0, mart
        kinds = connection.execute(
            "select distinct table_type from information_schema.tables"
            " where table_catalog = 'serving'"
        ).fetchall()
        assert kinds == [("BASE TABLE",)]
        (comment,) = connection.execute(
            "select comment from duckdb_tables()"
            " where database_name = 'serving' and table_name = 'dim_customers'"
        ).fetchone()
        assert comment and comment.startswith("The customer 360")
    assert not list(clean.root.glob("serving.duckdb.tmp-*"))


def test_a_held_reader_neither_blocks_the_build_nor_sees_it(rebuilt):
    before = reading(rebuilt.serving)
    # what a build killed while publishing leaves behind
    stale = rebuilt.root / "serving.duckdb.tmp-killed-build"
    stale.write_bytes(b"unfinished")
    later = date.fromisoformat(before["as_of_date"]) + timedelta(days=30)

    reader = subprocess.Popen(
        [sys.executable, "-c", HELD_READER, str(rebuilt.serving)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        reader.stdin.write("read\n")
        reader.stdin.flush()
        assert json.loads(reader.stdout.readline()) == before

        result = rebuilt.dbt("build", "--vars", f"{{as_of_date: '{later}'}}")
        result.assert_ok()
        assert "Serving file: published" in result.output
        assert "removed 1 unfinished copy" in result.output

        # the reader still has the build it connected to
        reader.stdin.write("read\n")
        reader.stdin.flush()
        assert json.loads(reader.stdout.readline()) == before
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)
    assert reader.returncode == 0

    # a new connection reads the new build: 30 days more since every last order
    after = reading(rebuilt.serving)
    assert after["as_of_date"] == later.isoformat()
    assert after["recency"] > before["recency"]
    assert not stale.exists()
    assert not list(rebuilt.root.glob("serving.duckdb.tmp-*"))


def test_a_failed_build_leaves_the_served_data_untouched(rebuilt):
    before = fingerprint(rebuilt.serving)
    served = reading(rebuilt.serving)
    # one mart builds (fct_orders), the other cannot: its input is gone
    with duckdb.connect(str(rebuilt.database)) as connection:
        connection.execute("drop table main_intermediate.int_customers__behavioral_features")
    result = rebuilt.dbt("run", "--select", "fct_orders", "rpt_segment_summary")
    assert result.returncode != 0
    assert re.search(r"OK created .*main_marts\.fct_orders", result.output), result.output
    assert fingerprint(rebuilt.serving) == before
    assert reading(rebuilt.serving) == served
    assert "Serving file: not published, 1 node(s) did not succeed" in result.output
    assert "rpt_segment_summary (error)" in result.output
    assert not list(rebuilt.root.glob("serving.duckdb.tmp-*"))


def test_a_run_without_marts_publishes_nothing(rebuilt):
    before = fingerprint(rebuilt.serving)
    result = rebuilt.dbt("run", "--select", "stg_shop__products")
    result.assert_ok()
    assert "Serving file: not published, this run built no mart" in result.output
    assert fingerprint(rebuilt.serving) == before


# ---- the plugin's file operations, directly


def test_the_plugin_renames_only_a_temporary_copy_of_the_serving_file(tmp_path):
    from segdb import duckdb_plugin

    serving = duckdb_plugin.serving_path(str(tmp_path / "bi" / "serving.duckdb"))
    mine = f"{serving}.tmp-run2"
    # the folder is created; what a killed run left is removed, this run's copy kept
    assert duckdb_plugin.prepare(serving, mine) == 0
    for leftover in ["serving.duckdb.tmp-run1", "serving.duckdb.tmp-run1.wal"]:
        (serving.parent / leftover).write_text("unfinished")
    Path(mine).write_text("new build")
    (serving.parent / "other.duckdb").write_text("not ours")
    assert duckdb_plugin.prepare(serving, mine) == 2
    assert sorted(p.name for p in serving.parent.iterdir()) == [
        "other.duckdb",
        "serving.duckdb.tmp-run2",
    ]
    assert duckdb_plugin.replace(serving, mine) == str(serving)
    assert serving.read_text() == "new build" and not Path(mine).exists()
    # nothing but a temporary copy next to the serving file is ever renamed
    with pytest.raises(ValueError, match="is not a temporary copy of the serving file"):
        duckdb_plugin.replace(serving, str(serving.parent / "other.duckdb"))
    with pytest.raises(ValueError, match="is not a temporary copy"):
        duckdb_plugin.replace(serving, str(tmp_path / "serving.duckdb.tmp-elsewhere"))
    # a copy still holding a write-ahead log was not detached cleanly
    Path(mine).write_text("half")
    Path(mine + ".wal").write_text("log")
    with pytest.raises(RuntimeError, match="write-ahead log"):
        duckdb_plugin.replace(serving, mine)
    assert serving.read_text() == "new build"
