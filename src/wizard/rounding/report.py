"""The rounding tool from input to report: read, check, round, and say what happened in words.

Shared by the web page and the command line. Two audiences, kept apart:
  - the person rounding the table sees every change with the true figures (they hold them);
  - the table they share, and the notes that go with it in the download, hold no true figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from wizard.rounding import method as rounding
from wizard.rounding.count_table import CountTable, Line, ReadTable, mentions_outcomes, to_count_table
from wizard.rounding.guard import check_output
from wizard.rounding.guidance import DEFAULT_ID, Guidance, guidance
from wizard.rounding.method import MergeGroup, RoundedTable, ShareTable
from wizard.rounding.parameters import Measure, MeasureKind, rules
from wizard.tables.grid import TableError
from wizard.tables.output import OutCell, Percent
from wizard.tables.read import read_grid, read_pasted

#: How many rows (or columns) of changes to list one by one; the rest are counted.
MAX_LISTED = 200
MAX_NAMED = 12  # names in one sentence before "and N more"


@dataclass(frozen=True)
class Report:
    measure: Measure
    base: int
    table: CountTable
    output: tuple[tuple[OutCell, ...], ...]  # the table to share, headings first
    shared_notes: tuple[str, ...]  # go with the table in the download: no true figures
    summary: str
    warnings: tuple[str, ...]  # for the person rounding: check before you share
    changes: tuple[str, ...]  # for the person rounding: what changed, with the true figures
    more_changes: int  # rows (or columns) of changes not listed
    reading: tuple[str, ...]  # how the input was read
    left_out: tuple[str, ...]  # text above or below the table that was not copied
    neutralised: tuple[str, ...]  # labels a spreadsheet could take as formulas
    guidance: Guidance  # what the table is shared under (says what the notes say about the rule)
    payment_groups: bool = False  # the person said each row is a payment group
    sheet: str = ""  # for a workbook: the sheet read
    other_sheets: tuple[str, ...] = ()  # for a workbook: the other sheets that could be read instead

    @property
    def is_share(self) -> bool:
        return self.measure.kind is MeasureKind.SHARE


def check_base(base: int) -> int:
    """``base`` if it is within the limits in parameters.toml (base.limits); else TableError saying
    the limits and the base the guidance asks for."""
    found = rules()
    if not found.base_minimum <= base <= found.base_maximum:
        raise TableError(
            f"The rounding base must be a whole number from {found.base_minimum} to {found.base_maximum:,}; "
            f"the guidance asks for {found.base.value}."
        )
    return base


def round_upload(
    data: bytes,
    filename: str,
    measure: Measure,
    base: int,
    *,
    shared_under: Guidance | None = None,
    payment_groups: bool = False,
    sheet: str | None = None,
) -> Report:
    """Read an uploaded file (CSV, TSV or .xlsx; ``sheet`` names a worksheet) and round it: see
    :func:`prepare`. Raises TableError (LibraryNeeded for a workbook without openpyxl)."""
    return prepare(
        to_count_table(read_grid(data, filename, sheet)),
        measure,
        base,
        shared_under=shared_under,
        payment_groups=payment_groups,
    )


def round_paste(
    text: str,
    measure: Measure,
    base: int,
    *,
    shared_under: Guidance | None = None,
    payment_groups: bool = False,
) -> Report:
    """Read a pasted table and round it: see :func:`prepare`. Raises TableError."""
    return prepare(
        to_count_table(read_pasted(text)),
        measure,
        base,
        shared_under=shared_under,
        payment_groups=payment_groups,
    )


def prepare(
    read: ReadTable,
    measure: Measure,
    base: int,
    *,
    shared_under: Guidance | None = None,
    payment_groups: bool = False,
) -> Report:
    """Round a table read from a file (counts to the nearest ``base``, or percentages for outcome
    measures), explain it in words, and check the table to share with the final guard.

    ``shared_under`` is the guidance chosen (default: "another programme or agreement"), which
    decides what the notes say about the rule; ``payment_groups`` says each row is a payment group.
    Raises TableError for a table the rules refuse, GuardBreach if the table to share would hold
    anything but rounded counts (or percentages) and clean labels: then nothing may be written.
    """
    check_base(base)
    shared_under = shared_under or guidance(DEFAULT_ID)
    table = read.table
    if measure.kind is MeasureKind.VOLUME:
        _refuse_outcome_volumes(table)
    neutralised = tuple(
        label
        for label in (table.corner, *(line.label for line in (*table.rows, *table.columns)))
        if label and label[0] in "=+-@\t\r"
    )
    true_sums: rounding.Sums | None = None
    if measure.kind is MeasureKind.SHARE:
        shares = rounding.outcome_shares(table)
        output = _share_output(shares)
        summary, changes, more = _share_changes(shares, measure, payment_groups)
        warnings = _share_warnings(shares, measure)
    else:
        rounded = rounding.round_counts(table, base)
        true_sums = rounded.true_sums
        output = _count_output(rounded)
        summary, changes, more = _count_changes(rounded, measure)
        warnings = _count_warnings(rounded)
    mismatches = _total_mismatches(table, true_sums)
    # The last word: nothing leaves the tool unless every figure cell is rounded (or a percentage
    # where percentages are due) and no label carries the marks of a broken quotation mark.
    check_output(output, base, percentages=measure.kind is MeasureKind.SHARE, delimiter=read.delimiter)
    return Report(
        measure=measure,
        base=base,
        table=table,
        output=output,
        shared_notes=shared_notes(
            measure,
            base,
            shared_under,
            payment_groups,
            empty_cells=any(cell is None for row in output[1:] for cell in row[1:]),
        ),
        summary=summary,
        warnings=(*read.warnings, *warnings, *mismatches),
        changes=changes,
        more_changes=more,
        reading=read.notes,
        left_out=read.left_out,
        neutralised=neutralised,
        guidance=shared_under,
        payment_groups=payment_groups,
        sheet=read.sheet,
        other_sheets=read.other_sheets,
    )


def _refuse_outcome_volumes(table: CountTable) -> None:
    for line in (Line(table.corner, False, "the top-left heading"), *table.columns, *table.rows):
        if mentions_outcomes(line.label):
            raise TableError(
                f"The label {_q(line.label)} ({line.where}) mentions job outcomes or sustainments. "
                "The guidance does not allow volumes of job outcomes or sustainments to be shared: "
                "only percentages by payment group. If these figures are outcomes or sustainments, "
                "choose that measure and the tool will work out the percentages; if they are not, "
                "change the label."
            )


# --------------------------------------------------------------------------------------------
# What goes with the table when it is shared
# --------------------------------------------------------------------------------------------


def rule_sentence(base: int) -> str:
    return (
        f"Each figure is rounded to the nearest {base}; a figure exactly halfway goes up "
        f"({base // 2} becomes {base} when the base is {base}), as Excel's MROUND does."
        if base % 2 == 0
        else f"Each figure is rounded to the nearest {base}, as Excel's MROUND does."
    )


def shared_notes(
    measure: Measure,
    base: int,
    shared_under: Guidance | None = None,
    payment_groups: bool = False,
    *,
    empty_cells: bool = True,
) -> tuple[str, ...]:
    """The notes that go with the table to share (they hold no true figure): the marking, what the
    figures are, how totals were made, what an empty cell means (only if the table to share has
    one: ``empty_cells``), and the rule and the guidance chosen (``shared_under``)."""
    marking = (
        "INTERNAL MANAGEMENT INFORMATION for the organisation named in the confidentiality or data "
        "sharing agreement it is shared under. Not published statistics: do not publish it or pass it "
        "on except as that agreement allows."
    )
    source = (shared_under or guidance(DEFAULT_ID)).note
    if measure.kind is MeasureKind.SHARE:
        share = "each payment group's share" if payment_groups else "each row's share"
        return (
            marking,
            f"Figures are percentages: {share} of the {measure.noun} in its column, "
            "worked out from the true counts and rounded to the nearest whole per cent (a half goes up). "
            f"Numbers of {measure.noun} are not shown. Percentages may not add up to exactly 100.",
            *(
                ["An empty cell was empty in the original table, or its column had none to share out."]
                if empty_cells
                else []
            ),
            source,
        )
    what = "people" if measure.id == "counts" else measure.noun
    return (
        marking,
        f"Figures are numbers of {what}. {rule_sentence(base)}",
        "Totals are the sums of the rounded figures, so they can differ from the true totals."
        + (
            " An empty cell was empty in the original table and counts as zero in totals."
            if empty_cells
            else ""
        ),
        source,
    )


def _count_output(rounded: RoundedTable) -> tuple[tuple[OutCell, ...], ...]:
    table = rounded.table
    header: tuple[OutCell, ...] = (table.corner, *(line.label for line in table.columns))
    body = tuple((line.label, *row) for line, row in zip(table.rows, rounded.cells, strict=True))
    return (header, *body)


def _share_output(shares: ShareTable) -> tuple[tuple[OutCell, ...], ...]:
    table = shares.table
    header: tuple[OutCell, ...] = (table.corner, *(line.label for line in table.columns))
    body = tuple(
        (line.label, *(None if value is None else Percent(value) for value in row))
        for line, row in zip(table.rows, shares.percents, strict=True)
    )
    return (header, *body)


# --------------------------------------------------------------------------------------------
# Words for the person rounding the table (these hold true figures: never in the download)
# --------------------------------------------------------------------------------------------


def _q(text: str) -> str:
    return f"“{text}”"


def _names(lines: Sequence[Line]) -> dict[int, str]:
    """How to name each line in a sentence: its label, with where it is if another has the same label."""
    seen = Counter(line.label for line in lines)
    return {
        index: line.label if seen[line.label] == 1 else f"{line.label} ({line.where})"
        for index, line in enumerate(lines)
    }


def _listing(items: Sequence[str], conjunction: str = "and") -> str:
    items = list(items)
    if len(items) > MAX_NAMED:
        return ", ".join(items[:MAX_NAMED]) + f" {conjunction} {len(items) - MAX_NAMED:,} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _count_changes(rounded: RoundedTable, measure: Measure) -> tuple[str, tuple[str, ...], int]:
    table, base = rounded.table, rounded.base
    row_names, column_names = _names(table.rows), _names(table.columns)
    has_total_column = any(line.is_total for line in table.columns)
    data_columns = table.data_columns()
    items: list[str] = []
    figures = rounded.true_sums.figures
    changed = rows_changed = 0
    for r in table.data_rows():
        count = rounding.changed_count(rounded, r, data_columns)
        if not count:
            continue
        changed += count
        rows_changed += 1
        if rows_changed > MAX_LISTED:
            continue
        row, shown_row = table.cells[r], rounded.cells[r]
        parts: list[str] = []
        for c in data_columns:
            if row[c] != shown_row[c]:
                parts.append(f"{column_names[c]} {row[c]:,} shown as {shown_row[c]:,}")
                if len(parts) == MAX_NAMED:
                    break
        text = f"{row_names[r]}: " + "; ".join(parts) + ("; …" if count > len(parts) else "") + "."
        if has_total_column:
            shown, true = rounded.shown_sums.rows[r], rounded.true_sums.rows[r]
            if shown != true:
                text += f" Row total now {shown:,} although the true figures sum to {true:,}."
        items.append(text)
    more = max(0, rows_changed - MAX_LISTED)
    total_rows = [r for r, line in enumerate(table.rows) if line.is_total]
    if total_rows:
        parts = [
            f"{column_names[c]} now {rounded.shown_sums.columns[c]:,} (true figures sum to "
            f"{rounded.true_sums.columns[c]:,})"
            for c in table.data_columns()
            if rounded.shown_sums.columns[c] != rounded.true_sums.columns[c]
        ]
        if parts:
            items.append(f"{row_names[total_rows[0]]} row: " + "; ".join(parts[:MAX_LISTED]) + ".")
    if (total_rows or has_total_column) and rounded.shown_sums.grand != rounded.true_sums.grand:
        items.append(
            f"Overall total now {rounded.shown_sums.grand:,} although the true figures sum to "
            f"{rounded.true_sums.grand:,}."
        )
    totals = []
    if total_rows:
        totals.append("the total row")
    if has_total_column:
        totals.append("the total column")
    summary = (
        f"Rounded {_plural(figures, 'figure')} of {measure.noun} to the nearest {base}: "
        f"{changed:,} changed."
        + (f" Recalculated {' and '.join(totals)} by adding up the rounded figures." if totals else "")
    )
    return summary, tuple(items), more


def _count_warnings(rounded: RoundedTable) -> list[str]:
    table, base = rounded.table, rounded.base
    row_names, column_names = _names(table.rows), _names(table.columns)
    warnings: list[str] = []
    drifts = rounding.drifts(rounded, rules().drift_percent)
    small, nonzero = rounding.small_share(table, base)
    mostly_small = nonzero > 0 and 2 * small >= nonzero
    if drifts:
        described = []
        for drift in drifts:
            name = (
                row_names[drift.index]
                if drift.axis == "row"
                else column_names[drift.index]
                if drift.axis == "column"
                else "the whole table"
            )
            described.append(f"{name} ({drift.shown:,} against a true {drift.true:,})")
        warnings.append(
            "Small figures make some rounded totals far from the true ones. Adding up the rounded "
            f"figures gives: {_listing(described)}. Readers may take these totals at face value."
        )
    if mostly_small:
        warnings.append(
            f"{small:,} of the {nonzero:,} figures above zero are under {base}. Rounding turns each of "
            f"them into 0 or {base}, so the rounded table says little about them. The guidance suggests "
            "asking whether the table needs to be broken down this far."
        )
    if drifts or mostly_small:
        row_groups, column_groups = rounding.merge_suggestions(table, base)
        suggestion = _merge_sentence(row_groups, row_names, "rows", base) + _merge_sentence(
            column_groups, column_names, "columns", base
        )
        if suggestion:
            warnings.append(
                "To bring the rounded figures closer to the truth," + suggestion.rstrip(";") + "."
            )
    lookalike_rows, lookalike_columns = rounding.lookalike_totals(table, rounded.true_sums)
    for kind, found, names in (
        ("row", lookalike_rows, row_names),
        ("column", lookalike_columns, column_names),
    ):
        for index in found:
            warnings.append(
                f"The {kind} {_q(names[index])} adds up all the other {kind}s, so it looks like a "
                "total. If it "
                "is one, label it Total so the tool recalculates it: a total rounded on its own can "
                "give away "
                "the figures under it."
            )
    return warnings


def _merge_sentence(groups: Sequence[MergeGroup], names: dict[int, str], kind: str, base: int) -> str:
    if not groups:
        return ""
    phrases = []
    for group in groups[:MAX_NAMED]:
        label = _listing([names[index] for index in group.indices])
        if len(group.indices) == 1:
            phrases.append(f"{label} with a neighbouring {kind[:-1]}")
        else:
            phrases.append(label + ("" if group.enough else f" (even together, mostly under {base})"))
    more = f" and {len(groups) - MAX_NAMED:,} more groups like these" if len(groups) > MAX_NAMED else ""
    return f" consider combining {kind}: {'; '.join(phrases)}{more};"


def _total_mismatches(table: CountTable, true: rounding.Sums | None) -> list[str]:
    found = rounding.input_total_mismatches(table, true)
    if not found:
        return []
    row_names, column_names = _names(table.rows), _names(table.columns)
    described = []
    for item in found[:MAX_NAMED]:
        row_line, column_line = table.rows[item.row], table.columns[item.column]
        if row_line.is_total and column_line.is_total:
            what = "the overall total"
        elif row_line.is_total:
            what = f"the total of {column_names[item.column]}"
        else:
            what = f"the total of {row_names[item.row]}"
        described.append(f"{what} says {item.stated:,} but its figures add up to {item.actual:,}")
    more = f" ({len(found) - MAX_NAMED:,} more like this)" if len(found) > MAX_NAMED else ""
    return [
        "Some totals in your table do not match its figures: "
        + "; ".join(described)
        + f"{more}. The tool never uses your table's own totals (it adds up the rounded figures), "
        "but check the original before you rely on it elsewhere."
    ]


def _share_changes(
    shares: ShareTable, measure: Measure, payment_groups: bool = False
) -> tuple[str, tuple[str, ...], int]:
    table = shares.table
    row_names = _names(table.rows)
    column_names = _names(table.columns)
    data_rows = table.data_rows()
    items = []
    columns = list(range(len(table.columns)))
    for c in columns[:MAX_LISTED]:
        base = shares.bases[c]
        if base == 0:
            items.append(f"{column_names[c]}: no {measure.noun}, so no percentages.")
            continue
        parts: list[str] = []
        shown_total = 0
        for r in data_rows:
            percent = shares.percents[r][c]
            if percent is None:
                continue
            shown_total += percent
            count = shares.table.cells[r][c] if not table.columns[c].is_total else None
            if count is None:
                count = sum(table.cells[r][d] or 0 for d in table.data_columns())
            if len(parts) < MAX_NAMED:
                parts.append(f"{row_names[r]} {count:,} shown as {percent}%")
        add_up = (
            "they add up to 100%"
            if shown_total == 100
            else f"they add up to {shown_total}% because each is rounded"
        )
        items.append(
            f"{column_names[c]} ({base:,} {measure.noun}, not shown): " + "; ".join(parts) + f"; {add_up}."
        )
    summary = (
        f"Worked out each {'payment group' if payment_groups else 'row'}'s share of the {measure.noun} in "
        f"each column, to the nearest whole per cent. The shared table holds no numbers of {measure.noun}."
    )
    return summary, tuple(items), max(0, len(columns) - MAX_LISTED)


def _share_warnings(shares: ShareTable, measure: Measure) -> list[str]:
    table = shares.table
    row_names, column_names = _names(table.rows), _names(table.columns)
    threshold = rules().percent_small_base_up_to
    warnings = []
    small = rounding.small_bases(shares, threshold)
    if small:
        described = [f"{column_names[c]} ({shares.bases[c]:,})" for c in small]
        text = (
            f"Some percentages rest on {threshold} {measure.noun} or fewer: {_listing(described)}. "
            "With so few, "
            "each whole-number percentage matches exactly one count, so anyone who learns or guesses the "
            "number of outcomes can work out the counts."
        )
        groups = rounding.column_merge_for_bases(shares, threshold)
        if groups:
            phrases = []
            for group in groups[:MAX_NAMED]:
                label = _listing([column_names[c] for c in group.indices])
                if len(group.indices) == 1:
                    phrases.append(f"{label} with a neighbouring column")
                else:
                    phrases.append(
                        label + ("" if group.enough else f" (even together, {threshold} or fewer)")
                    )
            text += " Consider combining columns: " + "; ".join(phrases) + "."
        warnings.append(text)
    extremes = rounding.extreme_percents(shares)
    if extremes:
        described = []
        for r, c in extremes[:MAX_NAMED]:
            percent = shares.percents[r][c]
            meaning = "all" if percent == 100 else "none"
            described.append(
                f"{row_names[r]} in {column_names[c]} is shown as {percent}%, which tells the reader that "
                f"{meaning} of the {measure.noun} there were for this group"
            )
        more = f" ({len(extremes) - MAX_NAMED:,} more)" if len(extremes) > MAX_NAMED else ""
        warnings.append(
            "Some percentages are 0% or 100%: "
            + "; ".join(described)
            + f"{more}. A 0% or 100% says something about everyone in a group; consider combining "
            "groups or columns, or leaving these out."
        )
    return warnings
