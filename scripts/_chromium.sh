# Sourced by test.sh: makes a headless Chromium available for the dashboard
# browser test (Debian's chromium package; Playwright never downloads one)
# and exports its path as SEGDB_CHROMIUM.
set -euo pipefail
if [ -z "${SEGDB_CHROMIUM:-}" ]; then
    for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
        if [ -x "$candidate" ]; then SEGDB_CHROMIUM="$candidate"; break; fi
    done
fi
if [ -z "${SEGDB_CHROMIUM:-}" ]; then
    echo "==> installing Debian's chromium for the dashboard browser test"
    sudo_cmd=""
    if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
    SEGDB_CHROMIUM=/usr/bin/chromium
fi
export SEGDB_CHROMIUM
echo "==> browser for the dashboard test: $SEGDB_CHROMIUM"
