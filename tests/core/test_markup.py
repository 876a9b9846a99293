from wizard.core.markup import Markup, attrs, esc, tag


def test_text_is_escaped_but_markup_is_not() -> None:
    assert tag("p", "<b>", Markup("<i>x</i>")) == "<p>&lt;b&gt;<i>x</i></p>"


def test_attribute_names_and_values() -> None:
    assert (
        attrs(class_="a", data_state="ready", hidden=True, title=None)
        == ' class="a" data-state="ready" hidden'
    )
    assert esc('"') == "&quot;"
