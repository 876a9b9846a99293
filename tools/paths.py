"""Where things are in the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "wizard"
DOCS = ROOT / "docs"
NODE_MODULES = ROOT / "node_modules"
BUILD = ROOT / "build"
SCHEMAS = ROOT / "tools" / "schemas"
