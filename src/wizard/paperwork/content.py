"""The three documents of the paperwork bundle, filled from what a person answered and what the
tools concluded:

- the **decision record**, in the shape of the data sharing request form in Annex B of the ICO's
  data sharing code of practice (its fields as listed in legal-currency-2.md, section 9);
- a draft **data sharing agreement**, under the headings of the code's checklist of what an
  agreement covers (seen in the code's 2019 draft; the final wording was not re-verified, and the
  document says so);
- a **DPIA screening note**: which of the ICO's "likely to result in high risk" indicators the
  answers touch (only those our research verified), and whether a full DPIA is likely needed.

Every legal statement is copied from the triage outcome, with its provisions and its citations,
so the documents say exactly what the page said. What only the person knows is a marked blank.
Pure functions: no file format here (see wizard.paperwork.markdown and wizard.paperwork.odt).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from wizard import __version__
from wizard.core.purposes import Purpose
from wizard.core.sources import SOURCES, Citation
from wizard.flow.engine import Decided
from wizard.flow.model import Flow
from wizard.flow.web import Finished
from wizard.minimise.advice import FieldAdvice
from wizard.minimise.catalogue import ARTICLE_9, ARTICLE_10, Verdict
from wizard.paperwork.document import (
    Blank,
    Block,
    Bullets,
    Document,
    Heading,
    Run,
    Strong,
    Table,
    bullets,
    paragraph,
    runs,
)


def law_verdicts(flow: Flow) -> tuple[str, ...]:
    """The ids of the flow's verdicts that state today's law (those in a section of style
    "law"), in the order the outcome page shows them; () for a flow without such a section."""
    law_sections = {section.id for section in flow.sections if section.style == "law"}
    return tuple(verdict.id for verdict in flow.verdicts if verdict.section in law_sections)


@dataclass(frozen=True)
class ShareFacts:
    """What the paperwork is filled from.

    - ``triage``: the triage walk at its outcome, or None (paperwork from the field adviser alone);
    - ``purpose``: the purpose of the share (from the triage answers or the adviser), or None;
    - ``fields``: the field adviser's advice on each field, in the order given (may be empty);
    - ``links``: the links that reproduce the answers (triage, field adviser), as (label, address).
    """

    triage: Finished | None
    purpose: Purpose | None
    fields: tuple[FieldAdvice, ...] = ()
    links: tuple[tuple[str, str], ...] = ()


# --- Reading the triage outcome ---------------------------------------------------------------


def _decided(facts: ShareFacts, verdict_id: str) -> Decided | None:
    if facts.triage is None:
        return None
    return next((d for d in facts.triage.result.decided if d.verdict.id == verdict_id), None)


def _answer(facts: ShareFacts, question_id: str) -> str | None:
    """The words of the answer given to a triage question, or None if it was not asked."""
    if facts.triage is None:
        return None
    chosen = facts.triage.route.answers.get(question_id)
    if chosen is None:
        return None
    option = facts.triage.flow.questions[question_id].option(chosen)
    return option.label if option else chosen


def _answer_id(facts: ShareFacts, question_id: str) -> str | None:
    return facts.triage.route.answers.get(question_id) if facts.triage is not None else None


def _law_labels(provision_ids: Sequence[str]) -> str:
    from wizard.core.law import provisions

    known = provisions()
    return "; ".join(known[pid].label for pid in provision_ids)


def finding(facts: ShareFacts, verdict_id: str, blank: str) -> tuple[Run, ...]:
    """A verdict as one run of text: status, today's position and the provisions it rests on; a
    blank naming ``blank`` when there is no triage outcome to take it from."""
    decided = _decided(facts, verdict_id)
    if decided is None or facts.triage is None:
        return (Blank(blank),)
    case = decided.case
    law = f" ({_law_labels(case.law)})" if case.law else ""
    return runs(*_status_summary(facts.triage.flow.statuses[case.status], case.summary), law)


def _status_summary(status: str, summary: str) -> tuple[Run, ...]:
    """A verdict's status in bold, then its summary; a summary that starts with the status word
    for word ("Public task: Article 6(1)(e) ...") is not preceded by it again."""
    if summary.casefold().startswith(status.casefold()):
        return (Strong(summary[: len(status)]), summary[len(status) :])
    return (Strong(f"{status}."), f" {summary}")


_STEP = re.compile(r"^Step \d+: ")


def _verdict_blocks(facts: ShareFacts, verdict_ids: Sequence[str], *, steps: bool = True) -> list[Block]:
    """Each verdict in full: status and today's position, provisions, what to check, and what the
    2009–11 guidance said with its sources (as on the outcome page). Without ``steps`` the
    headings lose the outcome page's "Step N: " (a document that takes the cards out of order)."""
    blocks: list[Block] = []
    if facts.triage is None:
        return blocks
    for verdict_id in verdict_ids:
        decided = _decided(facts, verdict_id)
        if decided is None:
            continue
        case = decided.case
        label = decided.verdict.label if steps else _STEP.sub("", decided.verdict.label)
        blocks.append(Heading(label[:1].upper() + label[1:], 3))
        blocks.append(paragraph(*_status_summary(facts.triage.flow.statuses[case.status], case.summary)))
        if case.text:
            blocks.append(paragraph(case.text))
        if case.law:
            blocks.append(paragraph(Strong("The law: "), _law_labels(case.law)))
        if case.check:
            blocks.append(paragraph(Strong("Check the current position: "), case.check))
        cites = "; ".join(cite.text() for cite in case.cite)
        if case.history:
            blocks.append(paragraph(Strong("What the 2009–11 guidance said: "), f"{case.history} ({cites})"))
        elif cites:
            blocks.append(paragraph(f"Sources: {cites}"))
    return blocks


