# Sourced by demo.sh, test.sh and dbt.sh: installs uv (pinned) if missing,
# then the project's locked environment. Nothing else needs to be
# preinstalled. Scripts get strict mode and the project folder as working
# directory; an interactive shell that sources it keeps its own options and
# directory (a failing command must not close the terminal).
UV_VERSION="0.13.9"
if [[ $- != *i* ]]; then
    set -euo pipefail
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
fi
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | awk '{print $2}')" != "$UV_VERSION" ]; then
    echo "==> installing uv $UV_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
    export PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$HOME/.local/bin:$PATH"
fi
# SEGDB_UV_GROUPS adds dependency groups (test.sh: --all-groups, for Spark,
# MetricFlow, Streamlit and Playwright); the demo needs only the defaults.
echo "==> installing the locked environment (uv sync --frozen ${SEGDB_UV_GROUPS:-})"
# --inexact: groups installed earlier (dashboard, spark, ...) are kept
# shellcheck disable=SC2086
uv sync --frozen --inexact --quiet --project "$(dirname "${BASH_SOURCE[0]}")/.." ${SEGDB_UV_GROUPS:-}
DBT_PROFILES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DBT_PROFILES_DIR
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
