"""Helpers for tests that generate data and run dbt on it in isolation.

Each run gets its own DuckDB file, target, log and export folders under a
temporary directory, so tests never touch the developer's database or files
and can run in any order.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
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


class RunningDbt:
    """A dbt process started in the background; its output goes to temporary files."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        # closed by wait(), which every caller reaches
        self.stdout = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=self.stdout, stderr=self.stderr, text=True
        )

    def wait(self) -> DbtResult:
        returncode = self.process.wait()
        output = []
        for stream in (self.stdout, self.stderr):
            stream.seek(0)
            output.append(stream.read())
            stream.close()
        return DbtResult(returncode, "".join(output))


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

    def env(self, raw_data_path: Path | None = None) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DBT_PROFILES_DIR": str(PROJECT_DIR),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                "SEGDB_TARGET": "ci",
                "SEGDB_DUCKDB_PATH": str(self.database),
                "SEGDB_DUCKDB_TEMP_DIR": str(self.root / "duckdb_tmp"),
                "SEGDB_RAW_DATA_PATH": str(raw_data_path or self.raw),
                "SEGDB_EXPORT_PATH": str(self.exports),
                "SEGDB_SERVING_PATH": str(self.serving),
            }
        )
        return env

    def dbt(
        self, *args: str, raw_data_path: Path | None = None, target_path: Path | None = None
    ) -> DbtResult:
        """Run dbt on this workspace; `target_path` keeps another run's artifacts apart."""
        return self.start_dbt(*args, raw_data_path=raw_data_path, target_path=target_path).wait()

    def start_dbt(
        self, *args: str, raw_data_path: Path | None = None, target_path: Path | None = None
    ) -> RunningDbt:
        """Start dbt as `dbt()` does, without waiting: `.wait()` gives its result."""
        command = [
            str(BIN_DIR / "dbt"),
            *args,
            "--project-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(target_path or self.root / "target"),
            "--log-path",
            str(self.root / "logs"),
        ]
        return RunningDbt(command, self.env(raw_data_path))

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

    def env(self, raw_data_path: Path | None = None) -> dict[str, str]:
        env = super().env(raw_data_path)
        env.update(
            {
                # small data: two shuffle partitions (fewer tasks per query
                # than the profile's default of 4); no result depends on it
                "SEGDB_SPARK_SHUFFLE_PARTITIONS": "2",
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
