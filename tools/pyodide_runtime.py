"""Vendor the pinned Pyodide runtime from the npm package into the built site.

Only the files a hosted page needs are copied, after checking each against the sha256 recorded
in ``tools/pyodide-runtime.json``. A different version in node_modules, or a changed file, stops
the build: run ``npm ci`` (the version is pinned in package.json and package-lock.json).

``python_stdlib.zip`` is not copied as shipped: the site gets the precompiled one (bytecode made
by this runtime at build time, ``tools/bytecode.py``) under a name that carries its content digest
(:func:`stdlib_file_name`), which the page hands to the loader (``stdLibURL``). The runtime's
folder is named for Pyodide's version, but this file can change without it (it did, from stock
to precompiled): a browser that had cached the file under the old name would keep starting
Python from it, about twice as slowly, for as long as the host lets it cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from tools.paths import NODE_MODULES, ROOT

RECORD = ROOT / "tools" / "pyodide-runtime.json"

#: What a hosted page needs: the ES-module loader, the Emscripten module, the wasm binary, the stdlib.
HOSTED_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]


class RuntimeMismatch(RuntimeError):
    """The vendored runtime is missing or is not the pinned one."""


@dataclass(frozen=True)
class Runtime:
    version: str
    files: dict[str, str]  # file name -> sha256

    @property
    def site_dir(self) -> str:
        """Where the runtime lives inside the built site (versioned, so caches never go stale)."""
        return f"assets/pyodide/{self.version}/"


def load_record() -> Runtime:
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    return Runtime(version=data["version"], files=dict(data["files"]))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def package_dir() -> Path:
    return NODE_MODULES / "pyodide"


def verify(runtime: Runtime | None = None) -> Runtime:
    """Check node_modules/pyodide is the pinned version with the recorded file hashes."""
    runtime = runtime or load_record()
    source = package_dir()
    manifest = source / "package.json"
    if not manifest.exists():
        raise RuntimeMismatch(f"{source} is missing: run `npm ci` (tools/setup.sh does this).")
    installed = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if installed != runtime.version:
        raise RuntimeMismatch(
            f"node_modules has pyodide {installed} but {RECORD.name} pins {runtime.version}: run `npm ci`."
        )
    for name, expected in runtime.files.items():
        actual = sha256_of(source / name)
        if actual != expected:
            raise RuntimeMismatch(f"pyodide/{name} has sha256 {actual}, expected {expected} ({RECORD.name}).")
    return runtime


def source_of(name: str, *, precompiled: bool = True) -> Path:
    """Where the build takes a runtime file from: node_modules, except the standard library,
    which is the precompiled one unless ``precompiled`` is false (the stock file, for benchmarks)."""
    if name == "python_stdlib.zip" and precompiled:
        from tools.bytecode import precompiled_stdlib  # (it imports this module)

        return precompiled_stdlib()
    return package_dir() / name


def stdlib_file_name() -> str:
    """The precompiled standard library's name in the hosted site: ``python_stdlib.<16 hex
    digits>.zip``, from its content digest as recorded in ``tools/pyodide-runtime.json`` (a
    digest of its members' names and bytes, so the same content always has the same name)."""
    from tools.bytecode import expected  # (it imports this module)

    digest = expected().stdlib_digest
    if not digest:
        raise RuntimeMismatch(
            f"{RECORD.name} records no digest for python_stdlib.zip: "
            "run `.venv/bin/python -m tools.pyodide_runtime`."
        )
    return f"python_stdlib.{digest[:16]}.zip"


def copy_runtime(site_dir: Path, names: list[str] | None = None, *, precompiled: bool = True) -> Path:
    """Copy the verified runtime files into ``site_dir``/assets/pyodide/<version>/ (the
    precompiled standard library under :func:`stdlib_file_name`, the stock one as it is named)."""
    runtime = verify()
    target = site_dir / runtime.site_dir
    target.mkdir(parents=True, exist_ok=True)
    for name in names or HOSTED_FILES:
        renamed = precompiled and name == "python_stdlib.zip"
        destination = target / (stdlib_file_name() if renamed else name)
        source = source_of(name, precompiled=precompiled)
        if not destination.exists() or sha256_of(destination) != sha256_of(source):
            shutil.copyfile(source, destination)
    licence = package_dir() / "README.md"
    if licence.exists():
        shutil.copyfile(licence, target / "README.md")
    return target


def record_current() -> None:
    """Write the record from what is installed now (used once when the pin is changed)."""
    source = package_dir()
    version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    names = [
        "pyodide.mjs",
        "pyodide.asm.mjs",
        "pyodide.asm.wasm",
        "python_stdlib.zip",
        "pyodide.js",
        "pyodide-lock.json",
    ]
    files = {name: sha256_of(source / name) for name in names}
    RECORD.write_text(json.dumps({"version": version, "files": files}, indent=2) + "\n", encoding="utf-8")
    # Then what its bytecode looks like (Python version, magic number, the precompiled stdlib's
    # content digest), asked of the runtime itself.
    from tools.bytecode import record_bytecode

    bytecode = record_bytecode()
    RECORD.write_text(
        json.dumps({"version": version, "files": files, "bytecode": bytecode}, indent=2) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    record_current()
    print(f"recorded {RECORD}")
