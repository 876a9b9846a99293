"""The precompiled runtime and wheel inside real Pyodide under Node: Python starts from the bytecode
standard library, loads our bytecode wheel through the lock file, and every tool answers.

(The sha256 check on the wheel happens only when Pyodide fetches it in a browser: under Node it
reads the file directly. tests/browser/test_bytecode_integrity.py tampers with it in Chromium.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import traceback
from pathlib import Path

import pytest

from tools.bytecode import precompiled_stdlib
from tools.wheel import BuiltPackage, build_package
from wizard import registry, web

pytestmark = pytest.mark.node
ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "node" / "run_precompiled.mjs"
STOCK = "-"


def run(stdlib: Path | str, package: BuiltPackage, code: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (tools/setup.sh needs Node.js 20 with npm)")
    result = subprocess.run(
        [node, str(RUNNER), str(stdlib), str(package.wheel.parent), code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def stdlib() -> Path:
    return precompiled_stdlib()


@pytest.fixture(scope="module")
def package() -> BuiltPackage:
    return build_package()


#: Every tool's first view, asked for by the names the installed package registers (read inside
#: Pyodide, not listed here), and what loaded each module.
EVERY_TOOL = """
import json, sys
import wizard.web as w
from wizard import registry
answers = {name: json.loads(w.handle(json.dumps({"wizard": name}))) for name in registry.names()}
# (Frozen modules, built into the interpreter, still name their .py file: leave them out.)
unique = {id(m): m for m in sys.modules.values()}.values()
modules = [m for m in unique if isinstance(getattr(m, "__file__", None), str)
           and getattr(m.__spec__, "origin", None) != "frozen"]
json.dumps({
    "answers": answers,
    "package": {m.__name__: [m.__file__, type(m.__spec__.loader).__name__]
                for m in modules if m.__name__.split(".")[0] == "wizard"},
    "from_source": sorted(m.__file__ for m in modules if m.__file__.endswith(".py")),
    "stdlib": sorted(m.__file__ for m in modules if m.__file__.startswith("/lib/python314.zip/")),
})
"""


def test_every_tool_answers_from_the_precompiled_runtime_and_wheel(
    stdlib: Path, package: BuiltPackage
) -> None:
    found = json.loads(run(stdlib, package, EVERY_TOOL))
    answers = found["answers"]
    assert answers, "the installed package registers no tools"
    assert set(answers) == set(registry.names())  # the wheel holds the package these tests import
    for name, answer in answers.items():
        assert isinstance(answer["html"], str) and answer["html"].strip(), name
        assert "Traceback" not in answer["html"], name
        assert answer == json.loads(web.handle(json.dumps({"wizard": name}))), f"{name} differs from CPython"
    # Nothing was compiled from source in the browser's place: every module of ours came from a
    # sourceless .pyc, and the standard library's from .pyc in the zip.
    assert found["from_source"] == []
    for module, (file, loader) in found["package"].items():
        assert file.endswith(".pyc") and loader == "SourcelessFileLoader", module
    assert len(found["stdlib"]) > 50
    assert all(file.endswith(".pyc") for file in found["stdlib"])


#: The (file, line) of the innermost frame of an exception raised in our package and in the
#: standard library.
WHERE_IT_FAILED = """
import json, sys, traceback
import wizard.registry

def innermost(call):
    try:
        call()
    except Exception as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return [frame.filename, frame.lineno, frame.name]

json.dumps({
    "package": innermost(lambda: wizard.registry.tool("no such tool")),
    "stdlib": innermost(lambda: json.loads("{")),
    "site_packages": __import__("site").getsitepackages()[0],
})
"""


def test_tracebacks_name_the_file_and_line(stdlib: Path, package: BuiltPackage) -> None:
    precompiled = json.loads(run(stdlib, package, WHERE_IT_FAILED))
    stock = json.loads(run(STOCK, package, WHERE_IT_FAILED))
    # The standard library: the same file, line and function as the stock runtime names.
    assert precompiled["stdlib"] == stock["stdlib"]
    assert precompiled["stdlib"][0] == "/lib/python314.zip/json/decoder.py"
    # Our package: the .py path it would have in site-packages, and the line CPython reports.
    try:
        registry.tool("no such tool")
    except Exception as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
    relative = Path(frame.filename).relative_to(ROOT / "src").as_posix()
    filename, line, function = precompiled["package"]
    assert filename == f"{precompiled['site_packages']}/{relative}"
    assert (line, function) == (frame.lineno, frame.name)
