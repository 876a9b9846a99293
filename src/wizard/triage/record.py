"""What the triage outcome offers to keep: the decision record as Markdown (the paperwork's
decision record, wizard.paperwork.content.decision_record, in the shape of the ICO data sharing
code's request form, filled from this walk alone), and the "Download the paperwork" button, which
makes the whole bundle (wizard.paperwork) when pressed, with a link to the field adviser that
carries these answers so that its paperwork holds the fields as well."""

from __future__ import annotations

from urllib.parse import quote

from wizard.core.markup import Markup, tag
from wizard.core.messages import Download
from wizard.core.purposes import purpose
from wizard.flow.web import Finished, Made, Offer, OutcomeAction
from wizard.paperwork import web as paperwork
from wizard.paperwork.content import ShareFacts, decision_record
from wizard.paperwork.facts import ADVISER_PAGE, TRIAGE_LINK_LABEL
from wizard.paperwork.markdown import to_markdown


def facts_from_triage(finished: Finished) -> ShareFacts:
    """What the paperwork knows from a finished triage walk alone (no field list)."""
    chosen = finished.route.answers.get("purpose")
    return ShareFacts(
        triage=finished,
        purpose=purpose(chosen) if chosen else None,
        links=((TRIAGE_LINK_LABEL, finished.link),),
    )


def record_offers(finished: Finished) -> list[Offer]:
    """The downloads offered on the outcome page: the decision record as Markdown."""
    text = to_markdown(decision_record(facts_from_triage(finished)))
    return [
        Offer(
            "record",
            "Download the decision record on its own (plain text)",
            Download("decision-record.md", "text/markdown;charset=utf-8", text=text),
        )
    ]


def adviser_address(finished: Finished) -> str:
    """The field adviser's address (beside the triage page) for this purpose, carrying these answers
    (``triage=`` holds the canonical query: answers to the triage questions, nothing else)."""
    chosen = finished.route.answers.get("purpose", "")
    return f"{ADVISER_PAGE}?purpose={quote(chosen, safe='')}&triage={quote(finished.query, safe='')}"


def paperwork_html(finished: Finished) -> Markup:
    """The paperwork section of the outcome: the button, and the way to add a field list."""
    return paperwork.section_html(
        finished.flow.id,
        tag(
            "p",
            "To list the data items in the agreement as well, ",
            tag("a", "check your fields with the field adviser", href=adviser_address(finished)),
            " first: your answers here go with you, and its paperwork holds both.",
        ),
    )


def make_paperwork(finished: Finished) -> Made:
    return paperwork.make(facts_from_triage(finished))


#: The "Download the paperwork" button on the outcome page.
PAPERWORK = OutcomeAction(paperwork.ACTION, paperwork_html, make_paperwork)
