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
- the peer: a plain pandas script as a typical notebook computes RFM
  quintiles, a named RFM map and k-means on log RFM (segdb/peer.py), run as
  a process of its own on the same customers and orders (all days);
- the minimal build: `dbt build` on a fresh database with only those
  customers and orders as raw tables (the other tables absent, as the data
  contract allows), everything the project does on them included
  (quarantine, every test, the segmentations); target: within 2x the peer;
- the predicted-value (CLV) models on their own: `dbt run --threads 1` of
  CLV_FOLDERS on the daily rebuild's database, in a process that has imported
  pandas, scipy and scikit-learn first, as a build's clustering models have
  when the fits run (issue: the summary, fits and scoring add at most 15 s
  to the 1M full build). Inside a build, two threads share the two cores
  with other nodes, so there the same models' summed time counts each one
  two to three times over;

reporting wall time, time per layer and the slowest nodes (from dbt's
run_results.json), peak memory (maximum resident set size of the process)
and raw rows per second. It prints a table and writes JSON; while a dbt
build runs it logs how many of its nodes are done every PROGRESS_SECONDS.

    uv run segdb benchmark --scales 10000,100000,1000000
"""

from __future__ import annotations

import collections
import json
import os
import re
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
    "social_interactions": "occurred_at",
}


# the raw tables of the minimal build and the peer (the data contract's required ones)
MINIMAL_TABLES = ("customers", "orders")
# the target for the minimal build: at most this many times the peer's time
MINIMAL_TO_PEER_TARGET = 2.0
# how often a running dbt build logs its progress
PROGRESS_SECONDS = 30.0
# the predicted-value (CLV) models: purchase summary, fits and scoring (issue:
# at most 15 s added to the 1M full build); their tests are reported apart
CLV_FOLDERS = ("models/segments/value/", "models/marts/value/")
CLV_TARGET_SECONDS = 15.0
# runs dbt in-process after the imports a build has paid when the CLV fits run
# (its clustering models import pandas, scipy and scikit-learn first)
CLV_RUNNER = (
    "import sys\n"
    "import pandas, scipy.optimize, scipy.special, sklearn.cluster  # noqa: F401\n"
    "from dbt.cli.main import dbtRunner\n"
    "sys.exit(0 if dbtRunner().invoke(sys.argv[1:]).success else 1)\n"
)
# dbt's line for a finished node: "12 of 845 OK created sql table model ..."
NODE_DONE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")


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
    # the CLV models' execution time (summed) and their tests' (data and unit)
    clv_model_seconds: float = 0.0
    clv_test_seconds: float = 0.0


@dataclass
class ClvMeasure:
    """The CLV models built on their own (one thread), after a build."""

    seconds: float
    ok: bool
    # execution time per model (run_results.json), in the order they ran
    model_seconds: dict[str, float] = field(default_factory=dict)
    # the summary, fits and scoring: the models under the first of CLV_FOLDERS
    summary_fit_scoring_seconds: float = 0.0
    load_average: float = 0.0

    @property
    def total_seconds(self) -> float:
        return sum(self.model_seconds.values())


@dataclass
class PeerMeasure:
    """One run of the peer script (segdb/peer.py) as a process of its own."""

    seconds: float
    peak_rss_mb: float
    ok: bool
    customers: int = 0
    buyers: int = 0
    orders: int = 0
    segments: dict[str, int] = field(default_factory=dict)
    clusters: int = 0
    step_seconds: dict[str, float] = field(default_factory=dict)
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
    peer: PeerMeasure | None = None
    minimal: BuildMeasure | None = None
    clv_alone: ClvMeasure | None = None
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

    @property
    def minimal_to_peer(self) -> float | None:
        """The minimal build's time over the peer's (target: at most 2)."""
        if self.peer is None or self.minimal is None or not self.peer.seconds:
            return None
        return self.minimal.seconds / self.peer.seconds


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


def run_with_progress(command: list[str], env: dict[str, str], label: str) -> tuple[int, list[str]]:
    """Run a dbt command, logging every PROGRESS_SECONDS how many nodes are done.

    Returns the exit code and the last lines of its output.
    """
    tail: collections.deque[str] = collections.deque(maxlen=15)
    started = last_report = time.perf_counter()
    done = total = 0
    with subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            tail.append(line.rstrip("\n"))
            finished = NODE_DONE.search(line)
            if finished:
                done, total = done + 1, int(finished.group(2))
            now = time.perf_counter()
            if now - last_report >= PROGRESS_SECONDS:
                last_report = now
                nodes = f"{done}/{total} nodes done" if total else "parsing"
                log(f"    {label}: {nodes}, {now - started:.0f} s")
        returncode = process.wait()
    return returncode, list(tail)


def dbt_env(raw: Path, database: Path, serving: Path, temp_dir: Path) -> dict[str, str]:
    """The environment of a benchmark's dbt process: the profile's dev target on these paths.

    The export files go next to the database: the export models are views over them, so a
    folder shared by every build (the default, target/exports in the project) would leave
    each database's views reading whatever the last build of any scale wrote.
    """
    env = dict(os.environ)
    env.update(
        {
            "DBT_PROFILES_DIR": str(PROJECT_DIR),
            "SEGDB_TARGET": "dev",
            "SEGDB_RAW_DATA_PATH": str(raw),
            "SEGDB_DUCKDB_PATH": str(database),
            "SEGDB_SERVING_PATH": str(serving),
            "SEGDB_DUCKDB_TEMP_DIR": str(temp_dir),
            "SEGDB_EXPORT_PATH": str(database.with_name(database.stem + "_exports")),
        }
    )
    return env


def dbt_build(
    raw: Path, database: Path, work: Path, *extra: str, label: str = "dbt build"
) -> BuildMeasure:
    """Run `dbt build` under /usr/bin/time; read timings from run_results.json.

    Builds of one scale share a target folder (work's parent/target), as a
    user's daily runs do, so a rebuild parses the project incrementally
    (partial parsing); each build's run_results.json and manifest.json are
    copied to `work`. `label` names the build in the progress lines.
    """
    target_path = work.parent / "target"
    work.mkdir(parents=True, exist_ok=True)
    # the marts published after each build, next to the database
    serving = database.with_name(database.stem + "_serving.duckdb")
    env = dbt_env(raw, database, serving, work.parent / "duckdb_tmp")
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
    returncode, tail = run_with_progress(command, env, label)
    seconds = time.perf_counter() - started
    load_average = (load_before + os.getloadavg()[0]) / 2
    if returncode != 0:
        log(f"  {label} failed; last lines:\n" + "\n".join(tail))
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
    clv_models, clv_tests = clv_seconds(manifest, results)
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
        ok=returncode == 0,
        load_average=round(load_average, 2),
        clv_model_seconds=round(clv_models, 2),
        clv_test_seconds=round(clv_tests, 2),
    )


def clv_seconds(manifest: dict, results: list[dict]) -> tuple[float, float]:
    """Summed execution time of the CLV models (CLV_FOLDERS) and of their tests.

    A data test counts when the model it is attached to is a CLV model, a unit
    test when the model it tests is.
    """
    nodes = manifest.get("nodes", {})
    clv = {
        uid
        for uid, node in nodes.items()
        if uid.startswith("model.") and node.get("original_file_path", "").startswith(CLV_FOLDERS)
    }
    clv_names = {nodes[uid]["name"] for uid in clv}
    models = tests = 0.0
    for result in results:
        uid = result["unique_id"]
        attached_test = uid.startswith("test.") and nodes.get(uid, {}).get("attached_node") in clv
        unit_test = manifest.get("unit_tests", {}).get(uid, {}).get("model") in clv_names
        if uid in clv:
            models += result["execution_time"]
        elif attached_test or unit_test:
            tests += result["execution_time"]
    return models, tests


def run_peer(raw: Path, work: Path) -> PeerMeasure:
    """Time the peer script (segdb/peer.py) on raw's customers and orders, as its own process."""
    work.mkdir(parents=True, exist_ok=True)
    rss_file = work / "rss.txt"
    command = [
        "/usr/bin/time",
        "-f",
        "%M",
        "-o",
        str(rss_file),
        sys.executable,
        "-m",
        "segdb.peer",
        "--raw",
        str(raw),
        "--out",
        str(work / "peer_segments.parquet"),
    ]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    with subprocess.Popen(
        command, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        errors = []
        for line in process.stderr:  # a line per step: the progress
            errors.append(line.rstrip("\n"))
            log(f"    {errors[-1]}")
        output = process.stdout.read()
        returncode = process.wait()
    seconds = time.perf_counter() - started
    load_average = (load_before + os.getloadavg()[0]) / 2
    peak_kb = float(rss_file.read_text().strip().splitlines()[-1]) if rss_file.exists() else 0.0
    measure = PeerMeasure(
        seconds=seconds,
        peak_rss_mb=peak_kb / 1024,
        ok=returncode == 0,
        load_average=round(load_average, 2),
    )
    if returncode != 0:
        log("  the peer failed; last lines:\n" + "\n".join(errors[-15:]))
        return measure
    summary = json.loads(output.strip().splitlines()[-1])
    measure.customers = summary["customers"]
    measure.buyers = summary["buyers"]
    measure.orders = summary["orders"]
    measure.segments = summary["segments"]
    measure.clusters = summary["clusters"]
    measure.step_seconds = summary["seconds"]
    return measure


def minimal_build(raw: Path, run_dir: Path) -> BuildMeasure:
    """`dbt build` on a fresh database with only raw's customers and orders.

    The other raw tables are absent, as the data contract allows; the build has
    a target folder of its own, so it parses the project from scratch.
    """
    shutil.rmtree(run_dir, ignore_errors=True)
    data = run_dir / "raw"
    data.mkdir(parents=True)
    for table in MINIMAL_TABLES:
        source = raw / f"{table}.parquet"
        if not source.exists():
            raise FileNotFoundError(f"{source}: the minimal build needs it")
        shutil.copyfile(source, data / source.name)
    return dbt_build(data, run_dir / "warehouse.duckdb", run_dir / "build", label="minimal build")


def clv_alone(raw: Path, database: Path, work: Path) -> ClvMeasure:
    """`dbt run --threads 1` of the CLV models on database, after the imports of a build.

    The models are rebuilt from the tables already in database (the summary reads the
    order facts); the marts among them are published to a serving file of its own in
    work, which is removed, so readers of the build's serving file see nothing change.
    """
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    serving = work / "serving.duckdb"
    env = dbt_env(raw, database, serving, work / "duckdb_tmp")
    selection = [f"path:{folder.rstrip('/')}" for folder in CLV_FOLDERS]
    command = [
        *(sys.executable, "-c", CLV_RUNNER),
        *("run", "--threads", "1", "--select", *selection),
        *("--project-dir", str(PROJECT_DIR), "--target-path", str(work / "target")),
        *("--log-path", str(work / "logs")),
    ]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    returncode, tail = run_with_progress(command, env, "CLV models on their own")
    seconds = time.perf_counter() - started
    load_average = (load_before + os.getloadavg()[0]) / 2
    serving.unlink(missing_ok=True)
    measure = ClvMeasure(seconds=seconds, ok=returncode == 0, load_average=round(load_average, 2))
    results_file = work / "target" / "run_results.json"
    if returncode != 0 or not results_file.exists():
        log("  the CLV models failed; last lines:\n" + "\n".join(tail))
        measure.ok = False
        return measure
    results = json.loads(results_file.read_text())["results"]
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    nodes = manifest.get("nodes", {})
    for result in results:
        if not result["unique_id"].startswith("model."):
            continue  # the project's on-run-start and on-run-end hooks
        node = nodes[result["unique_id"]]
        measure.model_seconds[node["name"]] = round(result["execution_time"], 2)
        if node.get("original_file_path", "").startswith(CLV_FOLDERS[0]):
            measure.summary_fit_scoring_seconds += result["execution_time"]
    measure.summary_fit_scoring_seconds = round(measure.summary_fit_scoring_seconds, 2)
    return measure


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
    log("  peer: the pandas script on the customers and orders (every day)")
    peer = run_peer(raw, run_dir / "peer")
    log("  minimal build: dbt build on the same customers and orders only")
    minimal = minimal_build(raw, run_dir / "minimal")
    log(f"  full dbt build (data up to the day before {last_day})")
    full = dbt_build(data, database, run_dir / "full", label="full build")
    before_the_day = run_dir / "warehouse_before_the_day.duckdb"
    shutil.copyfile(database, before_the_day)
    for path in raw.glob("*.parquet"):
        shutil.copyfile(path, data / path.name)
    log(f"  rebuild after appending {last_day} ({new_rows:,} new raw rows)")
    incremental = dbt_build(data, database, run_dir / "incremental", label="rebuild")
    log("  daily rebuild of the same day, clusters scored with the last fit")
    database.rename(run_dir / "warehouse_rebuilt.duckdb")
    before_the_day.rename(database)
    daily = dbt_build(
        data, database, run_dir / "daily", "--exclude", "tag:cluster_fit", label="daily rebuild"
    )
    log("  the predicted-value (CLV) models on their own, one thread")
    clv = clv_alone(data, database, run_dir / "clv")
    result = ScaleResult(
        customers=customers,
        raw_rows=raw_rows,
        generate_seconds=round(generate_seconds, 1),
        floor_seconds=round(floor_seconds, 2),
        full=full,
        incremental=incremental,
        daily=daily,
        new_day_rows=new_rows,
        peer=peer,
        minimal=minimal,
        clv_alone=clv,
    )
    if not (full.ok and incremental.ok and daily.ok and minimal.ok):
        result.notes.append("a dbt build failed: figures are incomplete")
    if not peer.ok:
        result.notes.append("the peer failed: no minimal/peer ratio")
    if not clv.ok:
        result.notes.append("the CLV models on their own failed: no CLV figure")
    log(
        f"  done: full {full.seconds:.1f} s, rebuild {incremental.seconds:.1f} s,"
        f" daily {daily.seconds:.1f} s, peer {peer.seconds:.1f} s,"
        f" minimal {minimal.seconds:.1f} s"
    )
    return result


def all_ok(result: ScaleResult) -> bool:
    builds = [
        result.full,
        result.incremental,
        result.daily,
        result.peer,
        result.minimal,
        result.clv_alone,
    ]
    return all(build is not None and build.ok for build in builds)


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
    lines.extend(["", *format_summary(results)])
    for r in results:
        builds = [("full build", r.full), ("rebuild", r.incremental), ("daily rebuild", r.daily)]
        if r.minimal is not None:
            builds.append(("minimal build", r.minimal))
        for label, build in builds:
            lines.append(
                f"\n{r.customers:,} customers, {label} (load average {build.load_average:.1f}"
                f" on {os.cpu_count()} cores): time per layer (s, summed)"
            )
            lines.append("  " + ", ".join(f"{k} {v:.1f}" for k, v in build.layer_seconds.items()))
            lines.append("  slowest: " + ", ".join(f"{n} {t:.1f}" for n, t in build.slowest))
            lines.append(
                f"  predicted value (CLV): models {build.clv_model_seconds:.1f} s,"
                f" their tests {build.clv_test_seconds:.1f} s (summed)"
            )
        if r.peer is not None and r.peer.ok:
            lines.append(
                f"\n{r.customers:,} customers, peer (load average {r.peer.load_average:.1f}):"
                f" {r.peer.customers:,} customers, {r.peer.buyers:,} buyers,"
                f" {len(r.peer.segments)} segments, {r.peer.clusters} clusters; time per step (s)"
            )
            lines.append("  " + ", ".join(f"{k} {v:.1f}" for k, v in r.peer.step_seconds.items()))
        if r.clv_alone is not None and r.clv_alone.ok:
            clv = r.clv_alone
            lines.append(
                f"\n{r.customers:,} customers, predicted value (CLV) on its own (dbt run"
                f" --threads 1, load average {clv.load_average:.1f}): summary, fits and scoring"
                f" {clv.summary_fit_scoring_seconds:.1f} s (target: at most"
                f" {CLV_TARGET_SECONDS:g} s at 1M), with the marts {clv.total_seconds:.1f} s;"
                f" {clv.seconds:.1f} s wall with parsing and publishing"
            )
            lines.append("  " + ", ".join(f"{n} {t:.1f}" for n, t in clv.model_seconds.items()))
        lines.extend(f"  note: {note}" for note in r.notes)
    return "\n".join(lines)


def format_summary(results: list[ScaleResult]) -> list[str]:
    """The targets' table: full, daily, peak, the peer and the minimal build per scale."""
    header = (
        f"{'customers':>10} {'full s':>8} {'daily s':>8} {'%':>4} {'peak MB':>8}"
        f" {'peer s':>8} {'peer MB':>8} {'minimal s':>9} {'min. MB':>8} {'min./peer':>9}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        peer = r.peer if r.peer is not None and r.peer.ok else None
        minimal = r.minimal if r.minimal is not None and r.minimal.ok else None
        ratio = r.minimal_to_peer if peer is not None and minimal is not None else None
        lines.append(
            f"{r.customers:>10,} {r.full.seconds:>8.1f} {r.daily.seconds:>8.1f}"
            f" {100 * r.daily_share:>3.0f}% {r.peak_rss_mb:>8,.0f}"
            + (
                f" {peer.seconds:>8.1f} {peer.peak_rss_mb:>8,.0f}"
                if peer
                else f" {'n/a':>8} {'n/a':>8}"
            )
            + (
                f" {minimal.seconds:>9.1f} {minimal.peak_rss_mb:>8,.0f}"
                if minimal
                else f" {'n/a':>9} {'n/a':>8}"
            )
            + (f" {ratio:>8.1f}x" if ratio is not None else f" {'n/a':>9}")
        )
    lines.append(
        f"(peak MB: the full, rebuild and daily builds; min./peer target: at most"
        f" {MINIMAL_TO_PEER_TARGET:g}x)"
    )
    return lines


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
                        "minimal_to_peer": r.minimal_to_peer,
                    }
                    for r in results
                ],
                indent=2,
            )
        )
    print(format_table(results))
    print(f"\nJSON: {json_path}")
    return results
