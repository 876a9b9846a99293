"""The bundle: which files, in which order, and what the README says."""

from __future__ import annotations

import datetime
import io
import zipfile

from tests.paperwork.reading import read_odt, scenario_facts
from wizard.paperwork.bundle import DESCRIPTIONS, bundle_files, bundle_zip
from wizard.paperwork.content import bundle_documents
from wizard.paperwork.document import blanks
from wizard.paperwork.facts import share_facts

FILES = [
    "README.txt",
    "decision-record.odt",
    "data-sharing-agreement.odt",
    "dpia-screening.odt",
    "decision-record.md",
]


def test_the_zip_holds_the_five_files_in_a_fixed_order_dated_when_made() -> None:
    when = datetime.datetime(2026, 12, 1, 9, 30, 0)
    data = bundle_zip(scenario_facts("blue_badge_dla", ["Name"]), when)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == FILES
        assert {entry.date_time for entry in archive.infolist()} == {(2026, 12, 1, 9, 30, 0)}
        for name in FILES[1:4]:
            read = read_odt(archive.read(name))
            assert read.headings()[0][0] == 1
        markdown = archive.read("decision-record.md").decode("utf-8")
    assert markdown.startswith("# Decision record: proposed data share\n")
    assert "| **Legal power** | **A gateway covers it.**" in markdown


def test_the_readme_says_what_each_file_is_counts_the_blanks_and_gives_the_links() -> None:
    facts = scenario_facts("health_to_contracted_provider", ["Name", "NINO"])
    files = dict(bundle_files(facts))
    readme = files["README.txt"].decode("utf-8")
    assert "\r\n" in readme and "\n" not in readme.replace("\r\n", "")
    for name in DESCRIPTIONS:
        assert f"\r\n{name}\r\n" in readme
    for document in bundle_documents(facts):
        assert f"{document.stem}.odt: {len(blanks(document))} blanks" in readme
    for _, address in facts.links:
        assert address in readme
    assert "not legal advice" in readme
    assert "offline copy on the computer that made" not in readme


def test_links_made_in_the_offline_copy_say_they_work_only_on_that_computer() -> None:
    facts = scenario_facts("blue_badge_dla", page="file:///C:/Training/offline/tools/triage.html")
    readme = dict(bundle_files(facts))["README.txt"].decode("utf-8")
    assert "file:///C:/Training/offline/tools/triage.html?v=2&" in readme
    assert "offline copy on the computer that made this paperwork" in readme


def test_the_markdown_record_matches_the_odt_record() -> None:
    facts = share_facts(None, "planning", ["Postcode", "Age"])
    files = dict(bundle_files(facts))
    markdown = files["decision-record.md"].decode("utf-8")
    odt = read_odt(files["decision-record.odt"])
    for _, heading in odt.headings():
        assert heading in markdown
    assert "2 data items" in markdown
