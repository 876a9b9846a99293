#!/usr/bin/env bash
# Set up, build and serve the site at http://127.0.0.1:8000/ (rebuilds when files change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
echo "Serving the site at http://127.0.0.1:${PORT:-8000}/ (Ctrl+C to stop)"
# `python -m mkdocs` from the repository root: the hooks import `tools` from here (see tools/mkdocs_hooks.py).
NO_MKDOCS_2_WARNING=1 exec .venv/bin/python -m mkdocs serve --strict --dev-addr "127.0.0.1:${PORT:-8000}"
