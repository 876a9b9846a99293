"""The "Round MI tables" page: the form, its errors, and the rounded table with its notes.

Table contents travel only inside the request from the page's own script (form fields and
files), never in the page address: every response leaves the address alone (query None), and
the form uses method="dialog", which sends nothing anywhere if the script is not running.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from wizard.core.components import (
    Choice,
    ErrorMessage,
    Hint,
    button,
    checkboxes,
    details,
    download_link,
    error_summary,
    file_upload,
    heading,
    hint,
    radios,
    row_heading,
    table,
    text_input,
    textarea,
    wizard_link,
)
from wizard.core.markup import Markup, join, tag
from wizard.core.messages import Download, Request, Response, UploadedFile
from wizard.registry import Tool
from wizard.rounding.guidance import Guidance, all_guidance, guidance
from wizard.rounding.parameters import Measure, rules
from wizard.rounding.report import Report, check_base, round_paste, round_upload
from wizard.tables.grid import TableError
from wizard.tables.output import OutCell, Percent, write_csv
from wizard.tables.xlsx import LibraryNeeded, is_xlsx, write_xlsx

PREVIEW_ROWS = 100
PREVIEW_COLUMNS = 30
MAX_LISTED_CHANGES = 200

MEASURE_HINTS = {
    "outcomes": "Shown only as percentages by payment group: the guidance does not allow numbers of "
    "job outcomes to be shared.",
    "sustainments": "Shown only as percentages by payment group: numbers of sustainment outcomes may "
    "not be shared.",
}


@dataclass(frozen=True)
class FormState:
    measure: str = ""
    table: str = ""
    base: str = ""
    guidance: str = ""
    payment_groups: bool = False
    sheet: str = ""


@dataclass(frozen=True)
class FieldError:
    field: str  # element id the error summary links to
    message: str


#: This form's error messages have their own style in site.css.
FIELD_ERROR_CLASS = "wizard-field-error"

FIELD_IDS = {
    "measure": "round-measure-referrals",
    "guidance": f"round-guidance-{all_guidance()[0].id}",
    "table": "round-table",
    "file": "round-file",
    "base": "round-base",
}


# --------------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------------


def parts(items: Sequence[object]) -> Markup:
    """Join pieces of HTML, leaving out the ones that are None (a section with nothing to show)."""
    return join(item for item in items if item is not None)


def _error_summary(errors: Sequence[FieldError]) -> Markup:
    return error_summary(((error.field, error.message) for error in errors), "round-error-title")


def _field_error(field_id: str, errors: Sequence[FieldError]) -> ErrorMessage | None:
    """The first error for a field, shown under its label; its id is the field's id + "-error"."""
    for error in errors:
        if error.field == field_id:
            return ErrorMessage(error.message, f"{field_id}-error", class_=FIELD_ERROR_CLASS)
    return None


def _measure_fieldset(state: FormState, errors: Sequence[FieldError]) -> Markup:
    return radios(
        "measure",
        "round-measure",
        [
            Choice(
                measure.id,
                measure.label,
                MEASURE_HINTS.get(measure.id, ""),
                checked=state.measure == measure.id,
            )
            for measure in rules().measures
        ],
        legend="What do the figures count?",
        legend_class="wizard-legend",
        hint=Hint("Choose one. Split a table that mixes them.", "round-measure-hint"),
        # The error summary links to the first option; the message's id follows from it.
        error=_field_error(FIELD_IDS["measure"], errors),
        item_class="wizard-radio",
    )


def _guidance_fieldset(state: FormState, errors: Sequence[FieldError]) -> Markup:
    return radios(
        "guidance",
        "round-guidance",
        [
            Choice(item.id, item.label, item.hint, checked=state.guidance == item.id)
            for item in all_guidance()
        ],
        legend="What are you sharing the table under?",
        legend_class="wizard-legend",
        hint=Hint(
            "The tool rounds the same way for each. The notes that go with the table name what you choose.",
            "round-guidance-hint",
        ),
        error=_field_error(FIELD_IDS["guidance"], errors),
        item_class="wizard-radio",
    )


def _payment_groups_field(state: FormState) -> Markup:
    return checkboxes(
        "rows",
        "round-rows",
        [
            Choice(
                "payment-groups",
                "Each row of my table is a payment group",
                "Tick this only if it is so: outcome percentages are then described as by payment group.",
                checked=state.payment_groups,
            )
        ],
        legend="What are the rows?",
        legend_class="wizard-legend",
        item_class="wizard-radio",
    )


