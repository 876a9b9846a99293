"""The build's bytecode: made by the pinned runtime, checked against it, laid out as Pyodide loads it,
and reproducible. (tests/test_bytecode_node.py runs it in Pyodide.)"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tools import bytecode
from tools.bytecode import BytecodeMismatch
from tools.pyodide_runtime import package_dir
from tools.wheel import BuiltPackage, build_package


@pytest.fixture(scope="module")
def stdlib() -> bytes:
    return bytecode.precompiled_stdlib().read_bytes()


@pytest.fixture(scope="module")
def package() -> BuiltPackage:
    return build_package()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    """The same zip with one member's bytes replaced."""
    return bytecode.write_zip([(n, content if n == name else d) for n, d in members(data).items()])


def some_pyc(data: bytes) -> tuple[str, bytes]:
    return next((name, content) for name, content in members(data).items() if name.endswith(".pyc"))


# --- Refusing what does not match the runtime -------------------------------------------------------


def test_bytecode_from_another_python_is_refused(stdlib: bytes) -> None:
    magic = bytecode.expected().magic
    name, pyc = some_pyc(stdlib)
    bytecode.check_pyc(pyc, magic, name)  # the real one passes
    host = importlib.util.MAGIC_NUMBER  # this CPython's (3.12 or 3.13 here, not 3.14)
    assert host.hex() != magic
    with pytest.raises(BytecodeMismatch, match="magic number"):
        bytecode.check_pyc(host + pyc[4:], magic, name)
    with pytest.raises(BytecodeMismatch, match=r"python_stdlib\.zip:.*magic number"):
        bytecode.check_archive(with_member(stdlib, name, host + pyc[4:]), magic, "python_stdlib.zip")


def test_the_build_refuses_a_compile_with_the_wrong_magic_number(
    monkeypatch: pytest.MonkeyPatch, stdlib: bytes
) -> None:
    """If the runtime handed back bytecode for another interpreter, the build stops."""
    _name, pyc = some_pyc(stdlib)
    report = bytecode.Report(
        pyodide=bytecode.expected().pyodide,
        python=bytecode.expected().python,
        magic=bytecode.expected().magic,
        cache_tag="cpython-314",
        stdlib="/lib/python314.zip",
        site_packages="/lib/python3.14/site-packages",
        compiled=1,
    )
    wrong = bytes.fromhex("f30d0d0a") + pyc[4:]  # 3.13's magic number
    monkeypatch.setattr(bytecode, "invoke_runtime", lambda units: ({"x.py": wrong}, report))
    with pytest.raises(BytecodeMismatch, match="magic number f30d0d0a"):
        bytecode.run_compiler([bytecode.Unit("x.py", b"x = 1\n", "x.py")])


@pytest.mark.parametrize(
    ("field", "value"), [("pyodide", "314.0.6"), ("python", "3.14.3"), ("magic", "2c0e0d0a")]
)
def test_a_runtime_that_is_not_the_pinned_one_is_refused(field: str, value: str) -> None:
    wanted = bytecode.expected()
    report = bytecode.Report(
        pyodide=wanted.pyodide,
        python=wanted.python,
        magic=wanted.magic,
        cache_tag="cpython-314",
        stdlib="/lib/python314.zip",
        site_packages="/lib/python3.14/site-packages",
        compiled=0,
    )
    bytecode.check_report(report)
    with pytest.raises(BytecodeMismatch, match="pins"):
        bytecode.check_report(replace(report, **{field: value}))


def test_timestamp_and_checked_pycs_are_refused(stdlib: bytes) -> None:
    magic = bytecode.expected().magic
    name, pyc = some_pyc(stdlib)
    for flags in (0b00, 0b11):
        with pytest.raises(BytecodeMismatch, match="unchecked-hash"):
            bytecode.check_pyc(pyc[:4] + flags.to_bytes(4, "little") + pyc[8:], magic, name)


