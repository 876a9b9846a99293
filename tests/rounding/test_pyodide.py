"""The rounding tool inside real Pyodide (Python 3.14, standard library only) under Node.

Reads an .xlsx file and a pasted table through zipfile and xml.etree as the browser does, and
gives exactly the answers CPython gives.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.pyodide import handle_in_pyodide
from wizard import web
from wizard.tables.xlsx import write_xlsx

pytestmark = pytest.mark.node


def test_rounding_gives_the_same_answers_in_pyodide(wheel_dir: Path) -> None:
    xlsx = write_xlsx([["Area", "Jan", "Total"], ["Area A", 13, None], ["Area B", 50, None]])
    requests = [
        {
            "wizard": "rounding",
            "action": "submit",
            "form": {"measure": ["referrals"], "table": [""]},
            "files": {"file": {"filename": "mi.xlsx", "base64": base64.b64encode(xlsx).decode()}},
        },
        {
            "wizard": "rounding",
            "action": "submit",
            "form": {"measure": ["outcomes"], "table": ["Group\tA\r\nJSA\t1\r\nESA\t3\r\n"]},
        },
        {
            "wizard": "rounding",
            "action": "submit",
            "form": {"measure": ["starts"], "table": ["Area\tJan\r\nA\t1.5"]},
        },
    ]
    in_pyodide = handle_in_pyodide(wheel_dir, requests)
    in_cpython = [json.loads(web.handle(json.dumps(r))) for r in requests]
    # Compressed bytes may differ between zlib builds: compare what is inside the .xlsx files.
    for answers in (in_pyodide, in_cpython):
        packed = answers[0]["downloads"]["xlsx"].pop("base64")
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(packed))) as archive:
            answers[0]["downloads"]["xlsx"]["parts"] = {
                name: archive.read(name).decode() for name in archive.namelist()
            }
    assert in_pyodide == in_cpython
    assert set(in_pyodide[0]["downloads"]) == {"csv", "xlsx"}
    assert "Area A,20,20" in in_pyodide[0]["downloads"]["csv"]["text"]
    assert "JSA,25%" in in_pyodide[1]["downloads"]["csv"]["text"]
    assert "not a whole number" in in_pyodide[2]["html"]
