"""HTML for a flow: one question per view (GOV.UK question-page pattern) and the outcome.

Pure functions from the flow model to Markup. The same functions run at build time (the first
question goes into the page) and in the browser. Links carry ``data-wizard-link`` so the loader
runs them in the page; in-page ``#`` links (the error summary) move focus to the field.
"""

from __future__ import annotations

from collections.abc import Sequence

from wizard.core import components
from wizard.core.components import VISUALLY_HIDDEN_CLASS, Choice, Divider, ErrorMessage, Hint
from wizard.core.markup import Markup, join, tag
from wizard.core.sources import SOURCES, Citation
from wizard.flow.engine import Decided, Result, Walk
from wizard.flow.model import All, AnswerIs, Any_, Condition, Flow, Not, Note, Question, VerdictIs

#: Site pages are linked from tool pages, which live in docs/tools/.
SITE_ROOT = "../"


def page_link(path: str) -> str:
    """A docs-relative Markdown path ("guidance/hierarchy.md#x", "tools/minimise.md?purpose=x") as
    a link from a tool page (tool pages live in docs/tools/)."""
    rest, _, anchor = path.partition("#")
    page, _, query = rest.partition("?")
    href = SITE_ROOT + (page[:-3] + ".html" if page.endswith(".md") else page)
    return href + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def law_html(provision_ids: Sequence[str]) -> Markup:
    """“The law: ...” with each provision as a link to its current text on legislation.gov.uk
    (provisions made by the courts have no text to link to and are named plainly)."""
    from wizard.core.law import provisions

    known = provisions()
    items = join(
        (
            tag("a", known[pid].label, href=known[pid].url, class_="wizard-law__link")
            if known[pid].url
            else known[pid].label
            for pid in provision_ids
        ),
        "; ",
    )
    return tag("p", tag("span", "The law: ", class_="wizard-law__label"), items, class_="wizard-law")


def citations_html(cites: Sequence[Citation]) -> Markup:
    items = join(
        (
            join(
                (
                    tag("a", SOURCES[c.source], href=f"{SITE_ROOT}reference/sources.html#{c.source}"),
                    ", ",
                    c.where,
                )
            )
            for c in cites
        ),
        "; ",
    )
    return tag("p", "Sources: ", items, class_="wizard-cite")


#: In a ``see`` link, the place for the answers given (the canonical query, URL-encoded), so that
#: a link to another tool can carry them ("tools/minimise.md?purpose=x&triage={answers}").
ANSWERS = "{answers}"


def _see(path: str, answers: str = "") -> Markup:
    """The "read more" link of a verdict or note: to a tool page ("Open the tool on this site"),
    or to a guidance page; ``answers`` (a canonical query) fills the link's {answers}."""
    if not path:
        return Markup("")
    if ANSWERS in path:
        from urllib.parse import quote  # only here: first answers do not import it (record 009)

        path = path.replace(ANSWERS, quote(answers, safe=""))
    label = "Open the tool on this site" if path.startswith("tools/") else "Read more on this site"
    return tag("a", label, href=page_link(path))


# --- Questions -------------------------------------------------------------------------------


