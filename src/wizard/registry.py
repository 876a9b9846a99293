"""Every tool of the site, declared once: its name and the module that implements it.

A tool's module declares one :class:`Tool` value named ``TOOL``: how it answers the page, and
what else it offers (its steps in print, its question flow). The page's entry point
(``wizard.web``), the command line and the build steps reach a tool only through :func:`tool`;
the quality gates cover every name in :data:`MODULES`, so a tool added here is tested without
being listed anywhere else.

Modules are imported on first use, not when this module is: each tool loads its own data,
and a page in the browser should pay only for the tool it shows.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from wizard.core.errors import WizardInputError
from wizard.core.messages import Request, Response

if TYPE_CHECKING:
    from wizard.flow.model import Flow


@dataclass(frozen=True)
class Tool:
    """What a tool offers the page, the command line and the build.

    - ``respond``: one request from the page (render, answer, submit) to the view to show;
    - ``printed_html``: the tool's steps as HTML for the page itself, for printing and for when
      Python cannot run (``<div data-wizard-printed="NAME">``); None if it has none;
    - ``flow``: the question flow the tool runs, for ``python -m wizard paths``; None if it is
      not a question flow;
    - ``flow_file``: the package data file that flow is read from ("triage/flow.toml"), which
      the build checks against the flow schema and walks path by path; None for a flow made in
      memory (the quiz's, whose paths are too many to walk).
    """

    respond: Callable[[Request], Response]
    printed_html: Callable[[], str] | None = None
    flow: Callable[[], Flow] | None = None
    flow_file: str | None = None


#: Every tool: its name (as in ``data-wizard="NAME"`` and the request's ``wizard``) -> the module
#: that declares its ``TOOL``.
MODULES: Mapping[str, str] = MappingProxyType(
    {
        "check": "wizard.check.tool",
        "minimise": "wizard.minimise.view",
        "quiz": "wizard.training.quiz",
        "triage": "wizard.triage.tool",
        "rounding": "wizard.rounding.view",
    }
)


def names() -> list[str]:
    """Every tool's name, sorted."""
    return sorted(MODULES)


def tool(name: str) -> Tool:
    """The tool called ``name``, importing its module if this is its first use.

    Raises WizardInputError for a name that is not a tool (the page shows the message), and
    TypeError if the module does not declare a ``TOOL`` (a bug, caught by the tests)."""
    try:
        module_path = MODULES[name]
    except KeyError:
        raise WizardInputError(f"There is no tool called {name!r}.") from None
    declared = getattr(importlib.import_module(module_path), "TOOL", None)
    if not isinstance(declared, Tool):
        raise TypeError(f"{module_path} does not declare TOOL = Tool(...)")
    return declared


def tools() -> Iterator[tuple[str, Tool]]:
    """Every tool with its name, in name order (importing each)."""
    for name in names():
        yield name, tool(name)
