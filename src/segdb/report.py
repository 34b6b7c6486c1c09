"""Print where a build's results are and what they hold.

python -m segdb.report --database target/segmented_customers.duckdb [--exports target/exports]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

import duckdb

LAYERS = ("staging", "intermediate", "segments", "marts", "reference")


DEFAULT_DATABASE = Path("target/segmented_customers.duckdb")
DASHBOARD_COMMAND = "uv run --group dashboard streamlit run dashboard/app.py"


def default_exports() -> Path:
    """The folder of the export files: var export_path's default (env SEGDB_EXPORT_PATH)."""
    return Path(os.environ.get("SEGDB_EXPORT_PATH") or "target/exports")


def summarize(database: Path, exports: Path | None = None) -> str:
    """A readable summary of a built DuckDB database, its export files and what to run next."""
    if not database.exists():
        raise FileNotFoundError(
            f"No database at {database}. Run `bash scripts/demo.sh` first (it builds it)."
        )
    lines = [f"Results are in the DuckDB file {database.resolve()}"]
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            """
            select table_schema, table_name, table_type
            from information_schema.tables
            order by table_schema, table_name
            """
        ).fetchall()
        for layer in LAYERS:
            in_layer = [t for t in tables if t[0].endswith("_" + layer)]
            if not in_layer:
                continue
            lines.append(f"\n{layer} (schema {in_layer[0][0]}):")
            for schema, name, kind in in_layer:
                if kind == "VIEW":
                    lines.append(f"  {name:<45} view")
                    continue
                (rows,) = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()
                lines.append(f"  {name:<45} {rows:>12,} rows")
        quality = [t for t in tables if t[1] == "int_data_quality__by_table"]
        if quality:
            schema = quality[0][0]
            lines.append("\nData quality (raw rows -> staged / quarantined; error share):")
            for table, raw, staged, quarantined, share in con.execute(
                f"""
                select source_table, raw_rows, staged_rows, quarantined_rows, error_share
                from "{schema}".int_data_quality__by_table
                order by source_table
                """
            ).fetchall():
                lines.append(
                    f"  {table:<18} {raw:>10,} -> {staged:>10,} / {quarantined:>8,}   {share:6.2%}"
                )
        sources = [t for t in tables if t[0].endswith("_raw") and t[1] == "raw_source"]
        if sources:
            location, version = con.execute(
                f'select raw_location, contract_version from "{sources[0][0]}".raw_source'
            ).fetchone()
            lines.append(f"\nBuilt from the raw source {location} (contract version {version}).")
    lines.extend(_exports_lines(exports if exports is not None else default_exports()))
    lines.append("\nNext:")
    lines.append(f"  query it:      uv run segdb sql --database {database}")
    dashboard = DASHBOARD_COMMAND
    if database.resolve() != DEFAULT_DATABASE.resolve():
        dashboard = f"SEGDB_DUCKDB_PATH={database} {dashboard}"
    lines.append(f"  dashboard:     {dashboard}   (http://localhost:8501)")
    return "\n".join(lines)


def _exports_lines(exports: Path) -> list[str]:
    files = sorted(exports.glob("*.csv")) if exports.is_dir() else []
    if not files:
        return [f"\nExport files: none in {exports} (var export_path)."]
    lines = [f"\nExport files (var export_path) in {exports.resolve()}:"]
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        lines.append(f"  {path.name:<45} {rows:>12,} rows")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=DEFAULT_DATABASE,
        help="DuckDB file written by dbt (default: %(default)s)",
    )
    parser.add_argument(
        "--exports",
        type=Path,
        default=None,
        help="folder of the export files (default: $SEGDB_EXPORT_PATH, else target/exports)",
    )
    args = parser.parse_args(argv)
    try:
        print(summarize(args.database, args.exports))
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
