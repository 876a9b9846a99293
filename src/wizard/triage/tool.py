"""“Is this share possible?”: the legal-gateway triage wizard.

Its questions, routing and outcome text are data (triage/flow.toml); this module loads the flow,
answers the page through the general engine, and writes the decision record a person can file.
The record's headings follow the request form in the ICO's data sharing code of practice.
"""

from __future__ import annotations

from functools import cache

from wizard import __version__
from wizard.core.messages import Download, Request, Response
from wizard.flow.load import load_flow
from wizard.flow.model import Flow
from wizard.flow.view import printed_html as flow_printed_html
from wizard.flow.web import Finished, Offer
from wizard.flow.web import respond as flow_respond
from wizard.registry import Tool

NAME = "triage"


@cache
def flow() -> Flow:
    return load_flow(NAME)


def respond(request: Request) -> Response:
    return flow_respond(flow(), request, record=record_offers)


def printed_html() -> str:
    return flow_printed_html(flow())


# --- Decision record -------------------------------------------------------------------------


def _verdict_lines(finished: Finished, verdict_ids: tuple[str, ...]) -> list[str]:
    lines = []
    for decided in finished.result.decided:
        if decided.verdict.id in verdict_ids:
            status = finished.flow.statuses[decided.case.status]
            cites = "; ".join(cite.text() for cite in decided.case.cite)
            lines.append(f"- **{decided.verdict.label}**: {status}. {decided.case.summary} ({cites})")
    return lines


def _note_lines(finished: Finished, section: str) -> list[str]:
    lines = []
    for note in finished.result.notes:
        if note.section == section:
            lead = f"**{note.label}**: " if note.label else ""
            cites = "; ".join(cite.text() for cite in note.cite)
            lines.append(f"- {lead}{note.text} ({cites})")
    return lines or ["- None on these answers."]


def _answer(finished: Finished, question_id: str) -> str:
    answer = finished.route.answers.get(question_id)
    if answer is None:
        return "Not asked"
    option = finished.flow.questions[question_id].option(answer)
    return option.label if option else answer


BLANK = "_______________________________________________"


def decision_record(finished: Finished) -> str:
    """The decision record as Markdown: plain text a person can file, print or paste."""
    flow_ = finished.flow
    answers = [f"- {question.text} **{_answer(finished, question.id)}**" for question in finished.route.path]
    level = next(d for d in finished.result.decided if d.verdict.id == "level")
    sections = [
        "# Decision record: proposed data share",
        "",
        f"Prepared with “{flow_.title}” (tools version {__version__}, questions version {flow_.version}). "
        "Based on the answers below and on guidance from 2009–2011, with notes where the law has changed. "
        "It is not legal advice: the decision belongs to the people named at the end.",
        "",
        f"Link that reproduces these answers: {finished.link}",
        "",
        "## 1. Purpose of the share",
        "",
        f"- Kind of use: **{_answer(finished, 'purpose')}**",
        f"- What it is for, in your words: {BLANK}",
        "",
        "## 2. Legal power for sharing",
        "",
        *_verdict_lines(finished, ("power", "ssaa")),
        f"- The power relied on (name the Act and section): {BLANK}",
        "",
        "## 3. Why sharing is necessary",
        "",
        f"- Level on DWP's hierarchy of shareability: **{flow_.statuses[level.case.status]}**. "
        f"{level.case.summary}",
        "- Easier routes to consider, and why each was turned down:",
        *(f"  {line}" for line in _note_lines(finished, "easier")),
        f"- Why the share is necessary: {BLANK}",
        "",
        "## 4. Data needed",
        "",
        f"- Detail: **{_answer(finished, 'detail')}**",
        f"- Whose records: **{_answer(finished, 'holder')}**",
        f"- Sensitive details: **{_answer(finished, 'sensitive')}**",
        f"- The fields needed, each with the reason: {BLANK}",
        "",
        "## 5. Risks and safeguards",
        "",
        *_verdict_lines(finished, ("hra", "confidence", "dpa", "sensitive", "research")),
        f"- Agreement of the people concerned: **{_answer(finished, 'consent')}**",
        f"- Passed on to anyone else: **{_answer(finished, 'onward')}**",
        "- Documents to prepare:",
        *(f"  {line}" for line in _note_lines(finished, "documents")),
        f"- Privacy impact assessment done (date and outcome): {BLANK}",
        f"- Retention, security and transfer arrangements: {BLANK}",
        "",
        "## 6. Decision",
        "",
        *_verdict_lines(finished, ("business_case",)),
        "- Decision: share / do not share / share with changes (delete as appropriate)",
        "",
        "## 7. Reasons",
        "",
        f"- {BLANK}",
        "",
        "## 8. Decided by",
        "",
        f"- Name: {BLANK}",
        f"- Role: {BLANK}",
        f"- Date: {BLANK}",
        "",
        "## Answers given",
        "",
        *answers,
        "",
        "## Next steps suggested",
        "",
        *_note_lines(finished, "next_steps"),
        "",
        "## Changes in the law since the guidance",
        "",
        *_note_lines(finished, "changed"),
        "",
        "## Sources cited",
        "",
        *(f"- {cite.text()}" for cite in finished.result.citations()),
        "",
    ]
    return "\n".join(sections)


def record_offers(finished: Finished) -> list[Offer]:
    text = decision_record(finished)
    return [
        Offer(
            "record",
            "Download the decision record (Markdown text file)",
            Download("decision-record.md", "text/markdown;charset=utf-8", text=text),
        )
    ]


#: What this tool offers the page, the command line and the build (see wizard.registry).
TOOL = Tool(
    respond=respond,
    printed_html=printed_html,
    flow=flow,
    flow_file=f"{NAME}/flow.toml",
)
