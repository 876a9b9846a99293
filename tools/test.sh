#!/usr/bin/env bash
# Set up and run every check: lint, types, strict builds of the site and of the offline copy, and
# all tests (unit, property, Pyodide under Node, and browser tests in headless Chromium, online and
# from file://). Extra arguments go to pytest (e.g. -k offline).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export NO_MKDOCS_2_WARNING=1
# (Two commands, not "a && b": under set -e a failure on the left of && would not stop the script.)
echo "==> ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "==> mypy";  .venv/bin/mypy
echo "==> offline copy"
.venv/bin/python -m tools.offline
echo "==> mkdocs build --strict"
.venv/bin/python -m mkdocs build --strict --quiet --site-dir site
echo "==> pytest"
# The tests reuse what was just built; pytest exits non-zero on any failure or if no tests ran.
SITE_DIR="$PWD/site" OFFLINE_ZIP="$PWD/build/worklessness-data-sharing-offline.zip" \
  .venv/bin/python -m pytest "$@"
