"""Print where a build's results are and what they hold.

python -m segdb.report --database target/segmented_customers.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

LAYERS = ("staging", "intermediate", "segments", "marts", "reference")


def summarize(database: Path) -> str:
    """A readable summary of the tables in a built DuckDB database."""
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
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        type=Path,
        default=Path("target/segmented_customers.duckdb"),
        help="DuckDB file written by dbt (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    try:
        print(summarize(args.database))
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
