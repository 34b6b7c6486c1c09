"""Helpers for tests that generate data and run dbt on it in isolation.

Each run gets its own DuckDB file, target, log and export folders under a
temporary directory, so tests never touch the developer's database or files
and can run in any order.

Partial parsing across workspaces: dbt re-parses the whole project (about
7 CPU seconds) when the profile's connection settings differ from those of
the saved parse, and the DuckDB path and temporary folder differ in every
workspace. So dbt runs inside the workspace (its working directory) with
these given relative to it (`warehouse.duckdb`, `duckdb_tmp`,
`serving.duckdb`): the same values everywhere. A workspace's first dbt call
starts from a copy of a saved parse of the project (`seed_partial_parse`);
the raw and export folders stay absolute paths, which dbt follows by
re-parsing only the two export models.

Every dbt call is logged (SEGDB_TEST_DBT_LOG, one JSON line each: test,
command, wall and CPU seconds, full parse or not); conftest.py sums it up
per module at the end of the session.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]
BIN_DIR = Path(sys.executable).parent


@dataclass
class DbtResult:
    returncode: int
    output: str

    def assert_ok(self) -> None:
        assert self.returncode == 0, self.output[-6000:]


FULL_PARSE = "Unable to do partial parsing because "


class RunningDbt:
    """A dbt process started in the background; its output goes to temporary files."""

    def __init__(
        self,
        command: list[str],
        env: dict[str, str],
        cwd: Path = PROJECT_DIR,
        finished: Callable[[float], None] | None = None,
    ) -> None:
        self.command = command
        # called with the start time (time.time()) once the process ended
        self.finished = finished
        self.started_at = time.time()
        self.test = os.environ.get("PYTEST_CURRENT_TEST", "")
        self.started = time.monotonic()
        # closed by wait(), which every caller reaches
        self.stdout = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self.stdout, stderr=self.stderr, text=True
        )

    def wait(self) -> DbtResult:
        # wait4: the CPU time of this dbt process and the processes it waited for
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = returncode = os.waitstatus_to_exitcode(status)
        output = []
        for stream in (self.stdout, self.stderr):
            stream.seek(0)
            output.append(stream.read())
            stream.close()
        result = DbtResult(returncode, "".join(output))
        log_call(self, result, usage)
        if self.finished is not None:
            self.finished(self.started_at)
        return result


def log_call(running: RunningDbt, result: DbtResult, usage) -> None:
    """One line in SEGDB_TEST_DBT_LOG, if set, for the session's summary."""
    log = os.environ.get("SEGDB_TEST_DBT_LOG")
    if not log:
        return
    reason = next(
        (
            line.split(FULL_PARSE, 1)[1].strip()
            for line in result.output.splitlines()
            if FULL_PARSE in line
        ),
        None,
    )
    record = {
        "test": running.test,
        # the dbt arguments before the runner's paths
        "command": " ".join(running.command[1 : running.command.index("--project-dir")]),
        "returncode": result.returncode,
        "wall": round(time.monotonic() - running.started, 2),
        "cpu": round(usage.ru_utime + usage.ru_stime, 2),
        "full_parse": reason,
    }
    with open(log, "a") as file:
        file.write(json.dumps(record) + "\n")