def question_html(
    flow: Flow,
    question: Question,
    *,
    chosen: str | None,
    back_query: str | None,
    start_again: bool,
    error: bool = False,
    notices: Sequence[str] = (),
    caption: str | None = None,
) -> Markup:
    """One question as a GOV.UK question page. ``caption`` (such as "Question 3 of 10") sits
    inside the heading, so it is read out when focus moves to the question."""
    prefix = f"{flow.id}-{question.id}"
    message = question.error or "Select one answer"
    items: list[Choice | Divider] = []
    for option in question.options:
        if option.id == "not_sure" and len(question.options) > 2:
            items.append(Divider("or"))
        items.append(Choice(option.id, option.label, option.hint, checked=option.id == chosen))
    legend = components.heading(
        tag("span", caption, class_="wizard-caption") if caption else None,
        " " if caption else None,
        question.text,
        class_="wizard-question__heading",
        focus=not error,
    )
    question_radios = components.radios(
        question.id,
        prefix,
        items,
        legend=legend,
        hint=Hint(question.hint, f"{prefix}-hint") if question.hint else None,
        error=ErrorMessage(message, f"{prefix}-error") if error else None,
        items_class="wizard-options",
        mark_fieldset=False,  # the form group around it carries the error mark
    )
    parts: list[Markup | None] = [
        components.back_link(back_query) if back_query is not None else None,
        components.notices(notices),
        components.error_summary([(f"{prefix}-{question.options[0].id}", message)]) if error else None,
        tag(
            "form",
            components.form_group(question_radios, error=error),
            components.details("More about this question", tag("p", question.more), class_="wizard-more")
            if question.more
            else None,
            components.button("Continue", submit=True, primary=True),
            method="get",
            novalidate=True,
            data_action="answer",
            class_="wizard-question",
        ),
        components.start_again() if start_again else None,
    ]
    return join(part for part in parts if part is not None)


# --- Outcome ---------------------------------------------------------------------------------


def status_html(flow: Flow, status: str) -> Markup:
    return tag("strong", flow.statuses[status], class_=f"wizard-status wizard-status--{status}")


def verdict_html(flow: Flow, decided: Decided) -> Markup:
    """One verdict card. A case that states today's law (it has ``law``) shows the provisions it
    rests on, what to check, and then, marked as history, what the 2009–11 guidance said."""
    verdict, case = decided.verdict, decided.case
    if not case.law:
        return tag(
            "div",
            tag("h4", verdict.label),
            tag("p", status_html(flow, case.status), " ", case.summary, class_="wizard-verdict__summary"),
            tag("p", case.text) if case.text else None,
            citations_html(case.cite),
            tag("p", _see(verdict.see)) if verdict.see else None,
            class_="wizard-verdict",
            data_verdict=verdict.id,
            data_status=case.status,
            data_case=case.id or None,
        )
    history = (
        tag(
            "div",
            tag("p", "What the 2009–11 guidance said", class_="wizard-history__title"),
            tag("p", case.history),
            citations_html(case.cite),
            class_="wizard-history",
        )
        if case.history
        else citations_html(case.cite)
    )
    return tag(
        "div",
        tag("h4", verdict.label),
        tag("p", status_html(flow, case.status), " ", case.summary, class_="wizard-verdict__summary"),
        tag("p", case.text) if case.text else None,
        law_html(case.law),
        tag("p", tag("strong", "Check the current position: "), case.check, class_="wizard-check")
        if case.check
        else None,
        history,
        tag("p", _see(verdict.see)) if verdict.see else None,
        class_="wizard-verdict wizard-verdict--law",
        data_verdict=verdict.id,
        data_status=case.status,
        data_case=case.id or None,
    )


def note_html(note: Note, answers: str = "") -> Markup:
    return tag(
        "li",
        tag("strong", note.label, ": ") if note.label else None,
        note.text,
        " ",
        _see(note.see, answers) if note.see else None,
        law_html(note.law) if note.law else None,
        citations_html(note.cite),
        data_note=note.id,
    )


def outcome_sections_html(flow: Flow, result: Result, answers: str = "") -> Markup:
    """The outcome's sections in the flow's order; ``answers`` (the canonical query of the answers
    given) fills any {answers} in their links."""
    blocks: list[Markup] = []
    for section in flow.sections:
        verdicts = [d for d in result.decided if d.verdict.section == section.id]
        notes = [n for n in result.notes if n.section == section.id]
        if not verdicts and not notes:
            continue
        body: list[Markup | None] = [tag("h3", section.heading)]
        if section.intro:
            body.append(tag("p", section.intro))
        body.extend(verdict_html(flow, d) for d in verdicts)
        if notes and section.style == "changed":
            body.extend(
                components.admonition(
                    note.label or "Changed since the guidance was written",
                    tag("p", note.text),
                    citations_html(note.cite),
                    kind="changed",
                    data_note=note.id,
                )
                for note in notes
            )
        elif notes:
            body.append(
                tag("ol" if section.style == "steps" else "ul", join(note_html(n, answers) for n in notes))
            )
        blocks.append(
            tag(
                "section",
                *body,
                class_=f"wizard-section wizard-section--{section.style}",
                data_section=section.id,
            )
        )
    return join(blocks)


