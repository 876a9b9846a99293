"""The decision record the triage tool offers: the answers and today's legal position, in the shape
of the data sharing request form in Annex B of the ICO's data sharing code of practice (a
statutory code under the Data Protection Act 2018, section 121; the form's fields as listed in
../shared/design/research/legal-currency-2.md, section 9).

Everything the tool concluded is filled in, with its provisions and citations; what only the
person knows (names, dates, retention, security) is a marked blank. Plain Markdown, so it can be
filed, printed or pasted anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from wizard import __version__
from wizard.core.messages import Download
from wizard.flow.engine import Decided
from wizard.flow.web import Finished, Offer

#: A blank for what only the person can fill in.
BLANK = "[To complete]"


def _decided(finished: Finished, verdict_id: str) -> Decided | None:
    return next((d for d in finished.result.decided if d.verdict.id == verdict_id), None)


def _law_text(provision_ids: Sequence[str]) -> str:
    if not provision_ids:
        return ""
    from wizard.core.law import provisions

    known = provisions()
    return "; ".join(known[pid].label for pid in provision_ids)


def verdict_lines(finished: Finished, verdict_ids: Sequence[str]) -> list[str]:
    """One bullet per verdict: its status and today's position, the provisions, what to check,
    then what the 2009–11 guidance said with its sources."""
    lines: list[str] = []
    for verdict_id in verdict_ids:
        decided = _decided(finished, verdict_id)
        if decided is None:
            continue
        case = decided.case
        status = finished.flow.statuses[case.status]
        lines.append(f"- **{decided.verdict.label}**: {status}. {case.summary}")
        if case.text:
            lines.append(f"  {case.text}")
        if case.law:
            lines.append(f"  The law: {_law_text(case.law)}.")
        if case.check:
            lines.append(f"  Check the current position: {case.check}")
        cites = "; ".join(cite.text() for cite in case.cite)
        if case.history:
            lines.append(f"  What the 2009–11 guidance said: {case.history} ({cites})")
        else:
            lines.append(f"  Sources: {cites}")
    return lines


def note_lines(finished: Finished, section: str) -> list[str]:
    """One bullet per note shown in ``section``, with its provisions and sources."""
    lines = []
    for note in finished.result.notes:
        if note.section == section:
            lead = f"**{note.label}**: " if note.label else ""
            refs = [part for part in (_law_text(note.law), "; ".join(c.text() for c in note.cite)) if part]
            lines.append(f"- {lead}{note.text} ({'; '.join(refs)})")
    return lines or ["- None on these answers."]


def answer(finished: Finished, question_id: str) -> str:
    """The words of the answer given to a question, or "Not asked"."""
    chosen = finished.route.answers.get(question_id)
    if chosen is None:
        return "Not asked"
    option = finished.flow.questions[question_id].option(chosen)
    return option.label if option else chosen


def decision_record(finished: Finished) -> str:
    """The decision record as Markdown text (UTF-8), following the ICO code's request form.

    ``finished`` is a walk that reached the outcome. Blanks are marked ``[To complete]``."""
    flow = finished.flow
    answers = [f"- {question.text} **{answer(finished, question.id)}**" for question in finished.route.path]
    sections = [
        "# Decision record: proposed data share",
        "",
        f"Prepared with “{flow.title}” (tools version {__version__}, questions version {flow.version}). "
        "It states what today's law asks of the share described by the answers below, with what the "
        "2009–11 guidance said as history. It is not legal advice: the decision belongs to the people "
        "named at the end.",
        "",
        f"Link that reproduces these answers: {finished.link}",
        "",
        "## 1. The organisations",
        "",
        f"- Organisation receiving the request: {BLANK}",
        f"- Organisation requesting the data, and the person asking (name and position): {BLANK}",
        f"- Date the request was received: {BLANK}",
        f"- Who would receive the data: **{answer(finished, 'recipient')}**",
        "",
        "## 2. The data requested",
        "",
        f"- How much detail: **{answer(finished, 'detail')}**",
        f"- Where it comes from: **{answer(finished, 'holder')}**",
        f"- Some of it began as benefit records: **{answer(finished, 'social_security')}**",
        f"- Special category or criminal offence data: **{answer(finished, 'special')}**",
        f"- The fields needed, each with the reason (the field adviser can list them): {BLANK}",
        "",
        "## 3. Controller relationship and agreement",
        "",
        *verdict_lines(finished, ("roles",)),
        f"- Will a data sharing agreement be in place? {BLANK}",
        "",
        "## 4. Purpose",
        "",
        f"- Kind of use: **{answer(finished, 'purpose')}**",
        f"- Service (for benefit information): **{answer(finished, 'service')}**",
        f"- What it is for, in your words: {BLANK}",
        "",
        "## 5. Lawful basis, legal power and conditions",
        "",
        *verdict_lines(finished, ("personal_data", "gateway", "offence", "lawful_basis", "special")),
        f"- The power relied on (Act, section, regulation): {BLANK}",
        "",
        "## 6. Why the share is necessary",
        "",
        *verdict_lines(finished, ("level",)),
        "- Easier routes considered, and why each was turned down:",
        *(f"  {line}" for line in note_lines(finished, "easier")),
        f"- Why the share is necessary and in proportion: {BLANK}",
        "",
        "## 7. Data protection impact assessment",
        "",
        *verdict_lines(finished, ("dpia", "hra")),
        f"- DPIA carried out? Date and outcome: {BLANK}",
        f"- If none, the data protection officer's views: {BLANK}",
        "",
        "## 8. Telling people and their rights",
        "",
        *verdict_lines(finished, ("transparency", "confidence")),
        f"- What people were told: **{answer(finished, 'informed')}**",
        f"- How people can use their rights (access, objection, complaint): {BLANK}",
        "",
        "## 9. Retention, deletion and security",
        "",
        f"- How long the data will be kept, and how it will be deleted: {BLANK}",
        f"- Security (how it is moved, stored and who may see it): {BLANK}",
        f"- Dates or intervals of sharing: {BLANK}",
        "",
        "## 10. Decision",
        "",
        *verdict_lines(finished, ("business_case", "research")),
        "- Decision: share / do not share / share with changes (delete as appropriate)",
        f"- Reasons: {BLANK}",
        f"- Decided by (name and position): {BLANK}",
        f"- Signature and date: {BLANK}",
        "",
        "## Answers given",
        "",
        *answers,
        "",
        "## Next steps suggested",
        "",
        *note_lines(finished, "next_steps"),
        "",
        "## Documents to prepare",
        "",
        *note_lines(finished, "documents"),
        "",
        "## What the 2009–11 guidance said about this kind of use",
        "",
        *note_lines(finished, "history"),
        "",
        "## Sources cited",
        "",
        *(f"- {cite.text()}" for cite in finished.result.citations()),
        "",
    ]
    return "\n".join(sections)


def record_offers(finished: Finished) -> list[Offer]:
    """The downloads offered on the outcome page: the decision record as Markdown."""
    return [
        Offer(
            "record",
            "Download the decision record (Markdown text file)",
            Download("decision-record.md", "text/markdown;charset=utf-8", text=decision_record(finished)),
        )
    ]
