"""The offline build's patches to the pinned Pyodide apply exactly, or the build fails loudly."""

from __future__ import annotations

import pytest

from tools import offline
from tools.pyodide_runtime import package_dir


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
