"""Run a flow in the page: one request in (render or answer), one view out, state in the address.

A wizard built on a flow needs only::

    def respond(request: Request) -> Response:
        return flow_web.respond(my_flow(), request, record=my_record)

``record`` (optional) turns a finished walk into downloads, such as a decision record.
``actions`` (optional) are buttons on the outcome page that ask for something made only when
pressed (the paperwork, which needs a library the page loads only then): the request's action
names one, and what it made is shown on the outcome page, with its files and the libraries it
needs first.
``outcome_view`` (optional) replaces the standard outcome page with the wizard's own, for a
flow whose result reads differently (the training quiz shows a score and a mark per question).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from wizard.core import components
from wizard.core.errors import WizardInputError
from wizard.core.markup import Markup, join, tag
from wizard.core.messages import Download, Request, Response
from wizard.flow.engine import Result, Walk, advance, decide, progress, walk
from wizard.flow.model import Flow, Outcome, Question
from wizard.flow.state import AT_KEY, State, canonical_query, read_query
from wizard.flow.view import answers_html, outcome_sections_html, question_html


@dataclass(frozen=True)
class Finished:
    """Everything a record maker needs about a finished walk."""

    flow: Flow
    route: Walk
    result: Result
    query: str  # the canonical query that reproduces these answers
    link: str  # the full address that reproduces them (or "?query" when the page is unknown)


@dataclass(frozen=True)
class Offer:
    key: str  # the a[data-download] key
    label: str  # the link text
    download: Download


@dataclass(frozen=True)
class Made:
    """What an outcome action made: ``message`` to show under its button (its heading takes focus),
    the files it offers (``a[data-download]`` keys in ``message``), and the packages it needs and
    Python has not loaded (then ``message`` says what could not be done, and the page loads them
    and asks again)."""

    message: Markup
    downloads: Mapping[str, Download] = field(default_factory=dict)
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutcomeAction:
    """A button on the outcome page. ``html`` is what the outcome shows for it (a form with
    ``data-action`` = ``name`` and its button); a request with that action runs ``run``."""

    name: str
    html: Callable[[Finished], Markup]
    run: Callable[[Finished], Made]


RecordMaker = Callable[[Finished], Sequence[Offer]]
#: Builds a wizard's own outcome page from a finished walk and any notices to show above it.
OutcomeView = Callable[[Finished, Sequence[str]], Response]


def reproducing_link(request: Request, query: str) -> str:
    page = request.context.get("page")
    base = page if isinstance(page, str) and page.startswith(("http://", "https://", "file://")) else ""
    return f"{base}?{query}" if query else base or "?"


def finish(flow: Flow, query: str, page: str = "") -> Finished:
    """The finished walk a query string's answers reach (``page``, the page's own address, makes
    the reproducing link; without it the link is "?query").

    Raises WizardInputError saying why for answers the flow refuses (a link made for another
    version of the flow, unknown questions or answers) or that do not reach an outcome yet."""
    state = read_query(flow, query)
    if state.notices:
        raise WizardInputError(" ".join(state.notices))
    route = walk(flow, state.answers)
    if not isinstance(route.current, Outcome):
        missing = route.current.text if isinstance(route.current, Question) else "the next question"
        raise WizardInputError(
            f"These answers do not reach a result yet: “{missing}” is not answered. Answer every question."
        )
    result = decide(flow, route.current, route.answers)
    query = canonical_query(flow, route)
    return Finished(
        flow, route, result, query, reproducing_link(Request(flow.id, context={"page": page}), query)
    )


def respond(
    flow: Flow,
    request: Request,
    record: RecordMaker | None = None,
    outcome_view: OutcomeView | None = None,
    actions: Sequence[OutcomeAction] = (),
) -> Response:
    """One request to a flow: show the view its address asks for, take an answer and show where
    it leads, or run one of the outcome's ``actions`` (named by the request's action) and show the
    outcome with what it made. The answers are walked once; the views and links all use that Walk."""
    state = read_query(flow, request.query)
    route = walk(flow, state.answers)
    if request.action == "answer":
        return _answer(flow, state, route, request, record, outcome_view, actions)
    chosen = next((action for action in actions if action.name == request.action), None)
    return _view(flow, state, route, request, record, outcome_view, actions, chosen)


def _shown_question(flow: Flow, route: Walk, at: str | None) -> Question | None:
    if at is not None and at in route.answers:
        return flow.questions[at]
    return route.current if isinstance(route.current, Question) else None


def _answer(
    flow: Flow,
    state: State,
    route: Walk,
    request: Request,
    record: RecordMaker | None,
    outcome_view: OutcomeView | None,
    actions: Sequence[OutcomeAction],
) -> Response:
    question = _shown_question(flow, route, state.at)
    if question is None or state.notices:
        return _view(flow, state, route, request, record, outcome_view, actions)
    values = request.form.get(question.id) or []
    chosen = values[0] if len(values) == 1 else None
    if chosen is None or question.option(chosen) is None:
        return _view(flow, state, route, request, record, outcome_view, actions, error=True)
    new_route = advance(flow, route, question.id, chosen)
    removed = [flow.questions[key].text for key in route.answers if key not in new_route.answers]
    notices: tuple[str, ...] = ()
    if removed:
        notices = (
            "Your change means some later questions no longer apply, so we removed your answers to them: "
            + " / ".join(removed),
        )
    # The new state keeps only the answers on the new path, so its walk drops nothing.
    new_state = State(new_route.answers, None, notices)
    return _view(flow, new_state, replace(new_route, dropped={}), request, record, outcome_view, actions)


def _view(
    flow: Flow,
    state: State,
    route: Walk,
    request: Request,
    record: RecordMaker | None,
    outcome_view: OutcomeView | None = None,
    actions: Sequence[OutcomeAction] = (),
    chosen: OutcomeAction | None = None,
    *,
    error: bool = False,
) -> Response:
    """The view for ``state``, whose answers ``route`` has walked; at an outcome, ``chosen`` is the
    action pressed (None for none, or when the answers do not reach an outcome any more)."""
    question = _shown_question(flow, route, state.at)
    at = question.id if question is not None and question.id in route.answers else None
    query = canonical_query(flow, route, at)
    if question is not None:
        path_ids = [q.id for q in route.path]
        position = path_ids.index(question.id) if question.id in path_ids else len(path_ids)
        back = canonical_query(flow, route, path_ids[position - 1]) if position > 0 else None
        numbers = progress(flow, question)
        html = question_html(
            flow,
            question,
            chosen=route.answers.get(question.id),
            back_query=back,
            start_again=bool(route.answers),
            error=error,
            notices=state.notices,
            caption=f"Question {numbers[0]} of {numbers[1]}" if numbers else None,
        )
        title = ("Error: " if error else "") + question.text
        return Response(html=html, query=query, title=title)
    assert isinstance(route.current, Outcome)
    return _outcome(flow, route, state, request, query, record, outcome_view, actions, chosen)


def _outcome(
    flow: Flow,
    route: Walk,
    state: State,
    request: Request,
    query: str,
    record: RecordMaker | None,
    outcome_view: OutcomeView | None,
    actions: Sequence[OutcomeAction] = (),
    chosen: OutcomeAction | None = None,
) -> Response:
    result = decide(flow, route.current, route.answers)  # type: ignore[arg-type]
    link = reproducing_link(request, query)
    finished = Finished(flow, route, result, query, link)
    if outcome_view is not None:
        return outcome_view(finished, state.notices)
    offers = record(finished) if record else ()
    made = chosen.run(finished) if chosen is not None else None
    change = {q.id: canonical_query(flow, route, q.id) for q in route.path}
    last = route.path[-1].id
    link_id = f"{flow.id}-link"
    keep = [
        tag("h3", "Keep a record"),
        tag("label", "Link to these answers (anyone with it sees the same result)", for_=link_id),
        tag("input", type="text", id=link_id, value=link, readonly=True, class_="wizard-link"),
        tag("p", "Link to these answers: ", link, class_="wizard-print-only"),
        tag(
            "p",
            components.button("Copy the link", data_copy=link_id),
            " ",
            components.button("Print this result", data_print=True),
            class_="wizard-actions",
        ),
    ]
    if offers:
        keep.append(
            tag(
                "ul",
                join(tag("li", components.download_link(offer.label, offer.key)) for offer in offers),
                class_="wizard-downloads",
            )
        )
    for action in actions:
        keep.append(action.html(finished))
        if action is chosen and made is not None:
            keep.append(made.message)
    html = join(
        [
            components.back_link(change[last]),
            components.notices(state.notices),
            tag(
                "div",
                components.heading(result.outcome.title, focus=made is None),
                tag("p", result.outcome.lead, class_="wizard-lead") if result.outcome.lead else None,
                outcome_sections_html(flow, result, query),
                tag(
                    "section",
                    tag("h3", "Your answers"),
                    answers_html(flow, route, change),
                    class_="wizard-section",
                ),
                tag("section", *keep, class_="wizard-section wizard-keep"),
                components.start_again(),
                class_="wizard-outcome",
                data_outcome=result.outcome.id,
            ),
        ]
    )
    return Response(
        html=Markup(html),
        query=query,
        title=result.outcome.title,
        downloads={offer.key: offer.download for offer in offers} | dict(made.downloads if made else {}),
        needs=made.needs if made else (),
    )


__all__ = [
    "AT_KEY",
    "Finished",
    "Made",
    "Offer",
    "OutcomeAction",
    "OutcomeView",
    "RecordMaker",
    "finish",
    "respond",
]
