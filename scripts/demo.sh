#!/usr/bin/env bash
# The main job: generate the demo data and build the segmented customer
# database on it with embedded DuckDB.
#   bash scripts/demo.sh [--customers N] [--seed S]
set -euo pipefail
source "$(dirname "$0")/_setup.sh"

customers=20000
seed=42
while [ $# -gt 0 ]; do
    case "$1" in
        --customers) customers="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

demo_dir="data/generated/demo"
echo "==> generating demo data: $customers customers, seed $seed, into $demo_dir"
# a little dirt (0.4% per kind, nine kinds) shows the quarantine at work
uv run segdb generate --customers "$customers" --seed "$seed" --out "$demo_dir" --dirt-rate 0.004

echo "==> dbt build (target dev, DuckDB)"
export SEGDB_RAW_DATA_PATH="$demo_dir/raw"
uv run dbt build --target dev
uv run dbt source freshness --target dev

echo "==> done"
uv run python -m segdb.report --database target/segmented_customers.duckdb
echo
echo "BI tools and the dashboard read the published marts: target/serving.duckdb (docs/serving.md)"
