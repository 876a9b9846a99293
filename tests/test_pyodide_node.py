"""Our package inside real Pyodide (Python 3.14) under Node: no browser, same wheel and lock file.

(Pyodide checks the wheel's sha256 only when it fetches it in a browser; under Node it reads the
file directly, so the integrity check is tested in tests/browser/test_pipeline.py.)"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.wheel import build_package
from wizard import web

pytestmark = pytest.mark.node
ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "node" / "run_in_pyodide.mjs"


def run_in_pyodide(package_dir: Path, code: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (tools/setup.sh needs Node.js 20 with npm)")
    result = subprocess.run(
        [node, str(RUNNER), str(package_dir), code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def package_dir() -> Path:
    return build_package().wheel.parent


def test_same_answers_in_pyodide_as_in_cpython(package_dir: Path) -> None:
    requests = [{"wizard": "check"}, {"wizard": "nonsense"}, {"wizard": "check", "action": "submit"}]
    encoded = json.dumps([json.dumps(r) for r in requests])
    code = (
        "import json, wizard.web as w\n"
        f"json.dumps([json.loads(w.handle(r)) for r in json.loads({encoded!r})])"
    )
    in_pyodide = json.loads(run_in_pyodide(package_dir, code))
    in_cpython = [json.loads(web.handle(json.dumps(r))) for r in requests]
    assert in_pyodide[:2] == in_cpython[:2]
    # The check report names the Python it ran on: 3.14 in Pyodide, inside the browser platform.
    assert "3.14" in in_pyodide[2]["html"] and "inside this browser" in in_pyodide[2]["html"]
