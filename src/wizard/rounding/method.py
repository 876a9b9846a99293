"""Rounding tables of counts for sharing, as Work Programme guidance chapter 21 asks.

Pure functions over plain data: no files, no HTML, no words for people (rounding_report.py
writes those). Every count is a Python int, so the arithmetic is exact: no floats anywhere.

The rule (chapter 21, "How to ensure that individual data cannot be identified"):
  - every figure is rounded to the nearest multiple of the base (20), exact halves away from
    zero, as Excel's MROUND does;
  - every total is then recalculated as the sum of the rounded figures, so the true figures
    cannot be worked out by comparing a rounded total with its rounded parts;
  - job outcomes and sustainments are never shown as counts, only as each payment group's
    percentage of a column's outcomes.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from wizard.rounding.count_table import CountTable

Cells = tuple[tuple[int | None, ...], ...]


def round_to_base(value: int, base: int) -> int:
    """The nearest multiple of ``base``; an exact half goes away from zero (Excel's MROUND).

    >>> [round_to_base(x, 20) for x in (9, 10, 29, 30, 50, -10)]
    [0, 20, 20, 40, 60, -20]
    """
    if base < 1:
        raise ValueError("the rounding base must be a positive whole number")
    magnitude = abs(value)
    quotient, remainder = divmod(magnitude, base)
    if 2 * remainder >= base:
        quotient += 1
    rounded = quotient * base
    return rounded if value >= 0 else -rounded


def whole_percent(part: int, whole: int) -> int:
    """``part`` as a whole-number percentage of ``whole``, halves away from zero, exactly."""
    if whole <= 0 or part < 0:
        raise ValueError("a percentage needs a positive whole and a part that is not negative")
    return (200 * part + whole) // (2 * whole)


@dataclass(frozen=True)
class Sums:
    """Sums of the figures in each row and column (totals left out) and of the whole table."""

    rows: tuple[int, ...]  # one per row of the table; 0 for total rows
    columns: tuple[int, ...]  # one per column; 0 for total columns
    grand: int
    figures: int = 0  # how many cells (not totals) hold a figure rather than a blank


def _data_values(
    row: Sequence[int | None], data_columns: Sequence[int], every: bool
) -> tuple[list[int], int]:
    """The row's figures in the data columns with blanks as 0, and how many were blank
    (``every``: all columns are data columns)."""
    values = list(row) if every else [row[c] for c in data_columns]
    if None in values:
        blanks = values.count(None)
        return [value or 0 for value in values], blanks
    return values, 0  # type: ignore[return-value]  # no None in it


def sums(table: CountTable, cells: Cells) -> Sums:
    """Sums of ``cells`` (shaped like ``table``) over the non-total rows and columns; blanks count 0."""
    data_rows = set(table.data_rows())
    data_columns = table.data_columns()
    every = len(data_columns) == len(table.columns)
    row_sums = []
    column_acc = [0] * len(data_columns)
    figures = 0
    for r, row in enumerate(cells):
        if r not in data_rows:
            row_sums.append(0)
            continue
        values, blanks = _data_values(row, data_columns, every)
        figures += len(values) - blanks
        row_sums.append(sum(values))
        column_acc = list(map(operator.add, column_acc, values))  # C speed, exact ints
    column_sums = [0] * len(table.columns)
    for c, total in zip(data_columns, column_acc, strict=True):
        column_sums[c] = total
    return Sums(tuple(row_sums), tuple(column_sums), sum(row_sums), figures)


def fill_totals(table: CountTable, cells: Cells, totals: Sums) -> Cells:
    """``cells`` with every total cell replaced by the matching sum from ``totals``."""
    total_columns = [c for c, line in enumerate(table.columns) if line.is_total]
    out = []
    for r, (row_line, row) in enumerate(zip(table.rows, cells, strict=True)):
        if not row_line.is_total:
            if not total_columns:
                out.append(row)
                continue
            copied = list(row)
            for c in total_columns:
                copied[c] = totals.rows[r]
            out.append(tuple(copied))
            continue
        new_row: list[int | None] = []
        for c, (column_line, value) in enumerate(zip(table.columns, row, strict=True)):
            if row_line.is_total and column_line.is_total:
                new_row.append(totals.grand)
            elif row_line.is_total:
                new_row.append(totals.columns[c])
            elif column_line.is_total:
                new_row.append(totals.rows[r])
            else:
                new_row.append(value)
        out.append(tuple(new_row))
    return tuple(out)


@dataclass(frozen=True)
class RoundedTable:
    """Counts rounded to ``base``, every total the sum of the rounded figures it covers."""

    table: CountTable
    base: int
    cells: Cells
    true_sums: Sums
    shown_sums: Sums


#: Counts below this are rounded by looking the answer up (see round_counts).
_LOOKUP = 4096


def round_counts(table: CountTable, base: int) -> RoundedTable:
    """Round every figure to the nearest ``base`` and recalculate every total from the results.

    Input totals are ignored. Blank figures stay blank and count as zero in totals.
    """
    data_rows = set(table.data_rows())
    total_columns = [c for c, line in enumerate(table.columns) if line.is_total]
    half = base // 2
    # The answers for small counts and blanks, looked up at C speed (most cells of a real table);
    # a row with anything else takes the rule cell by cell.
    known: dict[int | None, int | None] = {value: round_to_base(value, base) for value in range(_LOOKUP)}
    known[None] = None
    look_up = known.__getitem__
    rounded: list[tuple[int | None, ...]] = []
    for r, row in enumerate(table.cells):
        if r not in data_rows:
            rounded.append(tuple(None for _ in row))
            continue
        try:
            new_row = list(map(look_up, row))
        except (KeyError, TypeError):
            # For counts (never negative) the rule is (x + base // 2) // base * base; round_to_base
            # covers anything else.
            new_row = [
                None
                if value is None
                else (value + half) // base * base
                if value >= 0
                else round_to_base(value, base)
                for value in row
            ]
        for c in total_columns:
            new_row[c] = None
        rounded.append(tuple(new_row))
    shown = sums(table, tuple(rounded))
    return RoundedTable(
        table=table,
        base=base,
        cells=fill_totals(table, tuple(rounded), shown),
        true_sums=sums(table, table.cells),
        shown_sums=shown,
    )


@dataclass(frozen=True)
class CellChange:
    row: int
    column: int
    before: int
    after: int


def changes(rounded: RoundedTable) -> Iterator[CellChange]:
    """Each figure (not total) that rounding changed, row by row."""
    table = rounded.table
    data_columns = table.data_columns()
    for r in table.data_rows():
        before_row, after_row = table.cells[r], rounded.cells[r]
        for c in data_columns:
            before, after = before_row[c], after_row[c]
            if before != after and before is not None and after is not None:
                yield CellChange(r, c, before, after)


def changed_count(rounded: RoundedTable, row: int, data_columns: Sequence[int]) -> int:
    """How many figures in ``row`` rounding changed (quicker than listing them)."""
    before, after = rounded.table.cells[row], rounded.cells[row]
    if len(data_columns) == len(rounded.table.columns):
        return sum(map(operator.ne, before, after))
    return sum(1 for c in data_columns if before[c] != after[c])


@dataclass(frozen=True)
class TotalMismatch:
    """A total in the input that is not the sum of the figures it covers."""

    row: int
    column: int
    stated: int
    actual: int


def input_total_mismatches(table: CountTable, true: Sums | None = None) -> list[TotalMismatch]:
    """Totals in the input that differ from the sums of the true figures (``true``, if already worked out)."""
    true = true or sums(table, table.cells)
    total_columns = [c for c, line in enumerate(table.columns) if line.is_total]
    found = []
    for r, row_line in enumerate(table.rows):
        for c in range(len(table.columns)) if row_line.is_total else total_columns:
            column_line = table.columns[c]
            stated = table.cells[r][c]
            if stated is None:
                continue
            if row_line.is_total and column_line.is_total:
                actual = true.grand
            elif row_line.is_total:
                actual = true.columns[c]
            else:
                actual = true.rows[r]
            if stated != actual:
                found.append(TotalMismatch(r, c, stated, actual))
    return found


@dataclass(frozen=True)
class Drift:
    """A sum of rounded figures that is far from the sum of the true figures."""

    axis: str  # "row", "column" or "table"
    index: int  # row or column index (0 for the whole table)
    shown: int
    true: int


def is_far(shown: int, true: int, base: int, percent: int) -> bool:
    """Further apart than one rounding step and than ``percent`` per cent of the true figure."""
    gap = abs(shown - true)
    return gap > base and 100 * gap > percent * true


def drifts(rounded: RoundedTable, percent: int) -> list[Drift]:
    """Rows, columns and the whole table whose rounded sums are far from the true sums.

    Every row and column is checked, whether or not the table shows a total for it: a reader
    can add up the rounded figures themselves.
    """
    table, base = rounded.table, rounded.base
    found = []
    for r in table.data_rows():
        shown, true = rounded.shown_sums.rows[r], rounded.true_sums.rows[r]
        if is_far(shown, true, base, percent):
            found.append(Drift("row", r, shown, true))
    for c in table.data_columns():
        shown, true = rounded.shown_sums.columns[c], rounded.true_sums.columns[c]
        if is_far(shown, true, base, percent):
            found.append(Drift("column", c, shown, true))
    if is_far(rounded.shown_sums.grand, rounded.true_sums.grand, base, percent):
        found.append(Drift("table", 0, rounded.shown_sums.grand, rounded.true_sums.grand))
    return found


def is_small(value: int | None, base: int) -> bool:
    """A figure rounding can wipe out or double: more than zero, less than the base."""
    return value is not None and 0 < value < base


def _is_thin(values: Sequence[int | None], base: int) -> bool:
    """Most of the line's figures (above zero) are small."""
    nonzero = list(filter(None, values))
    small = sum(map(base.__gt__, nonzero))  # no None in nonzero
    return bool(nonzero) and 2 * small > len(nonzero)


def data_cells(table: CountTable) -> list[tuple[int | None, ...]]:
    """The figures of each data row, in the data columns only (totals left out), row by row.

    (Built with itemgetter and tuple slices, so a million cells take a fraction of a second.)"""
    data_columns = table.data_columns()
    cells = table.cells
    rows = [cells[r] for r in table.data_rows()]
    if len(data_columns) == len(table.columns):
        return rows
    if not data_columns:
        return [() for _ in rows]
    pick = operator.itemgetter(*data_columns)
    if len(data_columns) == 1:
        return [(pick(row),) for row in rows]
    return [pick(row) for row in rows]


def small_share(table: CountTable, base: int) -> tuple[int, int]:
    """How many figures (not totals) are small, out of how many above zero."""
    small = nonzero = 0
    for row in data_cells(table):
        figures = list(filter(None, row))
        nonzero += len(figures)
        small += sum(map(base.__gt__, figures))  # no None in figures
    return small, nonzero


@dataclass(frozen=True)
class MergeGroup:
    indices: tuple[int, ...]  # rows or columns to combine, in table order
    enough: bool  # whether combined they are no longer mostly small figures


def _greedy_groups(
    lines: Sequence[int],
    values: Mapping[int, Sequence[int | None]],
    is_thin_line: Callable[[Sequence[int | None]], bool],
) -> list[MergeGroup]:
    """Group thin lines in table order until each group, added up, is no longer thin."""
    groups: list[MergeGroup] = []
    current: list[int] = []
    combined: list[int] = []
    for index in lines:
        line_values = values[index]
        if not is_thin_line(line_values):
            continue
        current.append(index)
        combined = (
            [a + (b or 0) for a, b in zip(combined, line_values, strict=True)]
            if combined
            else [value or 0 for value in line_values]
        )
        if len(current) > 1 and not is_thin_line(combined):
            groups.append(MergeGroup(tuple(current), True))
            current, combined = [], []
    if current:
        if len(current) == 1 and groups:
            last = groups.pop()
            groups.append(MergeGroup((*last.indices, *current), last.enough))
        else:
            groups.append(MergeGroup(tuple(current), False))
    return groups


def merge_suggestions(table: CountTable, base: int) -> tuple[list[MergeGroup], list[MergeGroup]]:
    """Rows, and columns, that are mostly small figures, grouped so that each group adds up to
    mostly figures of the base or more (chapter 21: consider a less detailed breakdown)."""
    data_rows, data_columns = table.data_rows(), table.data_columns()
    rows = data_cells(table)
    by_row: dict[int, Sequence[int | None]] = dict(zip(data_rows, rows, strict=True))
    by_column: dict[int, Sequence[int | None]] = (
        dict(zip(data_columns, zip(*rows, strict=True), strict=True))
        if rows
        else {c: () for c in data_columns}
    )

    def thin(values: Sequence[int | None]) -> bool:
        return _is_thin(values, base)

    return (
        _greedy_groups(data_rows, by_row, thin),
        _greedy_groups(data_columns, by_column, thin),
    )


def lookalike_totals(table: CountTable, true: Sums | None = None) -> tuple[list[int], list[int]]:
    """Rows, and columns, not labelled as totals whose figures equal the sum of all the others.

    Such a line is probably a total under another name; rounded on its own it could give away
    the figures it covers, so the person is asked to label it.
    """
    data_rows, data_columns = table.data_rows(), table.data_columns()
    found_rows: list[int] = []
    found_columns: list[int] = []
    true = true or sums(table, table.cells)
    rows = data_cells(table)
    if len(data_rows) >= 3 and data_columns:
        column_sums = true.columns
        first = data_columns[0]
        for r, figures in zip(data_rows, rows, strict=True):
            if 2 * (figures[0] or 0) != column_sums[first]:
                continue  # quick: most rows fail on their first figure
            values = [value or 0 for value in figures]
            if any(values) and all(
                2 * row_value == column_sums[c] for c, row_value in zip(data_columns, values, strict=True)
            ):
                found_rows.append(r)
    if len(data_columns) >= 3 and data_rows:
        row_sums = true.rows
        top = data_rows[0]
        for c, column in zip(data_columns, zip(*rows, strict=True), strict=True):
            if 2 * (column[0] or 0) != row_sums[top]:
                continue
            values = [value or 0 for value in column]
            if any(values) and all(
                2 * value == row_sums[r] for r, value in zip(data_rows, values, strict=True)
            ):
                found_columns.append(c)
    return found_rows, found_columns


@dataclass(frozen=True)
class ShareTable:
    """Each payment group's whole-number percentage of its column's outcomes.

    ``percents`` is shaped like the table: None where the input cell was blank or where the
    column has no outcomes to share out. Total rows hold 100. ``bases`` are the true numbers of
    outcomes in each column: they are for the person checking the table and are never shown.
    """

    table: CountTable
    percents: Cells
    bases: tuple[int, ...]


def outcome_shares(table: CountTable) -> ShareTable:
    """Percentages from the true counts: each row's share of its column's outcomes.

    A total column shares out all the outcomes in the table; total rows show 100.
    """
    true = sums(table, table.cells)
    bases = tuple(true.grand if line.is_total else true.columns[c] for c, line in enumerate(table.columns))
    percents = []
    for r, row_line in enumerate(table.rows):
        row = table.cells[r]
        new_row: list[int | None] = []
        for c, column_line in enumerate(table.columns):
            base = bases[c]
            if base == 0:
                new_row.append(None)
            elif row_line.is_total:
                new_row.append(100)
            elif column_line.is_total:
                new_row.append(whole_percent(true.rows[r], base))
            else:
                value = row[c]
                new_row.append(None if value is None else whole_percent(value, base))
        percents.append(tuple(new_row))
    return ShareTable(table, tuple(percents), bases)


def small_bases(shares: ShareTable, up_to: int) -> list[int]:
    """Columns whose percentages rest on ``up_to`` outcomes or fewer (but some)."""
    return [c for c, base in enumerate(shares.bases) if 0 < base <= up_to]


def extreme_percents(shares: ShareTable) -> list[tuple[int, int]]:
    """(row, column) of every group shown as 0% or 100% of a column that has outcomes."""
    found = []
    for r in shares.table.data_rows():
        for c, value in enumerate(shares.percents[r]):
            if value in (0, 100):
                found.append((r, c))
    return found


def column_merge_for_bases(shares: ShareTable, up_to: int) -> list[MergeGroup]:
    """Columns on small bases grouped, in table order, until each group has more than ``up_to``."""
    table = shares.table
    groups: list[MergeGroup] = []
    current: list[int] = []
    combined = 0
    for c in table.data_columns():
        base = shares.bases[c]
        if not 0 < base <= up_to:
            continue
        current.append(c)
        combined += base
        if len(current) > 1 and combined > up_to:
            groups.append(MergeGroup(tuple(current), True))
            current, combined = [], 0
    if current:
        if len(current) == 1 and groups:
            last = groups.pop()
            groups.append(MergeGroup((*last.indices, *current), last.enough))
        else:
            groups.append(MergeGroup(tuple(current), False))
    return groups
