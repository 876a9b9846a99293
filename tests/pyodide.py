"""Our package inside real Pyodide (Python 3.14) under Node: the one harness the Pyodide tests share.

``tests/node/run_in_pyodide.mjs`` starts Pyodide from node_modules with the site's own start-up
routine (docs/assets/wizard/wizard-python.js) and the same wheel and lock file the site serves.
The routine checks the wheel's sha256 against the lock file itself (with Web Crypto, which Node
has too), so a wheel that does not match is refused here as in the browser.

The ``wheel_dir`` fixture (registered for every test by tests/conftest.py) builds the wheel once
per test run. Tests that use it should be marked ``pytest.mark.node``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tools.wheel import build_package

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "node" / "run_in_pyodide.mjs"


def start_pyodide(package_dir: Path, code: str) -> subprocess.CompletedProcess[str]:
    """Run the harness: start Python with ``package_dir``'s wheel and run ``code`` (status 0 and
    the last expression's value on standard output; status 3 and the start-up routine's plain
    message on standard error if Python could not start). Times out after 180 s."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (tools/setup.sh needs Node.js 20 with npm)")
    return subprocess.run(
        [node, str(RUNNER), str(package_dir), code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
    )


def run_in_pyodide(package_dir: Path, code: str) -> str:
    """Run Python ``code`` in Pyodide with our package loaded, and return its last expression.

    ``package_dir`` holds ``pyodide-lock.json`` and the wheel it names (as built by
    ``tools.wheel.build_package``). The last expression of ``code`` should be a string (it is
    printed with JavaScript's ``String``). Fails the test if Node is missing or the run fails
    (with Node's standard error as the message); times out after 180 s.
    """
    result = start_pyodide(package_dir, code)
    assert result.returncode == 0, result.stderr
    return result.stdout


def handle_in_pyodide(package_dir: Path, requests: list[dict[str, Any]]) -> list[Any]:
    """Send each request (a ``wizard.web.handle`` request as a dict) to ``wizard.web.handle`` in
    Pyodide, in order and in one run, and return the decoded JSON answers in the same order."""
    encoded = json.dumps([json.dumps(request) for request in requests])
    code = (
        "import json, wizard.web as w\n"
        f"json.dumps([json.loads(w.handle(r)) for r in json.loads({encoded!r})])"
    )
    answers: list[Any] = json.loads(run_in_pyodide(package_dir, code))
    return answers


@pytest.fixture(scope="session")
def wheel_dir() -> Path:
    """The folder with our freshly built wheel and its ``pyodide-lock.json`` (built once per run)."""
    return build_package().wheel.parent
