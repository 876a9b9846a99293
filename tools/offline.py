"""The offline copy: the whole site in one zip that works when opened from disk (file://).

Browsers refuse fetch(), import() and workers on file:// pages, so stock Pyodide cannot start
there. This build makes it start anyway (the technique in the design notes):

- ``pyodide.asm.mjs`` (an ES module) becomes a classic script ``pyodide.asm.js`` by two textual
  patches, each checked to apply exactly as often as expected, so a Pyodide upgrade that changes
  them fails the build loudly instead of shipping a broken copy;
- the binary files (the wasm, the standard library, our wheel) are embedded as base64 in classic
  ``.b64.js`` scripts, which browsers do load from disk; the standard library and the wheel are
  the precompiled ones the hosted site gets (bytecode made by the pinned runtime,
  ``tools/bytecode.py``);
- ``wizard-file-engine.js`` (docs/assets/wizard/) answers the runtime's own fetches from those
  bytes and starts Pyodide on the page, only on pages with a tool and only when a tool needs it,
  with the start-up routine the hosted worker uses (``wizard-python.js``: a plain script with no
  import or export, so it needs no patch here and loads from disk as it is).

Hosted pages are unchanged: they keep the module-worker path and never load any of this.
"""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tools import library_wheels, site_build
from tools.paths import BUILD, ROOT
from tools.pyodide_runtime import package_dir, source_of, verify
from tools.wheel import build_package

#: Where the embedded runtime lives inside the offline site.
OFFLINE_DIR = "assets/pyodide-offline/"
ZIP_NAME = "worklessness-data-sharing-offline.zip"
#: Where the hosted site offers the zip (docs/reference/offline.md links here).
DOWNLOAD_PATH = f"downloads/{ZIP_NAME}"


class PatchFailed(RuntimeError):
    """A patch to the pinned Pyodide did not apply as expected (probably a Pyodide upgrade)."""


@dataclass(frozen=True)
class Patch:
    old: str
    new: str
    expected_count: int
    why: str


# pyodide.asm.mjs -> classic script. ``import.meta`` is a syntax error outside a module, and the
# module's default export must become a global the engine hands to loadPyodide().
ASM_PATCHES = (
    Patch(
        "export default _createPyodideModule",
        "globalThis._createPyodideModule=_createPyodideModule",
        1,
        "expose the Emscripten factory as a global instead of an ES export",
    ),
    Patch(
        "import.meta.url",
        "globalThis.__pyodideAsmURL",
        3,
        "a classic script has no import.meta; the engine sets this global to the script's address",
    ),
)


def apply_patches(text: str, patches: tuple[Patch, ...], label: str) -> str:
    for patch in patches:
        found = text.count(patch.old)
        if found != patch.expected_count:
            raise PatchFailed(
                f"{label}: expected {patch.expected_count} occurrence(s) of {patch.old!r} "
                f"({patch.why}) but found {found}. The pinned Pyodide has changed: update tools/offline.py "
                "and re-test the offline copy."
            )
        text = text.replace(patch.old, patch.new)
    if "import.meta" in text or "export default" in text:
        raise PatchFailed(f"{label}: module-only syntax remains after patching")
    return text


def embed_script(name: str, data: bytes) -> str:
    """A classic script that registers ``data`` (base64) under ``name`` for the file engine."""
    encoded = base64.b64encode(data).decode("ascii")
    return f'(window.__wizardEmbedded=window.__wizardEmbedded||{{}})[{json.dumps(name)}]="{encoded}";\n'


def write_runtime_bundle(site_dir: Path) -> Path:
    """Write the embedded runtime, our wheel and its lock file into the offline site."""
    runtime = verify()
    target = site_dir / OFFLINE_DIR
    target.mkdir(parents=True, exist_ok=True)
    source = package_dir()
    asm = apply_patches(
        (source / "pyodide.asm.mjs").read_text(encoding="utf-8"), ASM_PATCHES, "pyodide.asm.mjs"
    )
    (target / "pyodide.asm.js").write_text(asm, encoding="utf-8")
    shutil.copyfile(source / "pyodide.js", target / "pyodide.js")
    for name in ("pyodide.asm.wasm", "python_stdlib.zip"):
        (target / f"{name}.b64.js").write_text(
            embed_script(name, source_of(name).read_bytes()), encoding="ascii"
        )
    package = build_package()
    lock_script = f"window.__wizardLock={json.dumps(package.lock, sort_keys=True)};\n"
    (target / "wizard-package.b64.js").write_text(
        lock_script + embed_script(package.wheel.name, package.wheel.read_bytes()), encoding="ascii"
    )
    # Library wheels (openpyxl & co.): one script each, added by the engine only when Python needs one.
    for name in library_wheels.library_files(package.lock):
        data = (package.wheel.parent / name).read_bytes()
        (target / f"{name}.b64.js").write_text(embed_script(name, data), encoding="ascii")
    (target / "VERSION").write_text(f"pyodide {runtime.version}\n", encoding="ascii")
    if (source / "README.md").exists():
        shutil.copyfile(source / "README.md", target / "README.md")
    return target


def build_offline_site(site_dir: Path) -> Path:
    """Run the MkDocs build in offline mode (the hooks add the bundle)."""
    return site_build.build(site_dir, offline=True)


def make_zip(site_dir: Path, zip_path: Path) -> Path:
    """Zip the offline site under one top-level folder, deterministically ordered."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    partial = zip_path.with_suffix(".zip.partial")
    folder = zip_path.stem
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder}/{path.relative_to(site_dir).as_posix()}")
    partial.replace(zip_path)
    return zip_path


def publish_zip(site_dir: Path) -> Path | None:
    """Put the offline zip (if it has been built) into the hosted site, for trainers to download."""
    zip_path = BUILD / ZIP_NAME
    if not zip_path.exists():
        return None
    target = site_dir / DOWNLOAD_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(zip_path, target)
    return target


def main() -> None:
    site_dir = BUILD / "offline-site"
    if site_dir.exists():
        shutil.rmtree(site_dir)
    build_offline_site(site_dir)
    zip_path = make_zip(site_dir, BUILD / ZIP_NAME)
    size = zip_path.stat().st_size
    print(
        f"Offline copy: {zip_path.relative_to(ROOT)} ({size / 1_000_000:.1f} MB; unzip and open index.html)"
    )


if __name__ == "__main__":
    main()
