import html

from hypothesis import given
from hypothesis import strategies as st

from wizard.core.markup import Markup, attrs, esc, escape, tag


def test_text_is_escaped_but_markup_is_not() -> None:
    assert tag("p", "<b>", Markup("<i>x</i>")) == "<p>&lt;b&gt;<i>x</i></p>"


def test_attribute_names_and_values() -> None:
    assert (
        attrs(class_="a", data_state="ready", hidden=True, title=None)
        == ' class="a" data-state="ready" hidden'
    )
    assert esc('"') == "&quot;"


@given(st.text())
def test_escape_is_the_standard_librarys(text: str) -> None:
    """Our escape (which spares the browser importing ``html``) replaces exactly what
    ``html.escape(text, quote=True)`` does."""
    assert escape(text) == html.escape(text, quote=True)
    assert esc(text) == html.escape(text, quote=True)