@dataclass
class DbtWorkspace:
    """One isolated place to build the project: raw data in, database out."""

    root: Path
    # another workspace's raw folder, for a copy of its database: a
    # database belongs to one raw source (docs/own_data.md)
    raw_source: Path | None = None

    @property
    def raw(self) -> Path:
        return self.raw_source or self.root / "raw"

    @property
    def database(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def serving(self) -> Path:
        """The serving file a successful build publishes the marts to (SEGDB_SERVING_PATH)."""
        return self.root / "serving.duckdb"

    @property
    def exports(self) -> Path:
        """Folder of the activation files (var export_path)."""
        return self.root / "exports"

    def copy(self, root: Path) -> DbtWorkspace:
        """A copy of this built workspace at `root`, on the same raw source.

        Its database and serving file are copied (cheap, nothing is rebuilt),
        so dbt can run on the copy while other tests read the original.
        """
        copy = DbtWorkspace(root, raw_source=self.raw)
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.database, copy.database)
        shutil.copy(self.serving, copy.serving)
        return copy

    def env(self, raw_data_path: Path | None = None, relative: bool = False) -> dict[str, str]:
        """The environment of a dbt run on this workspace.

        `relative`: the profile's files relative to the workspace, for a
        process whose working directory it is (start_dbt), so that the
        profile reads the same in every workspace and a saved parse applies.
        """
        env = dict(os.environ)
        env.update(
            {
                "DBT_PROFILES_DIR": str(PROJECT_DIR),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                "SEGDB_TARGET": "ci",
                "SEGDB_DUCKDB_PATH": self.place(self.database, relative),
                "SEGDB_DUCKDB_TEMP_DIR": self.place(self.root / "duckdb_tmp", relative),
                "SEGDB_RAW_DATA_PATH": str(raw_data_path or self.raw),
                "SEGDB_EXPORT_PATH": str(self.exports),
                "SEGDB_SERVING_PATH": self.place(self.serving, relative),
            }
        )
        return env

    def place(self, path: Path, relative: bool) -> str:
        return str(path.relative_to(self.root) if relative else path)

    def dbt(
        self, *args: str, raw_data_path: Path | None = None, target_path: Path | None = None
    ) -> DbtResult:
        """Run dbt on this workspace; `target_path` keeps another run's artifacts apart."""
        return self.start_dbt(*args, raw_data_path=raw_data_path, target_path=target_path).wait()

    def start_dbt(
        self, *args: str, raw_data_path: Path | None = None, target_path: Path | None = None
    ) -> RunningDbt:
        """Start dbt as `dbt()` does, without waiting: `.wait()` gives its result."""
        target = target_path or self.root / "target"
        self.root.mkdir(parents=True, exist_ok=True)
        profile_target = self.env(relative=True)["SEGDB_TARGET"]
        variables = command_vars(args)
        seed_partial_parse(target, profile_target, variables)
        command = [
            str(BIN_DIR / "dbt"),
            *args,
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(target),
            "--log-path",
            str(self.root / "logs"),
        ]
        return RunningDbt(
            command,
            self.env(raw_data_path, relative=True),
            cwd=self.root,
            finished=lambda started: save_partial_parse(target, profile_target, variables, started),
        )

    def generate(self, *args: str) -> dict:
        """Run the demo data generator into this workspace; returns its manifest."""
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "segdb.cli",
                "generate",
                "--out",
                str(self.root),
                "--quiet",
                *args,
            ],
            cwd=PROJECT_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        return json.loads((self.root / "truth" / "dirt_manifest.json").read_text())

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchall()

    def run_results(self) -> list[dict]:
        data = json.loads((self.root / "target" / "run_results.json").read_text())
        return data["results"]


def command_vars(args: tuple[str, ...]) -> str:
    """The `--vars` given to a dbt command ("" without)."""
    args = list(args)
    return args[args.index("--vars") + 1] if "--vars" in args else ""


# beside a target's partial_parse.msgpack: the --vars it was parsed with
PARSE_VARS = "segdb_parse_vars.txt"


def saved_parse(folder: Path, variables: str) -> Path:
    """The session's saved parse for a set of --vars (ci.msgpack without)."""
    if not variables:
        return folder / "ci.msgpack"
    digest = hashlib.sha256(variables.encode()).hexdigest()[:16]
    return folder / f"ci-vars-{digest}.msgpack"


def seed_partial_parse(target: Path, profile_target: str, variables: str = "") -> None:
    """Give a target folder the session's saved parse for these `--vars`.

    dbt parses the whole project again (about 7 CPU seconds) when the
    command line's `--vars` differ from those of the saved parse, so there
    is one saved parse per set of vars, in SEGDB_TEST_PARSE_DIR (set by
    conftest.py; xdist workers share it). Without vars it is `ci.msgpack`,
    a parse of the project as start_dbt runs it, made by the first dbt call
    of the session (under a file lock). With vars it is the parse the first
    call with these vars made (save_partial_parse), for the next call with
    the same vars in any workspace; until then the target keeps what it has.
    A target whose own saved parse was made with these vars keeps it. dbt
    checks that a parse applies (same dbt version, profile, vars and files)
    and re-parses otherwise, so a copy never changes a result. Spark runs
    are few: they parse on their own.
    """
    saved = os.environ.get("SEGDB_TEST_PARSE_DIR")
    if not saved or profile_target != "ci":
        return
    own = target / "partial_parse.msgpack"
    marker = target / PARSE_VARS
    if own.exists() and marker.exists() and marker.read_text() == variables:
        return
    folder = Path(saved)
    source = saved_parse(folder, variables)
    folder.mkdir(parents=True, exist_ok=True)
    if not variables:
        with (folder / "ci.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not source.exists():
                make_base_parse(folder, source)
    elif not source.exists():
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, own)
    marker.write_text(variables)


def make_base_parse(folder: Path, source: Path) -> None:
    """Parse the project without vars, as start_dbt runs dbt, into `source`."""
    parsing = DbtWorkspace(folder / "ci")
    parsing.root.mkdir(parents=True, exist_ok=True)
    command = [
        str(BIN_DIR / "dbt"),
        "parse",
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(parsing.root / "target"),
        "--log-path",
        str(parsing.root / "logs"),
    ]
    RunningDbt(command, parsing.env(relative=True), cwd=parsing.root).wait().assert_ok()
    shutil.copyfile(parsing.root / "target" / "partial_parse.msgpack", source)


