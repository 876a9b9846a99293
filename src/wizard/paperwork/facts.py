"""What the paperwork is filled from, gathered from the answers as the page and the command line
hold them: the triage tool's answers (its query string, checked against today's triage flow) and
the field adviser's purpose and field names.

Both tools keep their answers in the page address, so the links that reproduce them go into the
paperwork. The addresses hold only a purpose, field names and answers to the triage questions,
never anything about a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from wizard.core.errors import WizardInputError
from wizard.core.purposes import Purpose, purpose, purposes
from wizard.flow.web import Finished, finish
from wizard.paperwork.content import ShareFacts

#: The tools' pages, side by side in the site's tools/ folder.
TRIAGE_PAGE = "triage.html"
ADVISER_PAGE = "minimise.html"

TRIAGE_LINK_LABEL = "Link that reproduces the triage answers"
ADVISER_LINK_LABEL = "Link that reproduces the field advice (with the triage answers, if any)"


def split_link(link_or_query: str) -> tuple[str, str]:
    """A link or a bare query string as (the page's address without query or fragment, the
    query without "?"): "https://x/tools/triage.html?v=2&a=b" gives ("https://x/tools/triage.html",
    "v=2&a=b"); "?v=2&a=b" and "v=2&a=b" give ("", "v=2&a=b")."""
    text = link_or_query.strip().split("#", 1)[0]
    if "?" in text:
        base, _, query = text.partition("?")
        return base, query
    if urlsplit(text).scheme in ("http", "https", "file"):
        return text, ""
    return "", text


def sibling(page: str, name: str) -> str:
    """The address of the tool page ``name`` beside ``page`` (a tool page's own address), or
    ``tools/<name>`` (from the site's root) when the page is not known."""
    if page.startswith(("http://", "https://", "file://")):
        return page.rsplit("/", 1)[0] + "/" + name
    return f"tools/{name}"


def triage_outcome(link_or_query: str, page: str = "") -> Finished:
    """The triage outcome that a link to the triage tool (or its query string) reproduces, walked
    with today's triage questions. ``page`` is the triage page's address when the link has none.

    Raises WizardInputError, saying why, for an empty query, a link made with an earlier version
    of the questions, unknown questions or answers, or answers that do not reach a result."""
    from wizard.triage.tool import flow

    base, query = split_link(link_or_query)
    if not query.strip("&"):
        raise WizardInputError(
            "The triage link holds no answers: copy the link from the result page of the triage tool."
        )
    try:
        return finish(flow(), query, base or page)
    except WizardInputError as problem:
        raise WizardInputError(f"The triage answers could not be used. {problem}") from None


def _purpose(purpose_id: str) -> Purpose:
    try:
        return purpose(purpose_id)
    except KeyError:
        known = ", ".join(item.id for item in purposes())
        raise WizardInputError(f"“{purpose_id}” is not a purpose the tools know (known: {known}).") from None


def share_facts(
    triage: Finished | None,
    purpose_id: str = "",
    field_names: Sequence[str] = (),
    links: Sequence[tuple[str, str]] = (),
) -> ShareFacts:
    """The facts for the paperwork from a finished triage walk, the field adviser's purpose and
    field names, or both (then the purposes must agree). The fields are advised on here.

    Raises WizardInputError for nothing to go on, fields without a purpose, an unknown purpose,
    or a purpose that differs from the triage answers'."""
    from wizard.minimise.advice import advise

    triage_purpose = triage.route.answers.get("purpose") if triage is not None else None
    if purpose_id and triage_purpose and purpose_id != triage_purpose:
        raise WizardInputError(
            f"The field list is for “{_purpose(purpose_id).label}” but the triage answers are for "
            f"“{_purpose(triage_purpose).label}”: one set of paperwork covers one purpose."
        )
    chosen = purpose_id or triage_purpose or ""
    if triage is None and not field_names:
        raise WizardInputError(
            "There is nothing to fill the paperwork from: give the triage answers, fields, or both."
        )
    if field_names and not chosen:
        raise WizardInputError("Say what the fields are for (the purpose), so that they can be advised on.")
    shared_purpose = _purpose(chosen) if chosen else None
    fields = tuple(advise(list(field_names), chosen)) if field_names else ()
    return ShareFacts(triage=triage, purpose=shared_purpose, fields=fields, links=tuple(links))


__all__ = [
    "ADVISER_LINK_LABEL",
    "ADVISER_PAGE",
    "TRIAGE_LINK_LABEL",
    "TRIAGE_PAGE",
    "share_facts",
    "sibling",
    "split_link",
    "triage_outcome",
]
