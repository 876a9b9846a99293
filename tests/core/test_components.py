"""The GOV.UK patterns every view is built from: ids wired, states shown, text escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from wizard.core import components
from wizard.core.components import Choice, Divider, ErrorMessage, Hint
from wizard.core.markup import Markup, tag

NASTY = '<script>alert("x")</script> & co'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parents: tuple[str, ...] = ()

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class Page(HTMLParser):
    """The elements of a fragment, in order, each with its text and its ancestors' tags."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(
            name, {key: value or "" for key, value in attrs}, parents=tuple(e.tag for e in self._open)
        )
        self.elements.append(element)
        if name not in ("input", "br", "hr", "img", "link", "meta"):
            self._open.append(element)

    def handle_endtag(self, name: str) -> None:
        assert self._open and self._open[-1].tag == name, f"</{name}> closes <{self._open[-1].tag}>"
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def all(self, name: str) -> list[Element]:
        return [element for element in self.elements if element.tag == name]

    def one(self, name: str) -> Element:
        found = self.all(name)
        assert len(found) == 1, f"{len(found)} <{name}> elements"
        return found[0]

    def by_id(self, id_: str) -> Element:
        found = [element for element in self.elements if element.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id {id_!r}"
        return found[0]

    @property
    def ids(self) -> list[str]:
        return [element.attrs["id"] for element in self.elements if "id" in element.attrs]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert not page._open, f"unclosed: {[e.tag for e in page._open]}"
    assert len(page.ids) == len(set(page.ids)), f"repeated ids: {page.ids}"
    return page


def described(page: Page, element: Element) -> list[Element]:
    """The elements an element's aria-describedby names (each must exist, once)."""
    return [page.by_id(id_) for id_ in element.attrs.get("aria-describedby", "").split()]


# --- Small pieces ------------------------------------------------------------------------------------


def test_described_by_leaves_out_absent_ids_and_is_none_when_none_is_left() -> None:
    assert components.described_by("a-hint", None, "", "a-error") == "a-hint a-error"
    assert components.described_by(None, "") is None


def test_a_hint_is_a_paragraph_with_its_id_and_escaped_text() -> None:
    page = parse(components.hint(NASTY, "q-hint"))
    element = page.by_id("q-hint")
    assert element.tag == "p" and element.classes == {"wizard-hint"} and element.text == NASTY
    assert ESCAPED in components.hint(NASTY)
    assert "id=" not in components.hint("No id")


def test_an_error_message_says_error_to_screen_readers_and_escapes_its_text() -> None:
    html = components.error_message(NASTY, "q-error")
    page = parse(html)
    message = page.by_id("q-error")
    assert message.classes == {components.ERROR_MESSAGE_CLASS}
    assert (
        page.one("span").classes == {components.VISUALLY_HIDDEN_CLASS} and page.one("span").text == "Error: "
    )
    assert message.text == "Error: " + NASTY and ESCAPED in html
    assert parse(components.error_message("x", "e", "wizard-field-error")).by_id("e").classes == {
        "wizard-field-error"
    }


def test_the_error_summary_takes_focus_and_links_to_each_field() -> None:
    html = components.error_summary([("q-yes", "Select one answer"), ("name", NASTY)], "summary-title")
    page = parse(html)
    box = page.all("div")[0]
    assert box.classes == {"wizard-error-summary"} and box.attrs["role"] == "alert"
    assert box.attrs["tabindex"] == "-1" and "data-focus" in box.attrs
    assert box.attrs["aria-labelledby"] == "summary-title"
    assert page.by_id("summary-title").text == "There is a problem"
    assert [(a.attrs["href"], a.text) for a in page.all("a")] == [
        ("#q-yes", "Select one answer"),
        ("#name", NASTY),
    ]
    assert ESCAPED in html
    untitled = parse(components.error_summary([("q", "m")])).all("div")[0]
    assert "aria-labelledby" not in untitled.attrs


def test_a_fieldset_groups_its_inputs_under_a_legend_and_says_what_describes_it() -> None:
    html = components.fieldset(
        Markup("<h2>Which?</h2>"),
        components.hint("Pick one", "w-hint"),
        tag("input", type="radio", id="w-a", name="w", value="a"),
        legend_class="wizard-legend",
        described_by="w-hint",
        error=True,
    )
    page = parse(html)
    box = page.one("fieldset")
    assert box.classes == {"wizard-fieldset", "wizard-fieldset--error"}
    assert [e.text for e in described(page, box)] == ["Pick one"]
    assert page.one("legend").classes == {"wizard-legend"} and page.one("h2").parents == (
        "fieldset",
        "legend",
    )
    assert page.elements.index(page.one("legend")) == 1  # the legend comes first


# --- Radios and checkboxes ---------------------------------------------------------------------------

ITEMS = [
    Choice("yes", "Yes", "Hint for <yes>"),
    Choice("no", "No", checked=True),
    Divider(),
    Choice("not_sure", "Not sure"),
]


def test_radios_label_every_option_and_check_only_the_chosen_one() -> None:
    page = parse(components.radios("answer", "flow-q", ITEMS, legend="Is it so?"))
    inputs = page.all("input")
    assert [i.attrs["id"] for i in inputs] == ["flow-q-yes", "flow-q-no", "flow-q-not_sure"]
    assert {i.attrs["type"] for i in inputs} == {"radio"} and {i.attrs["name"] for i in inputs} == {"answer"}
    assert [i.attrs["value"] for i in inputs] == ["yes", "no", "not_sure"]
    assert [i.attrs["id"] for i in inputs if "checked" in i.attrs] == ["flow-q-no"]
    assert [label.attrs["for"] for label in page.all("label")] == [i.attrs["id"] for i in inputs]
    assert [label.text for label in page.all("label")] == ["Yes", "No", "Not sure"]
    assert page.one("legend").text == "Is it so?" and page.one("legend").parents == ("fieldset",)
    divider = next(p for p in page.all("p") if "wizard-or" in p.classes)
    order = page.elements.index
    assert order(inputs[1]) < order(divider) < order(inputs[2])  # "or" sets "Not sure" apart


def test_an_option_hint_describes_its_own_input_only() -> None:
    page = parse(components.radios("answer", "flow-q", ITEMS, legend="Is it so?"))
    yes, no, _ = page.all("input")
    assert [e.text for e in described(page, yes)] == ["Hint for <yes>"]
    assert "aria-describedby" not in no.attrs


def test_radios_fieldset_is_described_by_its_hint_and_error_and_marked_in_error() -> None:
    html = components.radios(
        "answer",
        "flow-q",
        ITEMS,
        legend=Markup("<h2>Is it so?</h2>"),
        hint=Hint("Think of the last year", "flow-q-hint"),
        error=ErrorMessage("Select one answer", "flow-q-error"),
        item_class="wizard-option",
        items_class="wizard-options",
    )
    page = parse(html)
    box = page.one("fieldset")
    assert [e.attrs["id"] for e in described(page, box)] == ["flow-q-hint", "flow-q-error"]
    assert box.classes == {"wizard-fieldset", "wizard-fieldset--error"}
    assert page.by_id("flow-q-error").text == "Error: Select one answer"
    assert page.one("h2").parents == ("fieldset", "legend")  # the heading is the legend
    options = [d for d in page.all("div") if "wizard-option" in d.classes]
    assert len(options) == 3 and all(d.parents[-1] == "div" for d in options)  # inside wizard-options


def test_radios_without_hint_or_error_have_no_description_and_no_error_mark() -> None:
    box = parse(components.radios("a", "p", ITEMS, legend="L")).one("fieldset")
    assert "aria-describedby" not in box.attrs and box.classes == {"wizard-fieldset"}


def test_a_form_group_can_carry_the_error_mark_instead_of_the_fieldset() -> None:
    error = ErrorMessage("Select one answer", "p-error")
    inner = components.radios("a", "p", ITEMS, legend="L", error=error, mark_fieldset=False)
    page = parse(components.form_group(inner, error=True))
    assert page.one("fieldset").classes == {"wizard-fieldset"}
    assert page.all("div")[0].classes == {"wizard-field", "wizard-field--error"}
    assert parse(components.form_group("x")).one("div").classes == {"wizard-field"}


def test_checkboxes_send_every_ticked_value_under_one_name() -> None:
    items = [
        Choice("name", "Name", checked=True),
        Choice("dob", "Date of birth"),
        Choice("nino", "NINO", checked=True),
    ]
    page = parse(
        components.checkboxes(
            "pick",
            "m-pick",
            items,
            legend="Who",
            legend_class="wizard-legend",
            items_class="wizard-choices--columns",
        )
    )
    inputs = page.all("input")
    assert {i.attrs["type"] for i in inputs} == {"checkbox"} and {i.attrs["name"] for i in inputs} == {"pick"}
    assert [i.attrs["id"] for i in inputs if "checked" in i.attrs] == ["m-pick-name", "m-pick-nino"]
    assert all("wizard-choice" in d.classes for d in page.all("div")[1:])
    assert page.all("div")[0].classes == {"wizard-choices--columns"}
    assert page.one("legend").classes == {"wizard-legend"}


def test_choice_text_and_values_are_escaped() -> None:
    html = components.radios("a", "p", [Choice("x&y", NASTY, NASTY)], legend=NASTY)
    assert "<script>" not in html and html.count(ESCAPED) == 3
    assert 'value="x&amp;y"' in html
    page = parse(html)
    assert page.one("input").attrs["value"] == "x&y" and page.one("label").text == NASTY


# --- Text fields ---------------------------------------------------------------------------------


def test_a_textarea_is_labelled_and_described_by_its_hint_and_error() -> None:
    html = components.textarea(
        "m-fields",
        "fields",
        "Field names",
        NASTY,
        rows=5,
        hint=Hint("One name per line", "m-fields-hint"),
        error=ErrorMessage("Type a name", "m-fields-error"),
        spellcheck="false",
    )
    page = parse(html)
    box = page.one("textarea")
    assert page.one("label").attrs["for"] == box.attrs["id"] == "m-fields"
    assert page.one("label").classes == {"wizard-label"}
    assert box.attrs["name"] == "fields" and box.attrs["rows"] == "5" and box.attrs["spellcheck"] == "false"
    assert [e.attrs["id"] for e in described(page, box)] == ["m-fields-hint", "m-fields-error"]
    assert box.text == NASTY and ESCAPED in html
    assert page.all("div")[0].classes == {"wizard-field", "wizard-field--error"}


def test_a_field_without_an_error_is_described_by_its_hint_only_and_not_marked() -> None:
    page = parse(components.textarea("t", "t", "T", rows=3, hint=Hint("h", "t-hint")))
    assert page.one("textarea").attrs["aria-describedby"] == "t-hint"
    assert page.one("div").classes == {"wizard-field"}
    bare = parse(components.textarea("t", "t", "T", rows=3)).one("textarea")
    assert "aria-describedby" not in bare.attrs


def test_a_field_can_keep_a_plain_group_with_an_error() -> None:
    html = components.textarea(
        "t", "t", "T", rows=3, error=ErrorMessage("Wrong", "t-error"), mark_group=False
    )
    page = parse(html)
    assert page.one("div").classes == {"wizard-field"}
    assert [e.attrs["id"] for e in described(page, page.one("textarea"))] == ["t-error"]


def test_a_text_input_keeps_its_value_and_extra_attributes() -> None:
    page = parse(
        components.text_input(
            "base",
            "base",
            "Round to",
            '20"',
            hint=Hint("The guidance asks for 20", "base-hint"),
            error=ErrorMessage("Whole number", "base-error"),
            inputmode="numeric",
        )
    )
    box = page.one("input")
    assert box.attrs["type"] == "text" and box.attrs["value"] == '20"' and box.attrs["inputmode"] == "numeric"
    assert box.classes == {"wizard-input"}
    assert [e.text for e in described(page, box)] == ["The guidance asks for 20", "Error: Whole number"]


def test_a_file_upload_says_which_files_it_takes() -> None:
    page = parse(
        components.file_upload(
            "f", "file", "Choose a file", accept=".csv,.xlsx", hint=Hint("Up to 20 MB", "f-hint")
        )
    )
    box = page.one("input")
    assert box.attrs["type"] == "file" and box.attrs["accept"] == ".csv,.xlsx" and box.attrs["name"] == "file"
    assert page.one("label").attrs["for"] == "f"
    assert [e.attrs["id"] for e in described(page, box)] == ["f-hint"]


# --- Tables ----------------------------------------------------------------------------------------


def test_a_table_has_a_caption_column_headings_and_row_headings() -> None:
    rows = [
        tag("tr", components.row_heading("North"), tag("td", "13")),
        tag("tr", components.row_heading(NASTY)),
    ]
    html = components.table("Counts <by area>", ("Area", "Jan"), rows)
    page = parse(html)
    assert page.one("caption").text == "Counts <by area>" and page.one("caption").parents == ("table",)
    columns = [th for th in page.all("th") if th.attrs["scope"] == "col"]
    assert [th.text for th in columns] == ["Area", "Jan"] and all("thead" in th.parents for th in columns)
    headings = [th for th in page.all("th") if th.attrs["scope"] == "row"]
    assert [th.text for th in headings] == ["North", NASTY] and all("tbody" in th.parents for th in headings)
    assert ESCAPED in html


# --- Notices, links, buttons ----------------------------------------------------------------------


def test_notices_are_status_messages_in_order() -> None:
    page = parse(components.notices(["First", NASTY]))
    boxes = page.all("div")
    assert [b.text for b in boxes] == ["First", NASTY]
    assert all(b.attrs["role"] == "status" and b.classes == {"wizard-notice"} for b in boxes)
    assert components.notices(()) == ""


def test_an_admonition_has_its_kind_title_body_and_attributes() -> None:
    page = parse(
        components.admonition("Changed since 2011", tag("p", "Body"), kind="changed", data_note="dpa")
    )
    box = page.all("div")[0]
    assert box.classes == {"admonition", "changed"} and box.attrs["data-note"] == "dpa"
    title, body = page.all("p")
    assert (
        title.classes == {"admonition-title"} and title.text == "Changed since 2011" and body.text == "Body"
    )


def test_links_within_a_tool_are_run_by_the_loader() -> None:
    back = parse(components.back_link("v=1&purpose=research"))
    assert back.one("p").classes == {"wizard-back"}
    assert back.one("a").attrs == {"href": "?v=1&purpose=research", "data-wizard-link": ""}
    again = parse(components.start_again("Try the quiz again"))
    assert again.one("p").classes == {"wizard-start-again"} and again.one("a").text == "Try the quiz again"
    assert again.one("a").attrs["href"] == "?" and "data-wizard-link" in again.one("a").attrs
    change = parse(components.wizard_link("Change", tag("span", " your answer"), query="at=q1"))
    assert change.one("a").text == "Change your answer" and change.one("a").attrs["href"] == "?at=q1"


def test_buttons_are_primary_or_secondary_and_submit_only_when_asked() -> None:
    primary = parse(components.button("Continue", submit=True, primary=True)).one("button")
    assert primary.attrs["type"] == "submit" and primary.classes == {"md-button", "md-button--primary"}
    copy = parse(components.button("Copy the link", data_copy="flow-link")).one("button")
    assert copy.attrs["type"] == "button" and copy.classes == {"md-button"}
    assert copy.attrs["data-copy"] == "flow-link"
    assert ESCAPED in components.button(NASTY)


def test_details_open_only_when_asked() -> None:
    closed = parse(components.details("More about this question", tag("p", "More"), class_="wizard-more"))
    assert "open" not in closed.one("details").attrs and closed.one("details").classes == {"wizard-more"}
    assert closed.one("summary").text == "More about this question"
    assert "open" in parse(components.details("Rounding base", "x", open=True)).one("details").attrs


def test_a_heading_takes_focus_unless_something_else_should() -> None:
    focused = parse(components.heading("Your result")).one("h2")
    assert focused.attrs == {"tabindex": "-1", "data-focus": ""}
    quiet = parse(components.heading("Question", level="h3", focus=False, class_="q")).one("h3")
    assert quiet.attrs == {"class": "q", "tabindex": "-1"}


def test_download_links_wait_for_the_loader_and_can_look_like_buttons() -> None:
    plain = parse(components.download_link("Download the record", "record")).one("a")
    assert plain.attrs == {"href": "#", "data-download": "record"}
    main = parse(components.download_link("CSV", "csv", primary=True, href=None)).one("a")
    assert main.attrs == {"data-download": "csv", "class": "md-button md-button--primary"}
    other = parse(components.download_link(NASTY, "md", button=True)).one("a")
    assert other.classes == {"md-button"} and other.text == NASTY