def form_html(state: FormState = FormState(), errors: Sequence[FieldError] = ()) -> Markup:
    base_value = state.base or str(rules().base.value)
    return parts(
        [
            _error_summary(errors) if errors else None,
            tag(
                "form",
                _measure_fieldset(state, errors),
                _payment_groups_field(state),
                _guidance_fieldset(state, errors),
                # These fields keep a plain group when they have an error: the message says it.
                textarea(
                    "round-table",
                    "table",
                    "Paste your table",
                    state.table,
                    rows=8,
                    hint=Hint(
                        "In Excel, select the cells, including the row of headings and the column of labels, "
                        "copy them and paste them here.",
                        "round-table-hint",
                    ),
                    error=_field_error("round-table", errors),
                    mark_group=False,
                    spellcheck="false",
                    autocomplete="off",
                ),
                file_upload(
                    "round-file",
                    "file",
                    "Or choose a file",
                    accept=".csv,.tsv,.txt,.xlsx,text/csv,text/plain",
                    hint=Hint(
                        "A CSV file, tab-separated text, or an Excel .xlsx file (the first sheet that "
                        "holds a table is read; you can then choose another), up to 20 MB.",
                        "round-file-hint",
                    ),
                    error=_field_error("round-file", errors),
                    mark_group=False,
                ),
                details(
                    "Rounding base",
                    text_input(
                        "round-base",
                        "base",
                        "Round each figure to the nearest",
                        base_value,
                        hint=Hint(
                            f"The guidance asks for {rules().base.value}. Change this only if the agreement "
                            "you share under says otherwise.",
                            "round-base-hint",
                        ),
                        error=_field_error("round-base", errors),
                        mark_group=False,
                        inputmode="numeric",
                        size="6",
                        spellcheck="false",
                    ),
                    open=bool(any(error.field == "round-base" for error in errors))
                    or base_value != str(rules().base.value),
                ),
                button("Round the table", submit=True, primary=True),
                hint(
                    "Nothing you paste or upload leaves this browser: Python rounds the table on this "
                    "computer."
                ),
                # method="dialog" submits nowhere: without the page's script nothing is sent anywhere.
                method="dialog",
                data_action="submit",
                novalidate=True,
            ),
        ]
    )


# --------------------------------------------------------------------------------------------
# Handling a submission
# --------------------------------------------------------------------------------------------


def _validate(
    request: Request,
) -> tuple[FormState, list[FieldError], Measure | None, int | None, Guidance | None]:
    state = FormState(
        measure=request.form_value("measure"),
        table=request.form_value("table"),
        base=request.form_value("base").strip(),
        guidance=request.form_value("guidance"),
        payment_groups=request.form_value("rows") == "payment-groups",
        sheet=request.form_value("sheet"),
    )
    errors: list[FieldError] = []
    measure: Measure | None = None
    try:
        measure = rules().measure(state.measure)
    except KeyError:
        errors.append(FieldError(FIELD_IDS["measure"], "Choose what the figures count"))
    shared_under: Guidance | None = None
    try:
        shared_under = guidance(state.guidance)
    except KeyError:
        errors.append(FieldError(FIELD_IDS["guidance"], "Choose what you are sharing the table under"))
    upload = request.files.get("file")
    pasted = state.table.strip()
    if upload is None and not pasted:
        errors.append(FieldError("round-table", "Paste a table, or choose a file"))
    elif upload is not None and pasted:
        errors.append(
            FieldError("round-table", "Paste a table or choose a file, not both: clear one of them")
        )
    base: int | None = None
    raw_base = state.base or str(rules().base.value)
    if re.fullmatch(rf"[0-9]{{1,{len(str(rules().base_maximum))}}}", raw_base):
        try:
            base = check_base(int(raw_base))
        except TableError as problem:
            errors.append(FieldError("round-base", str(problem)))
    else:
        errors.append(FieldError("round-base", "Enter the rounding base as a whole number, like 20"))
    if errors and upload is not None and not any(error.field == "round-file" for error in errors):
        # The page cannot keep a chosen file across views (browsers do not allow it).
        errors.append(FieldError("round-file", "Choose the file again once the other answers are put right"))
    return state, errors, measure, base, shared_under


def _stem(filename: str) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    return stem[:80] or "table"