def _notes(facts: ShareFacts, section: str) -> list[str]:
    if facts.triage is None:
        return []
    lines = []
    for note in facts.triage.result.notes:
        if note.section == section:
            lead = f"{note.label}: " if note.label else ""
            refs = [
                part
                for part in (
                    _law_labels(note.law) if note.law else "",
                    "; ".join(c.text() for c in note.cite),
                )
                if part
            ]
            lines.append(f"{lead}{note.text} ({'; '.join(refs)})")
    return lines


def _purpose_text(facts: ShareFacts) -> tuple[Run, ...]:
    service = _answer(facts, "service")
    if facts.purpose is None:
        return (Blank("the purpose of the share"),)
    return runs(Strong(facts.purpose.label), f". The service: {service}." if service else ".")


def _advice_runs(item: FieldAdvice) -> tuple[Run, ...]:
    """One field's advice as the adviser's table shows it: verdict, what instead, why, the law and
    the sources."""
    return runs(
        Strong(item.verdict_label + "."),
        f" Ask for instead: {item.alternative_text}." if item.alternative_text else None,
        f" {item.reason}",
        f" The law: {'; '.join(item.law_labels)}." if item.law else None,
        f" ({'; '.join(c.text() for c in item.cite)})" if item.cite else None,
    )


def _listed(facts: ShareFacts) -> list[FieldAdvice]:
    """The adviser's fields in the order given, a field given twice only once."""
    return [item for item in facts.fields if item.duplicate_of is None]


def _shared_as(item: FieldAdvice) -> str:
    """The item as it is to be shared: a field to replace is shared as what replaces it."""
    if item.verdict == Verdict.REPLACE and item.alternative_text:
        return f"{item.alternative_text} (instead of {item.given})"
    return item.given


