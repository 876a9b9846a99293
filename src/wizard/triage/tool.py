"""“Is this share possible?”: the legal-gateway triage wizard.

Its questions, routing and outcome text are data (triage/flow.toml), with named predicates in
triage/rules.py; this module loads the flow and answers the page through the general engine. The
decision record and the paperwork it offers are made by triage/record.py.
"""

from __future__ import annotations

from functools import cache

from wizard.core.messages import Request, Response
from wizard.flow.load import load_flow
from wizard.flow.model import Flow
from wizard.flow.view import printed_html as flow_printed_html
from wizard.flow.web import respond as flow_respond
from wizard.registry import Tool
from wizard.triage.record import PAPERWORK, record_offers
from wizard.triage.rules import PREDICATES

NAME = "triage"


@cache
def flow() -> Flow:
    """The triage flow (triage/flow.toml) with its named predicates (triage/rules.py)."""
    return load_flow(NAME, PREDICATES)


def respond(request: Request) -> Response:
    return flow_respond(flow(), request, record=record_offers, actions=(PAPERWORK,))


def printed_html() -> str:
    return flow_printed_html(flow())


#: What this tool offers the page, the command line and the build (see wizard.registry).
TOOL = Tool(
    respond=respond,
    printed_html=printed_html,
    flow=flow,
    flow_file=f"{NAME}/flow.toml",
)
