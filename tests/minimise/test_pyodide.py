"""The field adviser inside real Pyodide (Python 3.14) under Node gives the same answers as here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pyodide import handle_in_pyodide
from wizard import web

pytestmark = pytest.mark.node


def test_field_advice_is_the_same_in_pyodide(wheel_dir: Path) -> None:
    long_list = "\n".join(f"Survey item {number}" for number in range(300))
    requests = [
        {"wizard": "minimise"},
        {
            "wizard": "minimise",
            "action": "submit",
            "form": {"purpose": ["research"], "fields": ["Name\tDOB\tNINO"]},
        },
        {"wizard": "minimise", "action": "submit", "form": {"purpose": ["planning"], "fields": [long_list]}},
        {
            "wizard": "minimise",
            "action": "render",
            "query": "purpose=welfare_services&pick=health,benefit_type",
        },
    ]
    in_pyodide = handle_in_pyodide(wheel_dir, requests)
    in_cpython = [json.loads(web.handle(json.dumps(r))) for r in requests]
    assert in_pyodide == in_cpython
    assert "fz=" in in_pyodide[2]["query"]  # zlib works there too
