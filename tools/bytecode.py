"""Precompiled Python: the standard library and our wheel reach the browser as bytecode.

Stock Pyodide ships ``python_stdlib.zip`` as .py source and never writes bytecode
(``sys.dont_write_bytecode``), so every visit compiles the standard library again: most of a
cold ``loadPyodide()``. Here the pinned runtime itself (Python 3.14 inside Pyodide, under Node:
``tools/node/compile_pyc.mjs``) compiles the files at build time, and the browser only loads them.

Decisions (docs/arch/001-precompiled-python.md says why, with the measurements):

- **Layout: a sourceless .pyc at the .py's path** (``json/__init__.pyc``), the "legacy" layout.
  Pyodide writes ``python_stdlib.zip`` to ``/lib/python314.zip`` and imports it with
  ``zipimport``, which looks only for ``name.pyc`` / ``name.py`` in place and ignores
  ``__pycache__`` (measured: a zip with only ``__pycache__`` files cannot even start Python). Our
  wheel is unpacked into site-packages, where the file-system importer loads ``name.pyc`` without
  a ``name.py`` beside it (``SourcelessFileLoader``) and would also ignore a sourceless
  ``__pycache__``. The .py files are not shipped: they would add 2.5 MB the browser never reads.
- **Unchecked-hash pycs** (PEP 552). The header carries a hash of the source, not a timestamp, so
  the bytes depend only on the source and the compiler (no clock, no faked mtimes), and the
  importer never tries to validate it against a source file (there is none; had one been shipped
  by mistake, a *checked* pyc would make the importer read and hash it on every start).
- **File names for tracebacks**: each file is compiled under the name it has in the runtime when
  imported from source (``/lib/python314.zip/json/decoder.py``,
  ``/lib/python3.14/site-packages/wizard/web.py``; the runtime says where those are), so a
  traceback names the same file and line as stock Pyodide does (without the source line's text).
- **Checked against the runtime, loudly**: the runtime reports its Pyodide version, Python version
  and ``importlib.util.MAGIC_NUMBER``; the build refuses a runtime that is not the pinned one and
  any .pyc whose header is not that magic number with the unchecked-hash flag. The expected values
  are recorded in ``tools/pyodide-runtime.json`` (``bytecode``), so a cached output is checked on
  every build without starting Node.
- **Reproducible**: entries sorted, fixed zip timestamps and permissions, no source timestamps.
  The precompiled standard library depends only on pinned inputs, so its content digest is
  recorded in ``tools/pyodide-runtime.json`` and checked on every build (a compile that stops
  being reproducible, or a changed compiler, fails the build). The digest covers each member's
  name and uncompressed bytes, not the zip's own bytes, because deflate output may differ
  between zlib builds (zlib-ng) on other machines. Our wheel changes with every commit, so its
  sha256 is derived (computed from the built bytes into the lock file, which is what the browser
  checks) and its reproducibility is a test: build twice, same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from tools.paths import BUILD, ROOT
from tools.pyodide_runtime import RECORD, package_dir, sha256_of, verify

COMPILER = ROOT / "tools" / "node" / "compile_pyc.mjs"
#: Where the precompiled standard library is kept between builds.
CACHE = BUILD / "bytecode"
STDLIB = "python_stdlib.zip"

#: PEP 552 flags word: bit 0 = hash-based, bit 1 = check_source. 0b01 = unchecked hash.
UNCHECKED_HASH = 0b01
HEADER_SIZE = 16
#: 1980-01-01 00:00:00, the earliest date a zip can hold (the wheel's SOURCE_DATE_EPOCH too).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644 << 16
DIR_MODE = (0o040755 << 16) | 0x10  # a directory, and the MS-DOS directory bit


class BytecodeMismatch(RuntimeError):
    """Bytecode that does not match the pinned runtime, or a runtime that is not the pinned one."""


@dataclass(frozen=True)
class Expected:
    """What the pinned runtime's bytecode must look like (``bytecode`` in pyodide-runtime.json)."""

    pyodide: str
    python: str
    magic: str  # importlib.util.MAGIC_NUMBER as hex, e.g. "2b0e0d0a"
    stdlib_digest: str | None  # content digest of the precompiled python_stdlib.zip

    @property
    def python_tag(self) -> str:
        major, minor = self.python.split(".")[:2]
        return f"cp{major}{minor}"


