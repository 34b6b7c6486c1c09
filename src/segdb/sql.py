"""Query the marts from the project's environment: `segdb sql`.

The duckdb Python package has no command-line shell, so `uv run duckdb`
does not exist; this opens the serving file (the marts the last successful
build published, which a running build never locks) read-only and prints
results as tables. `--database` opens another file, such as the build's own
database (only between builds: a build holds it).

    uv run segdb sql "select * from main_marts.rpt_segment_summary limit 10"
    uv run segdb sql                      # interactive: statements end with ;
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import duckdb

DEFAULT_DATABASE = "target/serving.duckdb"


def default_database() -> Path:
    """The serving file the dev profile publishes to: SEGDB_SERVING_PATH, else its default."""
    return Path(os.environ.get("SEGDB_SERVING_PATH") or DEFAULT_DATABASE)


def run_statement(con: duckdb.DuckDBPyConnection, sql: str, out: TextIO, max_rows: int) -> None:
    """Run every statement in `sql`, printing each result."""
    for statement in con.extract_statements(sql):
        relation = con.sql(statement.query)
        if relation is None:  # a statement without a result (set, pragma, ...)
            continue
        out.write(str(relation) if max_rows <= 0 else _limited(relation, max_rows))


def _limited(relation: duckdb.DuckDBPyRelation, max_rows: int) -> str:
    text = str(relation.limit(max_rows))
    if len(relation.limit(max_rows + 1).fetchall()) > max_rows:
        text += f"(first {max_rows} rows shown; use --max-rows)\n"
    return text


def statements(stream: TextIO, interactive: bool, out: TextIO):
    """SQL statements read from `stream`, each ending with `;` (or the end of input)."""
    buffer: list[str] = []
    while True:
        if interactive:
            out.write("segdb> " if not buffer else "   ...> ")
            out.flush()
        line = stream.readline()
        if not line:
            break
        if not buffer and line.strip() in {".quit", ".exit", "quit", "exit"}:
            return
        buffer.append(line)
        if line.rstrip().endswith(";"):
            yield "".join(buffer)
            buffer = []
    if "".join(buffer).strip():
        yield "".join(buffer)


def run(
    database: Path,
    query: str | None,
    max_rows: int = 40,
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    if not database.exists():
        err.write(
            f"No database at {database}. Build it first: `bash scripts/demo.sh`, or"
            " `bash scripts/dbt.sh build` on your own data (README), or pass --database.\n"
        )
        return 1
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        err.write(f"Cannot open {database}: {error}\n(is a dbt build writing it right now?)\n")
        return 1
    interactive = query is None and stdin.isatty()
    if interactive:
        out.write(
            f"{database} (read-only). Schemas: main_marts, main_segments, main_intermediate,"
            " main_staging, ...; end statements with ;, .quit to leave.\n"
        )
    failed = False
    with con:
        for sql in [query] if query is not None else statements(stdin, interactive, out):
            try:
                run_statement(con, sql, out, max_rows)
            except duckdb.Error as error:
                err.write(f"{error}\n")
                failed = True
                if not interactive and query is not None:
                    break
    return 1 if failed and not interactive else 0