def respond(request: Request) -> Response:
    if request.action != "submit":
        return Response(html=form_html(), query=None)
    state, errors, measure, base, shared_under = _validate(request)
    if errors or measure is None or base is None or shared_under is None:
        return Response(html=form_html(state, errors), query=None, title="There is a problem")
    upload = request.files.get("file")
    try:
        if upload is not None:
            report = round_upload(
                upload.content,
                upload.filename,
                measure,
                base,
                shared_under=shared_under,
                payment_groups=state.payment_groups,
                sheet=state.sheet or None,
            )
        else:
            report = round_paste(
                state.table, measure, base, shared_under=shared_under, payment_groups=state.payment_groups
            )
        downloads = _downloads(report, upload)
    except LibraryNeeded as needed:
        # The page loads the packages named and sends this request again; this view is shown only
        # if they cannot be loaded.
        message = (
            "The part of this tool that reads and writes .xlsx workbooks could not be loaded. Try again, "
            "or save the sheet as CSV (in Excel: File, Save As, CSV UTF-8) and choose that file."
        )
        return Response(
            html=form_html(state, [FieldError("round-file", message)]),
            query=None,
            title="There is a problem",
            needs=needed.packages,
        )
    except TableError as problem:
        field = "round-file" if upload is not None else "round-table"
        message = str(problem)
        if upload is not None:
            message += " When the file is put right, choose it again."
        return Response(
            html=form_html(state, [FieldError(field, message)]), query=None, title="There is a problem"
        )
    return Response(
        html=result_html(report, downloads, state), query=None, title="Rounded table", downloads=downloads
    )


def _downloads(report: Report, upload: UploadedFile | None) -> dict[str, Download]:
    """The table to share as CSV, and as .xlsx when a workbook came in (openpyxl is loaded then).
    Raises LibraryNeeded if the workbook cannot be written here."""
    suffix = "percentages" if report.is_share else "rounded"
    stem = _stem(upload.filename) if upload is not None else "table"
    if report.sheet and upload is not None and report.other_sheets:
        stem = f"{stem}-{_stem(report.sheet)}"
    downloads = {
        "csv": Download(
            f"{stem}-{suffix}.csv",
            "text/csv;charset=utf-8",
            text=write_csv(report.output, report.shared_notes),
        )
    }
    if upload is not None and is_xlsx(upload.content):
        downloads["xlsx"] = Download(
            f"{stem}-{suffix}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            data=write_xlsx(report.output, report.shared_notes),
        )
    return downloads


# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------


def _caption(report: Report) -> str:
    if report.is_share:
        by = "by payment group" if report.payment_groups else "by row"
        return (
            f"Share of {report.measure.noun} {by} (each row's percentage of its column), "
            "to the nearest whole per cent"
        )
    return (
        f"{report.measure.label if report.measure.id != 'counts' else 'Figures'}, each rounded to the "
        "nearest "
        f"{report.base}; totals are sums of the rounded figures"
    )


def _cell_text(cell: OutCell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Percent):
        return str(cell)
    if isinstance(cell, int):
        return f"{cell:,}"
    return cell


def table_html(report: Report) -> Markup:
    header, *body = report.output
    columns = min(len(header), PREVIEW_COLUMNS + 1)
    shown_rows = body[:PREVIEW_ROWS]
    headings = (
        _cell_text(cell) if index else (_cell_text(cell) or "Label")
        for index, cell in enumerate(header[:columns])
    )
    rows = (
        tag(
            "tr",
            row_heading(_cell_text(row[0])),
            join(tag("td", _cell_text(cell), class_="wizard-number") for cell in row[1:columns]),
            class_="wizard-total-row" if line.is_total else None,
        )
        for row, line in zip(shown_rows, report.table.rows, strict=False)
    )
    cut = []
    if len(body) > PREVIEW_ROWS:
        cut.append(f"the first {PREVIEW_ROWS} of {len(body):,} rows")
    if len(header) > columns:
        cut.append(f"the first {PREVIEW_COLUMNS} of {len(header) - 1:,} columns")
    note = hint(f"This preview shows {' and '.join(cut)}. The download has the whole table.") if cut else None
    return parts(
        [
            # A named section is a region landmark: keyboard users can scroll a wide table.
            tag(
                "section",
                table(_caption(report), headings, rows),
                class_="wizard-table-scroll",
                tabindex="0",
                aria_label="The table to share",
            ),
            note,
        ]
    )


