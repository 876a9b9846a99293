#!/usr/bin/env bash
# Build the static site into site/ (upload that folder to any static host).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
NO_MKDOCS_2_WARNING=1 .venv/bin/python -m mkdocs build --strict "$@"
echo "Built the site in site/ ($(du -sh site | cut -f1))."
