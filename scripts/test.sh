#!/usr/bin/env bash
# The one test command: installs what is missing, starts PostgreSQL, runs the whole suite.
#   bash scripts/test.sh            # everything (SQLite + PostgreSQL + real browser)
#   bash scripts/test.sh -k export  # extra arguments go to pytest
# Exits with pytest's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "Needs root to run: $*" >&2; return 1; fi
}

# System packages: Chromium for the browser tests, PostgreSQL for the database tests, npm for
# axe-core (the accessibility checks of the browser tests).
if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
  || ! command -v npm >/dev/null; then
  echo "== installing chromium, postgresql and npm (apt)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    chromium chromium-driver postgresql npm >/dev/null
fi

# Python environment, exactly as locked; uv uses the machine's Python, never downloads one.
if ! command -v uv >/dev/null; then
  echo "== installing uv (pip)"
  python3 -m pip install --quiet uv || pip install --quiet uv
fi
export UV_PYTHON_DOWNLOADS=never
uv sync --frozen --extra test

# axe-core for the accessibility tests, exactly as locked in package-lock.json (test-only).
if [ -f package-lock.json ] && [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "== installing axe-core (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# A throw-away PostgreSQL server, stopped however the run ends (unless it was already running,
# e.g. a developer's server that other terminals use).
if [ ! -f "${VERBATIM_PG_DIR:-/tmp/verbatim-pg}/postmaster.pid" ]; then
  trap 'bash scripts/postgres.sh stop' EXIT
fi
VERBATIM_TEST_POSTGRES_URL=$(bash scripts/postgres.sh start)
export VERBATIM_TEST_POSTGRES_URL
export VERBATIM_REQUIRE_POSTGRES=1 VERBATIM_REQUIRE_E2E=1

set +e
uv run --frozen pytest -q "$@"
code=$?
set -e
exit "$code"
