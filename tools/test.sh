#!/usr/bin/env bash
# Set up and run every check: lint, types, a strict site build, and all tests
# (unit, property, Pyodide under Node, and browser tests in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export NO_MKDOCS_2_WARNING=1
echo "==> ruff";  .venv/bin/ruff check .
echo "==> mypy";  .venv/bin/mypy
echo "==> mkdocs build --strict"
.venv/bin/python -m mkdocs build --strict --quiet --site-dir site
echo "==> pytest"
# The tests reuse the site just built; pytest exits non-zero on any failure or if no tests ran.
SITE_DIR="$PWD/site" .venv/bin/python -m pytest "$@"
