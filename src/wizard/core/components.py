"""GOV.UK Design System patterns, built once for every tool's views.

Each function returns :class:`~wizard.core.markup.Markup` for one pattern of the GOV.UK Design
System (https://design-system.service.gov.uk/components/), under its name there where it has
one: ``error_summary``, ``error_message``, ``hint``, ``fieldset``, ``radios``, ``checkboxes``,
``textarea``, ``text_input``, ``file_upload``, ``table``, ``details``, ``back_link``, ``button``.
The classes are this site's (``wizard-*``, styled in docs/assets/stylesheets/site.css, and
Material for MkDocs' ``md-button`` and ``admonition``), and links and buttons carry the
``data-*`` attributes the loader (docs/assets/wizard/wizard-loader.js) acts on:

- ``data-wizard-link``: the loader runs the link's query in the page instead of leaving it;
- ``data-focus``: the element the loader moves focus to when a view arrives;
- ``data-copy`` / ``data-print`` / ``data-download``: buttons the loader wires up.

The form patterns wire their own accessibility: a field's ``aria-describedby`` names its hint
and its error message (and only ids that are on the page), every input has a ``<label for>``,
and an option's hint is described by ``{option id}-hint``. Text is escaped as everywhere else;
only Markup passes through.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from wizard.core.markup import Markup, join, tag

#: A hint under a label, a legend or an option.
HINT_CLASS = "wizard-hint"
#: An error message under a label or legend (the rounding form styles its own, "wizard-field-error").
ERROR_MESSAGE_CLASS = "wizard-error-message"
#: Text for screen readers only.
VISUALLY_HIDDEN_CLASS = "wizard-visually-hidden"


@dataclass(frozen=True)
class Hint:
    """A field's hint: its text, and the id its field's ``aria-describedby`` points at."""

    text: str
    id: str


@dataclass(frozen=True)
class ErrorMessage:
    """A field's error message: its text, the id ``aria-describedby`` points at, and its class."""

    text: str
    id: str
    class_: str = ERROR_MESSAGE_CLASS


@dataclass(frozen=True)
class Choice:
    """One radio button or checkbox: the value sent, the label shown, an optional hint, and
    whether it is chosen. Its id is ``{id_prefix}-{value}``, its hint's ``{id}-hint``."""

    value: str
    label: str
    hint: str = ""
    checked: bool = False


@dataclass(frozen=True)
class Divider:
    """The word between options that sets the last one apart ("or" before "Not sure")."""

    text: str = "or"


# --- Small pieces ---------------------------------------------------------------------------------


def described_by(*ids: str | None) -> str | None:
    """The value of ``aria-describedby`` for these element ids, leaving out absent ones (None or
    ""), or None when none is left (so the attribute is left out)."""
    present = [item for item in ids if item]
    return " ".join(present) if present else None


def hint(text: object, id: str | None = None) -> Markup:
    """GOV.UK hint text: ``<p class="wizard-hint">``, with an id when a field points at it."""
    return tag("p", text, id=id, class_=HINT_CLASS)


def error_message(text: object, id: str, class_: str = ERROR_MESSAGE_CLASS) -> Markup:
    """GOV.UK error message: the message under a label or legend, read as "Error: ..." by screen
    readers. ``id`` is what the field's ``aria-describedby`` names."""
    return tag("p", tag("span", "Error: ", class_=VISUALLY_HIDDEN_CLASS), text, id=id, class_=class_)


def _hint(item: Hint | None) -> Markup | None:
    return hint(item.text, item.id) if item is not None else None


def _error(item: ErrorMessage | None) -> Markup | None:
    return error_message(item.text, item.id, item.class_) if item is not None else None