def _fields_blocks(facts: ShareFacts) -> list[Block]:
    """The data items: those to be shared (a field to replace as what replaces it, "instead of"
    the field), then those asked for that the adviser says to leave out, each with its advice
    (verdict, what to ask for instead, why, the provisions of today's law and the sources, as the
    adviser shows them). A field given twice is listed once."""
    if not facts.fields:
        return [paragraph(Blank("the data items to be shared, each with the reason it is needed"))]
    listed = _listed(facts)
    shared = tuple((_shared_as(item), _advice_runs(item)) for item in listed if item.verdict != Verdict.DROP)
    left_out = tuple((item.given, _advice_runs(item)) for item in listed if item.verdict == Verdict.DROP)
    blocks: list[Block] = []
    if shared:
        blocks.append(Table(shared, caption="The data items to be shared, with the field adviser's advice"))
    else:
        blocks.append(paragraph("The field adviser advised leaving out every item asked for."))
    if left_out:
        blocks.append(
            Table(
                left_out,
                caption="Asked for, but not to be shared: the field adviser advised leaving these out",
            )
        )
    return blocks


def _header(facts: ShareFacts, what: str) -> list[Block]:
    made = "Prepared with the tools of “Sharing data to tackle worklessness”"
    versions = f"tools version {__version__}"
    if facts.triage is not None:
        versions += f", triage questions version {facts.triage.flow.version}"
    blocks: list[Block] = [
        paragraph(
            f"{made} ({versions}). {what} It states what today's law asks, with what the 2009–11 "
            "guidance said as history, from the answers given. It is not legal advice: check it with "
            "your information governance lead, data protection officer or legal team. Text in square "
            "brackets is for you to complete."
        )
    ]
    for label, address in facts.links:
        blocks.append(paragraph(f"{label}: ", address))
    return blocks


# --- The decision record (ICO code, Annex B) ---------------------------------------------------


#: The roles case where data comes from another controller to the council's own processor.
THROUGH_PROCESSOR = "processor_from_other_controller"


def _through_processor(facts: ShareFacts) -> bool:
    """Whether the data comes from another controller (DWP, a partner) to a provider working for
    the council: two controllers and a processor, so an agreement and an Article 28 contract."""
    roles = _decided(facts, "roles")
    return roles is not None and roles.case.id == THROUGH_PROCESSOR


def _power_blank(facts: ShareFacts) -> Blank:
    """What the person completes about the legal power, by what the triage found: a gateway to
    confirm, none found (so no power to fill in unless advice finds one), or one to name."""
    gateway = _decided(facts, "gateway")
    status = gateway.case.status if gateway is not None else None
    if status == "gateway":
        return Blank("confirm with the disclosing organisation or your legal team that it covers this share")
    if status == "no_gateway":
        return Blank("a power only if legal advice finds one; without one, do not share as planned")
    return Blank("the power relied on: Act, section, regulation")


#: The triage note that opens an outcome without a legal gateway ("In short: Not as planned").
NOT_AS_PLANNED_NOTE = "short_no_gateway"


def not_as_planned(finished: Finished) -> bool:
    """Whether a triage outcome says the share should not go ahead as planned (its "In short"
    shows the no-gateway note; the flow's condition for that note is the one rule)."""
    return any(note.id == NOT_AS_PLANNED_NOTE for note in finished.result.notes)


def _not_as_planned(facts: ShareFacts) -> list[Block]:
    """A warning at the top of a document whose share has no legal gateway on these answers (the
    outcome page's "In short"), so that a draft ready to sign is not read as a go-ahead."""
    if facts.triage is None or not not_as_planned(facts.triage):
        return []
    return [
        paragraph(
            Strong("Not as planned. "),
            "On these answers no legal gateway covers this share (see the legal power below): do not share "
            "on this basis. This draft records the decision; change the plan or take legal advice before "
            "going further.",
        )
    ]


def _condition_blank(facts: ShareFacts) -> tuple[Run, ...]:
    """The blank for the Schedule 1 condition, unless the answers say no such data is shared."""
    special = _decided(facts, "special")
    if special is not None and special.case.status == "does_not_apply":
        return ()
    return (" ", Blank("the Schedule 1 condition relied on"))


