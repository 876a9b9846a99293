"""The paperwork inside real Pyodide (Python 3.14) under Node: the first press of the button names
odfpy in ``needs`` (the page's loader then loads it from our lock file, as ``loadPackage`` does
here) and the second brings the bundle, whose documents read back as CPython's do."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.paperwork.reading import read_odt, scenario_query
from tests.pyodide import run_in_pyodide
from wizard import web

pytestmark = pytest.mark.node


def files(answer: dict[str, Any]) -> dict[str, bytes]:
    packed = base64.b64decode(answer["downloads"]["paperwork"]["base64"])
    with zipfile.ZipFile(io.BytesIO(packed)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_bundle_is_made_in_pyodide_once_odfpy_is_loaded(wheel_dir: Path) -> None:
    lock = json.loads((wheel_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["odfpy"]["depends"] == ["defusedxml"]
    assert lock["packages"]["odfpy"]["imports"] == ["odf"]
    assert not lock["packages"]["wizard"].get("depends")  # our wheel loads alone
    request = {
        "wizard": "triage",
        "action": "paperwork",
        "query": scenario_query("blue_badge_dla"),
        "context": {"page": "https://council.example/tools/triage.html"},
    }
    code = (
        "import json, sys, time, wizard.web as w, pyodide_js\n"
        f"request = {json.dumps(json.dumps(request))}\n"
        "first = json.loads(w.handle(request))\n"
        "before = 'odf' in sys.modules\n"
        "started = time.perf_counter()\n"
        "await pyodide_js.loadPackage(first['needs'])\n"
        "loaded = time.perf_counter()\n"
        "second = json.loads(w.handle(request))\n"
        "made = time.perf_counter()\n"
        "third = json.loads(w.handle(request))\n"
        "again = time.perf_counter()\n"
        "json.dumps([first, before, second, [loaded - started, made - loaded, again - made]])"
    )
    first, odf_before, second, timings = json.loads(run_in_pyodide(wheel_dir, code))
    assert first["needs"] == ["odfpy"] and "paperwork" not in first["downloads"] and odf_before is False
    assert second.get("needs") is None
    in_pyodide = files(second)
    in_cpython = files(json.loads(web.handle(json.dumps(request))))
    assert list(in_pyodide) == list(in_cpython)
    # The .odt files differ only in their archive's timestamps: compare what a reader reads.
    for name in in_pyodide:
        if name.endswith(".odt"):
            assert read_odt(in_pyodide[name]) == read_odt(in_cpython[name]), name
        else:
            assert in_pyodide[name] == in_cpython[name], name
    print(f"odfpy load {timings[0]:.2f} s, first bundle {timings[1]:.2f} s, next {timings[2]:.2f} s")
