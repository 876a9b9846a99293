"""Our package inside real Pyodide (Python 3.14) under Node: no browser, same wheel and lock file,
started by the site's own start-up routine (the harness is tests/pyodide.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.pyodide import handle_in_pyodide, run_in_pyodide, start_pyodide
from wizard import web

pytestmark = pytest.mark.node


def test_same_answers_in_pyodide_as_in_cpython(wheel_dir: Path) -> None:
    requests = [{"wizard": "check"}, {"wizard": "nonsense"}, {"wizard": "check", "action": "submit"}]
    in_pyodide = handle_in_pyodide(wheel_dir, requests)
    in_cpython = [json.loads(web.handle(json.dumps(r))) for r in requests]
    assert in_pyodide[:2] == in_cpython[:2]
    # The check report names the Python it ran on: 3.14 in Pyodide, inside the browser platform.
    assert "3.14" in in_pyodide[2]["html"] and "inside this browser" in in_pyodide[2]["html"]


def test_our_package_is_unpacked_into_site_packages_without_an_installer(wheel_dir: Path) -> None:
    """The start-up routine installs the wheel itself: its bytecode sits where its file names point
    (site-packages), and none of the installer's modules (tarfile, importlib.metadata) is loaded."""
    found = json.loads(
        run_in_pyodide(
            wheel_dir,
            "import json, site, sys, wizard.web\n"
            "json.dumps({'file': wizard.web.__file__, 'site': site.getsitepackages()[0],"
            " 'installer': sorted(set(sys.modules) & {'tarfile', 'importlib.metadata', 'email'})})",
        )
    )
    assert found["file"] == found["site"] + "/wizard/web.pyc"
    assert found["installer"] == []


def test_a_wheel_that_does_not_match_the_lock_is_refused_plainly(wheel_dir: Path, tmp_path: Path) -> None:
    lock = json.loads((wheel_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    wheel_name = lock["packages"]["wizard"]["file_name"]
    shutil.copyfile(wheel_dir / "pyodide-lock.json", tmp_path / "pyodide-lock.json")
    body = (wheel_dir / wheel_name).read_bytes()
    (tmp_path / wheel_name).write_bytes(body[:-1] + bytes([body[-1] ^ 0xFF]))
    result = start_pyodide(tmp_path, "'started'")
    assert result.returncode == 3, result.stdout
    assert result.stderr.strip().endswith("could not start: the tool's files did not arrive intact")
    assert "Traceback" not in result.stderr
