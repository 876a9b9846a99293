"""The registry of tools: each declared once, imported only when used, offering what it says."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wizard import registry, web
from wizard.core.errors import WizardInputError
from wizard.core.messages import Request, Response
from wizard.registry import Tool

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "wizard"


def imported_after(code: str) -> list[str]:
    """The wizard modules a fresh Python has imported after running ``code``."""
    listing = "print(json.dumps(sorted(m for m in sys.modules if m.startswith('wizard'))))"
    probe = f"{code}\nimport json, sys\n{listing}"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules: list[str] = json.loads(result.stdout.splitlines()[-1])
    return modules


def test_every_registered_name_declares_a_tool_that_answers_the_page() -> None:
    assert registry.names() == sorted(registry.MODULES) and {"check", "triage"} <= set(registry.names())
    for name, tool in registry.tools():
        assert isinstance(tool, Tool), name
        response = tool.respond(Request(wizard=name))
        assert isinstance(response, Response) and response.html, name


def test_no_tool_is_imported_until_it_is_asked_for() -> None:
    tool_modules = {module for module in registry.MODULES.values()}
    at_start = imported_after("import wizard.web")
    assert "wizard.registry" in at_start
    assert not tool_modules & set(at_start), at_start
    after_check = imported_after('import wizard.web\nwizard.web.handle(\'{"wizard": "check"}\')')
    assert tool_modules & set(after_check) == {"wizard.check.tool"}


def test_an_unknown_name_gets_the_same_plain_message() -> None:
    with pytest.raises(WizardInputError, match=r"^There is no tool called 'nonsense'\.$"):
        registry.tool("nonsense")


def test_a_module_without_a_tool_declaration_is_a_bug_named_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "MODULES", {"broken": "wizard.core.markup"})
    with pytest.raises(TypeError, match=r"wizard\.core\.markup does not declare TOOL"):
        registry.tool("broken")


def test_question_flows_declare_their_flow_and_printed_steps() -> None:
    with_flow = {name: tool for name, tool in registry.tools() if tool.flow is not None}
    assert {"quiz", "triage"} <= set(with_flow) and "check" not in with_flow
    for name, tool in with_flow.items():
        assert tool.flow is not None and tool.flow().id == name
        assert tool.printed_html is not None and "<ol" in tool.printed_html()
    assert with_flow["triage"].flow_file == "triage/flow.toml"
    assert with_flow["quiz"].flow_file is None  # made in memory; too many paths to walk


def test_every_declared_flow_file_is_in_the_package() -> None:
    for name, tool in registry.tools():
        if tool.flow_file is not None:
            assert tool.flow is not None, f"{name} names a flow file but offers no flow"
            assert (PACKAGE / tool.flow_file).is_file(), tool.flow_file


def test_printed_steps_are_refused_plainly_for_a_tool_without_them() -> None:
    assert registry.tool("check").printed_html is None
    with pytest.raises(WizardInputError, match=r"The tool 'check' has no printed steps\."):
        web.printed_html("check")
    with pytest.raises(WizardInputError, match="There is no tool called 'nonsense'"):
        web.printed_html("nonsense")
