"""Check every question flow at build time: the JSON Schema, strict loading, and every path.

The flows are those of the registered tools (wizard.registry) that read theirs from a data file.

Run from the MkDocs hook (a broken flow stops the build) and from the tests. Also a script:
``python -m tools.check_flows``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from tools import json_schemas
from tools.paths import PACKAGE
from wizard import registry
from wizard.flow.engine import problems
from wizard.flow.load import FlowError
from wizard.flow.model import Flow

SCHEMA = "flow.schema.json"


def schema() -> dict[str, Any]:
    """The flow schema (tools/schemas/flow.schema.json), with the registry's source keys filled in."""
    return json_schemas.schema(SCHEMA)


class FlowFile(NamedTuple):
    """A registered tool's question flow that is kept as data."""

    tool: str  # the tool's name in wizard.registry
    file: str  # the data file, relative to the package ("triage/flow.toml")
    load: Callable[[], Flow]  # the flow as the tool loads it (with its predicates)


def flow_tools() -> list[FlowFile]:
    """The flows of the registered tools that read theirs from a data file."""
    return [
        FlowFile(name, tool.flow_file, tool.flow)
        for name, tool in registry.tools()
        if tool.flow is not None and tool.flow_file is not None
    ]


def flow_files() -> list[Path]:
    """Each of those flow files (NAME/flow.toml in its tool's subpackage, its other data beside it)."""
    return [PACKAGE / item.file for item in flow_tools()]


def schema_errors(path: Path) -> list[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [f"{path.parent.name}/{path.name}: {problem}" for problem in json_schemas.errors(data, SCHEMA)]


def check_flow(item: FlowFile) -> list[str]:
    """One flow's problems: its file against the schema, then loading it strictly, then walking
    every path (dead ends, nodes never reached, verdicts without a citation). Empty if none."""
    errors = schema_errors(PACKAGE / item.file)
    if errors:
        return errors
    try:
        flow = item.load()
    except FlowError as problem:
        return [str(problem)]
    return [f"{item.file}: {problem}" for problem in problems(flow)]


def check_all() -> list[str]:
    """Every problem of every flow kept as data, as lines naming the file."""
    return [problem for item in flow_tools() for problem in check_flow(item)]


def verify() -> None:
    """Raise with every problem listed, or return quietly."""
    found = check_all()
    if found:
        raise SystemExit("Question flows have problems:\n  " + "\n  ".join(found))


if __name__ == "__main__":
    verify()
    print(f"{len(flow_files())} flow(s) checked.")
