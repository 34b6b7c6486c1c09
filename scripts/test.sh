#!/usr/bin/env bash
# Every check: Python lint and format, SQL lint, dbt conventions, dbt builds
# with all dbt tests on fixture datasets, and pytest.
#   bash scripts/test.sh [extra pytest arguments]
set -euo pipefail
# A fresh clone's environment holds no bytecode; where PYTHONDONTWRITEBYTECODE
# is set (as on this machine), every one of the suite's hundred-odd Python
# processes (dbt, mostly) would compile dbt and its libraries from source
# again. Let Python cache the bytecode once, in .venv (git-ignored).
unset PYTHONDONTWRITEBYTECODE
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
# One worker per core (pytest-xdist), each taking whole modules, the longest
# first (tests/python/conftest.py orders them), so module-scoped builds are
# made once; the session's fixture datasets are built once for all workers.
uv run pytest --numprocesses auto --dist loadfile --no-loadscope-reorder "$@"