def save_partial_parse(target: Path, profile_target: str, variables: str, started: float) -> None:
    """After a dbt call: note the vars of the parse it wrote to `target`, and
    keep that parse for later calls with the same vars (seed_partial_parse)."""
    saved = os.environ.get("SEGDB_TEST_PARSE_DIR")
    own = target / "partial_parse.msgpack"
    if not saved or profile_target != "ci" or not own.exists():
        return
    if own.stat().st_mtime < started:
        return  # not written by this call (it stopped before parsing)
    (target / PARSE_VARS).write_text(variables)
    source = saved_parse(Path(saved), variables)
    if variables and not source.exists():
        # written whole, then renamed: another worker never reads half a file
        partial = source.with_name(f"{source.name}.{os.getpid()}.partial")
        shutil.copyfile(own, partial)
        os.replace(partial, source)


@dataclass
class SparkWorkspace(DbtWorkspace):
    """The project built on a local Spark session (profile target `spark`).

    Warehouse (parquet tables), Derby metastore, target and logs all live
    under `root`, so runs never share a catalog. Tables are read back with
    DuckDB straight from the warehouse's parquet files: no second Spark
    session is started for it.
    """

    schema: str = "segmented_customers"

    @property
    def warehouse(self) -> Path:
        return self.root / "spark" / "warehouse"

    def env(self, raw_data_path: Path | None = None, relative: bool = False) -> dict[str, str]:
        env = super().env(raw_data_path, relative)
        env.update(
            {
                # small data: one shuffle partition (one task per query
                # stage, not the profile's default of 4); no result depends on it
                "SEGDB_SPARK_SHUFFLE_PARTITIONS": "1",
                # a lighter JVM for a short run of small queries: the C1
                # compiler only (C2 compiles for minutes of CPU that a build
                # of a few minutes never earns back) and the serial collector
                # (no parallel GC threads competing with the other worker).
                # C1 alone reserves a 48 MB code cache, which the later
                # builds outgrow ("Out of space in CodeCache" kills the
                # executor): reserve what tiered compilation would.
                # Tiny tables, about a thousand queries: no whole-stage code
                # generation (Janino compiled Java for every query, more CPU
                # than running it) and no adaptive re-planning; both are
                # plans, no result depends on them (SparkConf reads spark.*
                # system properties). The build alone: 300 s -> 245 s.
                "JAVA_TOOL_OPTIONS": " ".join(
                    [
                        os.environ.get("JAVA_TOOL_OPTIONS", ""),
                        "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                        "-XX:ReservedCodeCacheSize=256m",
                        "-Dspark.sql.codegen.wholeStage=false",
                        "-Dspark.sql.adaptive.enabled=false",
                    ]
                ).strip(),
                "SEGDB_TARGET": "spark",
                "SEGDB_SPARK_SCHEMA": self.schema,
                "SEGDB_SPARK_WAREHOUSE_DIR": str(self.warehouse),
                "SEGDB_SPARK_METASTORE_DIR": str(self.root / "spark" / "metastore"),
            }
        )
        return env

    def start_dbt(
        self, *args: str, raw_data_path: Path | None = None, target_path: Path | None = None
    ) -> RunningDbt:
        """As on DuckDB, with two dbt threads (queries of one Spark session)."""
        return super().start_dbt(
            *args, "--threads", "2", raw_data_path=raw_data_path, target_path=target_path
        )

    def table_path(self, schema_suffix: str, table: str) -> Path:
        """Folder of a managed table, e.g. ('marts', 'dim_customers')."""
        return self.warehouse / f"{self.schema}_{schema_suffix}.db" / table

    def query(self, sql: str) -> list[tuple]:
        """Run DuckDB SQL where `spark.<suffix>.<table>` names a Spark table."""
        with duckdb.connect() as con:
            return con.execute(self.rewrite(sql)).fetchall()

    def rewrite(self, sql: str) -> str:
        """`spark.marts.dim_customers` -> read_parquet of that table's files."""
        import re

        def parquet(match: re.Match) -> str:
            folder = self.table_path(match.group(1), match.group(2))
            return f"read_parquet('{folder}/*.parquet')"

        return re.sub(r"\bspark\.([a-z_]+)\.([a-z_0-9]+)\b", parquet, sql)


CONTRACT_TABLES = [
    "customers",
    "orders",
    "order_items",
    "products",
    "web_sessions",
    "survey_responses",
    "email_events",
    "consents",
    "social_interactions",
]


def raw_row_counts(raw_dir: Path) -> dict[str, int]:
    """Rows per contract table in a folder of raw CSV files (0 when absent)."""
    import pandas as pd

    counts = {}
    for table in CONTRACT_TABLES:
        csv = raw_dir / f"{table}.csv"
        counts[table] = len(pd.read_csv(csv, dtype=str)) if csv.exists() else 0
    return counts


def erased_customer_ids(raw_dir: Path) -> set[str]:
    """Customers whose latest erasure_request record in raw consents.csv asks for erasure."""
    import pandas as pd

    consents = pd.read_csv(raw_dir / "consents.csv", dtype=str)
    erasure = consents[consents["consent_type"] == "erasure_request"].sort_values("updated_at")
    latest = erasure.groupby("customer_id")["granted"].last()
    return set(latest[latest == "true"].index)