def _items_count(facts: ShareFacts) -> str | None:
    """ "N data items to be shared (M more asked for but left out ...), listed in the data sharing
    agreement. ", or None without fields. A field given twice counts once."""
    if not facts.fields:
        return None
    listed = _listed(facts)
    dropped = sum(item.verdict == Verdict.DROP for item in listed)
    shared = len(listed) - dropped
    items = "data item" if shared == 1 else "data items"
    more = f" ({dropped} more asked for but left out on the field adviser's advice)" if dropped else ""
    return f"{shared} {items} to be shared{more}, listed in the data sharing agreement. "


def decision_record(facts: ShareFacts) -> Document:
    """The decision record: the ICO data sharing code's request form, filled where the tools can
    fill it, then today's law in full, the answers given and the sources."""
    detail = _answer(facts, "detail")
    holder = _answer(facts, "holder")
    data_requested = runs(
        f"Detail: {detail}. " if detail else None,
        f"From: {holder}. " if holder else None,
        _items_count(facts),
        Blank("a description of the data requested"),
    )
    roles = _decided(facts, "roles")
    agreement: tuple[Run, ...]
    if _through_processor(facts):
        agreement = runs(
            "Yes, with the organisation disclosing the data: a draft is in this bundle; and a processor "
            "contract (Article 28) with the provider. ",
            Blank("confirm both are signed before sharing"),
        )
    elif roles is not None and roles.case.status in ("separate_controllers", "check"):
        agreement = runs(
            "Yes: a draft is in this bundle. ", Blank("confirm it will be signed before sharing")
        )
    elif roles is not None and roles.case.status == "processor":
        agreement = runs(
            "A processor contract (Article 28) instead. ", Blank("confirm the contract is in place")
        )
    elif roles is not None and roles.case.status == "same_controller":
        agreement = runs(
            "Not between teams of one council (see the controller relationship). ",
            Blank("whether an internal protocol records the arrangement instead"),
        )
    elif roles is not None and roles.case.status == "not_needed":
        agreement = runs(*finding(facts, "roles", ""), " ", Blank("how the figures may be used"))
    else:
        agreement = (Blank("whether a data sharing agreement will be in place"),)
    form = Table(
        (
            ("Organisation receiving the request", (Blank("organisation"),)),
            ("Organisation requesting the data", (Blank("organisation"),)),
            ("Name and position of the person requesting", (Blank("name and position"),)),
            ("Date the request was received", (Blank("date"),)),
            ("Description of the data requested", data_requested),
            (
                "Controller relationship",
                finding(facts, "roles", "joint or separate controllers, or processor"),
            ),
            ("Will a data sharing agreement be in place?", agreement),
            ("Purpose of the sharing", runs(*_purpose_text(facts), " ", Blank("the purpose in your words"))),
            ("Lawful basis", finding(facts, "lawful_basis", "the Article 6 lawful basis")),
            ("Why the sharing is necessary", (Blank("why the sharing is necessary and in proportion"),)),
            (
                "Special category and criminal offence data: conditions",
                runs(
                    *finding(facts, "special", "the Article 9 and 10 conditions"),
                    *_condition_blank(facts),
                ),
            ),
            (
                "Part 3 of the Data Protection Act 2018 (law enforcement)",
                (Blank("only if the sharing is for law enforcement purposes"),),
            ),
            (
                "Legal power",
                runs(*finding(facts, "gateway", "the legal power"), " ", _power_blank(facts))
                if facts.triage is not None
                else (Blank("the legal power: Act, section, regulation"),),
            ),
            (
                "Was a DPIA considered? Its outcome",
                runs(
                    *finding(facts, "dpia", "whether a DPIA is needed"),
                    " ",
                    Blank("date and outcome of the DPIA or screening"),
                ),
            ),
            ("Data protection officer's views (if no DPIA)", (Blank("the DPO's views"),)),
            ("Retention and deletion", (Blank("how long the data is kept and how it is deleted"),)),
            ("Security", (Blank("how the data is moved, stored and who may see it"),)),
            (
                "Information rights",
                runs(
                    *finding(facts, "transparency", "how people are told"),
                    " ",
                    Blank("how people can use their rights"),
                ),
            ),
            ("Dates or intervals of sharing", (Blank("dates or intervals"),)),
            ("Decision", (Blank("share / do not share / share with changes"),)),
            ("Reasons for the decision", (Blank("reasons"),)),
            ("Decision taken by", (Blank("name and position"),)),
            ("Signature and date", (Blank("signature and date"),)),
        ),
        caption="The data sharing request form (ICO data sharing code, Annex B)",
    )
    blocks: list[Block] = [
        *_header(facts, "This is the decision record for a proposed data share."),
        *_not_as_planned(facts),
        Heading("The request and the decision"),
        form,
    ]
    if facts.triage is not None:
        blocks += [
            Heading("What the law asks today, step by step"),
            *_verdict_blocks(facts, law_verdicts(facts.triage.flow)),
        ]
        blocks += [
            Heading("How much detail, and asking DWP"),
            *_verdict_blocks(facts, ("level", "business_case")),
        ]
        easier = _notes(facts, "easier")
        if easier:
            blocks += [
                Heading("Easier routes considered"),
                bullets([[line, " ", Blank("why it was turned down")] for line in easier]),
            ]
        for section in facts.triage.flow.sections:
            if section.id in ("next_steps", "documents") and (lines := _notes(facts, section.id)):
                blocks += [Heading(section.heading), bullets(lines)]
        blocks += [
            Heading("Answers given"),
            bullets([[f"{q.text} ", Strong(_answer(facts, q.id) or "")] for q in facts.triage.route.path]),
            Heading("What the 2009–11 guidance said about this kind of use"),
            bullets(_notes(facts, "history") or ["Nothing on these answers."]),
            Heading("Sources cited"),
            bullets(_sources_cited(facts.triage.result.citations())),
        ]
    return Document("decision-record", "Decision record: proposed data share", tuple(blocks))


