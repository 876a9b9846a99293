#!/usr/bin/env bash
# Build everything for publishing:
#   build/worklessness-data-sharing-offline.zip  the offline copy (open index.html from disk)
#   site/                                        the static site for any host (includes the zip
#                                                under downloads/ for trainers)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/python -m tools.offline
# `python -m mkdocs` from the repository root: the hooks import `tools` from here (see tools/mkdocs_hooks.py).
.venv/bin/python -m mkdocs build --strict --quiet "$@"
echo "Built the site in site/ ($(du -sh site | cut -f1)); upload that folder to any static host."
