"""The page for "Which fields do you need?": the form, the advice, and the error summary.

Views:
- the form (first view, rendered at build time; also "change your answers", filled in);
- the form with an error summary that takes focus, when something is missing or wrong;
- the advice: a table with a verdict, reason and source for every field, the minimised list,
  a justification table to copy or download (CSV, Markdown), "changed since" notes, a link
  to the triage tool for the same purpose, and the "Download the paperwork" button (the fields
  in a draft agreement, with the triage answers when the address carries them or a triage link
  is pasted; see wizard.paperwork.web).
The state lives in the page address (wizard.minimise.state), so a link reproduces the advice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from wizard.core.components import (
    Choice,
    ErrorMessage,
    Hint,
    admonition,
    button,
    checkboxes,
    download_link,
    error_summary,
    heading,
    radios,
    row_heading,
    table,
    text_input,
    textarea,
    wizard_link,
)
from wizard.core.components import notices as notices_html
from wizard.core.errors import WizardInputError
from wizard.core.markup import Markup, join, tag
from wizard.core.messages import Download, Request, Response
from wizard.core.purposes import Purpose, purpose, purposes
from wizard.flow.view import law_html
from wizard.flow.web import Finished, Made
from wizard.minimise.advice import (
    CRIMINAL_OFFENCE_LABEL,
    UNKNOWN,
    VERDICT_LABELS,
    FieldAdvice,
    advise,
    cite_text,
    clean_names,
    minimised_fields,
    note_texts,
    parse_field_text,
    to_csv,
    to_markdown,
)
from wizard.minimise.catalogue import Catalogue, catalogue
from wizard.minimise.state import State, from_query, to_query
from wizard.paperwork import web as paperwork
from wizard.paperwork.content import not_as_planned
from wizard.paperwork.facts import (
    ADVISER_LINK_LABEL,
    TRIAGE_LINK_LABEL,
    share_facts,
    sibling,
    triage_outcome,
)
from wizard.registry import Tool

ID = "minimise"  # prefix for element ids, unique on the page
TRIAGE_PAGE = "triage.html"  # the legal-gateway triage tool, beside this page


@dataclass(frozen=True)
class Problem:
    target: str  # id of the element the error summary links to
    message: str
    where: str  # "purpose" or "fields": which part of the form shows it inline


# --- the form ----------------------------------------------------------------------------------


def _error_summary(problems: Sequence[Problem]) -> Markup:
    return error_summary(((problem.target, problem.message) for problem in problems), f"{ID}-error-title")


def _inline_error(problems: Sequence[Problem], where: str) -> ErrorMessage | None:
    """The error message shown under one part of the form ("purpose" or "fields"), if any."""
    messages = [problem.message for problem in problems if problem.where == where]
    return ErrorMessage(" ".join(messages), f"{ID}-{where}-error") if messages else None


def _purpose_fieldset(state: State, problems: Sequence[Problem]) -> Markup:
    return radios(
        "purpose",
        f"{ID}-purpose",
        [Choice(item.id, item.label, item.hint, checked=item.id == state.purpose) for item in purposes()],
        legend="What is the data for?",
        legend_class="wizard-legend",
        error=_inline_error(problems, "purpose"),
        item_class="wizard-choice",
    )


def _catalogue_fieldsets(cat: Catalogue, picked: Sequence[str]) -> Markup:
    return join(
        checkboxes(
            "pick",
            f"{ID}-pick",
            [Choice(field.id, field.label, checked=field.id in picked) for field in cat.in_group(group.id)],
            legend=group.legend,
            legend_class="wizard-legend wizard-legend--small",
            items_class="wizard-choices--columns",
        )
        for group in cat.groups
    )


def _form(state: State, problems: Sequence[Problem] = (), notices: Sequence[str] = ()) -> Markup:
    cat = catalogue()
    return tag(
        "form",
        _error_summary(problems) if problems else None,
        notices_html(notices),
        tag(
            "p",
            "Your answers to the triage questions come with you: the paperwork will hold them and these "
            "fields together.",
            class_="minimise-triage-note",
        )
        if state.triage
        else None,
        tag("input", type="hidden", name="triage", value=state.triage) if state.triage else None,
        _purpose_fieldset(state, problems),
        tag("h2", "Which fields do you mean to ask for?", id=f"{ID}-fields-heading"),
        tag(
            "p",
            "Type or paste their names, tick them in the catalogue below, or both. "
            "Nothing you enter leaves this browser.",
        ),
        textarea(
            f"{ID}-fields",
            "fields",
            "Field names",
            "\n".join(state.typed),
            rows=5,
            hint=Hint(
                "Paste the header row of a spreadsheet (for example: Name, DOB, NINO, Postcode), or put "
                "one name per line. Commas, tabs, semicolons and new lines all separate names. If you "
                "paste a whole table, only its first line is read.",
                f"{ID}-fields-hint",
            ),
            error=_inline_error(problems, "fields"),
            spellcheck="false",
        ),
        tag("h3", "Or tick fields in the catalogue"),
        _catalogue_fieldsets(cat, state.picked),
        button("Get advice", submit=True, primary=True),
        method="get",
        data_action="submit",
        novalidate=True,
        class_="wizard-form",
    )


# --- the advice --------------------------------------------------------------------------------


def _summary(results: Sequence[FieldAdvice]) -> str:
    firsts = [item for item in results if item.duplicate_of is None]
    counts = Counter(item.verdict_label for item in firsts)
    order = [*VERDICT_LABELS.values(), CRIMINAL_OFFENCE_LABEL]
    parts = [f"{counts[label]} {label[0].lower()}{label[1:]}" for label in order if counts[label]]
    duplicates = len(results) - len(firsts)
    text = "Verdicts: " + ", ".join(parts) + "."
    if duplicates:
        text += f" {duplicates} duplicate{'s' if duplicates != 1 else ''} (shown, counted once)."
    return text


def _field_cell(item: FieldAdvice) -> Markup:
    lines: list[object] = [tag("span", item.given, class_="minimise-given")]
    if item.field and item.field.label != item.given:
        lines.append(tag("span", f"Read as: {item.field.label}", class_="minimise-matched"))
    if item.duplicate_of is not None:
        lines.append(tag("span", f"Duplicate: same as row {item.duplicate_of}", class_="minimise-duplicate"))
    return row_heading(join(lines))


def _results_table(results: Sequence[FieldAdvice], chosen: Purpose, cat: Catalogue) -> Markup:
    rows = (
        tag(
            "tr",
            tag("td", str(item.row)),
            _field_cell(item),
            tag(
                "td",
                tag(
                    "strong", item.verdict_label, class_=f"minimise-verdict minimise-verdict--{item.verdict}"
                ),
            ),
            tag("td", item.alternative_text or "–"),
            tag("td", tag("p", item.reason), law_html(item.law)) if item.law else tag("td", item.reason),
            tag("td", cite_text(item.cite)),
            data_verdict=item.verdict,
        )
        for item in results
    )
    return tag(
        "section",
        tag(
            "div",
            table(
                f"Advice on each field, for: {chosen.label}",
                ("Row", "Field", "Verdict", "Ask for instead", "Why", "Source"),
                rows,
            ),
            class_="md-typeset__table minimise-results",
        ),
        class_="md-typeset__scrollwrap",
        tabindex="0",  # a wide table scrolls sideways on a narrow screen
        aria_label="Advice on each field",
    )


def _notes(results: Sequence[FieldAdvice], cat: Catalogue) -> Markup:
    return join(
        admonition(
            f"Changed since the guidance: {title}",
            tag("p", text),
            tag("p", tag("a", "What has changed since", href="../reference/changes-since.html")),
            kind="changed",
        )
        for title, text in note_texts(results, cat)
    )


def _advice(
    state: State,
    chosen: Purpose,
    results: Sequence[FieldAdvice],
    reading_notes: Sequence[str],
    markdown: str,
    *,
    made: Made | None = None,
    link_problem: str | None = None,
    notices: Sequence[str] = (),
) -> Markup:
    cat = catalogue()
    kept = minimised_fields(results)
    unknown = sum(1 for item in results if item.verdict == UNKNOWN and item.duplicate_of is None)
    edit_query = to_query(replace(state, edit=True))
    count = len(results)
    focus_here = made is None and link_problem is None
    parts: list[Markup | None] = [
        error_summary([(f"{ID}-{TRIAGE_LINK_FIELD}", link_problem)], f"{ID}-error-title")
        if link_problem
        else None,
        notices_html(notices),
        heading(f"Advice on {count} field{'s' if count != 1 else ''}", focus=focus_here),
        tag("p", tag("strong", "Purpose: "), chosen.label),
        tag("p", _summary(results), class_="minimise-summary"),
        tag("ul", join(tag("li", note) for note in reading_notes)) if reading_notes else None,
        tag(
            "p",
            f"{unknown} field{'s are' if unknown != 1 else ' is'} not in the catalogue: the tool does not "
            "guess what they hold. Describe each one in your request.",
            class_="minimise-unknown-note",
        )
        if unknown
        else None,
        _results_table(results, chosen, cat),
        tag("h3", "Your minimised field list"),
        tag(
            "p",
            "What to ask for if you take the advice: fields to leave out are gone, and less intrusive "
            "forms replace the others.",
        ),
        tag("ul", join(tag("li", name) for name in kept), id=f"{ID}-list")
        if kept
        else tag("p", "Nothing: every field can be left out for this purpose.", id=f"{ID}-list"),
        tag("p", button("Copy the list", data_copy=f"{ID}-list")),
        tag("h3", "For the inputs section of your business case"),
        tag(
            "p",
            "A short table justifying each field, to paste into your request (Markdown), or download.",
        ),
        tag(
            "section",
            tag(
                "pre",
                markdown,
                id=f"{ID}-markdown",
                class_="minimise-markdown",
                tabindex="0",  # it scrolls, so keyboard users must be able to reach it
            ),
            aria_label="Justification table in Markdown",
        ),
        tag(
            "p",
            button("Copy the table", data_copy=f"{ID}-markdown"),
            " ",
            download_link("Download as CSV", "csv", button=True),
            " ",
            download_link("Download as Markdown", "markdown", button=True),
        ),
        _notes(results, cat),
        _paperwork_section(state, made, link_problem),
        tag("h3", "Next"),
        tag(
            "ul",
            tag(
                "li",
                tag("a", "See the triage result these fields go with", href=f"{TRIAGE_PAGE}?{state.triage}"),
                " (the legal route for this share).",
            )
            if state.triage
            else tag(
                "li",
                tag("a", "Check the legal route for this purpose", href=f"{TRIAGE_PAGE}?purpose={chosen.id}"),
                " with the legal-gateway triage.",
            ),
            tag(
                "li",
                wizard_link("Change the purpose or the fields", query=edit_query),
            ),
            tag("li", wizard_link("Start again", query="")),
        ),
    ]
    return join(part for part in parts if part is not None)


# --- the paperwork -----------------------------------------------------------------------------

#: The paperwork form's field for a pasted link to a triage result.
TRIAGE_LINK_FIELD = "triage_link"


def _paperwork_section(state: State, made: Made | None, link_problem: str | None) -> Markup:
    """The paperwork button under the advice: with the triage answers the address carries, or a
    box to paste a link to a triage result (optional), and what pressing it made."""
    if state.triage:
        more: list[object] = [
            tag(
                "p",
                "It holds your answers to the triage questions too (they came with the link to this page).",
            )
        ]
    else:
        field_id = f"{ID}-{TRIAGE_LINK_FIELD}"
        more = [
            text_input(
                field_id,
                TRIAGE_LINK_FIELD,
                "Link to your triage result (optional)",
                hint=Hint(
                    "To include the legal route, paste the link from the “Keep a record” part of the "
                    "triage tool's result for this purpose. Without it, the legal parts are left blank.",
                    f"{field_id}-hint",
                ),
                error=ErrorMessage(link_problem, f"{field_id}-error") if link_problem else None,
                spellcheck="false",
                autocomplete="off",
            )
        ]
    section = paperwork.section_html(ID, *more)
    return join([section, made.message]) if made is not None else section


def _triage_for(state: State) -> tuple[State, Finished | None, list[str]]:
    """The triage answers the state carries, checked against today's triage questions and the
    purpose: a stale, broken or mismatched set is dropped from the state with a notice saying why."""
    if not state.triage:
        return state, None, []
    try:
        finished = triage_outcome(state.triage)
    except WizardInputError as problem:
        return replace(state, triage=""), None, [f"{problem} The field advice below does not depend on them."]
    triage_purpose = finished.route.answers.get("purpose", "")
    if state.purpose and triage_purpose != state.purpose:
        return (
            replace(state, triage=""),
            None,
            [
                f"The triage answers in this link are for “{purpose(triage_purpose).label}”, not the purpose "
                "chosen here, so the paperwork will not include them."
            ],
        )
    if not_as_planned(finished):
        # The triage's "In short", carried here so that the advice is not read as a go-ahead.
        return (
            state,
            finished,
            [
                "Not as planned: the triage result these fields go with found no legal gateway for this "
                "share, so it should not go ahead on that basis. The advice below says which items a "
                "lawful version of it would need; the paperwork records the triage result."
            ],
        )
    return state, finished, []


def _made(request: Request, state: State, finished: Finished | None, results: Sequence[FieldAdvice]) -> Made:
    """Pressing "Download the paperwork" on the advice: the bundle, or the library to load first."""
    page = request.context.get("page")
    page = page if isinstance(page, str) else ""
    links = []
    if finished is not None:
        links.append((TRIAGE_LINK_LABEL, f"{sibling(page, TRIAGE_PAGE)}?{finished.query}"))
    here = page if page.startswith(("http://", "https://", "file://")) else sibling(page, "minimise.html")
    links.append((ADVISER_LINK_LABEL, f"{here}?{to_query(replace(state, edit=False))}"))
    facts = share_facts(finished, state.purpose, [item.given for item in results], links)
    return paperwork.make(facts)


# --- requests ----------------------------------------------------------------------------------


def _purpose_problem(purpose_id: str) -> Problem | None:
    known = {item.id for item in purposes()}
    first = f"{ID}-purpose-{purposes()[0].id}"
    if not purpose_id:
        return Problem(first, "Choose what the data is for.", "purpose")
    if purpose_id not in known:
        return Problem(
            first, f"“{purpose_id}” is not a purpose this tool knows: choose one of the list.", "purpose"
        )
    return None


def _names(state: State, cat: Catalogue) -> list[str]:
    """Ticked catalogue fields (by label) first, then typed ones. An unknown id is kept as text."""
    names = []
    for field_id in state.picked:
        try:
            names.append(cat.field(field_id).label)
        except KeyError:
            names.append(field_id)
    return names + list(state.typed)


def _show(
    state: State,
    reading_notes: Sequence[str] = (),
    *,
    submitted: bool,
    request: Request | None = None,
    link_problem: str | None = None,
) -> Response:
    """The advice for a complete state, or the form with what is missing. With ``request`` (the
    paperwork button pressed), the advice also shows what pressing it made (or ``link_problem``,
    a pasted triage link that could not be used)."""
    cat = catalogue()
    state, finished, notices = _triage_for(state)
    problems = []
    purpose_problem = _purpose_problem(state.purpose)
    if purpose_problem and (submitted or state.purpose):
        problems.append(purpose_problem)
    if submitted and not state.has_fields:
        problems.append(
            Problem(
                f"{ID}-fields",
                "Type or paste at least one field name, or tick one in the catalogue.",
                "fields",
            )
        )
    if problems or state.edit or not state.has_fields or purpose_problem:
        return Response(
            html=_form(state, problems, notices),
            query=None if submitted else to_query(state),
            title="Error" if problems else None,
        )
    chosen = next(item for item in purposes() if item.id == state.purpose)
    results = advise(_names(state, cat), chosen.id, cat)
    markdown = to_markdown(results, chosen, cat)
    downloads = {
        "csv": Download(
            f"field-advice-{chosen.id}.csv", "text/csv", text="\ufeff" + to_csv(results, chosen, cat)
        ),
        "markdown": Download(f"field-advice-{chosen.id}.md", "text/markdown", text=markdown),
    }
    made = _made(request, state, finished, results) if request is not None and link_problem is None else None
    if made is not None:
        downloads.update(made.downloads)
    title = f"Advice on {len(results)} field{'s' if len(results) != 1 else ''}"
    return Response(
        html=_advice(
            state,
            chosen,
            results,
            reading_notes,
            markdown,
            made=made,
            link_problem=link_problem,
            notices=notices,
        ),
        query=to_query(state),
        title=("Error: " if link_problem else "") + title,
        downloads=downloads,
        needs=made.needs if made is not None else (),
    )


def _paperwork(request: Request) -> Response:
    """The paperwork button pressed: the advice the address holds, with the bundle. A triage link
    pasted into the form joins the state (and so the address) when it can be used."""
    state = from_query(request.query)
    state = replace(state, typed=clean_names(state.typed), edit=False)
    pasted = request.form_value(TRIAGE_LINK_FIELD).strip()
    if pasted and not state.triage:
        try:
            finished = triage_outcome(pasted)
        except WizardInputError as problem:
            return _show(state, submitted=False, request=request, link_problem=str(problem))
        state = replace(state, triage=finished.query)
    return _show(state, submitted=False, request=request)


def respond(request: Request) -> Response:
    if request.action == paperwork.ACTION:
        try:
            return _paperwork(request)
        except WizardInputError:
            pass  # a damaged address: shown as for any view below
    if request.action == "submit":
        picked = tuple(request.form.get("pick") or ())
        state = State(request.form_value("purpose"), picked, (), triage=request.form_value("triage"))
        try:
            parsed = parse_field_text(request.form_value("fields"))
        except WizardInputError as problem:
            return Response(
                html=_form(state, [Problem(f"{ID}-fields", str(problem), "fields")]),
                query=None,
                title="Error",
            )
        state = replace(state, typed=parsed.names)
        return _show(state, parsed.notes, submitted=True)
    try:
        state = from_query(request.query)
        state = replace(state, typed=clean_names(state.typed))
    except WizardInputError as problem:
        return Response(
            html=_form(State(), [Problem(f"{ID}-fields", str(problem), "fields")]), query=None, title="Error"
        )
    return _show(state, submitted=False)


#: What this tool offers the page (see wizard.registry).
TOOL = Tool(respond=respond)
