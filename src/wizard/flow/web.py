"""Run a flow in the page: one request in (render or answer), one view out, state in the address.

A wizard built on a flow needs only::

    def respond(request: Request) -> Response:
        return flow_web.respond(my_flow(), request, record=my_record)

``record`` (optional) turns a finished walk into downloads, such as a decision record.
``outcome_view`` (optional) replaces the standard outcome page with the wizard's own, for a
flow whose result reads differently (the training quiz shows a score and a mark per question).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from wizard.core import components
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


RecordMaker = Callable[[Finished], Sequence[Offer]]
#: Builds a wizard's own outcome page from a finished walk and any notices to show above it.
OutcomeView = Callable[[Finished, Sequence[str]], Response]


def reproducing_link(request: Request, query: str) -> str:
    page = request.context.get("page")
    base = page if isinstance(page, str) and page.startswith(("http://", "https://", "file://")) else ""
    return f"{base}?{query}" if query else base or "?"


def respond(
    flow: Flow,
    request: Request,
    record: RecordMaker | None = None,
    outcome_view: OutcomeView | None = None,
) -> Response:
    """One request to a flow: show the view its address asks for, or take an answer and show
    where it leads. The answers are walked once; the views and their links all use that Walk."""
    state = read_query(flow, request.query)
    route = walk(flow, state.answers)
    if request.action == "answer":
        return _answer(flow, state, route, request, record, outcome_view)
    return _view(flow, state, route, request, record, outcome_view)


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
) -> Response:
    question = _shown_question(flow, route, state.at)
    if question is None or state.notices:
        return _view(flow, state, route, request, record, outcome_view)
    values = request.form.get(question.id) or []
    chosen = values[0] if len(values) == 1 else None
    if chosen is None or question.option(chosen) is None:
        return _view(flow, state, route, request, record, outcome_view, error=True)
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
    return _view(flow, new_state, replace(new_route, dropped={}), request, record, outcome_view)


def _view(
    flow: Flow,
    state: State,
    route: Walk,
    request: Request,
    record: RecordMaker | None,
    outcome_view: OutcomeView | None = None,
    *,
    error: bool = False,
) -> Response:
    """The view for ``state``, whose answers ``route`` has walked."""
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
    return _outcome(flow, route, state, request, query, record, outcome_view)


def _outcome(
    flow: Flow,
    route: Walk,
    state: State,
    request: Request,
    query: str,
    record: RecordMaker | None,
    outcome_view: OutcomeView | None,
) -> Response:
    result = decide(flow, route.current, route.answers)  # type: ignore[arg-type]
    link = reproducing_link(request, query)
    finished = Finished(flow, route, result, query, link)
    if outcome_view is not None:
        return outcome_view(finished, state.notices)
    offers = record(finished) if record else ()
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
    html = join(
        [
            components.back_link(change[last]),
            components.notices(state.notices),
            tag(
                "div",
                components.heading(result.outcome.title),
                tag("p", result.outcome.lead, class_="wizard-lead") if result.outcome.lead else None,
                outcome_sections_html(flow, result),
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
        downloads={offer.key: offer.download for offer in offers},
    )


__all__ = ["AT_KEY", "Finished", "Offer", "OutcomeView", "RecordMaker", "respond"]