def error_summary(problems: Iterable[tuple[str, str]], title_id: str | None = None) -> Markup:
    """GOV.UK error summary: "There is a problem", then a link to each field that needs fixing.

    ``problems`` are (field element id, message) pairs; each link goes to ``#id``, which the
    loader turns into focus on that field. The summary has ``role="alert"`` and ``data-focus``,
    so it takes focus when it appears. ``title_id`` (optional) names the heading, and the
    summary is labelled by it.
    """
    return tag(
        "div",
        tag("h2", "There is a problem", id=title_id, class_="wizard-error-summary__title"),
        tag("ul", join(tag("li", tag("a", message, href=f"#{target}")) for target, message in problems)),
        class_="wizard-error-summary",
        role="alert",
        aria_labelledby=title_id,
        tabindex="-1",
        data_focus=True,
    )


# --- Fields ---------------------------------------------------------------------------------------


def form_group(*children: object, error: bool = False) -> Markup:
    """The block around one question or field (GOV.UK's form group); ``error`` marks it with a red
    rule (``wizard-field--error``)."""
    return tag("div", *children, class_="wizard-field" + (" wizard-field--error" if error else ""))


def fieldset(
    legend: object,
    *children: object,
    legend_class: str | None = None,
    described_by: str | None = None,
    error: bool = False,
) -> Markup:
    """GOV.UK fieldset: related inputs under a ``<legend>``. ``legend`` may be Markup (a question
    page puts its heading inside the legend); ``error`` marks the fieldset itself
    (``wizard-fieldset--error``); ``described_by`` is its ``aria-describedby``."""
    return tag(
        "fieldset",
        tag("legend", legend, class_=legend_class),
        *children,
        class_="wizard-fieldset" + (" wizard-fieldset--error" if error else ""),
        aria_describedby=described_by,
    )


def _choices(
    kind: Literal["radio", "checkbox"],
    name: str,
    id_prefix: str,
    items: Iterable[Choice | Divider],
    item_class: str,
) -> Markup:
    parts: list[Markup] = []
    for item in items:
        if isinstance(item, Divider):
            parts.append(tag("p", item.text, class_="wizard-or"))
            continue
        item_id = f"{id_prefix}-{item.value}"
        hint_id = f"{item_id}-hint" if item.hint else None
        parts.append(
            tag(
                "div",
                tag(
                    "input",
                    type=kind,
                    id=item_id,
                    name=name,
                    value=item.value,
                    checked=item.checked,
                    aria_describedby=hint_id,
                ),
                tag("label", item.label, for_=item_id),
                hint(item.hint, hint_id) if item.hint else None,
                class_=item_class,
            )
        )
    return join(parts)


def _choice_fieldset(
    kind: Literal["radio", "checkbox"],
    name: str,
    id_prefix: str,
    items: Iterable[Choice | Divider],
    *,
    legend: object,
    legend_class: str | None,
    hint: Hint | None,
    error: ErrorMessage | None,
    item_class: str,
    items_class: str | None,
    mark_fieldset: bool,
) -> Markup:
    options = _choices(kind, name, id_prefix, items, item_class)
    return fieldset(
        legend,
        _hint(hint),
        _error(error),
        tag("div", options, class_=items_class) if items_class else options,
        legend_class=legend_class,
        described_by=described_by(hint.id if hint else None, error.id if error else None),
        error=mark_fieldset and error is not None,
    )


def radios(
    name: str,
    id_prefix: str,
    items: Iterable[Choice | Divider],
    *,
    legend: object,
    legend_class: str | None = None,
    hint: Hint | None = None,
    error: ErrorMessage | None = None,
    item_class: str = "wizard-option",
    items_class: str | None = None,
    mark_fieldset: bool = True,
) -> Markup:
    """GOV.UK radios: a fieldset with a legend, an optional hint and error message, and one radio
    button per :class:`Choice` (a :class:`Divider` puts "or" between them).

    ``name`` is the form field; option ids are ``{id_prefix}-{value}``. The fieldset's
    ``aria-describedby`` names the hint and the error message when they are given. With an error
    the fieldset is marked ``wizard-fieldset--error``, unless ``mark_fieldset`` is False because
    a :func:`form_group` around it carries the mark (the question page). ``item_class`` picks
    the layout in site.css: ``wizard-option`` (a question page), ``wizard-choice`` (a compact
    list), ``wizard-radio`` (the rounding form); ``items_class`` wraps the options in a div.
    """
    return _choice_fieldset(
        "radio",
        name,
        id_prefix,
        items,
        legend=legend,
        legend_class=legend_class,
        hint=hint,
        error=error,
        item_class=item_class,
        items_class=items_class,
        mark_fieldset=mark_fieldset,
    )


