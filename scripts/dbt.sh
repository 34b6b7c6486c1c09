#!/usr/bin/env bash
# dbt in the project's locked environment, from any shell, as its own
# process: a failing command never closes your terminal or changes its
# directory. Runs from the project folder (relative paths are taken from
# there), with the project's profiles.yml.
#   bash scripts/dbt.sh build --vars '{raw_data_path: /data/shop}'
#   bash scripts/dbt.sh build --full-refresh    # start the database from scratch
set -euo pipefail
source "$(dirname "$0")/_setup.sh" >&2
exec uv run --frozen dbt "$@"
