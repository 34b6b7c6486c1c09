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

# sqlfluff (dbt templater: a minute or more of one core) runs in the
# background at low priority alongside pytest, after dbt parse and
# dbt-bouncer (which share its target/ folder), and is waited for at the
# end: it takes the cores the others leave idle (pytest's workers wait on
# each other's shared builds, and one finishes first). Its report is
# printed when it is done; a lint failure fails the command.
lint_log="$(mktemp)"
nice -n 10 uv run sqlfluff lint models tests analyses snapshots >"$lint_log" 2>&1 &
lint_pid=$!
trap 'kill "$lint_pid" 2>/dev/null || true; rm -f "$lint_log"' EXIT

echo "==> pytest (generator, dbt builds on fixture datasets, Python models)"
# One worker per core (pytest-xdist), each taking whole modules, the longest
# first (tests/python/conftest.py orders them), so module-scoped builds are
# made once; the session's fixture datasets are built once for all workers.
uv run pytest --numprocesses auto --dist loadfile --no-loadscope-reorder "$@"

echo "==> sqlfluff (run in the background since pytest started)"
lint_status=0
wait "$lint_pid" || lint_status=$?
cat "$lint_log"
exit "$lint_status"
