"""Session-wide dbt builds on fixture datasets, shared by the test modules.

Each build takes tens of seconds, so every dataset is generated and built
once per test session, in its own temporary workspace. Under pytest-xdist
(scripts/test.sh runs two workers) the workers share one build of each: the
first worker that needs a dataset builds it under a file lock in the
session's common temporary folder and records the result; the other finds
it there. Tests only read these workspaces; a test that runs dbt on one
works on a copy (DbtWorkspace.copy), so it never writes a file that another
worker reads.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from dbt_project_runner import DbtResult, DbtWorkspace

# Modules in the order the workers take them up (longest chains of builds
# first, so that no worker is left with a long module at the end); modules
# not listed follow in collection order. Tests keep their order inside a module.
MODULE_ORDER = [
    "test_spark.py",
    "test_settings_validation.py",
    "test_own_data.py",
    "test_incremental.py",
    "test_dbt_build.py",
    "test_audiences.py",
    "test_clusters.py",
    "test_serving.py",
    "test_rebuild_identical.py",
    "test_segment_history.py",
    "test_parsing.py",
    "test_dashboard.py",
    "test_semantic_layer.py",
    "test_docs.py",
    "test_privacy.py",
    "test_features_recomputed.py",
]


# Under xdist (--dist loadgroup) the tests of a module that use a
# module-scoped fixture (a build, mostly) run on one worker, in their order,
# so the fixture is made once; every other test is dealt out on its own.
# These modules' module-scoped fixtures are cheap (a few files): their tests
# are dealt out one by one too.
SPREAD_MODULES = {
    "test_settings_validation.py",
    "test_parsing.py",
    "test_dbt_build.py",
    "test_audiences.py",
    "test_clusters.py",
    "test_dashboard.py",
}


@pytest.hookimpl(trylast=True)  # after the tmpdir plugin made the factory
def pytest_configure(config: pytest.Config) -> None:
    """Where dbt calls find the session's saved parse and log themselves
    (dbt_project_runner.py): in the session's common temporary folder."""
    factory = getattr(config, "_tmp_path_factory", None)
    if factory is None:
        return
    root = shared_root(factory)
    os.environ["SEGDB_TEST_PARSE_DIR"] = str(root / "dbt_parse")
    os.environ["SEGDB_TEST_DBT_LOG"] = str(root / "dbt_calls.jsonl")


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    """dbt calls per module: how many, how many parsed the whole project, seconds."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    log = Path(os.environ.get("SEGDB_TEST_DBT_LOG", ""))
    if not log.is_file():
        return
    calls = [json.loads(line) for line in log.read_text().splitlines() if line]
    modules: dict[str, list[dict]] = {}
    for call in calls:
        module = call["test"].split("::")[0].rsplit("/", 1)[-1] or "(session)"
        modules.setdefault(module, []).append(call)
    write = terminalreporter.write_line
    terminalreporter.section("dbt calls per module")
    write(f"{'module':<32} {'calls':>5} {'full parses':>11} {'wall s':>8} {'cpu s':>8}")
    ranked = sorted(modules.items(), key=lambda item: -sum(c["cpu"] for c in item[1]))
    for module, group in [*ranked, ("total", calls)]:
        full = sum(1 for call in group if call["full_parse"])
        wall = sum(call["wall"] for call in group)
        cpu = sum(call["cpu"] for call in group)
        write(f"{module:<32} {len(group):>5} {full:>11} {wall:>8.0f} {cpu:>8.0f}")
    write("slowest dbt calls (wall s, cpu s, full parse reason, test, command):")
    for call in sorted(calls, key=lambda call: -call["wall"])[:12]:
        write(
            f"  {call['wall']:>6.0f} {call['cpu']:>6.0f} {call['full_parse'] or '-'}"
            f" | {call['test']} | {call['command']}"
        )


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: position for position, name in enumerate(MODULE_ORDER)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
    for item in items:
        if item.path.name not in SPREAD_MODULES and uses_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.path.name))


def uses_module_fixture(item: pytest.Item) -> bool:
    definitions = item._fixtureinfo.name2fixturedefs.values()
    return any(chain[-1].scope == "module" for chain in definitions)


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder, common to all xdist workers."""
    base = tmp_path_factory.getbasetemp()
    # a worker's base is <session base>/popen-gw<n>
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_workspace(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    build: Callable[[DbtWorkspace], None],
    raw_source: Path | None = None,
) -> DbtWorkspace:
    """`build` runs once per session, whichever worker asks first.

    `build` fills a fresh workspace and may set the attributes `result` (a
    DbtResult) and `manifest` (JSON), which are recorded for the others.
    """
    root = shared_root(tmp_path_factory)
    state = root / f"{name}.state.json"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        workspace = DbtWorkspace(root / name, raw_source=raw_source)
        if state.exists():
            recorded = json.loads(state.read_text())
            workspace.result = DbtResult(**recorded["result"])
            workspace.manifest = recorded["manifest"]
            return workspace
        shutil.rmtree(workspace.root, ignore_errors=True)
        workspace.root.mkdir(parents=True)
        build(workspace)
        result = getattr(workspace, "result", None)
        state.write_text(
            json.dumps(
                {
                    "result": None if result is None else vars(result),
                    "manifest": getattr(workspace, "manifest", None),
                }
            )
        )
    return workspace


