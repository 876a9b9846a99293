"""Our package inside real Pyodide (Python 3.14) under Node: no browser, same wheel and lock file,
started by the site's own start-up routine (the harness is tests/pyodide.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pyodide import handle_in_pyodide
from wizard import web

pytestmark = pytest.mark.node


def test_same_answers_in_pyodide_as_in_cpython(wheel_dir: Path) -> None:
    requests = [{"wizard": "check"}, {"wizard": "nonsense"}, {"wizard": "check", "action": "submit"}]
    in_pyodide = handle_in_pyodide(wheel_dir, requests)
    in_cpython = [json.loads(web.handle(json.dumps(r))) for r in requests]
    assert in_pyodide[:2] == in_cpython[:2]
    # The check report names the Python it ran on: 3.14 in Pyodide, inside the browser platform.
    assert "3.14" in in_pyodide[2]["html"] and "inside this browser" in in_pyodide[2]["html"]
