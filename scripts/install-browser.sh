#!/usr/bin/env bash
# Installs what tests/test_browser.py needs: Debian's Chromium and the Playwright Python package.
#
# Quiet and idempotent, and it always exits 0: when something cannot be installed (not root, no
# apt-get, no network) the browser test skips and says why, instead of `make test` failing here.
# It never runs `playwright install`, which downloads its own browser build and fails offline;
# the test drives /usr/bin/chromium through Playwright instead.
set -u

cd "$(dirname "$0")/.." || exit 0

say() { echo "install-browser: $*" >&2; }

if [ -x /usr/bin/chromium ]; then
    :
elif [ "$(id -u)" != "0" ]; then
    say "chromium missing and not running as root; skipping apt-get (the browser test will skip)"
elif ! command -v apt-get >/dev/null 2>&1; then
    say "chromium missing and apt-get not available (the browser test will skip)"
else
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        apt-get update -qq >/dev/null 2>&1 || true
    fi
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null 2>&1 \
        || say "apt-get install chromium failed (the browser test will skip)"
fi

if [ -x .venv/bin/python ]; then
    PYTHON=.venv/bin/python
else
    PYTHON=${PYTHON:-python3}
fi

if ! "$PYTHON" -c "import playwright.sync_api" >/dev/null 2>&1; then
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "playwright>=1.40" >/dev/null 2>&1 \
        || say "pip install playwright failed (the browser test will skip)"
fi

exit 0
