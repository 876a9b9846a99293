"""Library wheels the browser loads on demand (openpyxl, et_xmlfile): pinned, checked, locked.

The versions and sha256 hashes live in ``tools/library-wheels.txt`` (pip requirements syntax, so
``pip download --require-hashes`` checks them at set-up). This module:

- ``download()``: fetches them into ``build/library-wheels/`` (run by tools/setup.sh, the only step
  that reaches PyPI);
- ``wheels()``: the downloaded wheels, each checked against its pinned sha256 again;
- ``add_to_lock(lock, out_dir)``: copies them beside our wheel and adds their entries to our Pyodide
  lock file (made by pyodide-build's ``pyodide lockfile add-wheels``, which records each wheel's
  sha256 and ``depends``), so ``loadPackage("openpyxl")`` fetches them from our own site and the
  browser checks their hashes as it does ours;
- ``library_files(lock)`` and ``copy_into(...)``: which wheels to ship, and putting them into the
  hosted site (tools/offline.py embeds the same files in the offline copy, each as a classic
  ``<file>.b64.js`` script that the offline engine adds only when Pyodide asks for that wheel).

Nothing here is loaded by a page until Python says it needs the library (see
``wizard.tables.xlsx.LibraryNeeded`` and the ``needs`` field of a response).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools.paths import BUILD, ROOT
from tools.pyodide_runtime import package_dir, verify

REQUIREMENTS = ROOT / "tools" / "library-wheels.txt"
CACHE = BUILD / "library-wheels"

_LINE = re.compile(
    r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>[^\s]+)\s+--hash=sha256:(?P<sha256>[0-9a-f]{64})$"
)


class LibraryWheelError(RuntimeError):
    """A pinned wheel is missing, or its bytes do not match the pinned sha256."""


@dataclass(frozen=True)
class Pinned:
    name: str  # as PyPI spells it in the requirement, e.g. et_xmlfile
    version: str
    sha256: str

    @property
    def stem(self) -> str:
        """The start of the wheel's file name: the name normalised as wheel file names are (PEP 491)."""
        return f"{re.sub(r'[-_.]+', '_', self.name).lower()}-{self.version}-"


def pinned(path: Path = REQUIREMENTS) -> tuple[Pinned, ...]:
    """The pins in ``path``: one ``name==version --hash=sha256:HEX`` per line, # comments allowed.

    Raises LibraryWheelError naming the line for anything else."""
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            raise LibraryWheelError(f"{path.name}, line {number}: expected 'name==version --hash=sha256:HEX'")
        found.append(Pinned(match["name"], match["version"], match["sha256"]))
    return tuple(found)


def fingerprint() -> str:
    """A hash of the pins: a build that cached the lock file must redo it when they change."""
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def download(cache: Path = CACHE) -> list[Path]:
    """Fetch the pinned wheels from PyPI into ``cache`` unless they are there already (set-up only)."""
    try:
        return wheels(cache)
    except LibraryWheelError:
        pass
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--require-hashes",
            "--dest",
            str(cache),
            "-r",
            str(REQUIREMENTS),
        ],
        check=True,
    )
    return wheels(cache)


def wheels(cache: Path = CACHE) -> list[Path]:
    """The pinned wheels in ``cache``, in the order pinned, each checked against its sha256.

    Raises LibraryWheelError if one is missing (run tools/setup.sh) or does not match its pin."""
    found = []
    for pin in pinned():
        candidates = sorted(path for path in cache.glob(f"{pin.stem}*.whl"))
        if len(candidates) != 1:
            where = cache.relative_to(ROOT) if cache.is_relative_to(ROOT) else cache
            raise LibraryWheelError(
                f"{pin.name} {pin.version} is not in {where}: run tools/setup.sh, which downloads the "
                "pinned library wheels."
            )
        actual = hashlib.sha256(candidates[0].read_bytes()).hexdigest()
        if actual != pin.sha256:
            raise LibraryWheelError(
                f"{candidates[0].name} has sha256 {actual}, but {REQUIREMENTS.name} pins {pin.sha256}. "
                "Delete it and run tools/setup.sh again."
            )
        found.append(candidates[0])
    return found


def _pyodide() -> str:
    candidate = Path(sys.executable).with_name("pyodide")
    return str(candidate) if candidate.exists() else "pyodide"


def lock_entries(library: list[Path]) -> dict[str, dict[str, object]]:
    """Lock-file entries for ``library`` wheels, made by ``pyodide lockfile add-wheels`` against the
    pinned runtime's own lock (so their ``depends`` are resolved), keyed by package name."""
    verify()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        copies = []
        for wheel in library:
            copies.append(folder / wheel.name)
            shutil.copyfile(wheel, copies[-1])
        output = folder / "full.json"
        result = subprocess.run(
            [
                _pyodide(),
                "lockfile",
                "add-wheels",
                "--input",
                str(package_dir() / "pyodide-lock.json"),
                "--output",
                str(output),
                "--base-path",
                str(folder),
                *map(str, copies),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise LibraryWheelError(f"pyodide lockfile add-wheels failed:\n{result.stdout}\n{result.stderr}")
        data = json.loads(output.read_text(encoding="utf-8"))
    wanted = {wheel.name for wheel in library}
    entries = {name: entry for name, entry in data["packages"].items() if entry["file_name"] in wanted}
    if {entry["file_name"] for entry in entries.values()} != wanted:
        raise LibraryWheelError(f"pyodide lockfile add-wheels did not add all of {sorted(wanted)}")
    return entries


def add_to_lock(lock: dict[str, object], out_dir: Path) -> dict[str, object]:
    """``lock`` (our package's) with the library wheels added, and the wheels copied into ``out_dir``
    beside ours. Our own entry must not depend on them: they load only when a request needs them."""
    library = wheels()
    packages = lock["packages"]
    assert isinstance(packages, dict)
    for name, entry in packages.items():
        if entry.get("depends"):
            raise LibraryWheelError(
                f"the lock entry for {name} depends on {entry['depends']}: it must load alone"
            )
    for wheel in library:
        shutil.copyfile(wheel, out_dir / wheel.name)
    return {**lock, "packages": {**packages, **lock_entries(library)}}


def library_files(lock: dict[str, object]) -> list[str]:
    """The file names of the library wheels a lock names (every entry but ``wizard``)."""
    packages = lock["packages"]
    assert isinstance(packages, dict)
    return sorted(str(entry["file_name"]) for name, entry in packages.items() if name != "wizard")


def copy_into(lock: dict[str, object], built_dir: Path, destination: Path) -> list[Path]:
    """Copy the library wheels ``lock`` names from ``built_dir`` into ``destination`` (the site)."""
    copied = []
    for name in library_files(lock):
        copied.append(destination / name)
        shutil.copyfile(built_dir / name, copied[-1])
    return copied


if __name__ == "__main__":
    if sys.argv[1:] == ["download"]:
        for path in download():
            print(f"{path.name} sha256 ok")
    else:
        print("usage: python -m tools.library_wheels download", file=sys.stderr)
        sys.exit(2)