@pytest.fixture(scope="session")
def clean(tmp_path_factory) -> DbtWorkspace:
    """600 generated customers, every contract table, no dirt."""

    def build(workspace: DbtWorkspace) -> None:
        workspace.manifest = workspace.generate("--customers", "600", "--seed", "7")
        workspace.result = workspace.dbt("build")

    return shared_workspace(tmp_path_factory, "clean", build)


@pytest.fixture(scope="session")
def dirty(tmp_path_factory) -> DbtWorkspace:
    """1,500 generated customers with 2% of every kind of dirt."""

    def build(workspace: DbtWorkspace) -> None:
        workspace.manifest = workspace.generate(
            "--customers", "1500", "--seed", "11", "--dirt-rate", "0.02"
        )
        # nine kinds of order dirt at 2% each exceed the 5% warning threshold on
        # purpose here; the build must still pass (warnings are not failures)
        workspace.result = workspace.dbt("build")

    return shared_workspace(tmp_path_factory, "dirty", build)


@pytest.fixture(scope="session")
def minimal(tmp_path_factory) -> DbtWorkspace:
    """Only customers and orders, each with its keys and a few more columns.

    Order o5's total (9999999999999999.99) and c1's annual income (1e30) are
    out of range: o5 is quarantined, c1's income null and counted.
    """

    def build(workspace: DbtWorkspace) -> None:
        workspace.raw.mkdir(parents=True)
        pd.DataFrame(
            {
                "customer_id": ["c1", "c2", "c3"],
                "email": ["Ann@Example.com", None, "bob@example.org"],
                "country": ["DE", "France", None],
                "annual_income": ["1e30", None, None],
            }
        ).to_csv(workspace.raw / "customers.csv", index=False)
        pd.DataFrame(
            {
                "order_id": ["o1", "o2", "o3", "o4", "o5"],
                "customer_id": ["c1", "c1", "c2", "c3", "c1"],
                "ordered_at": [
                    "2025-01-05",
                    "2025-03-01 10:30:00",
                    "2025-02-11",
                    "2025-03-02",
                    "2025-03-01",
                ],
                "order_total": ["10.50", "99", "5.25", "12", "9999999999999999.99"],
            }
        ).to_csv(workspace.raw / "orders.csv", index=False)
        workspace.result = workspace.dbt("build")

    return shared_workspace(tmp_path_factory, "minimal", build)


@pytest.fixture(scope="session")
def grown(clean, tmp_path_factory) -> DbtWorkspace:
    """A copy of the `clean` build with 30 more customers and their orders, rebuilt.

    The newcomers' ids start with NEW-; their orders span years, far older
    than the incremental lookback: a backfill, which needs --full-refresh at
    the clean build's as-of date (the cluster fit still reads the previous
    build's centroids, kept in the database). Shared by the audience
    (holdouts) and cluster (ids) stability tests, which compare it with `clean`.
    """
    clean.result.assert_ok()

    def build(workspace: DbtWorkspace) -> None:
        shutil.copytree(clean.raw, workspace.raw)
        shutil.copy(clean.database, workspace.database)
        (as_of,) = workspace.query("select as_of_date from main_intermediate.int_as_of_date")[0]
        newcomers = DbtWorkspace(workspace.root / "newcomers")
        newcomers.generate("--customers", "30", "--seed", "99", "--tables", "customers,orders")
        for table, keys in {
            "customers": ["customer_id"],
            "orders": ["order_id", "customer_id"],
        }.items():
            extra = pd.read_csv(newcomers.raw / f"{table}.csv", dtype=str)
            for key in keys:
                extra[key] = "NEW-" + extra[key]
            original = pd.read_csv(workspace.raw / f"{table}.csv", dtype=str)
            pd.concat([original, extra]).to_csv(workspace.raw / f"{table}.csv", index=False)
        workspace.result = workspace.dbt(
            "build", "--full-refresh", "--vars", f"{{as_of_date: '{as_of}'}}"
        )

    return shared_workspace(tmp_path_factory, "grown", build)