def _sources_cited(citations: Sequence[Citation]) -> list[str]:
    """One line per source document, in the order first cited, with each place cited in it once
    (a citation naming several places, "§2.2, para 10; §2.3, para 19", counts as each of them):
    "DWP guide ...: §2.2, para 12; §2.3, para 19"."""
    places: dict[str, dict[str, None]] = {}
    for cite in citations:
        places.setdefault(cite.source, {}).update(dict.fromkeys(cite.where.split("; ")))
    return [f"{SOURCES[source]}: {'; '.join(where)}" for source, where in places.items()]


# --- The data sharing agreement (ICO code checklist) -------------------------------------------


def data_sharing_agreement(facts: ShareFacts) -> Document:
    """A draft data sharing agreement under the headings of the ICO code's checklist."""
    blocks: list[Block] = [
        *_header(facts, "This is a draft data sharing agreement between the organisations named below."),
        *_not_as_planned(facts),
        paragraph(
            "Its headings follow the checklist in the ICO's data sharing code of practice as our research "
            "found it (the code's 2019 draft); check them against the code in force."
        ),
        *_agreement_fit(facts),
        Heading("1. The purpose of the sharing"),
        paragraph(*_purpose_text(facts), " ", Blank("the purpose and the benefits expected, in your words")),
        Heading("2. The organisations involved and their roles"),
        Table(
            (
                (
                    "Organisation disclosing the data",
                    runs(
                        f"{_answer(facts, 'holder')}. " if _answer(facts, "holder") else None,
                        Blank("name, address, contact point"),
                    ),
                ),
                (
                    "Organisation receiving the data",
                    runs(
                        "Your council, which passes the data to its provider (a processor under an "
                        "Article 28 contract). "
                        if _through_processor(facts)
                        else f"{_answer(facts, 'recipient')}. "
                        if _answer(facts, "recipient")
                        else None,
                        Blank("name, address, contact point"),
                    ),
                ),
                (
                    "Their relationship in law",
                    finding(
                        facts, "roles", "separate controllers, joint controllers, or controller and processor"
                    ),
                ),
            ),
            caption="The parties",
        ),
        Heading("3. The data items to be shared"),
        *_fields_blocks(facts),
        Heading("4. The lawful basis and the legal power"),
        *(
            _verdict_blocks(facts, ("gateway", "offence", "lawful_basis"), steps=False)
            or [paragraph(Blank("the lawful basis and the legal power"))]
        ),
        Heading("5. Special category and criminal offence data"),
        *(
            _verdict_blocks(facts, ("special",), steps=False)
            or [
                paragraph(
                    Blank("whether special category or criminal offence data is shared, and the conditions")
                )
            ]
        ),
        paragraph(
            Blank("the Schedule 1 condition for each such item, and where the appropriate policy document is")
        ),
        Heading("6. Access and individual rights"),
        *(_verdict_blocks(facts, ("transparency",), steps=False) or []),
        bullets(
            [
                [Blank("how people are told about the sharing (privacy information)")],
                [
                    Blank(
                        "who handles requests for access and other rights,"
                        " and how the parties help each other"
                    )
                ],
                [Blank("the contact point for people whose data is shared")],
            ]
        ),
        Heading("7. Information governance arrangements"),
        bullets(
            [
                [Blank("how the data is moved and stored securely, and who may see it")],
                [Blank("retention periods and how the data is deleted at the end")],
                [Blank("how breaches are reported between the parties")],
                [Blank("that the data is accurate, and how errors are corrected by every holder")],
                [Blank("whether and how the data may be passed on")],
            ]
        ),
    ]
    if _answer_id(facts, "detail") == "aggregate":
        blocks += [Heading("How figures are made safe to share"), *_rounding_blocks()]
    blocks += [
        Heading("8. Review and ending"),
        bullets([[Blank("the review date and who reviews")], [Blank("how either party ends the agreement")]]),
        Heading("9. Signatures"),
        Table(
            (
                ("For the disclosing organisation", (Blank("name, position, signature, date"),)),
                ("For the receiving organisation", (Blank("name, position, signature, date"),)),
            ),
            caption="Signed for each party",
        ),
    ]
    return Document("data-sharing-agreement", "Data sharing agreement (draft)", tuple(blocks))


