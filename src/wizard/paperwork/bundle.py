"""The paperwork bundle: the three documents as editable OpenDocument text, the decision record as
Markdown, and a README saying what each file is, in one .zip made with the standard library.

The same files are written by the page's "Download the paperwork" button (as one zip) and by
``python -m wizard paperwork`` (into a folder).
"""

from __future__ import annotations

import datetime
import io
import zipfile

from wizard import __version__
from wizard.paperwork.content import ShareFacts, bundle_documents, decision_record
from wizard.paperwork.document import Document, blanks
from wizard.paperwork.markdown import to_markdown
from wizard.paperwork.odt import to_odt

#: The bundle's file name when downloaded.
BUNDLE_NAME = "data-sharing-paperwork.zip"
ZIP_MIME = "application/zip"

README = "README.txt"
MARKDOWN_RECORD = "decision-record.md"

#: What each file is, in the order the README lists them and the zip holds them.
DESCRIPTIONS = {
    "decision-record.odt": (
        "The decision record, in the shape of the data sharing request form of the ICO's data sharing "
        "code (Annex B), then what the law asks today, step by step, and the answers given."
    ),
    "data-sharing-agreement.odt": (
        "A draft data sharing agreement, under the headings of the ICO code's checklist of what an "
        "agreement covers."
    ),
    "dpia-screening.odt": (
        "A DPIA screening note: which of the ICO's indicators of likely high risk the answers touch, "
        "and whether a full data protection impact assessment is likely to be needed."
    ),
    MARKDOWN_RECORD: (
        "The decision record again as plain text (Markdown), to paste into a case file or e-mail."
    ),
}


def _readme(facts: ShareFacts, documents: tuple[Document, ...]) -> str:
    """The README: what each file is, how to open it, what is left to complete and the links that
    reproduce the answers. Windows line endings, so that any Notepad shows its lines."""
    lines = [
        "Paperwork for a proposed data share",
        "===================================",
        "",
        "Prepared with the tools of \u201cSharing data to tackle worklessness\u201d "
        f"(tools version {__version__}), in your browser or on your computer: nothing was sent anywhere.",
        "It is filled from your answers and states what the law asks today. It is not legal advice:",
        "check it with your information governance lead, data protection officer or legal team.",
        "",
        "The files",
        "---------",
    ]
    for name, text in DESCRIPTIONS.items():
        lines += ["", name, f"    {text}"]
    lines += [
        "",
        "Open the .odt files in Microsoft Word (File, Open) or LibreOffice Writer, and save them in",
        "the format your organisation uses. Text on yellow, in square brackets, starting",
        "\u201c[To complete:\u201d, is for you to fill in; in Word, Find (Ctrl+F) \u201cTo complete\u201d",
        "finds each one.",
        "",
        "Left for you to complete",
        "------------------------",
    ]
    for document in documents:
        lines.append(f"{document.stem}.odt: {len(blanks(document))} blanks")
    if facts.links:
        lines += ["", "Links that reproduce the answers", "--------------------------------"]
        for label, address in facts.links:
            lines += [f"{label}:", f"    {address}"]
        if any(address.startswith("file:") for _, address in facts.links):
            # Made in the offline copy: the address is a folder on this computer.
            lines += [
                "",
                "These links open the offline copy on the computer that made this paperwork. On another",
                "computer, open the same tool from the site or its own offline copy and add the part",
                "of the link from the question mark on.",
            ]
    return "\r\n".join(lines) + "\r\n"


def bundle_files(facts: ShareFacts) -> list[tuple[str, bytes]]:
    """The bundle's files as (name, bytes), in a fixed order: README.txt, the three .odt documents
    and the Markdown decision record. Raises wizard.paperwork.odt.LibraryNeeded when odfpy is not
    loaded."""
    documents = bundle_documents(facts)
    files = [(README, _readme(facts, documents).encode("utf-8"))]
    files += [(f"{document.stem}.odt", to_odt(document)) for document in documents]
    files.append((MARKDOWN_RECORD, to_markdown(decision_record(facts)).encode("utf-8")))
    assert [name for name, _ in files[1:]] == list(DESCRIPTIONS), "the files and their descriptions differ"
    return files


def bundle_zip(facts: ShareFacts, when: datetime.datetime | None = None) -> bytes:
    """The bundle as the bytes of a .zip archive, its entries in the order of :func:`bundle_files`,
    each dated ``when`` (now, by default: the time the paperwork was made). Raises LibraryNeeded
    when odfpy is not loaded."""
    stamp = (when or datetime.datetime.now()).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in bundle_files(facts):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            # .odt files are zip archives already; storing them again compressed gains nothing.
            entry.compress_type = zipfile.ZIP_STORED if name.endswith(".odt") else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, data)
    return buffer.getvalue()


__all__ = [
    "BUNDLE_NAME",
    "DESCRIPTIONS",
    "MARKDOWN_RECORD",
    "README",
    "ZIP_MIME",
    "bundle_files",
    "bundle_zip",
]