def answers_html(flow: Flow, route: Walk, change_query: dict[str, str]) -> Markup:
    """The check-your-answers list, with a Change link (and hidden question text) for each."""
    rows = []
    for question in route.path:
        option = question.option(route.answers[question.id])
        assert option is not None  # the walk keeps only valid answers
        rows.append(
            tag(
                "div",
                tag("dt", question.text),
                tag("dd", option.label),
                tag(
                    "dd",
                    components.wizard_link(
                        "Change",
                        tag("span", f" your answer to: {question.text}", class_=VISUALLY_HIDDEN_CLASS),
                        query=change_query[question.id],
                    ),
                    class_="wizard-summary__change",
                ),
                class_="wizard-summary__row",
            )
        )
    return tag("dl", join(rows), class_="wizard-summary")


# --- Printed steps (for when Python cannot run) ------------------------------------------------


def describe(flow: Flow, condition: Condition) -> str:
    """A routing condition in plain words."""
    if isinstance(condition, AnswerIs):
        question = flow.questions[condition.question]
        labels = [option.label for option in question.options if option.id in condition.options]
        return f"you answered “{question.text}” with “{'” or “'.join(labels)}”"
    if isinstance(condition, All):
        return " and ".join(describe(flow, part) for part in condition.parts)
    if isinstance(condition, Any_):
        return " or ".join(describe(flow, part) for part in condition.parts)
    if isinstance(condition, Not):
        return f"it is not the case that {describe(flow, condition.part)}"
    if isinstance(condition, VerdictIs):
        return f"the verdict “{condition.verdict}” is {' or '.join(sorted(condition.statuses))}"
    words = getattr(flow.predicates.get(condition.name), "describe", None)
    return str(words) if words else f"the rule “{condition.name}” holds"


def printed_html(flow: Flow) -> Markup:
    """Every question, its options and where each leads, as plain text for a printed copy."""
    numbers = {question_id: index for index, question_id in enumerate(flow.questions, start=1)}

    def target(node_id: str) -> str:
        return (
            f"go to question {numbers[node_id]}" if node_id in numbers else "go to “Working out the result”"
        )

    items = []
    for question in flow.questions.values():
        routes = [
            tag("li", f"If {describe(flow, route.when)}, {target(route.goto)}.")
            if route.when is not None
            else tag(
                "li", ("Otherwise, " if len(question.routes) > 1 else "Then ") + target(route.goto) + "."
            )
            for route in question.routes
        ]
        items.append(
            tag(
                "li",
                tag("p", tag("strong", question.text)),
                tag("p", question.hint) if question.hint else None,
                tag("ul", join(tag("li", option.label) for option in question.options)),
                tag("ul", join(routes), class_="wizard-printed__routes"),
                id=f"{flow.id}-printed-{question.id}",
            )
        )
    verdicts = []
    for verdict in flow.verdicts:
        cases = [
            tag(
                "li",
                (f"If {describe(flow, case.when)}: " if case.when is not None else "Otherwise: "),
                tag("strong", flow.statuses[case.status]),
                f". {case.summary}",
            )
            for case in verdict.cases
        ]
        verdicts.append(tag("li", tag("p", tag("strong", verdict.label)), tag("ul", join(cases))))
    return join(
        [
            tag("ol", join(items), class_="wizard-printed"),
            tag("h3", "Working out the result", id=f"{flow.id}-printed-result"),
            tag("p", "Take each item in turn; for each, use the first line that fits your answers."),
            tag("ol", join(verdicts), class_="wizard-printed"),
        ]
    )
