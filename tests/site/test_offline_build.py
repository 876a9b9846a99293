"""The offline build's patches to the pinned Pyodide apply exactly, or the build fails loudly."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tools import offline
from tools.paths import DOCS
from tools.pyodide_runtime import package_dir

#: The start-up routine the hosted worker, the offline copy and the Node tests share.
STARTUP = DOCS / "assets" / "wizard" / "wizard-python.js"

# Runs the file as a classic script (not a module) in a fresh global scope, as a <script> tag does.
RUN_AS_CLASSIC_SCRIPT = """
const vm = require("node:vm");
const source = require("node:fs").readFileSync(process.argv[1], "utf8");
const scope = vm.createContext({});
new vm.Script(source, { filename: process.argv[1] }).runInContext(scope);
process.stdout.write(typeof scope.startWizardPython);
"""


def test_patches_apply_to_the_pinned_runtime() -> None:
    text = (package_dir() / "pyodide.asm.mjs").read_text(encoding="utf-8")
    patched = offline.apply_patches(text, offline.ASM_PATCHES, "pyodide.asm.mjs")
    assert "globalThis._createPyodideModule=_createPyodideModule" in patched
    assert "import.meta" not in patched


def test_a_changed_runtime_fails_the_build() -> None:
    text = (package_dir() / "pyodide.asm.mjs").read_text(encoding="utf-8")
    upgraded = text.replace(
        "export default _createPyodideModule", "export { _createPyodideModule as default }"
    )
    with pytest.raises(offline.PatchFailed, match="expected 1 occurrence"):
        offline.apply_patches(upgraded, offline.ASM_PATCHES, "pyodide.asm.mjs")


def test_embedded_script_round_trips_bytes() -> None:
    import base64

    script = offline.embed_script("x.bin", bytes(range(256)))
    encoded = script.split('="', 1)[1].rsplit('"', 1)[0]
    assert base64.b64decode(encoded) == bytes(range(256))


def test_the_shared_start_up_routine_runs_as_a_classic_script() -> None:
    """The offline copy loads wizard-python.js with a <script> tag (file:// pages refuse modules), so
    an import or export in it would break only the offline copy: it must define its function."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (tools/setup.sh needs Node.js 20 with npm)")
    result = subprocess.run(
        [node, "-e", RUN_AS_CLASSIC_SCRIPT, str(STARTUP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "function"