def test_source_left_in_an_archive_is_refused(stdlib: bytes) -> None:
    data = bytecode.write_zip([*members(stdlib).items(), ("extra.py", b"x = 1\n")])
    with pytest.raises(BytecodeMismatch, match=r"extra\.py is source"):
        bytecode.check_archive(data, bytecode.expected().magic, "python_stdlib.zip")


def test_a_cached_wheel_with_foreign_bytecode_fails_the_build(package: BuiltPackage, tmp_path: Path) -> None:
    """The check runs on every build, not only when the wheel is compiled."""
    shutil.copytree(package.wheel.parent, tmp_path / "wheel")
    wheel = tmp_path / "wheel" / package.wheel.name
    name, pyc = some_pyc(wheel.read_bytes())
    wheel.write_bytes(with_member(wheel.read_bytes(), name, bytes.fromhex("f30d0d0a") + pyc[4:]))
    lock_path = tmp_path / "wheel" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    lock["packages"]["wizard"]["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock_path.write_text(json.dumps(lock))
    with pytest.raises(BytecodeMismatch, match="magic number"):
        build_package(tmp_path / "wheel")


# --- What is built --------------------------------------------------------------------------------


def test_stdlib_is_the_stock_one_with_pyc_in_place_of_py(stdlib: bytes) -> None:
    stock = members((package_dir() / "python_stdlib.zip").read_bytes())
    built = members(stdlib)
    expected_names = sorted(name + "c" if name.endswith(".py") else name for name in stock)
    assert list(built) == expected_names  # same layout, sorted, nothing in __pycache__
    for name, content in stock.items():
        if not name.endswith(".py"):
            assert built[name] == content, name
    assert bytecode.check_archive(stdlib, bytecode.expected().magic, "stdlib") == len(
        [name for name in stock if name.endswith(".py")]
    )
    with zipfile.ZipFile(io.BytesIO(stdlib)) as archive:
        assert {info.date_time for info in archive.infolist()} == {bytecode.ZIP_DATE}
    assert bytecode.content_digest(stdlib) == bytecode.expected().stdlib_digest


def test_wheel_holds_bytecode_and_data_and_the_lock_names_its_sha256(package: BuiltPackage) -> None:
    source_wheel = next((package.wheel.parent / "source").glob("wizard-*.whl"))
    source = members(source_wheel.read_bytes())
    built = members(package.wheel.read_bytes())
    tag = bytecode.expected().python_tag
    assert package.wheel.name == source_wheel.name.replace("-py3-", f"-{tag}-")
    dist_info = next(name.split("/")[0] for name in built if ".dist-info/" in name)
    for name, content in source.items():
        if name.endswith(".py"):
            assert name not in built and name + "c" in built, name
        elif name.endswith(".toml"):  # package data
            assert built[name] == content, name
    assert any(name.endswith(".toml") for name in built)
    assert f"Tag: {tag}-none-any" in built[f"{dist_info}/WHEEL"].decode()
    record = [line.split(",") for line in built[f"{dist_info}/RECORD"].decode().splitlines()]
    assert sorted(path for path, *_ in record) == sorted(built)
    for path, digest, size in record:
        if path != f"{dist_info}/RECORD":
            assert (digest, size) == (bytecode.record_hash(built[path]), str(len(built[path]))), path
    entry = package.lock["packages"]["wizard"]  # type: ignore[index]
    assert entry["file_name"] == package.wheel.name
    assert entry["sha256"] == hashlib.sha256(package.wheel.read_bytes()).hexdigest()


@pytest.mark.node
def test_builds_are_reproducible(package: BuiltPackage, stdlib: bytes, tmp_path: Path) -> None:
    again = build_package(tmp_path / "wheel")
    assert again.wheel.name == package.wheel.name
    assert again.wheel.read_bytes() == package.wheel.read_bytes()
    assert again.lock == package.lock
    fresh, _report = bytecode.compile_stdlib((package_dir() / "python_stdlib.zip").read_bytes())
    assert fresh == stdlib