def _agreement_fit(facts: ShareFacts) -> list[Block]:
    """A word on whether an agreement is what the answers call for (a processor needs a contract;
    one council's teams need none), with the roles verdict as the outcome page states it."""
    roles = _decided(facts, "roles")
    if roles is None or facts.triage is None:
        return []
    said = _status_summary(facts.triage.flow.statuses[roles.case.status], roles.case.summary)
    if _through_processor(facts):
        return [
            paragraph(
                Strong("An agreement and a contract. "),
                "The answers say: ",
                *said,
                " This draft is the agreement between the organisation disclosing the data and your "
                "council; your provider needs an Article 28 contract as well.",
            )
        ]
    if roles.case.status == "processor":
        return [
            paragraph(
                Strong("A contract rather than an agreement. "),
                "The answers say: ",
                *said,
                " The ICO's code covers sharing between controllers: use this draft as a checklist for "
                "the contract.",
            )
        ]
    if roles.case.status == "same_controller":
        return [
            paragraph(
                Strong("Within one council. "),
                "The answers say: ",
                *said,
                " An agreement between teams is not needed: this draft can serve as an internal record.",
            )
        ]
    return []


def _rounding_blocks() -> list[Block]:
    """The rounding rule the site's rounding tool applies, with its source (for shared figures)."""
    from wizard.rounding.parameters import rules

    rule = rules()
    base = rule.base
    return [
        paragraph(
            f"Figures are rounded to the nearest {base.value} (exact halves away from zero), totals are "
            "worked out again from the rounded figures, and outcomes are shown only as percentages, as the "
            f"rounding tool on this site does ({base.citation.text()}). ",
            Blank("the rule your contract or guidance asks for, if different"),
        )
    ]


