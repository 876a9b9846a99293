"""The .odt files, read back by readers other than the writer: the standard library's zipfile and
xml.etree (tests/paperwork/reading.py), odfpy's own loader, and LibreOffice where installed."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.paperwork.reading import normalise, read_odt, scenario_facts
from wizard.core.law import provisions
from wizard.paperwork import odt
from wizard.paperwork.content import bundle_documents, data_sharing_agreement, decision_record, dpia_screening
from wizard.paperwork.document import Blank, Bullets, Document, Heading, Paragraph, Strong, Table, blanks
from wizard.paperwork.facts import share_facts
from wizard.paperwork.odt import BLANK_STYLE, CAPTION_STYLE, HEADING_STYLES, LIST_STYLE, STRONG_STYLE, to_odt

SCENARIOS = ("blue_badge_dla", "dudley_information_days", "health_to_contracted_provider")


def expected_headings(document: Document) -> list[tuple[int, str]]:
    return [(1, document.title)] + [(b.level, b.text) for b in document.blocks if isinstance(b, Heading)]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_headings_tables_and_blanks_read_back_as_written(scenario: str) -> None:
    for document in bundle_documents(scenario_facts(scenario, ["Name", "Postcode"])):
        read = read_odt(to_odt(document))
        assert read.mimetype == "application/vnd.oasis.opendocument.text"
        assert read.title == document.title and read.language == "en-GB"
        assert read.headings() == expected_headings(document)
        # Each heading has the named heading style of its level, with that outline level, so
        # Word's navigation pane and LibreOffice's navigator list the sections.
        for block in read.blocks:
            if block[0] == "h":
                level = int(str(block[1]))
                assert block[2] == HEADING_STYLES[level]
                name = next(n for n, s in read.styles.items() if s[1] == HEADING_STYLES[level])
                assert read.styles[name][2]["default-outline-level"] == str(level)
        # Tables: two columns, the label and its value, every cell with a border.
        written = [b for b in document.blocks if isinstance(b, Table)]
        assert len(read.tables()) == len(written)
        for rows, block in zip(read.tables(), written, strict=True):
            assert [row[0] for row in rows] == [label for label, _ in block.rows]
            assert all(len(row) == 2 for row in rows)
        # Every blank is a span in the "To complete" style, and nothing else is.
        assert read.spans.get(BLANK_STYLE, []) == [f"[To complete: {what}]" for what in blanks(document)]


def test_the_blank_and_strong_styles_are_visible_character_styles() -> None:
    read = read_odt(to_odt(decision_record(scenario_facts("blue_badge_dla"))))
    by_display = {display: (family, props) for family, display, props in read.styles.values()}
    family, props = by_display[BLANK_STYLE]
    assert family == "text" and props["font-weight"] == "bold" and props["background-color"] == "#ffdd00"
    assert by_display[STRONG_STYLE] == ("text", {**by_display[STRONG_STYLE][1], "font-weight": "bold"})
    assert by_display[LIST_STYLE][0] == "list"
    assert by_display[CAPTION_STYLE][0] == "paragraph"
    # The request form's labels are bold.
    labels = [row[0] for row in read.tables()[0]]
    assert set(labels) <= set(read.spans[STRONG_STYLE])


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_legal_statement_on_the_outcome_page_is_in_the_decision_record(scenario: str) -> None:
    facts = scenario_facts(scenario)
    assert facts.triage is not None
    said = normalise(read_odt(to_odt(decision_record(facts))).text())
    known = provisions()
    for decided in facts.triage.result.decided:
        case = decided.case
        for statement in (case.summary, case.text, case.check, case.history):
            assert normalise(statement) in said, (decided.verdict.id, statement[:60])
        for pid in case.law:
            assert known[pid].label in said, pid
        for cite in case.cite:
            assert cite.text() in said, cite
    for note in facts.triage.result.notes:
        if note.section in ("history", "easier", "next_steps", "documents"):
            assert normalise(note.text) in said, note.id
            for pid in note.law:
                assert known[pid].label in said, (note.id, pid)
    assert facts.triage.link in said


def test_the_agreement_holds_the_fields_and_the_screening_its_indicators() -> None:
    facts = scenario_facts("health_to_contracted_provider", ["Name", "Date of birth", "Health condition"])
    agreement = read_odt(to_odt(data_sharing_agreement(facts)))
    items = next(rows for rows in agreement.tables() if rows[0][0] == "Name")
    assert [row[0] for row in items] == [
        "Name",
        "Year of birth or age band (instead of Date of birth)",
        "Health condition",
    ]
    assert items[1][1].startswith("Replace. Ask for instead: Year of birth or age band.")
    screening = read_odt(to_odt(dpia_screening(facts)))
    indicators = {row[0]: row[1] for row in screening.tables()[0]}
    assert indicators["Data matching"].startswith("Yes.")
    assert indicators["Invisible processing"].startswith("No.")


def test_odfpy_loads_what_it_wrote() -> None:
    from odf import opendocument, teletype, text

    data = to_odt(decision_record(scenario_facts("blue_badge_dla")))
    loaded = opendocument.load(io.BytesIO(data))
    levels = [int(h.getAttribute("outlinelevel")) for h in loaded.getElementsByType(text.H)]
    assert levels[0] == 1 and set(levels) == {1, 2, 3}
    first = teletype.extractText(loaded.getElementsByType(text.H)[0])
    assert first == "Decision record: proposed data share"
    spans = [teletype.extractText(s) for s in loaded.getElementsByType(text.Span)]
    assert "[To complete: organisation]" in spans


def test_text_a_person_typed_is_kept_and_characters_xml_cannot_hold_are_dropped() -> None:
    document = Document(
        "x",
        "A <title> & “quotes”",
        (
            Paragraph(("Tab\there,  two spaces\nand a line break", Strong(" bold "), Blank("who & when"))),
            Bullets((("Bell\x07 and NUL\x00 gone", " \ufffe"),)),
            Table((("Field\x1b", ("Value <b>not markup</b>",)),)),
        ),
    )
    read = read_odt(to_odt(document))
    assert read.title == "A <title> & “quotes”"
    assert read.blocks[1] == (
        "p",
        "Text body",
        "Tab\there,  two spaces\nand a line break bold [To complete: who & when]",
    )
    assert read.blocks[2] == ("list", LIST_STYLE, ["Bell and NUL gone "])
    assert read.tables() == [[["Field", "Value <b>not markup</b>"]]]


def test_without_odfpy_the_writer_asks_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(odt, "library_ready", lambda: False)
    with pytest.raises(odt.LibraryNeeded) as raised:
        to_odt(Document("x", "Title"))
    assert raised.value.packages == ("odfpy",)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_each_document_and_sees_its_headings_and_blanks(tmp_path: Path) -> None:
    """Where LibreOffice is installed (it is not part of the set-up), it converts each document to
    plain text: the headings, the filled values and the blanks are all there."""
    facts = scenario_facts("health_to_contracted_provider", ["Name"])
    documents = bundle_documents(facts)
    for document in documents:
        (tmp_path / f"{document.stem}.odt").write_bytes(to_odt(document))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            *(str(tmp_path / f"{d.stem}.odt") for d in documents),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    for document in documents:
        said = normalise((tmp_path / f"{document.stem}.txt").read_text(encoding="utf-8-sig"))
        for _, heading in expected_headings(document):
            assert heading in said
        for what in blanks(document):
            assert f"[To complete: {what}]" in said
    record = normalise((tmp_path / "decision-record.txt").read_text(encoding="utf-8-sig"))
    assert "Controller and processor. The provider is your processor" in record


def test_adviser_only_documents_are_valid_too() -> None:
    facts = share_facts(None, "outreach", ["Name", "Address", "Phone"])
    for document in bundle_documents(facts):
        read = read_odt(to_odt(document))
        assert read.headings() == expected_headings(document)
