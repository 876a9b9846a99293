"""Check every data file of the package at build time: its JSON Schema, then its loader.

Each TOML file under src/wizard/ must have a schema in tools/schemas/ (``DATA_FILES`` says
which) and must load through the package's own strict reader, so a broken data file stops the
build with messages naming the file and the key. Question flows are also walked path by path in
tools/check_flows.py. Run from the MkDocs hook and from the tests; also a script:
``python -m tools.check_data``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Final

from tools import json_schemas
from tools.check_flows import flow_tools
from tools.paths import PACKAGE, ROOT
from wizard.core.data import DataError
from wizard.core.law import provisions
from wizard.core.purposes import purposes
from wizard.core.sources import sources
from wizard.flow.load import load_flow
from wizard.flow.scenarios import load_scenarios
from wizard.minimise.catalogue import catalogue
from wizard.rounding.guidance import all_guidance
from wizard.rounding.parameters import rules
from wizard.training.exercises import exercises
from wizard.training.quiz import quiz

#: Data file (a glob under src/wizard/) -> its schema in tools/schemas/.
DATA_FILES: Final[dict[str, str]] = {
    "core/sources.toml": "sources.schema.json",
    "core/law.toml": "law.schema.json",
    "core/purposes.toml": "purposes.schema.json",
    "*/flow.toml": "flow.schema.json",
    "*/scenarios.toml": "scenarios.schema.json",
    "minimise/fields.toml": "fields.schema.json",
    "rounding/parameters.toml": "parameters.schema.json",
    "rounding/guidance.toml": "guidance.schema.json",
    "training/exercises.toml": "exercises.schema.json",
    "training/quiz.toml": "quiz.schema.json",
}


def _flow_loader(tool: str) -> Callable[[], object]:
    """A flow as its registered tool loads it (with its named predicates), else as plain data."""
    for item in flow_tools():
        if item.file == f"{tool}/flow.toml":
            return item.load
    return lambda: load_flow(tool)


def _loader(path: Path) -> Callable[[], object]:
    """How the package reads one data file (each raises a DataError naming the file and key)."""
    tool = path.parent.name
    by_file: dict[str, Callable[[], object]] = {
        "core/sources.toml": sources,
        "core/law.toml": provisions,
        "core/purposes.toml": purposes,
        "minimise/fields.toml": catalogue,
        "rounding/parameters.toml": rules,
        "rounding/guidance.toml": all_guidance,
        "training/exercises.toml": exercises,
        "training/quiz.toml": quiz,
        f"{tool}/flow.toml": _flow_loader(tool),
        f"{tool}/scenarios.toml": lambda: load_scenarios(tool),
    }
    return by_file[path.relative_to(PACKAGE).as_posix()]


def data_files() -> list[tuple[Path, str]]:
    """Every package data file that ``DATA_FILES`` covers, with its schema's name."""
    return sorted((path, name) for pattern, name in DATA_FILES.items() for path in PACKAGE.glob(pattern))


def unchecked() -> list[Path]:
    """TOML files in the package that no entry of ``DATA_FILES`` covers (there should be none)."""
    covered = {path for path, _ in data_files()}
    return sorted(path for path in PACKAGE.rglob("*.toml") if path not in covered)


def _shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def check_file(path: Path, schema: str) -> list[str]:
    """The problems of one data file: its schema's, or else its loader's (empty when it is fine)."""
    shown = _shown(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as problem:
        return [f"{shown} is not valid TOML: {problem}"]
    found = [f"{shown}: {problem}" for problem in json_schemas.errors(data, schema)]
    if found:
        return found
    try:
        _loader(path)()
    except DataError as problem:
        return [str(problem)]
    return []


def check_all() -> list[str]:
    """Every problem of every package data file, and every TOML file that has no schema."""
    found = [
        f"{_shown(path)}: no schema for this data file; add it to DATA_FILES in "
        "tools/check_data.py with a schema in tools/schemas/"
        for path in unchecked()
    ]
    for path, schema in data_files():
        found.extend(check_file(path, schema))
    return found


def verify() -> None:
    """Raise SystemExit listing every problem, or return quietly."""
    found = check_all()
    if found:
        raise SystemExit("Package data files have problems:\n  " + "\n  ".join(found))


if __name__ == "__main__":
    verify()
    print(f"{len(data_files())} data file(s) checked.")
