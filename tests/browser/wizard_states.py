"""How to reach each wizard's states in a browser: data for the quality gates.

The browser gates (accessibility in both colour schemes, keyboard, privacy, Content-Security-
Policy) and bench/quality.py drive every wizard through the states listed here. Every wizard
also gets four states for free, without an entry:

- ``loading``:     the first view, rendered at build time, before Python has started;
- ``working out``: the page opened from a shared link (an address with answers in it) before
                   Python has started: "Working out your result" instead of the first view
                   (the address is :func:`shared_link_query`);
- ``ready``:       the first view once Python is running;
- ``failed``:      Python could not start (the worker is blocked, as on some managed PCs).

Each :class:`State` starts from the wizard's first view (or from the address ``query``, as a
shared link would) and lists what a person does, by the names they see: button and link text,
and field labels. The same steps are played with the mouse and, for the keyboard test, with Tab,
arrows, Space and Enter only.

Adding a wizard (say ``triage``) after its branch is merged:

1. Add ``"triage": (...)`` to ``WIZARD_STATES`` below with at least:
   - one ``kind="error"`` state if its first view asks anything (submit without choosing: the
     error summary must appear; ``expect`` names it, e.g. ``".govuk-error-summary"`` or
     ``'[role="alert"]'``);
   - one ``kind="outcome"`` state that answers every question (``expect`` names something only
     the outcome has, e.g. ``"[data-outcome]"``);
   - optionally ``kind="question"`` states for views in between, and an outcome reached from a
     bookmarked address (``query="q1=yes&q2=no"``).
   Use the exact visible text, e.g.::

       "triage": (
           State("no answer", "error", (press("Continue"),), expect='[role="alert"]'),
           State("second question", "question", (choose("Yes"), press("Continue")), expect="legend"),
           State("outcome", "outcome", (choose("Yes"), press("Continue"), choose("No"),
                                        press("Continue")), expect="[data-outcome]"),
       ),

   For a file upload: ``upload("Your table", "table.csv", b"Area,Jan\\r\\nNorth,13\\r\\n")``; for
   a text box: ``fill("Area name", "North")``; for a drop-down: ``select("Level", "Ward")``.
2. Run ``.venv/bin/python -m pytest tests/browser -k triage``. The tests fail until every
   registered tool (``wizard.registry.MODULES``) is on a page and has an entry here.
3. Optionally add a bench entry: ``bench/quality.py`` times every ``outcome`` state listed here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

import openpyxl

Action = Literal["press", "follow", "choose", "fill", "select", "upload"]
Kind = Literal["question", "error", "outcome"]


@dataclass(frozen=True)
class Step:
    """One thing a person does in a wizard, found by the name they see."""

    action: Action
    name: str  # button or link text, or the label of a field or option
    value: str = ""  # text to type, option to select, or a file's name
    content: bytes = b""  # the uploaded file's bytes

    def __str__(self) -> str:
        return f"{self.action} {self.name!r}" + (f" = {self.value!r}" if self.value else "")


def press(button: str) -> Step:
    """Press a button (submits its form; waits for the new view)."""
    return Step("press", button)


def follow(link: str) -> Step:
    """Follow a link inside the wizard (waits for the new view)."""
    return Step("follow", link)


def choose(label: str) -> Step:
    """Tick the radio button or checkbox with this label."""
    return Step("choose", label)


def fill(label: str, text: str) -> Step:
    """Type into the text box with this label (replacing what is there)."""
    return Step("fill", label, text)


def select(label: str, option: str) -> Step:
    """Pick an option of the drop-down list with this label."""
    return Step("select", label, option)


def upload(label: str, filename: str, content: bytes) -> Step:
    """Choose a file for the file input with this label."""
    return Step("upload", label, filename, content)


@dataclass(frozen=True)
class State:
    name: str
    kind: Kind
    steps: tuple[Step, ...]
    #: A CSS selector, inside the wizard's container, that is visible once the state is reached.
    expect: str
    #: Start from this address (a query string without "?") instead of the first view.
    query: str = ""


def _workbook() -> bytes:
    """A workbook laid out as accessible spreadsheets are: a cover sheet, then two tables."""
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Cover_sheet"
    cover.append(["Referrals by area, 2026"])
    cover.append(["Internal management information"])
    for name, figures in (("Table_1", (13, 27)), ("Table_2", (31, 9))):
        sheet = book.create_sheet(name)
        sheet.append(["Area", "January"])
        sheet.append(["North", figures[0]])
        sheet.append(["South", figures[1]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


#: Uploaded in the rounding tool's "sheet chooser" state (a workbook: openpyxl is loaded for it).
WORKBOOK = _workbook()

#: A triage outcome with a gateway, special category data and a contracted provider; its paperwork
#: states press "Download the paperwork" (odfpy is loaded for it).
BLUE_BADGE_TO_PROVIDER = (
    "v=2&purpose=eligibility&detail=identifiable&holder=dwp&service=blue_badge&recipient=contractor"
    "&informed=consented&special=both"
)

WIZARD_STATES: dict[str, tuple[State, ...]] = {
    # "Check this browser" asks nothing, so it has no input error; Python failing to start is
    # its error state (``failed``, which every wizard gets).
    "check": (State("outcome", "outcome", (press("Run the check"),), expect="[data-outcome]"),),
    "triage": (
        State("no answer", "error", (press("Continue"),), expect='[role="alert"]'),
        State(
            "second question",
            "question",
            (choose("Planning services or targeting areas"), press("Continue")),
            expect="legend",
        ),
        State(
            "outcome",
            "outcome",
            (
                choose("Planning services or targeting areas"),
                press("Continue"),
                choose("Figures that are already published"),
                press("Continue"),
            ),
            expect="[data-outcome]",
        ),
        State(
            "outcome from a shared link",
            "outcome",
            (),
            expect="[data-outcome]",
            query="v=2&purpose=outreach&detail=identifiable&holder=dwp&recipient=own_council&informed=neither&special=no",
        ),
        State(
            "outcome with a gateway and special category data",
            "outcome",
            (),
            expect="[data-outcome]",
            query=BLUE_BADGE_TO_PROVIDER,
        ),
        State(
            "paperwork made",
            "outcome",
            (press("Download the paperwork"),),
            expect=".wizard-paperwork-ready",
            query=BLUE_BADGE_TO_PROVIDER,
        ),
    ),
    "minimise": (
        State("no answer", "error", (press("Get advice"),), expect='[role="alert"]'),
        State(
            "advice",
            "outcome",
            (
                choose("Planning services or targeting areas"),
                choose("Postcode"),
                choose("Age in years"),
                press("Get advice"),
            ),
            expect="[data-verdict]",
        ),
        State(
            "advice on special category and criminal offence data",
            "outcome",
            (
                choose("Tracking people's progress through services"),
                choose("Health or medical condition"),
                choose("Sexual orientation"),
                choose("Offences or convictions"),
                press("Get advice"),
            ),
            expect=".wizard-law",
        ),
        State(
            "paperwork made with the triage answers",
            "outcome",
            (press("Download the paperwork"),),
            expect=".wizard-paperwork-ready",
            query="purpose=eligibility&fields=Name%0AHealth%20condition&triage="
            + quote(BLUE_BADGE_TO_PROVIDER, safe=""),
        ),
        State(
            "paperwork with a triage link that cannot be used",
            "error",
            (
                fill("Link to your triage result (optional)", "v=1&purpose=eligibility"),
                press("Download the paperwork"),
            ),
            expect='[role="alert"]',
            query="purpose=planning&fields=Postcode",
        ),
    ),
    "rounding": (
        State("no table", "error", (press("Round the table"),), expect='[role="alert"]'),
        State(
            "rounded",
            "outcome",
            (
                choose("Referrals"),
                choose("Restart Scheme"),
                fill("Paste your table", "Area,January\nNorth,13\nSouth,27\n"),
                press("Round the table"),
            ),
            expect='a[data-download="csv"]',
        ),
        State(
            "sheet chooser",
            "outcome",
            (
                choose("Referrals"),
                choose("Restart Scheme"),
                upload("Or choose a file", "referrals.xlsx", WORKBOOK),
                press("Round the table"),
            ),
            expect="select#round-sheet",
        ),
    ),
    "quiz": (
        State("no answer", "error", (press("Continue"),), expect='[role="alert"]'),
        State(
            "second question",
            "question",
            (choose("Is there a legal power to share the records (a gateway)?"), press("Continue")),
            expect="legend",
        ),
        State(
            "score",
            "outcome",
            (),
            expect="[data-outcome]",
            query=(
                "v=2&legal_order=gateway&dudley_gateway=own_powers&dudley_offence=applies"
                "&blue_badge_gateway=gateway&consent_basis=check&contractor_roles=processor"
                "&hotspot_research=applies&published_case=not_needed&mailing_level=level_5&pilots_level=level_1"
                "&dob_research=keep&name_planning=keep&health_tracking=sensitive&rounding_half=n20&rounding_total=n0"
            ),
        ),
    ),
}


def shared_link_query(name: str) -> str:
    """An address with answers for a wizard, as a shared link has: the query of its first declared
    state that starts from one, or else ``v=1`` (to the page's loader any query is a shared link;
    what the answers mean is Python's business once it has started)."""
    for state in WIZARD_STATES.get(name, ()):
        if state.query:
            return state.query
    return "v=1"
