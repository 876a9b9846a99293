"""Library wheels the browser loads on demand (openpyxl and et_xmlfile for workbooks; odfpy and
defusedxml for the paperwork): pinned, checked, locked.

The versions and sha256 hashes of the wheels PyPI publishes live in ``tools/library-wheels.txt``
(pip requirements syntax, so ``pip download --require-hashes`` checks them at set-up). A library
PyPI publishes only as source (odfpy) is pinned in ``tools/library-builds.toml`` by its sdist's
sha256 and by the sha256 of the wheel built from it reproducibly (pinned setuptools, fixed
timestamps, umask 022, no cache). This module:

- ``download()``: fetches the wheels, and builds the others, into ``build/library-wheels/`` (run by
  tools/setup.sh, the only step that reaches PyPI);
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
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tools.paths import BUILD, ROOT
from tools.pyodide_runtime import package_dir, verify

REQUIREMENTS = ROOT / "tools" / "library-wheels.txt"
BUILDS = ROOT / "tools" / "library-builds.toml"
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


def downloaded(path: Path = REQUIREMENTS) -> tuple[Pinned, ...]:
    """The wheels pinned in ``path`` (downloaded from PyPI): one ``name==version --hash=sha256:HEX``
    per line, # comments allowed.

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


@dataclass(frozen=True)
class Builder:
    """How a wheel is built from an sdist: the setuptools pinned, and the time written into it."""

    setuptools: str
    setuptools_sha256: str
    source_date_epoch: int


@dataclass(frozen=True)
class Built:
    """A library built from its sdist: the wheel it must give (``wheel``) and the sdist's sha256."""

    wheel: Pinned
    sdist_sha256: str


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _read_builds(path: Path) -> tuple[Builder, tuple[Built, ...]]:
    """The builder and the libraries in ``path`` (tools/library-builds.toml).

    Raises LibraryWheelError naming the key for a missing, unknown or malformed entry."""

    def table(data: object, where: str, keys: dict[str, type]) -> dict[str, object]:
        if not isinstance(data, dict) or set(data) != set(keys):
            raise LibraryWheelError(f"{path.name}: {where} must have exactly the keys {sorted(keys)}")
        for key, kind in keys.items():
            value = data[key]
            if not isinstance(value, kind) or (key.endswith("sha256") and not _SHA256.match(str(value))):
                raise LibraryWheelError(f"{path.name}: {where}.{key} is not a valid {kind.__name__}")
        return data

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if set(data) - {"builder", "library"}:
        raise LibraryWheelError(f"{path.name}: only [builder] and [[library]] tables are allowed")
    raw = table(
        data.get("builder"),
        "[builder]",
        {"setuptools": str, "setuptools_sha256": str, "source_date_epoch": int},
    )
    builder = Builder(
        str(raw["setuptools"]), str(raw["setuptools_sha256"]), int(str(raw["source_date_epoch"]))
    )
    libraries = []
    for number, item in enumerate(data.get("library", []), start=1):
        entry = table(
            item,
            f"library {number}",
            {"name": str, "version": str, "sdist_sha256": str, "wheel_sha256": str},
        )
        pin = Pinned(str(entry["name"]), str(entry["version"]), str(entry["wheel_sha256"]))
        libraries.append(Built(pin, str(entry["sdist_sha256"])))
    return builder, tuple(libraries)


def builds(path: Path = BUILDS) -> tuple[Built, ...]:
    """The libraries built from source at set-up (tools/library-builds.toml), in the order listed."""
    return _read_builds(path)[1]


def pinned() -> tuple[Pinned, ...]:
    """Every library wheel pinned: those downloaded, then those built, each with its sha256."""
    return (*downloaded(), *(item.wheel for item in builds()))


def fingerprint() -> str:
    """A hash of the pins: a build that cached the lock file must redo it when they change."""
    return hashlib.sha256(REQUIREMENTS.read_bytes() + BUILDS.read_bytes()).hexdigest()


def download(cache: Path = CACHE) -> list[Path]:
    """Fetch the pinned wheels from PyPI, and build those pinned as source, into ``cache`` unless
    they are there already (set-up only). Raises LibraryWheelError if a wheel does not match its pin,
    CalledProcessError if pip fails."""
    try:
        return wheels(cache)
    except LibraryWheelError:
        pass
    cache.mkdir(parents=True, exist_ok=True)
    missing_downloads = [pin for pin in downloaded() if not _present(pin, cache)]
    if missing_downloads:
        _pip_download(cache)
    builder, libraries = _read_builds(BUILDS)
    for library in libraries:
        if not _present(library.wheel, cache):
            build(library, builder, cache)
    return wheels(cache)


def _present(pin: Pinned, cache: Path) -> bool:
    """True when the one wheel for ``pin`` is in ``cache`` with its pinned sha256."""
    candidates = list(cache.glob(f"{pin.stem}*.whl"))
    return len(candidates) == 1 and hashlib.sha256(candidates[0].read_bytes()).hexdigest() == pin.sha256


def build(library: Built, builder: Builder, cache: Path) -> Path:
    """Build ``library``'s wheel from its sdist (fetched from PyPI, checked against its sha256) into
    ``cache``, the same bytes on every machine: a fresh virtual environment holding only the
    pinned setuptools, no build isolation, no cache, SOURCE_DATE_EPOCH set and umask 022 (the
    modes of the files are written into the wheel). Raises LibraryWheelError if the wheel's
    sha256 is not the one pinned (naming both), CalledProcessError if pip fails."""
    pin = library.wheel
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
        python = str(folder / "venv" / "bin" / "python")
        tools = folder / "builder.txt"
        tools.write_text(f"setuptools=={builder.setuptools} --hash=sha256:{builder.setuptools_sha256}\n")
        source = folder / "source.txt"
        source.write_text(f"{pin.name}=={pin.version} --hash=sha256:{library.sdist_sha256}\n")
        quiet = ["--quiet", "--disable-pip-version-check", "--no-cache-dir"]
        subprocess.run(
            [python, "-m", "pip", "install", *quiet, "--require-hashes", "-r", str(tools)], check=True
        )
        out = folder / "wheel"
        subprocess.run(
            [
                python,
                "-m",
                "pip",
                "wheel",
                *quiet,
                "--no-deps",
                "--no-build-isolation",
                "--no-binary=:all:",
                "--require-hashes",
                "-r",
                str(source),
                "-w",
                str(out),
            ],
            env={**os.environ, "SOURCE_DATE_EPOCH": str(builder.source_date_epoch)},
            umask=0o022,
            check=True,
        )
        (wheel,) = out.glob(f"{pin.stem}*.whl")
        actual = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if actual != pin.sha256:
            raise LibraryWheelError(
                f"The {pin.name} {pin.version} wheel built here has sha256 {actual}, but "
                f"{BUILDS.name} pins {pin.sha256}: the build is not reproducing the pinned bytes "
                "(a different setuptools, file modes or timestamps)."
            )
        target = cache / wheel.name
        shutil.copyfile(wheel, target)
    return target


def _pip_download(cache: Path) -> None:
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
                f"{candidates[0].name} has sha256 {actual}, but it is pinned as {pin.sha256} "
                f"({REQUIREMENTS.name} or {BUILDS.name}). Delete it and run tools/setup.sh again."
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