def checkboxes(
    name: str,
    id_prefix: str,
    items: Iterable[Choice | Divider],
    *,
    legend: object,
    legend_class: str | None = None,
    hint: Hint | None = None,
    error: ErrorMessage | None = None,
    item_class: str = "wizard-choice",
    items_class: str | None = None,
    mark_fieldset: bool = True,
) -> Markup:
    """GOV.UK checkboxes: as :func:`radios`, with a checkbox per :class:`Choice` (all sent under
    ``name``). ``items_class="wizard-choices--columns"`` sets a long list in columns."""
    return _choice_fieldset(
        "checkbox",
        name,
        id_prefix,
        items,
        legend=legend,
        legend_class=legend_class,
        hint=hint,
        error=error,
        item_class=item_class,
        items_class=items_class,
        mark_fieldset=mark_fieldset,
    )


def _field(
    id: str,
    label: object,
    control: Markup,
    hint: Hint | None,
    error: ErrorMessage | None,
    mark_group: bool,
) -> Markup:
    return form_group(
        tag("label", label, for_=id, class_="wizard-label"),
        _hint(hint),
        _error(error),
        control,
        error=mark_group and error is not None,
    )


def textarea(
    id: str,
    name: str,
    label: object,
    value: str = "",
    *,
    rows: int,
    hint: Hint | None = None,
    error: ErrorMessage | None = None,
    mark_group: bool = True,
    **attributes: object,
) -> Markup:
    """GOV.UK textarea: a label, an optional hint and error message, and a ``<textarea>`` of
    ``rows`` lines holding ``value``, described by the hint and the error. ``attributes`` go on
    the textarea (``spellcheck="false"``, ``autocomplete="off"``). With an error the form group
    is marked, unless ``mark_group`` is False."""
    control = tag(
        "textarea",
        value,
        id=id,
        name=name,
        rows=str(rows),
        **attributes,
        class_="wizard-textarea",
        aria_describedby=described_by(hint.id if hint else None, error.id if error else None),
    )
    return _field(id, label, control, hint, error, mark_group)


def text_input(
    id: str,
    name: str,
    label: object,
    value: str = "",
    *,
    hint: Hint | None = None,
    error: ErrorMessage | None = None,
    mark_group: bool = True,
    **attributes: object,
) -> Markup:
    """GOV.UK text input: as :func:`textarea`, with a one-line ``<input type="text">``
    (``attributes`` such as ``inputmode="numeric"``, ``size="6"``)."""
    control = tag(
        "input",
        type="text",
        id=id,
        name=name,
        value=value,
        **attributes,
        class_="wizard-input",
        aria_describedby=described_by(hint.id if hint else None, error.id if error else None),
    )
    return _field(id, label, control, hint, error, mark_group)


def file_upload(
    id: str,
    name: str,
    label: object,
    *,
    accept: str,
    hint: Hint | None = None,
    error: ErrorMessage | None = None,
    mark_group: bool = True,
) -> Markup:
    """GOV.UK file upload: as :func:`textarea`, with an ``<input type="file">`` taking the file
    types in ``accept`` (".csv,.xlsx,text/csv")."""
    control = tag(
        "input",
        type="file",
        id=id,
        name=name,
        accept=accept,
        aria_describedby=described_by(hint.id if hint else None, error.id if error else None),
    )
    return _field(id, label, control, hint, error, mark_group)


# --- Tables ---------------------------------------------------------------------------------------


