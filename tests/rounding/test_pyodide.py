"""The rounding tool inside real Pyodide (Python 3.14) under Node.

A workbook first gets an answer that ``needs`` openpyxl (the page's loader then loads it from our
lock file and asks again, as done here with ``loadPackage``); after that, the workbook and a pasted
table get exactly the answers CPython gives.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.pyodide import run_in_pyodide
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
    for request in requests:
        request["form"]["guidance"] = ["restart"]  # type: ignore[index]
    encoded = json.dumps([json.dumps(r) for r in requests])
    code = (
        "import json, sys, wizard.web as w, pyodide_js\n"
        f"requests = json.loads({encoded!r})\n"
        "first = json.loads(w.handle(requests[0]))\n"
        "before = 'openpyxl' in sys.modules\n"
        "await pyodide_js.loadPackage(first['needs'])\n"
        "json.dumps([first, before, *[json.loads(w.handle(r)) for r in requests]])"
    )
    asked, loaded_before, *in_pyodide = json.loads(run_in_pyodide(wheel_dir, code))
    assert asked["needs"] == ["openpyxl"] and asked["downloads"] == {} and loaded_before is False
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
