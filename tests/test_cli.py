import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args], capture_output=True, text=True, check=False
    )


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "check" in result.stdout


def test_check_json_reports_environment_and_checks() -> None:
    result = run("check", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["environment"]["Python"].startswith("3.")
    assert all(item["passed"] for item in data["checks"])


def test_paths_json_lists_every_triage_path_with_its_outcome() -> None:
    result = run("paths", "triage", "--json")
    assert result.returncode == 0, result.stderr
    paths = json.loads(result.stdout)
    assert len(paths) > 100
    first = paths[0]
    assert [a["question_id"] for a in first["answers"]][:1] == ["purpose"]
    assert {"question_id", "question", "answer_id", "answer"} == set(first["answers"][0])
    levels = {item["outcome"]["level"] for item in paths}
    assert levels == {1, 2, 3, 4, 5, None}
    assert all(isinstance(item["outcome"]["business_case"], bool) for item in paths)
    verdict = first["outcome"]["verdicts"][0]
    assert {"test", "status", "citation"} <= set(verdict) and verdict["citation"]


def test_paths_lists_every_triage_path_one_per_line() -> None:
    result = run("paths", "triage")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    count = int(result.stderr.split()[0])
    assert len(lines) == count > 100
    assert (
        lines[0].startswith("purpose=")
        and " -> outcome (personal_data " in lines[0]
        and ", level 1," in lines[0]
    )


def test_paths_refuses_a_flow_with_too_many_paths_to_list() -> None:
    result = run("paths", "quiz")
    assert result.returncode == 2 and "too many to list" in result.stderr and result.stdout == ""


def test_paths_refuses_a_tool_that_is_not_a_flow() -> None:
    result = run("paths", "check")
    assert result.returncode == 2 and "not a question flow" in result.stderr


def test_input_a_person_can_fix_stops_with_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard import cli
    from wizard.check import tool as check
    from wizard.core.errors import WizardInputError

    def bad_input() -> list[check.CheckResult]:
        raise WizardInputError("Row 3, column 'Jan': '1O' is not a whole number.")

    monkeypatch.setattr(check, "run_checks", bad_input)
    assert cli.main(["check"]) == 2
    assert (
        capsys.readouterr().err
        == "python -m wizard check: Row 3, column 'Jan': '1O' is not a whole number.\n"
    )


def test_a_file_that_cannot_be_read_stops_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from wizard import cli
    from wizard.check import tool as check

    def missing() -> list[check.CheckResult]:
        return open("no-such-table.csv").readlines()  # type: ignore[return-value]

    monkeypatch.setattr(check, "run_checks", missing)
    assert cli.main(["check"]) == 2
    assert capsys.readouterr().err == (
        "python -m wizard check: cannot use no-such-table.csv: No such file or directory\n"
    )
