"""Command line interface: `segdb <command> ...`.

Each command registers its sub-parser in `_COMMANDS`; add new commands (e.g. `benchmark`)
by writing an `_add_<name>` function and appending it there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("expected a date as YYYY-MM-DD") from exc


def _rate(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _add_generate(sub: argparse._SubParsersAction) -> None:
    from .generator.config import (
        ALL_TABLES,
        ARCHETYPE_NAMES,
        DEFAULT_CHUNK_SIZE,
        DEFAULT_DIRT_RATE,
        MAX_DIRT_RATE,
    )

    p = sub.add_parser(
        "generate",
        help="generate demo raw data (the contract tables) for the dbt project",
        description=(
            "Simulate a shop's customers (latent archetypes) and write the raw contract "
            "tables to <out>/raw/, the true archetype of every customer to "
            "<out>/truth/customer_archetypes.csv and the injected dirt to "
            "<out>/truth/dirt_manifest.json. Same seed and arguments give identical files."
        ),
    )
    p.add_argument("--customers", type=_positive_int, default=5000, help="default: 5000")
    p.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("data/generated/demo"),
        help="output folder (default: data/generated/demo)",
    )
    p.add_argument(
        "--format", choices=("csv", "parquet"), default="csv", dest="fmt", help="default: csv"
    )
    dirt = p.add_mutually_exclusive_group()
    dirt.add_argument(
        "--dirty",
        action="store_const",
        const=DEFAULT_DIRT_RATE,
        dest="dirt_rate",
        help=f"inject dirt at the default rate ({DEFAULT_DIRT_RATE})",
    )
    dirt.add_argument(
        "--dirt-rate",
        type=_rate,
        dest="dirt_rate",
        help=f"share of rows per dirt kind, 0..{MAX_DIRT_RATE} (default: 0 = clean data)",
    )
    p.add_argument(
        "--end-date", type=_date, default=dt.date(2026, 6, 30), help="default: 2026-06-30"
    )
    p.add_argument("--years", type=_positive_int, default=3, help="window length (default: 3)")
    p.add_argument(
        "--tables",
        default=None,
        help=(
            "comma-separated tables to write (customers and orders are always written); "
            f"default: all of {','.join(ALL_TABLES)}"
        ),
    )
    p.add_argument(
        "--mix",
        default=None,
        help=(
            "archetype shares as name=share,... (others keep their default, then all are "
            f"renormalised); archetypes: {','.join(ARCHETYPE_NAMES)}"
        ),
    )
    p.add_argument("--products", type=_positive_int, default=400, help="default: 400")
    p.add_argument(
        "--chunk-size",
        type=_positive_int,
        default=DEFAULT_CHUNK_SIZE,
        help=(
            f"customers per processing chunk (default: {DEFAULT_CHUNK_SIZE}); part of the "
            "random streams, so changing it changes the data"
        ),
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run_generate)


def _run_generate(args: argparse.Namespace) -> int:
    from .generator import GeneratorConfig, generate
    from .generator.config import DEFAULT_ARCHETYPES, parse_mix, with_mix

    tables = None
    if args.tables:
        tables = tuple(t.strip() for t in args.tables.split(",") if t.strip())
    archetypes = DEFAULT_ARCHETYPES
    if args.mix:
        archetypes = with_mix(DEFAULT_ARCHETYPES, parse_mix(args.mix))
    kwargs = {"tables": tables} if tables else {}
    cfg = GeneratorConfig(
        customers=args.customers,
        seed=args.seed,
        out=args.out,
        fmt=args.fmt,
        dirt_rate=args.dirt_rate or 0.0,
        end_date=args.end_date,
        years=args.years,
        chunk_size=args.chunk_size,
        archetypes=archetypes,
        n_products=args.products,
        quiet=args.quiet,
        **kwargs,
    )
    result = generate(cfg)
    print(result.summary())
    return 0


def _add_benchmark(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "benchmark",
        help="time full and incremental dbt builds at several scales",
        description=(
            "Generate data at each scale, then time the floor (DuckDB reading every raw "
            "input once), the peer (a plain pandas RFM and k-means script, segdb/peer.py, "
            "on the customers and orders), the minimal build (dbt build on customers and "
            "orders only), a full dbt build, a rebuild after appending one day, and the "
            "daily rebuild (clusters scored with the last fit); print a table and write JSON."
        ),
    )
    p.add_argument(
        "--scales",
        default="10000,100000,1000000",
        help="comma-separated customer counts (default: 10000,100000,1000000)",
    )
    p.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    p.add_argument(
        "--work-dir",
        type=Path,
        default=Path("data/generated/benchmark"),
        help="where data and databases go (default: data/generated/benchmark)",
    )
    p.add_argument(
        "--json",
        type=Path,
        default=Path("target/benchmark.json"),
        help="results file (default: target/benchmark.json)",
    )
    p.set_defaults(func=_run_benchmark)


def _run_benchmark(args: argparse.Namespace) -> int:
    from .benchmark import all_ok, run

    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    if not scales or min(scales) < 1:
        raise ValueError("--scales needs positive customer counts")
    results = run(scales, args.seed, args.work_dir.resolve(), args.json)
    return 0 if all(all_ok(r) for r in results) else 1


def _add_sql(sub: argparse._SubParsersAction) -> None:
    from .sql import DEFAULT_DATABASE

    p = sub.add_parser(
        "sql",
        help="query the published marts (the serving file, read-only)",
        description=(
            "Run SQL on the marts the last successful build published, read-only, and print "
            "the results as "
            "tables. Without a query, read statements (ending with ;) from the terminal "
            "or standard input."
        ),
    )
    p.add_argument("query", nargs="?", help="SQL to run (default: read statements from stdin)")
    p.add_argument(
        "--database",
        type=Path,
        default=None,
        help=f"DuckDB file (default: $SEGDB_SERVING_PATH, else {DEFAULT_DATABASE})",
    )
    p.add_argument(
        "--max-rows", type=int, default=40, help="rows shown per result, 0 = all (default: 40)"
    )
    p.set_defaults(func=_run_sql)


def _run_sql(args: argparse.Namespace) -> int:
    from .sql import default_database, run

    return run(args.database or default_database(), args.query, args.max_rows)


_COMMANDS: tuple[Callable[[argparse._SubParsersAction], None], ...] = (
    _add_generate,
    _add_benchmark,
    _add_sql,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segdb", description="Tooling for the segmented customer database."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:  # configuration errors: report like argparse does
        parser.exit(2, f"segdb {args.command}: error: {exc}\n")
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
