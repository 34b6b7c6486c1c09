# Sourced by demo.sh and test.sh: installs uv (pinned) if missing, then the
# project's locked environment. Nothing else needs to be preinstalled.
set -euo pipefail
UV_VERSION="0.13.9"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | awk '{print $2}')" != "$UV_VERSION" ]; then
    echo "==> installing uv $UV_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
    export PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$HOME/.local/bin:$PATH"
fi
# SEGDB_UV_GROUPS adds dependency groups (test.sh: --all-groups, for Spark,
# MetricFlow, Streamlit and Playwright); the demo needs only the defaults.
echo "==> installing the locked environment (uv sync --frozen ${SEGDB_UV_GROUPS:-})"
# shellcheck disable=SC2086
uv sync --frozen --quiet ${SEGDB_UV_GROUPS:-}
export DBT_PROFILES_DIR="$PWD"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
