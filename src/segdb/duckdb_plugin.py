"""dbt-duckdb plugin: the file operations of publishing the marts to the serving file.

BI tools, the dashboard and the semantic layer read the marts from a serving
DuckDB file, never from the file `dbt build` writes: DuckDB lets one process
write a file and a reader in another process locks the writer out, so a BI
tool holding a connection would stop the build. At the end of a successful
build, the on-run-end hook `publish_serving_database` (macros/serving/) copies
every public table into a new file next to the serving file and swaps it in
with these functions; SQL itself cannot rename files.

The swap is `os.replace`, an atomic rename on POSIX: a new connection opens
the new file, a connection already open keeps reading the old one (the
renamed-over file lives on until its last reader closes it), and a build
that fails or is killed before the rename leaves the serving file untouched.

Enabled per target in profiles.yml:

    plugins:
      - module: segdb.duckdb_plugin
        config:
          serving_path: "{{ env_var('SEGDB_SERVING_PATH', 'target/serving.duckdb') }}"

It registers three SQL functions on dbt's connection:

- `segdb_serving_path()`: the serving file, an absolute path;
- `segdb_serving_prepare(tmp_path)`: creates the serving file's folder and
  removes what earlier builds that died before their rename left behind
  (`<serving>.tmp-*` files other than `tmp_path`); returns how many. So two
  builds must not publish to one serving file at the same time (give each
  build database its own SEGDB_SERVING_PATH, as the tests do);
- `segdb_serving_replace(tmp_path)`: renames `tmp_path` over the serving
  file; returns the serving path.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb import DuckDBPyConnection

DEFAULT_SERVING_PATH = "target/serving.duckdb"
TMP_MARKER = ".tmp-"


def serving_path(configured: str | None) -> Path:
    """The configured serving file as an absolute path (relative: from the working directory)."""
    return Path(configured or DEFAULT_SERVING_PATH).expanduser().absolute()


def temporary_files(serving: Path) -> list[Path]:
    """Every unfinished copy of `serving` (and DuckDB's write-ahead log of one)."""
    if not serving.parent.is_dir():
        return []
    prefix = serving.name + TMP_MARKER
    return sorted(path for path in serving.parent.iterdir() if path.name.startswith(prefix))


def check_temporary(serving: Path, tmp_path: str) -> Path:
    """`tmp_path` must be a temporary copy of `serving`: nothing else is ever renamed."""
    tmp = Path(tmp_path).absolute()
    if tmp.parent != serving.parent or not tmp.name.startswith(serving.name + TMP_MARKER):
        raise ValueError(
            f"{tmp} is not a temporary copy of the serving file {serving} "
            f"(expected {serving.name}{TMP_MARKER}<invocation id> in {serving.parent})"
        )
    return tmp


def prepare(serving: Path, tmp_path: str) -> int:
    """Create the serving folder; remove stale temporary copies; return how many."""
    keep = check_temporary(serving, tmp_path)
    serving.parent.mkdir(parents=True, exist_ok=True)
    removed = 0
    for stale in temporary_files(serving):
        if stale != keep and not stale.name.startswith(keep.name + "."):
            stale.unlink(missing_ok=True)
            removed += 1
    return removed


def replace(serving: Path, tmp_path: str) -> str:
    """Atomically put the finished copy in place of the serving file."""
    tmp = check_temporary(serving, tmp_path)
    wal = tmp.with_name(tmp.name + ".wal")
    if wal.exists():
        raise RuntimeError(
            f"{tmp} still has a write-ahead log ({wal.name}): it was not detached "
            "cleanly, so it is not published"
        )
    os.replace(tmp, serving)
    return str(serving)


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.serving = serving_path(plugin_config.get("serving_path"))

    def configure_connection(self, conn: DuckDBPyConnection) -> None:
        serving = self.serving
        conn.create_function(
            "segdb_serving_path", lambda: str(serving), [], "VARCHAR", side_effects=True
        )
        conn.create_function(
            "segdb_serving_prepare",
            lambda tmp: prepare(serving, tmp),
            ["VARCHAR"],
            "INTEGER",
            side_effects=True,
        )
        conn.create_function(
            "segdb_serving_replace",
            lambda tmp: replace(serving, tmp),
            ["VARCHAR"],
            "VARCHAR",
            side_effects=True,
        )