@dataclass(frozen=True)
class Report:
    """What the runtime said about itself when it compiled (tools/node/compile_pyc.mjs)."""

    pyodide: str
    python: str
    magic: str
    cache_tag: str
    stdlib: str
    site_packages: str
    compiled: int


@dataclass(frozen=True)
class Unit:
    """One source file to compile: its name in the archive, its bytes, and its name in tracebacks."""

    name: str
    source: bytes
    filename: str


def expected() -> Expected:
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    recorded = data.get("bytecode")
    if not recorded:
        raise BytecodeMismatch(
            f"{RECORD.name} has no 'bytecode' entry: run `.venv/bin/python -m tools.pyodide_runtime`."
        )
    return Expected(
        pyodide=data["version"],
        python=recorded["python"],
        magic=recorded["magic"],
        stdlib_digest=recorded.get(STDLIB),
    )


# --- Asking the runtime ---------------------------------------------------------------------------


def node_executable() -> str:
    node = shutil.which("node")
    if node is None:
        raise BytecodeMismatch("node is not installed: the build compiles Python with Pyodide under Node.")
    return node


def invoke_runtime(units: list[Unit]) -> tuple[dict[str, bytes], Report]:
    """Run tools/node/compile_pyc.mjs on ``units``: {name: pyc bytes} and the runtime's report,
    unchecked (``run_compiler`` checks them)."""
    with tempfile.TemporaryDirectory(prefix="pyc-") as scratch:
        job = Path(scratch)
        entries = []
        for index, unit in enumerate(units):
            source = f"src/{index}.py"
            (job / "src").mkdir(exist_ok=True)
            (job / source).write_bytes(unit.source)
            entries.append({"source": source, "output": f"out/{index}.pyc", "filename": unit.filename})
        if units:
            (job / "job.json").write_text(json.dumps({"units": entries}), encoding="utf-8")
        result = subprocess.run(
            [node_executable(), str(COMPILER), str(job)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
            check=False,
        )
        if result.returncode != 0:
            raise BytecodeMismatch(f"compiling with Pyodide failed:\n{result.stderr[-4000:]}")
        report = Report(**json.loads(result.stdout.strip().splitlines()[-1]))
        compiled = {unit.name: (job / f"out/{index}.pyc").read_bytes() for index, unit in enumerate(units)}
    return compiled, report


def run_compiler(units: list[Unit], wanted: Expected | None = None) -> tuple[dict[str, bytes], Report]:
    """Compile ``units`` with the pinned runtime; returns {name: pyc bytes} and its report.

    The runtime files must be the pinned ones (sha256), the runtime's report must match ``wanted``
    (default: the record), and every .pyc's header the magic number the runtime reported."""
    verify()
    compiled, report = invoke_runtime(units)
    check_report(report, wanted)
    if report.compiled != len(units):
        raise BytecodeMismatch(f"the runtime compiled {report.compiled} files, not {len(units)}")
    for name, data in compiled.items():
        check_pyc(data, report.magic, name)
    return compiled, report


def check_report(report: Report, wanted: Expected | None = None) -> None:
    """The runtime that compiled must be the pinned one, with the recorded Python and magic."""
    wanted = wanted or expected()
    for what, got, pinned in (
        ("Pyodide version", report.pyodide, wanted.pyodide),
        ("Python version", report.python, wanted.python),
        ("importlib.util.MAGIC_NUMBER", report.magic, wanted.magic),
    ):
        if got != pinned:
            raise BytecodeMismatch(
                f"the runtime reports {what} {got}, but {RECORD.name} pins {pinned}: run `npm ci`, or if "
                "the pin was changed on purpose, `.venv/bin/python -m tools.pyodide_runtime` to record it."
            )


def check_pyc(data: bytes, magic: str, name: str) -> None:
    """Refuse a .pyc that is not for ``magic`` or is not an unchecked-hash pyc."""
    if len(data) < HEADER_SIZE:
        raise BytecodeMismatch(f"{name}: {len(data)} bytes is too short for a .pyc")
    if data[:4] != bytes.fromhex(magic):
        raise BytecodeMismatch(
            f"{name}: bytecode magic number {data[:4].hex()} is not the pinned runtime's {magic}: "
            "it was compiled by another Python, and Pyodide would refuse to load it."
        )
    flags = int.from_bytes(data[4:8], "little")
    if flags != UNCHECKED_HASH:
        raise BytecodeMismatch(f"{name}: .pyc flags {flags:#x}, not unchecked-hash ({UNCHECKED_HASH:#x})")


def check_archive(data: bytes, magic: str, label: str) -> int:
    """Check every .pyc in a zip or wheel against ``magic``, and that no .py is left; returns the count."""
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.endswith(".py"):
                raise BytecodeMismatch(f"{label}: {info.filename} is source, not bytecode")
            if info.filename.endswith(".pyc"):
                check_pyc(archive.read(info), magic, f"{label}:{info.filename}")
                count += 1
    if count == 0:
        raise BytecodeMismatch(f"{label} holds no bytecode")
    return count


# --- Writing archives -----------------------------------------------------------------------------


def zip_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.create_system = 3  # Unix, so the permissions below mean the same everywhere
    if name.endswith("/"):
        info.external_attr = DIR_MODE
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.external_attr = FILE_MODE
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def write_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``members`` in the given order, with fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members:
            archive.writestr(zip_entry(name), data, compresslevel=9)
    return buffer.getvalue()


def content_digest(data: bytes) -> str:
    """sha256 over each member's name and uncompressed bytes, in order (independent of zlib)."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            digest.update(info.filename.encode() + b"\0")
            digest.update(hashlib.sha256(archive.read(info)).digest())
    return digest.hexdigest()


# --- The standard library -------------------------------------------------------------------------


def compile_stdlib(source: bytes, wanted: Expected | None = None) -> tuple[bytes, Report]:
    """The stock python_stdlib.zip with every .py replaced by its .pyc, entries sorted by name."""
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        names = sorted(archive.namelist())
        contents = {name: archive.read(name) for name in names}
    units = [Unit(name, contents[name], "{stdlib}/" + name) for name in names if name.endswith(".py")]
    compiled, report = run_compiler(units, wanted)
    members = []
    for name in names:
        if name.endswith(".pyc"):
            continue  # (none in the stock zip; the .py is compiled afresh anyway)
        if name in compiled:
            members.append((name + "c", compiled[name]))
        else:
            members.append((name, contents[name]))
    members.sort(key=lambda member: member[0])
    return write_zip(members), report


def precompiled_stdlib(*, record: bool = False) -> Path:
    """The precompiled python_stdlib.zip (built once into build/bytecode/, then reused).

    Checked on every call: bytecode headers against the recorded magic number, and the content
    digest against the one recorded in tools/pyodide-runtime.json. ``record=True`` (used by
    ``python -m tools.pyodide_runtime``) rebuilds it and returns without comparing the digest."""
    verify()
    wanted = expected()
    stock = package_dir() / STDLIB
    target = CACHE / STDLIB
    stamp = CACHE / f"{STDLIB}.source-sha256"
    fresh = not record and target.exists() and stamp.exists()
    fresh = fresh and stamp.read_text().strip() == f"{sha256_of(stock)} {sha256_of(COMPILER)}"
    if fresh:
        data = target.read_bytes()
    else:
        data, _report = compile_stdlib(stock.read_bytes())
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        partial.write_bytes(data)
        partial.replace(target)
        stamp.write_text(f"{sha256_of(stock)} {sha256_of(COMPILER)}\n")
    check_archive(data, wanted.magic, STDLIB)
    if not record:
        digest = content_digest(data)
        if digest != wanted.stdlib_digest:
            raise BytecodeMismatch(
                f"the precompiled {STDLIB} has content digest {digest}, but {RECORD.name} records "
                f"{wanted.stdlib_digest}. Either the compile is no longer reproducible, or the runtime "
                "or tools/node/compile_pyc.mjs changed: if on purpose, run "
                "`.venv/bin/python -m tools.pyodide_runtime` to record it."
            )
    return target


# --- Our wheel ------------------------------------------------------------------------------------


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def bytecode_wheel_name(wheel_name: str, python_tag: str) -> str:
    """``wizard-0.1.0-py3-none-any.whl`` -> ``wizard-0.1.0-cp314-none-any.whl`` (as Pyodide's own
    py-compiled wheels are named: the bytecode is for one interpreter)."""
    stem = wheel_name.removesuffix(".whl")
    parts = stem.split("-")
    if len(parts) != 5:
        raise ValueError(f"{wheel_name}: expected name-version-python-abi-platform.whl")
    name, version, _python, abi, platform = parts
    return f"{name}-{version}-{python_tag}-{abi}-{platform}.whl"


def compile_wheel(source: bytes, wheel_name: str) -> tuple[str, bytes]:
    """A wheel whose modules are .pyc, with its WHEEL tag and RECORD rewritten; data files kept."""
    wanted = expected()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    dist_info = next(name.split("/")[0] for name in contents if name.split("/")[0].endswith(".dist-info"))
    units = [
        Unit(name, data, "{site_packages}/" + name)
        for name, data in contents.items()
        if name.endswith(".py") and not name.startswith(dist_info + "/")
    ]
    compiled, _report = run_compiler(units)
    new_name = bytecode_wheel_name(wheel_name, wanted.python_tag)
    tag = new_name.removesuffix(".whl").split("-", 2)[2]
    files: dict[str, bytes] = {}
    for name, data in contents.items():
        if name in compiled:
            files[name + "c"] = compiled[name]
        elif name == f"{dist_info}/WHEEL":
            lines = [line for line in data.decode().splitlines() if line and not line.startswith("Tag:")]
            files[name] = "".join(f"{line}\n" for line in [*lines, f"Tag: {tag}"]).encode()
        elif name != f"{dist_info}/RECORD":
            files[name] = data
    record_name = f"{dist_info}/RECORD"
    # The package first, then its .dist-info, RECORD last (as wheel builders order them).
    ordered = sorted(files, key=lambda name: (name.startswith(dist_info + "/"), name))
    record = "".join(f"{name},{record_hash(files[name])},{len(files[name])}\n" for name in ordered)
    record += f"{record_name},,\n"
    members = [(name, files[name]) for name in ordered] + [(record_name, record.encode())]
    data = write_zip(members)
    check_archive(data, wanted.magic, new_name)
    return new_name, data


def precompile_wheel(wheel: Path, out_dir: Path) -> Path:
    """Write the bytecode version of ``wheel`` into ``out_dir``; returns its path."""
    name, data = compile_wheel(wheel.read_bytes(), wheel.name)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    target.write_bytes(data)
    return target


def record_bytecode() -> dict[str, str]:
    """Compile the standard library with the runtime now installed and return the ``bytecode``
    entry for tools/pyodide-runtime.json (used by ``python -m tools.pyodide_runtime`` when the
    pin changes). The compile is done twice, to prove it reproducible before recording it."""
    runtime = verify()
    _none, report = invoke_runtime([])  # learn its Python version and magic number
    if report.pyodide != runtime.version:
        raise BytecodeMismatch(f"the runtime reports Pyodide {report.pyodide}, the pin is {runtime.version}")
    wanted = Expected(runtime.version, report.python, report.magic, None)
    stock = (package_dir() / STDLIB).read_bytes()
    first, _report = compile_stdlib(stock, wanted)
    second, _report = compile_stdlib(stock, wanted)
    if first != second:
        raise BytecodeMismatch(f"compiling {STDLIB} twice gave different bytes: not recording it")
    check_archive(first, report.magic, STDLIB)
    return {"python": report.python, "magic": report.magic, STDLIB: content_digest(first)}
