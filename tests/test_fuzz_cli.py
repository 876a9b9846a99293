"""Fuzz every subcommand of ``python -m wizard`` with random arguments and random input files.

The subcommands and their options are read from the CLI's own argparse parser, so commands added
later are fuzzed too. Each run either succeeds (exit 0) or stops with exit status 2 and a short
message on stderr: never a traceback, never an exception escaping ``main``, and never a file left
behind by a run that failed. (Runs happen in-process, thousands of them; a few real
``python -m wizard`` processes check that the same holds from the shell.)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import crash_text, fuzz_settings, nasty_text
from wizard.cli import build_parser, main

MAX_ERROR_LINES = 12  # argparse's usage line (wrapped) plus one message


def subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


SUBCOMMANDS = subcommands()


def option_strings(parser: argparse.ArgumentParser) -> list[str]:
    return sorted(option for action in parser._actions for option in action.option_strings)


def choices(parser: argparse.ArgumentParser) -> list[str]:
    return sorted({str(choice) for action in parser._actions for choice in (action.choices or [])})


# --- Random input files --------------------------------------------------------------------------

file_contents = st.one_of(
    st.binary(max_size=3_000),
    st.lists(st.lists(nasty_text, max_size=6), max_size=10).map(
        lambda rows: "\r\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass")
    ),
    st.lists(st.lists(st.integers(-(10**6), 10**12).map(str) | nasty_text, max_size=5), max_size=8).map(
        lambda rows: "\n".join("\t".join(row) for row in rows).encode("utf-8", "surrogatepass")
    ),
    st.sampled_from(
        [b"", b"\xef\xbb\xbf", b"PK\x03\x04" + b"\x00" * 40, b"\xff\xfe" + "a,b".encode("utf-16-le")]
    ),
)
file_names = st.sampled_from(["table.csv", "table.tsv", "table.xlsx", "in.txt", "data", "t.json", "out.csv"])


def safe_token(text: str) -> str:
    """Command-line arguments cannot hold NUL characters."""
    return text.replace("\x00", "")


@st.composite
def command_lines(draw: st.DrawFn, name: str, folder: Path) -> list[str]:
    """A subcommand with a random mix of its own options, values, files and junk."""
    parser = SUBCOMMANDS[name]
    inputs = draw(st.dictionaries(file_names, file_contents, max_size=3))
    for filename, content in inputs.items():
        (folder / filename).write_bytes(content)
    paths = [*inputs, "missing.csv", ".", "-", "sub/dir/out.csv"]
    token = st.one_of(
        st.sampled_from(option_strings(parser) or ["--json"]),
        st.sampled_from(choices(parser) or ["1"]),
        st.sampled_from(paths),
        st.integers(-5, 10**9).map(str),
        nasty_text.map(safe_token),
        st.sampled_from(["--", "-", "--no-such-option", "-x", "--help=1", "--=", "--json=yes"]),
    )
    return [name, *draw(st.lists(token, max_size=8))]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def text_stream(data: bytes = b"") -> io.TextIOWrapper:
    """A text stream with a binary ``.buffer`` beneath, like the real sys.stdin/stdout."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", write_through=True)


def written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode("utf-8", "replace")


def run_in_process(argv: list[str], stdin: str) -> tuple[int, str, str]:
    out, err = text_stream(), text_stream()
    saved_stdin = sys.stdin
    sys.stdin = text_stream(stdin.encode("utf-8", "surrogatepass"))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as stop:
                # sys.exit("text") prints the text and exits with status 1, as a real process would.
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except Exception as escaped:
        pytest.fail(f"python -m wizard {argv!r} raised:\n{''.join(traceback.format_exception(escaped))}")
    finally:
        sys.stdin = saved_stdin
    return code, written(out), written(err)


def check_outcome(
    argv: list[str], code: int, out: str, err: str, before: dict[str, str], after: dict[str, str]
) -> None:
    command = "python -m wizard " + " ".join(argv)
    assert code in (0, 2), f"{command}: exit status {code}\n{err}"
    for stream in (out, err):
        crash = crash_text(stream)
        assert crash is None, f"{command}: Python error text: {crash!r}"
    if code == 2:
        # Count real line breaks only: argparse echoes the arguments, which may hold \r, \x85 or
        # \u2028 (str.splitlines() would split on those too).
        assert err.strip(), f"{command}: failed without saying why"
        lines = err.strip().split("\n")
        assert len(lines) <= MAX_ERROR_LINES, f"{command}: {len(lines)} lines on stderr:\n{err}"
        assert after == before, (
            f"{command} failed but changed files: {sorted(set(after.items()) ^ set(before.items()))}"
        )


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
@fuzz_settings
@given(data=st.data(), stdin=nasty_text)
def test_every_subcommand_exits_cleanly_on_random_arguments_and_files(
    name: str, data: st.DataObject, stdin: str
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        argv = data.draw(command_lines(name, folder))
        before = snapshot(folder)
        with contextlib.chdir(folder):
            code, out, err = run_in_process(argv, stdin)
        check_outcome(argv, code, out, err, before, snapshot(folder))


@fuzz_settings
@given(argv=st.lists(nasty_text.map(safe_token) | st.sampled_from(sorted(SUBCOMMANDS)), max_size=5))
def test_the_top_level_command_exits_cleanly_on_random_arguments(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):
        before = snapshot(Path(scratch))
        code, out, err = run_in_process(argv, "")
        check_outcome(argv, code, out, err, before, snapshot(Path(scratch)))


def test_the_fuzzer_sees_every_subcommand() -> None:
    assert "check" in SUBCOMMANDS
    assert "--json" in option_strings(SUBCOMMANDS["check"])


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_a_real_process_with_a_bad_option_and_a_junk_file_stops_with_a_short_message(
    name: str, tmp_path: Path
) -> None:
    (tmp_path / "junk.csv").write_bytes(b"\xff\x00,\r\n\x81")
    argv = [name, "junk.csv", "--no-such-option"]
    result = subprocess.run(
        [sys.executable, "-m", "wizard", *argv], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    check_outcome(argv, result.returncode, result.stdout, result.stderr, {}, {})
    assert sorted(path.name for path in tmp_path.iterdir()) == ["junk.csv"]


def test_a_crash_in_a_subcommand_fails_the_fuzz_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: an exception escaping a subcommand is caught and reported as a failure."""
    from wizard.check import tool as check

    def broken() -> list[check.CheckResult]:
        raise ValueError("column 3")

    monkeypatch.setattr(check, "run_checks", broken)
    with pytest.raises(pytest.fail.Exception, match="ValueError: column 3"):
        run_in_process(["check"], "")
    with pytest.raises(AssertionError, match="Python error text"):
        check_outcome(["check"], 2, "", 'Traceback (most recent call last):\n  File "x.py", line 1', {}, {})
