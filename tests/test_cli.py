import json
import subprocess
import sys


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
