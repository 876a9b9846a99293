#!/usr/bin/env bash
# Set up everything the site and the tests need, on a fresh machine or an old checkout:
#   - .venv/ with Python >= 3.12 (pyodide-build needs it) and the pinned tools from pyproject.toml;
#   - build/library-wheels/: the pinned library wheels the browser loads on demand: openpyxl,
#     et_xmlfile and defusedxml downloaded (tools/library-wheels.txt), odfpy built from its sdist
#     reproducibly and checked against its pinned sha256 (tools/library-builds.toml);
#   - node_modules/ from package-lock.json (the pinned Pyodide runtime; axe-core and html-validate for
#     the tests), via `npm ci`;
#   - Debian's chromium for the browser tests (installed with apt-get when missing and we are root).
# Safe to run again: each step is skipped when it is already up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*"; }

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local candidate version
  for candidate in "${PYTHON:-}" python3.14 python3.13 python3.12 python3; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
      command -v "$candidate"; return 0
    fi
  done
  # pyenv may have a newer Python installed without it being the default.
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  if command -v pyenv >/dev/null 2>&1; then pyenv_root="$(pyenv root)"; fi
  for version in $(ls -1 "$pyenv_root/versions" 2>/dev/null | sort -rV); do
    candidate="$pyenv_root/versions/$version/bin/python3"
    if [ -x "$candidate" ] && python_ok "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

# --- Python ------------------------------------------------------------------------------------
if [ -x .venv/bin/python ] && ! python_ok .venv/bin/python; then
  say "Removing .venv: its Python is older than 3.12"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  if ! python="$(find_python)"; then
    echo "This project needs Python 3.12 or newer (pyodide-build requires it), and none was found." >&2
    echo "Install one (for example 'pyenv install 3.12' or Debian's python3.12) or set PYTHON=/path/to/python3.12." >&2
    exit 1
  fi
  say "Creating .venv with $python ($("$python" --version))"
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "Installing Python packages into .venv"
  # (grep drops this machine's pip notes about missing local mirrors; pipefail keeps pip's status.)
  .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
  .venv/bin/python -m pip install --quiet -e '.[dev]' 2>&1 | { grep -v '^WARNING: Location' || true; }
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# --- Library wheels the browser loads on demand (tools/library-wheels.txt, tools/library-builds.toml) ---
# pip checks each download and sdist against its pinned sha256, and the built wheel is checked
# against its own; wheels already there are checked and kept.
.venv/bin/python -m tools.library_wheels download 2>&1 | { grep -v -e '^WARNING: Location' -e 'sha256 ok$' || true; }

# --- npm ---------------------------------------------------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is missing: install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm)." >&2
  exit 1
fi
lock_sum="$(sha256sum package-lock.json | cut -c1-64)"
if [ "$(cat node_modules/.lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  say "Installing npm packages from package-lock.json (npm ci checks their integrity hashes)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.lock-sha256
fi

# --- Chromium for the browser tests ------------------------------------------------------------
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)" >&2
    echo "or set CHROMIUM=/path/to/chromium. Only the browser tests need it." >&2
  fi
fi
say "Set-up complete"
