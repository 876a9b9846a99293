"""Check every question flow at build time: the JSON Schema, strict loading, and every path.

Run from the MkDocs hook (a broken flow stops the build) and from the tests. Also a script:
``python -m tools.check_flows``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from tools import json_schemas
from tools.paths import PACKAGE
from wizard.flow.engine import problems
from wizard.flow.load import FlowError, load_flow
from wizard.flow.model import Flow
from wizard.web import WIZARDS, wizard_module

SCHEMA = "flow.schema.json"


def schema() -> dict[str, Any]:
    """The flow schema (tools/schemas/flow.schema.json), with the registry's source keys filled in."""
    return json_schemas.schema(SCHEMA)


def flow_files() -> list[Path]:
    """A tool's flow is NAME/flow.toml in its subpackage; its scenarios and other data sit beside it."""
    return sorted(PACKAGE.glob("*/flow.toml"))


def schema_errors(path: Path) -> list[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [f"{path.parent.name}/{path.name}: {problem}" for problem in json_schemas.errors(data, SCHEMA)]


def load(name: str) -> Flow:
    """A flow as its wizard loads it (with that wizard's predicates), or plainly if no wizard uses it."""
    if name in WIZARDS:
        loader = getattr(wizard_module(name), "flow", None)
        if loader is not None:
            flow: Flow = loader()
            return flow
    return load_flow(name)


def check_all() -> list[str]:
    found: list[str] = []
    for path in flow_files():
        errors = schema_errors(path)
        if errors:
            found.extend(errors)
            continue
        try:
            flow = load(path.parent.name)
        except FlowError as problem:
            found.append(str(problem))
            continue
        found.extend(f"{path.parent.name}/{path.name}: {problem}" for problem in problems(flow))
    return found


def verify() -> None:
    """Raise with every problem listed, or return quietly."""
    found = check_all()
    if found:
        raise SystemExit("Question flows have problems:\n  " + "\n  ".join(found))


if __name__ == "__main__":
    verify()
    print(f"{len(flow_files())} flow(s) checked.")
