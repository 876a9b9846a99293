"""Build our package as a wheel and a Pyodide lock file that names it with its sha256.

The browser loads the package with ``pyodide.loadPackage("wizard")``, which fetches the wheel
the lock file names and checks it against the lock's sha256 before installing it. The lock
entry is made by pyodide-build's ``pyodide lockfile add-wheels`` (it works offline), then cut
down to the entries we ship: Pyodide's own 357 packages are not copied into the site.

The wheel that ships is the bytecode one (``tools/bytecode.py``): the pure wheel is built into
``source/``, its modules are compiled to .pyc by the pinned runtime, and the result is named for
that interpreter (``wizard-0.1.0-cp314-none-any.whl``, as Pyodide names its own py-compiled
wheels). The lock entry is made from the pure wheel (``add-wheels`` only accepts py3/any or
binary tags), then points at the bytecode wheel with its sha256, as pyodide-build's own
``py-compile`` updates a lock file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools import bytecode, library_wheels
from tools.paths import BUILD, PACKAGE, ROOT
from tools.pyodide_runtime import RECORD, package_dir, verify

#: Fixed timestamp inside the wheel so the same source always gives the same bytes (and sha256).
SOURCE_DATE_EPOCH = "315532800"
PACKAGE_NAME = "wizard"


@dataclass(frozen=True)
class BuiltPackage:
    wheel: Path
    lock: dict[str, object]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.wheel.read_bytes()).hexdigest()


def source_fingerprint() -> str:
    """A hash of everything that goes into the wheel, to skip rebuilding when nothing changed:
    the package, pyproject.toml, README.md (the wheel's METADATA carries it), and what compiles
    it (the runtime's record and the compiler script)."""
    digest = hashlib.sha256()
    inputs = [ROOT / "pyproject.toml", ROOT / "README.md", RECORD, bytecode.COMPILER]
    for path in sorted([*PACKAGE.rglob("*"), *inputs]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    digest.update(library_wheels.fingerprint().encode())  # the pinned library wheels join our lock
    return digest.hexdigest()


def run_quietly(command: list[str], env: dict[str, str] | None = None) -> None:
    """Run a build tool; show its output only if it fails."""
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{result.stdout}\n{result.stderr}")


def build_wheel(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as scratch:
        # Build from a copy so the source tree gets no build/ or egg-info clutter.
        copy = Path(scratch) / "src-copy"
        shutil.copytree(
            ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
        shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
        shutil.copy(ROOT / "README.md", copy / "README.md")
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        run_quietly(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out_dir), str(copy)],
            env,
        )
    wheels = sorted(out_dir.glob(f"{PACKAGE_NAME}-*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one wheel in {out_dir}, found {wheels}")
    return wheels[0]


def pyodide_executable() -> str:
    candidate = Path(sys.executable).with_name("pyodide")
    return str(candidate) if candidate.exists() else "pyodide"


def lock_for(wheels: list[Path], out_dir: Path) -> dict[str, object]:
    """Run ``pyodide lockfile add-wheels`` and keep only the entries for ``wheels``."""
    verify()
    full = out_dir / "pyodide-lock.full.json"
    run_quietly(
        [
            pyodide_executable(),
            "lockfile",
            "add-wheels",
            "--input",
            str(package_dir() / "pyodide-lock.json"),
            "--output",
            str(full),
            "--base-path",
            str(out_dir),
            *map(str, wheels),
        ]
    )
    data = json.loads(full.read_text(encoding="utf-8"))
    full.unlink()
    wanted = {wheel.name for wheel in wheels}
    packages = {name: entry for name, entry in data["packages"].items() if entry["file_name"] in wanted}
    missing = wanted - {entry["file_name"] for entry in packages.values()}
    if missing:
        raise RuntimeError(f"pyodide lockfile add-wheels did not add {sorted(missing)}")
    return {"info": data["info"], "packages": packages}


def point_lock_at(lock: dict[str, object], source: Path, compiled: Path) -> dict[str, object]:
    """The lock with the entry for the ``source`` wheel naming ``compiled`` and its sha256 instead."""
    packages = lock["packages"]
    assert isinstance(packages, dict)
    entries = [entry for entry in packages.values() if entry["file_name"] == source.name]
    if len(entries) != 1:
        raise RuntimeError(f"the lock file has {len(entries)} entries for {source.name}")
    entries[0]["file_name"] = compiled.name
    entries[0]["sha256"] = hashlib.sha256(compiled.read_bytes()).hexdigest()
    return lock


def check_built(built: BuiltPackage, *, precompiled: bool) -> BuiltPackage:
    """The wheel the lock names is this one, with this sha256, and (``precompiled``) holds bytecode
    for the pinned runtime only (checked on every build, the cached wheel too)."""
    packages = built.lock["packages"]
    assert isinstance(packages, dict)
    entry = packages[PACKAGE_NAME]
    if entry["file_name"] != built.wheel.name or entry["sha256"] != built.sha256:
        raise RuntimeError(f"the lock file does not name {built.wheel.name} with its sha256")
    if precompiled:
        bytecode.check_archive(built.wheel.read_bytes(), bytecode.expected().magic, built.wheel.name)
    return built


def build_package(out_dir: Path | None = None, *, precompiled: bool = True) -> BuiltPackage:
    """Build (or reuse) the wheel and its lock file in ``out_dir`` (default build/wheel).

    ``precompiled`` (the default, what the site ships): the wheel holds bytecode made by the
    pinned runtime. ``precompiled=False`` (default folder build/wheel-source) keeps the .py files,
    for comparing the two."""
    out_dir = out_dir or BUILD / ("wheel" if precompiled else "wheel-source")
    stamp = out_dir / "fingerprint.txt"
    lock_path = out_dir / "pyodide-lock.json"
    fingerprint = source_fingerprint()
    wheels = sorted(out_dir.glob(f"{PACKAGE_NAME}-*.whl"))
    if stamp.exists() and stamp.read_text() == fingerprint and lock_path.exists() and len(wheels) == 1:
        cached = BuiltPackage(wheels[0], json.loads(lock_path.read_text(encoding="utf-8")))
        return check_built(cached, precompiled=precompiled)
    stamp.unlink(missing_ok=True)
    for old in out_dir.glob("*.whl"):
        old.unlink()
    source_dir = out_dir / "source" if precompiled else out_dir
    wheel = build_wheel(source_dir)
    lock = lock_for([wheel], source_dir)
    if precompiled:
        compiled = bytecode.precompile_wheel(wheel, out_dir)
        lock = point_lock_at(lock, wheel, compiled)
        wheel = compiled
    check_built(BuiltPackage(wheel, lock), precompiled=precompiled)
    lock = library_wheels.add_to_lock(lock, out_dir)  # openpyxl & co., loaded only when needed
    built = BuiltPackage(wheel, lock)
    lock_path.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    stamp.write_text(fingerprint)
    return built


def copy_package(site_dir: Path, target: str = "assets/wizard/") -> BuiltPackage:
    """Put the wheel and its lock file into the built site."""
    built = build_package()
    destination = site_dir / target
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(built.wheel, destination / built.wheel.name)
    library_wheels.copy_into(built.lock, built.wheel.parent, destination)
    (destination / "pyodide-lock.json").write_text(
        json.dumps(built.lock, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return built


if __name__ == "__main__":
    package = build_package()
    print(f"{package.wheel} sha256={package.sha256}")