def table(caption: object, headings: Iterable[object], rows: Iterable[Markup]) -> Markup:
    """GOV.UK table: a ``<caption>`` (its accessible name), a row of column headings
    (``<th scope="col">``) and the body ``rows`` (``<tr>`` Markup, usually starting with a
    :func:`row_heading`)."""
    return tag(
        "table",
        tag("caption", caption),
        tag("thead", tag("tr", join(tag("th", heading, scope="col") for heading in headings))),
        tag("tbody", join(rows)),
    )


def row_heading(*content: object) -> Markup:
    """The cell that names its row: ``<th scope="row">``."""
    return tag("th", *content, scope="row")


# --- Notices, links, buttons ----------------------------------------------------------------------


def notice(text: object) -> Markup:
    """A short message at the top of a view (an answer removed, a link that did not fit), read
    out politely by screen readers (``role="status"``)."""
    return tag("div", tag("p", text), class_="wizard-notice", role="status")


def notices(texts: Sequence[object]) -> Markup:
    """A :func:`notice` for each text, in order."""
    return join(notice(text) for text in texts)


def admonition(title: object, *body: object, kind: str = "changed", **attributes: object) -> Markup:
    """A Material for MkDocs admonition (the site's inset text), such as the "changed" notes that
    say where the law has moved on since the guidance: a title paragraph, then ``body``."""
    return tag(
        "div", tag("p", title, class_="admonition-title"), *body, class_=f"admonition {kind}", **attributes
    )


def wizard_link(*content: object, query: str) -> Markup:
    """A link to another view of the same tool (``href="?query"``); the loader runs it in the page
    (``data-wizard-link``), and the address still works as a plain link."""
    return tag("a", *content, href=f"?{query}", data_wizard_link=True)


def back_link(query: str) -> Markup:
    """GOV.UK back link: "Back" to the view at ``query`` (the previous question)."""
    return tag("p", wizard_link("Back", query=query), class_="wizard-back")


def start_again(text: str = "Start again") -> Markup:
    """The link back to the tool's first view, with no answers (GOV.UK's "Start again")."""
    return tag("p", wizard_link(text, query=""), class_="wizard-start-again")


def button(text: object, *, submit: bool = False, primary: bool = False, **attributes: object) -> Markup:
    """GOV.UK button, as Material's ``md-button``: ``primary`` for the main action of a view (a
    form's submit), otherwise secondary. A button that does not submit gets ``type="button"``;
    ``attributes`` carry what the loader acts on (``data_copy=ID``, ``data_print=True``)."""
    return tag(
        "button",
        text,
        type="submit" if submit else "button",
        **attributes,
        class_="md-button md-button--primary" if primary else "md-button",
    )


def download_link(
    text: object,
    key: str,
    *,
    button: bool = False,
    primary: bool = False,
    href: str | None = "#",
    start: bool = False,
) -> Markup:
    """A link to a file the response carries under ``downloads[key]``: the loader points it at
    the file (``data-download``). ``button`` styles it as a secondary button, ``primary`` as the
    main one; ``href`` is where it goes until then ("#", or None for no address at all). ``start``
    (``data-start``) asks the loader to save the file at once, for a view that answers a button
    whose whole point is the file (the paperwork)."""
    style = "md-button md-button--primary" if primary else "md-button" if button else None
    return tag("a", text, href=href, data_download=key, data_start=start, class_=style)


def details(summary: object, *children: object, open: bool = False, **attributes: object) -> Markup:
    """GOV.UK details: a ``<summary>`` line a person opens to read ``children`` ("More about this
    question"); ``open`` shows it open (a field inside has an error, or a changed value)."""
    return tag("details", tag("summary", summary), *children, open=open, **attributes)


def heading(
    *content: object, level: Literal["h2", "h3"] = "h2", focus: bool = True, **attributes: object
) -> Markup:
    """A view's heading, which script can focus (``tabindex="-1"``). With ``focus`` (the default)
    it is where the loader puts focus when the view arrives (``data-focus``), so a screen reader
    starts reading there; a view whose error summary takes focus instead passes False."""
    return tag(level, *content, **attributes, tabindex="-1", data_focus=focus)
