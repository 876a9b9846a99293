"""The paperwork on the page: the "Download the paperwork" button (on the triage outcome and on the
field adviser's advice), and what pressing it shows.

Pressing the button sends the action ``paperwork`` with the page's address. The first time, odfpy
is not loaded, so the answer names it in ``needs`` (with a message for the case it cannot be
loaded); the page loads it and asks again, and the answer carries the bundle as a download whose
link is marked ``data-start``, so the page starts saving it at once. Nothing leaves the browser.
"""

from __future__ import annotations

from wizard.core import components
from wizard.core.markup import Markup, join, tag
from wizard.core.messages import Download
from wizard.flow.web import Made
from wizard.paperwork.bundle import BUNDLE_NAME, DESCRIPTIONS, ZIP_MIME, bundle_zip
from wizard.paperwork.content import ShareFacts, bundle_documents
from wizard.paperwork.document import blanks
from wizard.paperwork.odt import LibraryNeeded

#: The request's action, and the key of the bundle in the response's downloads.
ACTION = "paperwork"
DOWNLOAD_KEY = "paperwork"
BUTTON = "Download the paperwork"
SECTION_ID = "paperwork"


def section_html(prefix: str, *more: object) -> Markup:
    """The paperwork section: what the bundle holds, ``more`` (such as a link to the field
    adviser), and the button, in a form whose action is ``paperwork``. ``prefix`` keeps the
    heading's id unique on the page."""
    heading_id = f"{prefix}-{SECTION_ID}-heading"
    return tag(
        "form",
        tag("h3", "Paperwork", id=heading_id),
        tag(
            "p",
            "A decision record, a draft data sharing agreement and a DPIA screening note, filled in "
            "from your answers with every legal statement cited as on this page, to open and edit in "
            "Word or LibreOffice. Marked blanks show what only you know: names, dates, retention "
            "periods, security. They are made in this browser: nothing is sent anywhere.",
        ),
        *more,
        tag("p", components.button(BUTTON, submit=True)),
        method="get",
        novalidate=True,
        data_action=ACTION,
        class_="wizard-paperwork",
        aria_labelledby=heading_id,
    )


def _size(data: bytes) -> str:
    return f"{max(1, round(len(data) / 1024))} kB"


def ready_html(facts: ShareFacts, data: bytes) -> Markup:
    """The message once the bundle is made: what it holds, how many blanks are left, and the link
    that saves it (marked ``data-start``: the page follows it at once)."""
    documents = bundle_documents(facts)
    left = sum(len(blanks(document)) for document in documents)
    return tag(
        "div",
        components.heading("Your paperwork is ready", level="h3"),
        tag(
            "p",
            f"Your browser saves it as one zip file, {BUNDLE_NAME} ({_size(data)}). If it does not, "
            "use this link: ",
            components.download_link(f"Save {BUNDLE_NAME}", DOWNLOAD_KEY, button=True, start=True),
        ),
        tag("p", "The zip file holds:"),
        tag("ul", join(tag("li", tag("strong", name), ": ", text) for name, text in DESCRIPTIONS.items())),
        tag(
            "p",
            f"In the three documents, {left} blanks on yellow, starting “[To complete:”, are for you "
            "to fill in. A README file says what each file is.",
        ),
        class_="wizard-paperwork-ready",
    )


def failed_html() -> Markup:
    """The message when odfpy cannot be loaded (shown only if the page fails to load it)."""
    return tag(
        "div",
        components.heading("The paperwork could not be made", level="h3", class_="wizard-error__title"),
        tag(
            "p",
            "The part of this tool that writes the documents could not be loaded. Try again in a "
            "moment. The links on this page keep your answers, so nothing is lost.",
        ),
        class_="wizard-error",
        role="alert",
    )


def make(facts: ShareFacts) -> Made:
    """Pressing the button: the bundle as a download with the message saying it is ready, or (when
    odfpy is not loaded) the package to load first with the message for when it cannot be."""
    try:
        data = bundle_zip(facts)
    except LibraryNeeded as needed:
        return Made(failed_html(), needs=needed.packages)
    return Made(ready_html(facts, data), {DOWNLOAD_KEY: Download(BUNDLE_NAME, ZIP_MIME, data=data)})


__all__ = ["ACTION", "BUTTON", "DOWNLOAD_KEY", "failed_html", "make", "ready_html", "section_html"]
