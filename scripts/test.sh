#!/usr/bin/env bash
# Every check: Python lint and format, SQL lint, dbt conventions, dbt builds
# with all dbt tests on fixture datasets, and pytest.
#   bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
export SEGDB_UV_GROUPS="--all-groups"
source "$(dirname "$0")/_setup.sh"
source scripts/_chromium.sh

echo "==> ruff"
uv run ruff check .
uv run ruff format --check .

echo "==> dbt parse + dbt-bouncer (project conventions)"
uv run dbt parse --target ci --quiet
uv run dbt-bouncer run --config-file dbt-bouncer.yml

echo "==> sqlfluff"
uv run sqlfluff lint models tests analyses snapshots

echo "==> pytest (generator, dbt builds on fixture datasets, Python models)"
uv run pytest "$@"
