"""``python -m wizard round``: CSV out, exit 0; on bad input exit 2, a message, and nothing written."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

TABLE = "Area,Jan,Feb,Mar,Total\r\nArea A,13,7,27,47\r\nArea B,31,50,9,90\r\nTotal,44,57,36,137\r\n"


def run(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", "round", *args],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=cwd,
    )


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def table_file(tmp_path: Path) -> Path:
    path = tmp_path / "referrals.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_rounds_to_standard_output_in_the_same_shape(table_file: Path) -> None:
    result = run(str(table_file), "--measure", "referrals")
    assert result.returncode == 0, result.stderr
    rows = rows_of(result.stdout)
    assert rows[:4] == [
        ["Area", "Jan", "Feb", "Mar", "Total"],
        ["Area A", "20", "0", "20", "40"],
        ["Area B", "40", "60", "0", "100"],
        ["Total", "60", "60", "20", "140"],
    ]
    assert "INTERNAL MANAGEMENT INFORMATION" in rows[5][0]
    assert b"Rounded 6 figures" in result.stderr


def test_table_only_and_base_options(table_file: Path) -> None:
    result = run(str(table_file), "--base", "10", "--table-only", "--quiet")
    assert result.returncode == 0 and result.stderr == b""
    assert rows_of(result.stdout) == [
        ["Area", "Jan", "Feb", "Mar", "Total"],
        ["Area A", "10", "10", "30", "50"],
        ["Area B", "30", "50", "10", "90"],
        ["Total", "40", "60", "40", "140"],
    ]


def test_output_file_and_standard_input(table_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run("-", "--output", str(target), "--quiet", stdin=TABLE.encode())
    assert result.returncode == 0 and result.stdout == b""
    assert rows_of(target.read_bytes())[1] == ["Area A", "20", "0", "20", "40"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_outcomes_as_percentages_to_xlsx(tmp_path: Path) -> None:
    source = tmp_path / "outcomes.csv"
    source.write_text("Group,Area A\r\nJSA,1\r\nESA,3\r\n", encoding="utf-8")
    target = tmp_path / "outcomes.xlsx"
    result = run(str(source), "--measure", "outcomes", "--output", str(target))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Group", "Area A"],
        ["JSA", 0.25],
        ["ESA", 0.75],
    ]


def test_rounding_the_output_again_changes_nothing(table_file: Path, tmp_path: Path) -> None:
    once = tmp_path / "once.csv"
    twice = tmp_path / "twice.csv"
    assert run(str(table_file), "--output", str(once), "--measure", "starts").returncode == 0
    assert run(str(once), "--output", str(twice), "--measure", "starts").returncode == 0
    assert once.read_bytes() == twice.read_bytes()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"Area,Jan\r\nA,1.5\r\n", "Row 2, column B"),
        (b"Area,Jan\r\nA,-4\r\n", "negative"),
        (b"%PDF-1.4", "PDF"),
        (b"Area,Job outcomes\r\nA,4\r\n", "outcomes"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_writes_nothing(
    tmp_path: Path, content: bytes, words: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    target = tmp_path / "out.csv"
    result = run(str(source), "--output", str(target))
    assert result.returncode == 2
    assert words in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    assert result.stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    result = run(str(source))
    assert result.returncode == 2 and result.stdout == b""


def test_a_missing_file_and_a_bad_base_exit_2(tmp_path: Path, table_file: Path) -> None:
    missing = run(str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and b"Could not read" in missing.stderr and missing.stdout == b""
    bad_base = run(str(table_file), "--base", "0")
    assert bad_base.returncode == 2 and b"rounding base" in bad_base.stderr and bad_base.stdout == b""


def test_an_existing_output_file_is_untouched_on_bad_input(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(b"Area,Jan\r\nA,x\r\n")
    target = tmp_path / "out.csv"
    target.write_bytes(b"keep me")
    assert run(str(source), "--output", str(target)).returncode == 2
    assert target.read_bytes() == b"keep me"


def test_help_documents_the_options() -> None:
    result = run("--help")
    assert result.returncode == 0
    for word in (b"--base", b"--measure", b"--output", b"sustainments"):
        assert word in result.stdout