# --- The DPIA screening note ------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """One indicator of likely high risk, and whether the answers touch it."""

    name: str
    meaning: str
    touched: str  # "Yes", "No", "Possibly" or "Not asked"
    why: str


#: The indicators our research verified, each with what it covers, in the order the note lists them.
_INDICATORS = {
    "matching": ("Data matching", "combining, comparing or matching personal data from several sources"),
    "denial": (
        "Denial of service",
        "decisions about access to a service, opportunity or benefit that use automated decision-making "
        "or special category data",
    ),
    "invisible": (
        "Invisible processing",
        "using personal data not obtained from the person, where telling them is not done",
    ),
    "biometric": ("Biometric or genetic data", "biometric data used to identify someone, or genetic data"),
    "large_scale": (
        "Large-scale special category or criminal offence data (Article 35(3))",
        "processing such data on a large scale",
    ),
    "profiling": ("Large-scale profiling", "profiling people on a large scale"),
    "innovative": ("Innovative technology", "new technology, combined with another indicator"),
}

NOT_ASKED = ("Not asked", "the answers do not say")


def _field_special(facts: ShareFacts, special: str | None) -> str | None:
    """The triage's answer on special category and criminal offence data ("special", "criminal",
    "both", "no", "not_sure" or None), raised by what the field adviser found in the items to be
    shared (a field under Article 9 or 10 counts even where the answer said "no" or was not given);
    with the adviser alone, "no" when none of its items to share is such data."""
    found = {pid for item in facts.fields if item.verdict != Verdict.DROP for pid in item.law}
    article_9 = ARTICLE_9 in found or special in ("special", "both")
    article_10 = ARTICLE_10 in found or special in ("criminal", "both")
    if not (ARTICLE_9 in found or ARTICLE_10 in found):
        # Without a triage answer, the adviser's items are the answer: none is such data.
        kept = any(item.verdict != Verdict.DROP for item in facts.fields)
        return "no" if special is None and facts.triage is None and kept else special
    return "both" if article_9 and article_10 else "special" if article_9 else "criminal"


def _touches(facts: ShareFacts) -> dict[str, tuple[str, str]]:
    """For each indicator: whether the answers touch it ("Yes", "No", "Possibly" or "Not asked")
    and why, from the triage answers (and the adviser's purpose)."""
    purpose = facts.purpose.id if facts.purpose else _answer_id(facts, "purpose")
    detail = _answer_id(facts, "detail")
    holder = _answer_id(facts, "holder")
    informed = _answer_id(facts, "informed")
    special = _field_special(facts, _answer_id(facts, "special"))
    if detail is None and facts.triage is None and facts.fields:
        detail = "identifiable"  # the field adviser's items are details of people
    not_asked_by_tool = ("Not asked", "the tool did not ask")
    if detail in ("aggregate", "published"):
        figures = (
            "No",
            "figures that identify nobody are not personal data; screen again if any count is small enough "
            "to point to someone",
        )
        return {key: figures for key in _INDICATORS} | {"innovative": not_asked_by_tool}
    found: dict[str, tuple[str, str]] = {"profiling": not_asked_by_tool, "innovative": not_asked_by_tool}
    personal = detail in ("identifiable", "anonymised")
    if detail is None or detail == "not_sure":
        found["matching"] = NOT_ASKED
    elif personal and (
        purpose in ("eligibility", "tracking", "research")
        or (purpose == "welfare_services" and holder not in (None, "collect"))
    ):
        found["matching"] = ("Yes", "checking, tracking or linking records from more than one source")
    else:
        found["matching"] = ("No", "no matching of records on these answers")
    deciding = detail == "identifiable" and purpose in ("eligibility", "welfare_services")
    if deciding and special in ("special", "both"):
        found["denial"] = ("Yes", "decisions about a benefit or service using special category data")
    elif deciding:
        found["denial"] = ("Possibly", "decisions about a benefit or service: check whether any is automated")
    elif detail is None or detail == "not_sure":
        found["denial"] = NOT_ASKED
    else:
        found["denial"] = ("No", "no decisions about access to a service")
    if detail == "identifiable" and holder not in (None, "collect") and informed in ("neither", "not_sure"):
        found["invisible"] = (
            "Yes",
            "the data was not obtained from the people, and they have not been told of this use",
        )
    elif informed in ("told", "consented") or holder == "collect":
        found["invisible"] = ("No", "people have been or will be told, or the data comes from them")
    else:
        found["invisible"] = NOT_ASKED
    if special in ("special", "both"):
        found["biometric"] = (
            "Possibly",
            "special category data is included: check whether any of it is biometric or genetic",
        )
    elif special in ("no", "criminal"):
        found["biometric"] = ("No", "no special category data on these answers")
    else:
        found["biometric"] = NOT_ASKED
    if special in ("special", "criminal", "both") and detail in ("identifiable", None):
        found["large_scale"] = ("Possibly", "check whether the numbers of people make it large scale")
    elif special == "no":
        found["large_scale"] = ("No", "no such data on these answers")
    else:
        found["large_scale"] = NOT_ASKED
    return found


