"""Build our package as a wheel and a Pyodide lock file that names it with its sha256.

The browser loads the package with ``pyodide.loadPackage("wizard")``, which fetches the wheel
the lock file names and checks it against the lock's sha256 before installing it. The lock
entry is made by pyodide-build's ``pyodide lockfile add-wheels`` (it works offline), then cut
down to the entries we ship: Pyodide's own 357 packages are not copied into the site.
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

from tools import library_wheels
from tools.paths import BUILD, PACKAGE, ROOT
from tools.pyodide_runtime import package_dir, verify

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
    """A hash of everything that goes into the wheel, to skip rebuilding when nothing changed."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*"), ROOT / "pyproject.toml"]):
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


def build_package(out_dir: Path | None = None) -> BuiltPackage:
    """Build (or reuse) the wheel and its lock file in ``out_dir`` (default build/wheel)."""
    out_dir = out_dir or BUILD / "wheel"
    stamp = out_dir / "fingerprint.txt"
    lock_path = out_dir / "pyodide-lock.json"
    fingerprint = source_fingerprint()
    wheels = sorted(out_dir.glob(f"{PACKAGE_NAME}-*.whl"))
    if stamp.exists() and stamp.read_text() == fingerprint and lock_path.exists() and len(wheels) == 1:
        return BuiltPackage(wheels[0], json.loads(lock_path.read_text(encoding="utf-8")))
    wheel = build_wheel(out_dir)
    lock = lock_for([wheel], out_dir)
    lock = library_wheels.add_to_lock(lock, out_dir)  # openpyxl & co., loaded only when needed
    lock_path.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    stamp.write_text(fingerprint)
    return BuiltPackage(wheel, lock)


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
