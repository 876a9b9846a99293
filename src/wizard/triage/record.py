"""The decision record the triage outcome offers, as Markdown: the paperwork's decision record
(wizard.paperwork.content.decision_record, in the shape of the ICO data sharing code's request
form) filled from this walk alone. The full bundle, with the agreement and the DPIA screening as
editable documents, is wizard.paperwork."""

from __future__ import annotations

from wizard.core.messages import Download
from wizard.core.purposes import purpose
from wizard.flow.web import Finished, Offer
from wizard.paperwork.content import ShareFacts, decision_record
from wizard.paperwork.markdown import to_markdown


def facts_from_triage(finished: Finished) -> ShareFacts:
    """What the paperwork knows from a finished triage walk alone (no field list)."""
    chosen = finished.route.answers.get("purpose")
    return ShareFacts(
        triage=finished,
        purpose=purpose(chosen) if chosen else None,
        links=(("Link that reproduces these answers", finished.link),),
    )


def record_offers(finished: Finished) -> list[Offer]:
    """The downloads offered on the outcome page: the decision record as Markdown."""
    text = to_markdown(decision_record(facts_from_triage(finished)))
    return [
        Offer(
            "record",
            "Download the decision record (Markdown text file)",
            Download("decision-record.md", "text/markdown;charset=utf-8", text=text),
        )
    ]