def indicators(facts: ShareFacts) -> list[Indicator]:
    """The ICO's indicators of processing likely to result in high risk that our research verified
    (legal-currency-2.md, section 7), each with whether the answers touch it and why (UK GDPR
    Article 35; the ICO's list). Figures that identify nobody touch none of them."""
    touched = _touches(facts)
    return [Indicator(name, meaning, *touched[key]) for key, (name, meaning) in _INDICATORS.items()]


def dpia_screening(facts: ShareFacts) -> Document:
    """The DPIA screening note: the indicators the answers touch, and the conclusion."""
    rows = tuple(
        (
            item.name,
            runs(
                Strong(f"{item.touched}."),
                f" {item.why[:1].upper()}{item.why[1:]}. The indicator: {item.meaning}.",
            ),
        )
        for item in indicators(facts)
    )
    blocks: list[Block] = [
        *_header(
            facts, "This is a screening note: does this share need a full data protection impact assessment?"
        ),
        *_not_as_planned(facts),
        Heading("What the answers point to"),
        paragraph(*finding(facts, "dpia", "whether a full DPIA is likely to be needed")),
        Heading("Indicators of likely high risk"),
        paragraph(
            "The ICO lists kinds of processing likely to result in a high risk. Our research verified those "
            "below; the ICO's full list has more (check it before you decide)."
        ),
        Table(rows, caption="The ICO's indicators, and whether your answers touch them"),
        *_verdict_blocks(facts, ("dpia", "hra"), steps=False),
        Heading("Decision"),
        Table(
            (
                ("Is a full DPIA needed?", (Blank("yes / no, and why"),)),
                ("Data protection officer's advice", (Blank("the DPO's advice and date"),)),
                ("Screened by", (Blank("name, position and date"),)),
            ),
            caption="The screening decision",
        ),
    ]
    return Document("dpia-screening", "Data protection impact assessment: screening note", tuple(blocks))


def bundle_documents(facts: ShareFacts) -> tuple[Document, ...]:
    """The three documents of the paperwork bundle, in the order a person needs them."""
    return (decision_record(facts), data_sharing_agreement(facts), dpia_screening(facts))


__all__ = [
    "Bullets",
    "Indicator",
    "ShareFacts",
    "bundle_documents",
    "data_sharing_agreement",
    "decision_record",
    "dpia_screening",
    "indicators",
    "law_verdicts",
    "not_as_planned",
]
