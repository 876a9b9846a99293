"""Small helpers for building HTML safely.

Every wizard renders its views with these, at build time and in the browser, so escaping is
done in one place. Text is always escaped; only values of :class:`Markup` pass through as HTML.
The GOV.UK patterns built from them (error summary, radios, tables...) are in
:mod:`wizard.core.components`.
"""

from __future__ import annotations

from collections.abc import Iterable

#: What ``html.escape(text, quote=True)`` replaces, in its order (``&`` first). Done here rather
#: than by importing ``html``, whose import builds its table of 2,231 named character references:
#: about 30 ms of every tool's first answer in the browser, for a function none of them uses.
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def escape(text: str) -> str:
    """``text`` with ``& < > " '`` replaced by character references, exactly as
    ``html.escape(text, quote=True)`` does: safe as HTML text and in a quoted attribute value."""
    for character, reference in _ESCAPES:
        text = text.replace(character, reference)
    return text


class Markup(str):
    """A string that is already safe HTML."""

    __slots__ = ()


def esc(value: object) -> Markup:
    """Escape ``value`` for use as HTML text or an attribute value (Markup passes unchanged)."""
    if isinstance(value, Markup):
        return value
    return Markup(escape(str(value)))


def attrs(**values: object) -> Markup:
    """Render keyword arguments as HTML attributes.

    ``class_`` becomes ``class``; underscores become hyphens (``data_state`` -> ``data-state``).
    ``True`` renders a bare attribute; ``None`` and ``False`` are left out.
    """
    parts: list[str] = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{esc(value)}"')
    return Markup("".join(parts))


#: Elements that have no content and no end tag.
VOID_ELEMENTS = frozenset({"br", "hr", "img", "input", "link", "meta"})


def tag(name: str, /, *children: object, **attributes: object) -> Markup:
    """Render one element. Children are escaped unless they are Markup.

    ``name`` is positional-only so that form fields can have a ``name=`` attribute.
    """
    if name in VOID_ELEMENTS:
        return Markup(f"<{name}{attrs(**attributes)}>")
    inner = "".join(esc(child) for child in children if child is not None)
    return Markup(f"<{name}{attrs(**attributes)}>{inner}</{name}>")


def join(items: Iterable[object], separator: str = "") -> Markup:
    """Join escaped items into one piece of Markup."""
    return Markup(separator.join(esc(item) for item in items))
