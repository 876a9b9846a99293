"""``python -m wizard paperwork``: the same files as the page, into a new folder; bad input exits 2
with one line and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.paperwork.reading import read_odt, scenario_query
from wizard.cli import main

FILES = sorted(
    [
        "README.txt",
        "decision-record.odt",
        "data-sharing-agreement.odt",
        "dpia-screening.odt",
        "decision-record.md",
    ]
)


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["paperwork", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_triage_link_writes_the_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = "https://council.example/tools/triage.html?" + scenario_query("blue_badge_dla")
    target = tmp_path / "out"
    code, out, err = run(tmp_path, capsys, "--triage", link, "--output", str(target))
    assert (code, err) == (0, "")
    assert sorted(path.name for path in target.iterdir()) == FILES
    assert out.count("\n") == 5 and str(target / "README.txt") in out
    record = read_odt((target / "decision-record.odt").read_bytes())
    assert "A gateway covers it." in record.text()
    readme = (target / "README.txt").read_text(encoding="utf-8")
    assert link in readme
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary folder left


def test_a_bare_query_and_fields_write_both_parts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = scenario_query("health_to_contracted_provider")
    target = tmp_path / "out"
    target.mkdir()  # an empty folder may be used
    code, _, err = run(
        tmp_path, capsys, "--triage", query, "--fields", "Name", "Date of birth", "--output", str(target)
    )
    assert (code, err) == (0, "")
    agreement = read_odt((target / "data-sharing-agreement.odt").read_bytes())
    items = next(rows for rows in agreement.tables() if rows[0][0] == "Name")
    assert [row[0] for row in items] == ["Name", "Year of birth or age band (instead of Date of birth)"]
    readme = (target / "README.txt").read_text(encoding="utf-8")
    assert f"tools/triage.html?{query}" in readme
    assert "tools/minimise.html?purpose=tracking&fields=Name%0ADate%20of%20birth&triage=v%3D2" in readme


def test_fields_alone_need_a_purpose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(tmp_path, capsys, "--fields", "Name", "--output", str(tmp_path / "a"))
    assert code == 2 and "purpose" in err and err.count("\n") == 1
    code, _, err = run(
        tmp_path, capsys, "--purpose", "research", "--fields", "Name", "--output", str(tmp_path / "b")
    )
    assert (code, err) == (0, "")
    record = read_odt((tmp_path / "b" / "decision-record.odt").read_bytes())
    assert "[To complete: the Article 6 lawful basis]" in record.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--triage", "v=1&purpose=outreach&detail=identifiable"], "earlier version"),
        (
            ["--triage", "https://x.example/tools/triage.html?v=2&purpose=world-domination"],
            "not one of the answers",
        ),
        (["--triage", "v=2&purpose=outreach"], "do not reach a result"),
        (["--triage", "https://x.example/tools/triage.html"], "holds no answers"),
        (["--triage", "v=2&nonsense=1"], "not one of this tool's questions"),
        (["--purpose", "research"], "Give --triage"),
        (["--fields", "Name", ""], "empty"),
    ],
)
def test_bad_or_stale_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, out, err = run(tmp_path, capsys, *argv, "--output", str(tmp_path / "out"))
    assert code == 2 and out == ""
    assert err.startswith("python -m wizard paperwork: ") and err.count("\n") == 1 and says in err
    assert list(tmp_path.iterdir()) == []


def test_purposes_that_differ_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = scenario_query("blue_badge_dla")
    code, _, err = run(
        tmp_path,
        capsys,
        "--triage",
        query,
        "--purpose",
        "research",
        "--fields",
        "Name",
        "--output",
        str(tmp_path / "o"),
    )
    assert code == 2 and "one set of paperwork covers one purpose" in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_holds_files_is_not_touched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out"
    target.mkdir()
    (target / "mine.txt").write_text("keep me")
    code, _, err = run(
        tmp_path, capsys, "--triage", scenario_query("blue_badge_dla"), "--output", str(target)
    )
    assert code == 2 and "not an empty folder" in err
    assert [p.name for p in target.iterdir()] == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing(self: Path, data: bytes) -> int:
        calls.append(self.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(self))
        return len(data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    code, _, err = run(
        tmp_path, capsys, "--triage", scenario_query("blue_badge_dla"), "--output", str(tmp_path / "o")
    )
    assert code == 2 and "No space left on device" in err
    assert list(tmp_path.iterdir()) == []


def test_the_command_runs_as_a_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "paperwork", "--triage", "v=1&purpose=x", "--output", "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
