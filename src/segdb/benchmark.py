"""Benchmark the dbt build at several scales.

For each scale the benchmark generates demo data (Parquet, cached between
runs), splits off the last day of events, and measures on a fresh DuckDB file:

- the floor: DuckDB reading every raw input once, all columns;
- a full `dbt build` (models, seeds, snapshots and every test) on the data
  without its last day;
- a rebuild after appending that day (`dbt build` again on the same
  database: incremental models only process what is new);
- the daily rebuild as we recommend running it (the same, on a copy of the
  database, but scoring customers with the last cluster fit:
  `dbt build --exclude tag:cluster_fit`; refit weekly with a plain build);

reporting wall time, time per layer and the slowest nodes (from dbt's
run_results.json), peak memory (maximum resident set size of the dbt
process) and raw rows per second. It prints a table and writes JSON.

    uv run segdb benchmark --scales 10000,100000,1000000
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]

# event tables split by their own timestamp; order_items follow their order
EVENT_COLUMNS = {
    "orders": "ordered_at",
    "web_sessions": "started_at",
    "survey_responses": "answered_at",
    "email_events": "occurred_at",
    "consents": "updated_at",
}


@dataclass
class BuildMeasure:
    """One `dbt build` run."""

    seconds: float
    peak_rss_mb: float
    layer_seconds: dict[str, float]
    slowest: list[tuple[str, float]]
    nodes: int
    ok: bool
    # mean of the 1-minute load average sampled before and after: above the
    # machine's core count, other work was competing for the CPU
    load_average: float = 0.0


@dataclass
class ScaleResult:
    customers: int
    raw_rows: int
    generate_seconds: float
    floor_seconds: float
    full: BuildMeasure
    incremental: BuildMeasure
    daily: BuildMeasure
    new_day_rows: int
    notes: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.raw_rows / self.full.seconds if self.full.seconds else 0.0

    @property
    def incremental_share(self) -> float:
        return self.incremental.seconds / self.full.seconds if self.full.seconds else 0.0

    @property
    def daily_share(self) -> float:
        return self.daily.seconds / self.full.seconds if self.full.seconds else 0.0

    @property
    def peak_rss_mb(self) -> float:
        return max(self.full.peak_rss_mb, self.incremental.peak_rss_mb, self.daily.peak_rss_mb)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def generate_data(customers: int, seed: int, folder: Path) -> float:
    """Generate Parquet demo data into folder (reused when already there)."""
    from .generator import GeneratorConfig, generate

    manifest = folder / "truth" / "dirt_manifest.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text())
        if meta.get("customers_requested") == customers and meta.get("seed") == seed:
            log(f"  reusing generated data in {folder}")
            return 0.0
    started = time.perf_counter()
    generate(GeneratorConfig(customers=customers, seed=seed, out=folder, fmt="parquet"))
    return time.perf_counter() - started


def split_last_day(raw: Path, base: Path) -> tuple[str, int]:
    """Write to base/ the raw tables without their last day of events.

    Returns the day split off and how many raw rows it holds.
    """
    base.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    orders = f"read_parquet('{raw / 'orders.parquet'}')"
    (last_day,) = con.execute(
        f"select cast(max(try_cast(ordered_at as timestamp)) as date) from {orders}"
        " where try_cast(ordered_at as timestamp) < now()"
    ).fetchone()
    new_rows = 0
    for path in sorted(raw.glob("*.parquet")):
        table = path.stem
        source = f"read_parquet('{path}')"
        if table in EVENT_COLUMNS:
            column = EVENT_COLUMNS[table]
            keep = f"coalesce(cast(try_cast({column} as timestamp) as date) < '{last_day}', true)"
        elif table == "order_items":
            keep = (
                f"order_id not in (select order_id from {orders}"
                f" where cast(try_cast(ordered_at as timestamp) as date) >= '{last_day}')"
            )
        else:
            keep = "true"
        con.execute(
            f"copy (select * from {source} where {keep}) to '{base / path.name}' (format parquet)"
        )
        (dropped,) = con.execute(f"select count(*) from {source} where not ({keep})").fetchone()
        new_rows += dropped
    return str(last_day), new_rows


def read_floor(raw: Path) -> tuple[float, int]:
    """Seconds for DuckDB to read every raw table once, every column; and the row count."""
    con = duckdb.connect()
    rows = 0
    started = time.perf_counter()
    for path in sorted(raw.glob("*.parquet")):
        con.execute(f"create or replace temp table t as select * from read_parquet('{path}')")
        rows += con.execute("select count(*) from t").fetchone()[0]
    return time.perf_counter() - started, rows


def layer_of(unique_id: str, path: str) -> str:
    kind = unique_id.split(".")[0]
    if kind == "model":
        parts = Path(path).parts
        return parts[1] if len(parts) > 2 and parts[0] == "models" else "models"
    return {"test": "tests", "unit_test": "unit tests", "seed": "seeds"}.get(kind, kind + "s")


def dbt_build(raw: Path, database: Path, work: Path, *extra: str) -> BuildMeasure:
    """Run `dbt build` under /usr/bin/time; read timings from run_results.json.

    Builds of one scale share a target folder, as a user's daily runs do, so
    a rebuild parses the project incrementally (partial parsing); each
    build's run_results.json and manifest.json are copied to `work`.
    """
    target_path = work.parent / "target"
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "SEGDB_TARGET": "dev",
            "SEGDB_RAW_DATA_PATH": str(raw),
            "SEGDB_DUCKDB_PATH": str(database),
            # the marts published after each build, next to the database
            "SEGDB_SERVING_PATH": str(database.with_name(database.stem + "_serving.duckdb")),
            "SEGDB_DUCKDB_TEMP_DIR": str(work.parent / "duckdb_tmp"),
        }
    )
    rss_file = work / "rss.txt"
    command = [
        "/usr/bin/time",
        "-f",
        "%M",
        "-o",
        str(rss_file),
        str(Path(sys.executable).parent / "dbt"),
        "build",
        "--project-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(target_path),
        "--log-path",
        str(work / "logs"),
        *extra,
    ]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    load_average = (load_before + os.getloadavg()[0]) / 2
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).splitlines()
        log("  dbt build failed; last lines:\n" + "\n".join(output[-15:]))
    if not (target_path / "run_results.json").exists():
        raise RuntimeError("dbt produced no run_results.json: see the lines above")
    for name in ("run_results.json", "manifest.json"):
        shutil.copyfile(target_path / name, work / name)
    (target_path / "run_results.json").unlink()
    peak_kb = float(rss_file.read_text().strip().splitlines()[-1]) if rss_file.exists() else 0.0
    results = json.loads((work / "run_results.json").read_text())["results"]
    manifest = json.loads((work / "manifest.json").read_text())
    paths = {
        uid: node.get("original_file_path", "")
        for section in ("nodes", "unit_tests")
        for uid, node in manifest.get(section, {}).items()
    }
    layers: dict[str, float] = {}
    for result in results:
        layer = layer_of(result["unique_id"], paths.get(result["unique_id"], ""))
        layers[layer] = layers.get(layer, 0.0) + result["execution_time"]
    slowest = sorted(
        ((r["unique_id"].split(".")[-1], r["execution_time"]) for r in results),
        key=lambda item: -item[1],
    )[:5]
    return BuildMeasure(
        seconds=seconds,
        peak_rss_mb=peak_kb / 1024,
        layer_seconds={k: round(v, 2) for k, v in sorted(layers.items())},
        slowest=[(name, round(t, 2)) for name, t in slowest],
        nodes=len(results),
        ok=completed.returncode == 0,
        load_average=round(load_average, 2),
    )


def run_scale(customers: int, seed: int, work_dir: Path) -> ScaleResult:
    folder = work_dir / f"data_{customers}"
    log(f"scale {customers:,} customers: generating data")
    generate_seconds = generate_data(customers, seed, folder)
    raw = folder / "raw"
    log("  splitting off the last day of events")
    base = work_dir / f"base_{customers}"
    last_day, new_rows = split_last_day(raw, base)
    log("  floor: DuckDB reading every raw input once")
    floor_seconds, raw_rows = read_floor(raw)
    run_dir = work_dir / f"run_{customers}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    # every build reads the same folder and database paths, as a user's daily
    # runs do, so dbt's partial parsing applies to the rebuilds
    database = run_dir / "warehouse.duckdb"
    data = run_dir / "raw"
    shutil.copytree(base, data)
    log(f"  full dbt build (data up to the day before {last_day})")
    full = dbt_build(data, database, run_dir / "full")
    before_the_day = run_dir / "warehouse_before_the_day.duckdb"
    shutil.copyfile(database, before_the_day)
    for path in raw.glob("*.parquet"):
        shutil.copyfile(path, data / path.name)
    log(f"  rebuild after appending {last_day} ({new_rows:,} new raw rows)")
    incremental = dbt_build(data, database, run_dir / "incremental")
    log("  daily rebuild of the same day, clusters scored with the last fit")
    database.rename(run_dir / "warehouse_rebuilt.duckdb")
    before_the_day.rename(database)
    daily = dbt_build(data, database, run_dir / "daily", "--exclude", "tag:cluster_fit")
    result = ScaleResult(
        customers=customers,
        raw_rows=raw_rows,
        generate_seconds=round(generate_seconds, 1),
        floor_seconds=round(floor_seconds, 2),
        full=full,
        incremental=incremental,
        daily=daily,
        new_day_rows=new_rows,
    )
    if not (full.ok and incremental.ok and daily.ok):
        result.notes.append("a dbt build failed: figures are incomplete")
    log(
        f"  done: full {full.seconds:.1f} s, rebuild {incremental.seconds:.1f} s,"
        f" daily {daily.seconds:.1f} s"
    )
    return result


def format_table(results: list[ScaleResult]) -> str:
    header = (
        f"{'customers':>10} {'raw rows':>12} {'floor s':>8} {'full s':>8} {'rows/s':>10}"
        f" {'peak MB':>8} {'rebuild s':>9} {'%':>4} {'daily s':>8} {'%':>4}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.customers:>10,} {r.raw_rows:>12,} {r.floor_seconds:>8.1f} {r.full.seconds:>8.1f}"
            f" {r.rows_per_second:>10,.0f} {r.peak_rss_mb:>8,.0f}"
            f" {r.incremental.seconds:>9.1f} {100 * r.incremental_share:>3.0f}%"
            f" {r.daily.seconds:>8.1f} {100 * r.daily_share:>3.0f}%"
        )
    for r in results:
        for label, build in (
            ("full build", r.full),
            ("rebuild", r.incremental),
            ("daily rebuild", r.daily),
        ):
            lines.append(
                f"\n{r.customers:,} customers, {label} (load average {build.load_average:.1f}"
                f" on {os.cpu_count()} cores): time per layer (s, summed)"
            )
            lines.append("  " + ", ".join(f"{k} {v:.1f}" for k, v in build.layer_seconds.items()))
            lines.append("  slowest: " + ", ".join(f"{n} {t:.1f}" for n, t in build.slowest))
        lines.extend(f"  note: {note}" for note in r.notes)
    return "\n".join(lines)


def run(scales: list[int], seed: int, work_dir: Path, json_path: Path) -> list[ScaleResult]:
    work_dir.mkdir(parents=True, exist_ok=True)
    results = []
    for customers in scales:
        results.append(run_scale(customers, seed, work_dir))
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(
            json.dumps(
                [
                    asdict(r)
                    | {
                        "rows_per_second": r.rows_per_second,
                        "incremental_share": r.incremental_share,
                        "daily_share": r.daily_share,
                        "peak_rss_mb": r.peak_rss_mb,
                    }
                    for r in results
                ],
                indent=2,
            )
        )
    print(format_table(results))
    print(f"\nJSON: {json_path}")
    return results