def _reminders(report: Report) -> Markup:
    items = [
        "Share only with an organisation that has signed the confidentiality or data sharing agreement "
        "your programme or contract asks for, and has named the person responsible for keeping to it.",
        "Mark the table as internal management information for that organisation, not published data. The "
        "download carries this marking in its notes: keep them with the table.",
    ]
    if report.is_share:
        items.append(
            f"Share {report.measure.noun} only as percentages like these, never as numbers, not even rounded."
        )
    else:
        items.append(
            "Job outcomes and sustainments may never be shared as numbers: round those with the outcomes "
            "measure, which gives percentages by payment group."
        )
    items.append(
        "The list of changes below shows your true figures. It is for you: it is not in the download, "
        "and it should not be sent with the table."
    )
    return tag(
        "div",
        tag("h3", "Before you share it"),
        tag("ul", join(tag("li", item) for item in items)),
        class_="wizard-reminders",
    )


def _list_section(
    title: str, items: Sequence[str], class_: str | None = None, after: str | None = None
) -> Markup | None:
    if not items:
        return None
    return tag(
        "div",
        tag("h3", title),
        tag("ul", join(tag("li", item) for item in items)),
        tag("p", after) if after else None,
        class_=class_,
    )


def _sheet_chooser(report: Report, state: FormState) -> Markup | None:
    """For a workbook with other sheets: a form to round another of them (the browser cannot keep
    the chosen file, so it asks for the workbook again; the other answers travel in hidden fields)."""
    if not report.other_sheets:
        return None
    names = [report.sheet, *report.other_sheets]
    hidden = [
        tag("input", type="hidden", name="measure", value=state.measure),
        tag("input", type="hidden", name="guidance", value=state.guidance),
        tag("input", type="hidden", name="base", value=state.base or str(rules().base.value)),
    ]
    if state.payment_groups:
        hidden.append(tag("input", type="hidden", name="rows", value="payment-groups"))
    return tag(
        "div",
        tag("h3", "Other sheets in this workbook"),
        tag(
            "p",
            f"The tool read the sheet “{report.sheet}”. To round another sheet instead, choose it and "
            "choose the workbook again (browsers do not let a page keep a file you chose).",
        ),
        tag(
            "form",
            join(hidden),
            tag(
                "div",
                tag("label", "Sheet to round", for_="round-sheet", class_="wizard-label"),
                tag(
                    "select",
                    join(tag("option", name, value=name, selected=name == report.sheet) for name in names),
                    id="round-sheet",
                    name="sheet",
                    class_="wizard-select",
                ),
                class_="wizard-field",
            ),
            file_upload("round-sheet-file", "file", "The workbook, again", accept=".xlsx"),
            button("Round this sheet", submit=True),
            method="dialog",
            data_action="submit",
            novalidate=True,
        ),
        class_="wizard-sheets",
    )


def result_html(report: Report, downloads: dict[str, Download], state: FormState = FormState()) -> Markup:
    links = [
        download_link(
            f"Download the {'percentages' if report.is_share else 'rounded table'} ({label})",
            key,
            button=True,
            primary=key == "csv",
            href=None,  # the loader gives it the file's address
        )
        for key, label in (("csv", "CSV"), ("xlsx", ".xlsx"))
        if key in downloads
    ]
    reading = [*report.reading]
    if report.left_out:
        reading.append(
            "Left out, because it may hold figures that are not rounded: "
            + "; ".join(report.left_out)
            + ". Add any notes you need after checking them."
        )
    if report.neutralised:
        reading.append(
            "Some labels start with =, +, - or @, which a spreadsheet could take as a formula. In the CSV "
            "download they start with an apostrophe so that they stay text: "
            + ", ".join(f"“{label}”" for label in report.neutralised[:5])
            + (" and more" if len(report.neutralised) > 5 else "")
            + "."
        )
    more = (
        f"And {report.more_changes:,} more {'columns' if report.is_share else 'rows'} with changes, "
        "not listed here."
        if report.more_changes
        else None
    )
    return parts(
        [
            heading("Your rounded table" if not report.is_share else "Your table of percentages"),
            tag("p", report.summary, class_="wizard-round__summary"),
            tag("p", join(links, " "), class_="wizard-downloads"),
            _list_section("Check before you share", report.warnings, "wizard-warnings"),
            _reminders(report),
            tag("h3", "The table to share"),
            table_html(report),
            _list_section("Notes that go with the table (in the download)", report.shared_notes),
            _list_section(
                "What changed (your true figures: not in the download)",
                report.changes or ["Nothing: every figure was already a multiple of the base."],
                "wizard-changes",
                more,
            ),
            _list_section("How your table was read", reading),
            _sheet_chooser(report, state),
            tag("p", wizard_link("Round another table", query="")),
        ]
    )


#: What this tool offers the page (see wizard.registry).
TOOL = Tool(respond=respond)
