"""The rounding rule and its properties (Work Programme guidance ch.21; research/anchors-sdc.md §5)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wizard.rounding import method as rounding
from wizard.rounding.count_table import CountTable, Line, is_total_label
from wizard.rounding.method import round_counts, round_to_base
from wizard.rounding.parameters import MeasureKind, rules

BASE = 20


def mround(value: int, base: int) -> int:
    """Excel's MROUND, written independently from Fraction arithmetic: nearest multiple, halves away."""
    quotient = Fraction(value, base)
    sign = 1 if quotient >= 0 else -1
    magnitude = abs(quotient)
    whole = int(magnitude)
    if magnitude - whole >= Fraction(1, 2):
        whole += 1
    return sign * whole * base


# --- the scalar rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 0), (1, 0), (9, 0), (10, 20), (11, 20), (29, 20), (30, 40), (50, 60), (47, 40), (137, 140)],
)
def test_nearest_twenty_with_halves_going_up(value: int, expected: int) -> None:
    assert round_to_base(value, 20) == expected


def test_exact_halves_go_away_from_zero_unlike_pythons_round() -> None:
    assert [round_to_base(x, 20) for x in (10, 30, 50, -10)] == [20, 40, 60, -20]
    assert [round(x / 20) * 20 for x in (10, 30, 50)] == [0, 40, 40]  # half to even: what we avoid


def test_huge_counts_stay_exact() -> None:
    assert round_to_base(10**30 + 10, 20) == 10**30 + 20
    assert round_to_base(10**30 + 9, 20) == 10**30


def test_base_must_be_positive() -> None:
    with pytest.raises(ValueError):
        round_to_base(5, 0)


@given(st.integers(-(10**12), 10**12), st.integers(1, 1000))
def test_matches_excel_mround(value: int, base: int) -> None:
    assert round_to_base(value, base) == mround(value, base)


@given(st.integers(-(10**9), 10**9), st.integers(1, 500))
def test_scalar_properties(value: int, base: int) -> None:
    rounded = round_to_base(value, base)
    assert rounded % base == 0
    assert 2 * abs(rounded - value) <= base
    assert round_to_base(rounded, base) == rounded
    assert round_to_base(-value, base) == -rounded


@given(st.integers(0, 10**9), st.integers(-1000, 1000), st.integers(1, 500))
def test_shifting_by_a_multiple_of_the_base_shifts_the_result(value: int, k: int, base: int) -> None:
    # Only on one side of zero: a half goes away from zero, so 1 -> 2 but -1 -> -2 with base 2
    # (hypothesis found it). Counts are never negative.
    assume(value + k * base >= 0)
    assert round_to_base(value + k * base, base) == round_to_base(value, base) + k * base


@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(1, 100))
def test_rounding_is_monotone(a: int, b: int, base: int) -> None:
    low, high = sorted((a, b))
    assert round_to_base(low, base) <= round_to_base(high, base)


def test_base_is_a_dated_cited_parameter() -> None:
    base = rules().base
    assert base.value == 20
    assert base.citation.source == "wp-ch21"
    assert base.start.isoformat() == "2012-06-01"
    import datetime

    with pytest.raises(ValueError):
        rules().base_on(datetime.date(2010, 1, 1))


def test_outcomes_and_sustainments_are_shares_the_rest_volumes() -> None:
    kinds = {measure.id: measure.kind for measure in rules().measures}
    assert kinds == {
        "referrals": MeasureKind.VOLUME,
        "attachments": MeasureKind.VOLUME,
        "starts": MeasureKind.VOLUME,
        "outcomes": MeasureKind.SHARE,
        "sustainments": MeasureKind.SHARE,
    }


# --- tables -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label", ["Total", "TOTALS", " total ", "All", "Grand total", "grand  TOTAL", "Total:"]
)
def test_total_labels_in_any_case(label: str) -> None:
    assert is_total_label(label)


@pytest.mark.parametrize("label", ["Total referrals", "All areas", "Subtotal", "Totally", ""])
def test_other_labels_are_not_totals(label: str) -> None:
    assert not is_total_label(label)


def make_table(
    figures: list[list[int | None]],
    total_row: bool = True,
    total_column: bool = True,
    stated: int | None = None,
) -> CountTable:
    """A table with the given figures plus an optional total row and column holding ``stated``."""
    columns = [Line(f"Month {c}", False, f"column {c}") for c in range(len(figures[0]))]
    rows = [Line(f"Area {r}", False, f"row {r}") for r in range(len(figures))]
    cells = [list(row) for row in figures]
    if total_column:
        columns.append(Line("Total", True, "column T"))
        for row in cells:
            row.append(stated)
    if total_row:
        rows.append(Line("Total", True, "row T"))
        cells.append([stated] * len(columns))
    return CountTable("Area", tuple(rows), tuple(columns), tuple(tuple(row) for row in cells))


def test_worked_example_from_the_page() -> None:
    table = make_table([[13, 7, 27], [31, 50, 9]])
    rounded = round_counts(table, 20)
    assert rounded.cells == ((20, 0, 20, 40), (40, 60, 0, 100), (60, 60, 20, 140))
    assert rounded.true_sums.rows[:2] == (47, 90)
    assert rounded.true_sums.grand == 137


def test_totals_are_sums_of_rounded_cells_not_rounded_true_totals() -> None:
    # Pitfall 1: 3 and 29 show as 0 and 20; a total of 32 rounded on its own (40) would show the 0 is not 0.
    rounded = round_counts(make_table([[3, 29]], total_row=False), 20)
    assert rounded.cells == ((0, 20, 20),)


def test_blank_cells_stay_blank_and_count_as_zero() -> None:
    rounded = round_counts(make_table([[None, 13], [25, None]]), 20)
    assert rounded.cells == ((None, 20, 20), (20, None, 20), (20, 20, 40))


def test_input_totals_that_do_not_add_up_are_reported_and_ignored() -> None:
    table = make_table([[13, 7], [31, 50]], stated=100)
    mismatches = rounding.input_total_mismatches(table)
    assert {(m.row, m.column, m.stated, m.actual) for m in mismatches} == {
        (0, 2, 100, 20),
        (1, 2, 100, 81),
        (2, 0, 100, 44),
        (2, 1, 100, 57),
        (2, 2, 100, 101),
    }
    assert round_counts(table, 20).cells == round_counts(table.without_totals(), 20).cells


def test_changes_list_each_figure_that_moved() -> None:
    rounded = round_counts(make_table([[13, 20], [0, 50]]), 20)
    assert [(c.row, c.column, c.before, c.after) for c in rounding.changes(rounded)] == [
        (0, 0, 13, 20),
        (1, 1, 50, 60),
    ]


def test_drift_flags_totals_far_from_the_truth() -> None:
    # Pitfall 2: ten cells of 9 all show as 0, so the row adds up to 0 against a true 90.
    rounded = round_counts(make_table([[9] * 10, [100] * 10]), 20)
    drifts = rounding.drifts(rounded, 10)
    assert ("row", 0, 0, 90) in [(d.axis, d.index, d.shown, d.true) for d in drifts]
    assert all(d.index != 1 for d in drifts if d.axis == "row")


def test_merge_suggestions_group_rows_of_small_figures() -> None:
    table = make_table([[5, 6, 40], [4, 3, 41], [100, 120, 140], [8, 9, 45], [7, 2, 50]])
    row_groups, column_groups = rounding.merge_suggestions(table, 20)
    # Rows 0, 1, 3 and 4 are mostly under 20; only all four together are mostly 20 or more.
    assert [(group.indices, group.enough) for group in row_groups] == [((0, 1, 3, 4), True)]
    # Columns 0 and 1 are mostly small, and still are when added together.
    assert [(group.indices, group.enough) for group in column_groups] == [((0, 1), False)]


def test_an_unlabelled_total_row_is_spotted() -> None:
    table = make_table([[10, 5], [3, 4], [13, 9]], total_row=False, total_column=False)
    assert rounding.lookalike_totals(table) == ([2], [])


# --- percentages for outcomes ------------------------------------------------------------------


def test_whole_percent_rounds_halves_up_exactly() -> None:
    assert rounding.whole_percent(1, 8) == 13  # 12.5% -> 13%
    assert rounding.whole_percent(3, 17) == 18  # 17.6% -> 18%
    assert rounding.whole_percent(1, 200) == 1  # 0.5% -> 1%
    assert rounding.whole_percent(1, 201) == 0


def test_outcome_shares_by_column_with_total_row_and_column() -> None:
    table = make_table([[12, 0], [30, 5], [15, 0]], stated=None)
    shares = rounding.outcome_shares(table)
    assert shares.percents == (
        (21, 0, 19),
        (53, 100, 56),
        (26, 0, 24),
        (100, 100, 100),
    )
    assert shares.bases == (57, 5, 62)
    assert rounding.small_bases(shares, 100) == [0, 1, 2]
    assert (1, 1) in rounding.extreme_percents(shares)


def test_a_column_with_no_outcomes_has_no_percentages() -> None:
    shares = rounding.outcome_shares(make_table([[3, None], [4, 0]], total_row=False, total_column=False))
    assert shares.percents == ((43, None), (57, None))


figures = st.lists(
    st.lists(st.one_of(st.none(), st.integers(0, 500)), min_size=1, max_size=6), min_size=1, max_size=6
).filter(lambda rows: len({len(row) for row in rows}) == 1)


@given(figures, st.booleans(), st.booleans())
def test_percentages_match_exact_fractions(
    values: list[list[int | None]], total_row: bool, total_column: bool
) -> None:
    table = make_table(values, total_row, total_column)
    shares = rounding.outcome_shares(table)
    for c in table.data_columns():
        base = sum(table.cells[r][c] or 0 for r in table.data_rows())
        for r in table.data_rows():
            value = table.cells[r][c]
            got = shares.percents[r][c]
            if base == 0 or value is None:
                assert got is None
            else:
                exact = Fraction(100 * value, base)
                assert got is not None and abs(got - exact) <= Fraction(1, 2)
                assert 0 <= got <= 100


# --- properties of whole tables (anchors-sdc.md §5) ---------------------------------------------


@st.composite
def count_tables(draw: st.DrawFn) -> CountTable:
    values = draw(figures)
    stated = draw(st.one_of(st.none(), st.integers(0, 5000)))
    return make_table(values, draw(st.booleans()), draw(st.booleans()), stated)


@settings(max_examples=200)
@given(count_tables(), st.integers(1, 100))
def test_every_published_figure_is_a_multiple_of_the_base(table: CountTable, base: int) -> None:
    rounded = round_counts(table, base)
    assert all(value is None or value % base == 0 for row in rounded.cells for value in row)


@settings(max_examples=200)
@given(count_tables(), st.integers(1, 100))
def test_totals_equal_the_sums_of_the_cells_shown(table: CountTable, base: int) -> None:
    rounded = round_counts(table, base)
    data_rows, data_columns = table.data_rows(), table.data_columns()
    for r, row_line in enumerate(table.rows):
        for c, column_line in enumerate(table.columns):
            shown = rounded.cells[r][c]
            if row_line.is_total and column_line.is_total:
                assert shown == sum(rounded.cells[i][j] or 0 for i in data_rows for j in data_columns)
            elif row_line.is_total:
                assert shown == sum(rounded.cells[i][c] or 0 for i in data_rows)
            elif column_line.is_total:
                assert shown == sum(rounded.cells[r][j] or 0 for j in data_columns)


@settings(max_examples=200)
@given(count_tables(), st.integers(1, 100))
def test_rounding_twice_changes_nothing(table: CountTable, base: int) -> None:
    once = round_counts(table, base)
    again = round_counts(CountTable(table.corner, table.rows, table.columns, once.cells), base)
    assert again.cells == once.cells


@settings(max_examples=200)
@given(count_tables(), st.integers(0, 10**6), st.integers(1, 100))
def test_output_does_not_depend_on_the_input_totals(table: CountTable, other: int, base: int) -> None:
    total_rows = {r for r, line in enumerate(table.rows) if line.is_total}
    total_columns = {c for c, line in enumerate(table.columns) if line.is_total}
    altered = CountTable(
        table.corner,
        table.rows,
        table.columns,
        tuple(
            tuple(other if (r in total_rows or c in total_columns) else v for c, v in enumerate(row))
            for r, row in enumerate(table.cells)
        ),
    )
    assert round_counts(altered, base).cells == round_counts(table, base).cells
    assert rounding.outcome_shares(altered).percents == rounding.outcome_shares(table).percents


@settings(max_examples=200)
@given(count_tables(), st.integers(1, 100), st.integers(0, 50), st.data())
def test_shifting_a_cell_by_a_multiple_of_the_base_shifts_it_and_its_totals(
    table: CountTable, base: int, k: int, data: st.DataObject
) -> None:
    cells = [(r, c) for r in table.data_rows() for c in table.data_columns() if table.cells[r][c] is not None]
    if not cells:
        return
    r, c = data.draw(st.sampled_from(cells))
    shifted_cells = [list(row) for row in table.cells]
    value = shifted_cells[r][c]
    assert value is not None
    shifted_cells[r][c] = value + k * base
    shifted = CountTable(table.corner, table.rows, table.columns, tuple(tuple(row) for row in shifted_cells))
    before, after = round_counts(table, base), round_counts(shifted, base)
    for i, row in enumerate(after.cells):
        for j, shown in enumerate(row):
            old = before.cells[i][j]
            in_line = (i == r or table.rows[i].is_total) and (j == c or table.columns[j].is_total)
            assert shown == (old + k * base if in_line and old is not None and shown is not None else old)


@settings(max_examples=100)
@given(st.lists(st.integers(0, 60), min_size=2, max_size=3))
def test_nothing_unrounded_can_be_recovered_from_a_small_row(values: list[int]) -> None:
    """Every true row giving the same output is consistent with each cell's whole rounding interval."""
    base = 20
    table = make_table([list(values)], total_row=False)
    shown = round_counts(table, base).cells
    # Every other row whose cells fall in the same rounding intervals gives the same output.
    for position, value in enumerate(values):
        rounded = round_to_base(value, base)
        low = max(0, rounded - base // 2)
        high = rounded + base // 2 - 1
        for candidate in (low, high):
            other = list(values)
            other[position] = candidate
            assert round_counts(make_table([other], total_row=False), base).cells == shown


# --- exact halves, drawn on purpose (a random integer is rarely one) -----------------------------


@st.composite
def ties(draw: st.DrawFn) -> tuple[int, int, int]:
    """(value, base, m): an exact half between two multiples of an even base, value = ±(m·base + base/2)."""
    base = 2 * draw(st.integers(1, 500))
    m = draw(st.integers(0, 10**9))
    sign = draw(st.sampled_from([1, -1]))
    return sign * (m * base + base // 2), base, m


@given(ties())
def test_every_exact_half_goes_away_from_zero(drawn: tuple[int, int, int]) -> None:
    value, base, m = drawn
    expected = (m + 1) * base if value > 0 else -(m + 1) * base
    assert round_to_base(value, base) == expected == mround(value, base)


@given(ties(), st.integers(-3, 3))
def test_values_beside_a_half_go_to_the_nearer_multiple(drawn: tuple[int, int, int], step: int) -> None:
    value, base, _ = drawn
    near = value + step
    assert round_to_base(near, base) == mround(near, base)
    if 2 * (near % base) != base:  # not itself a half: strictly nearer one multiple
        assert 2 * abs(round_to_base(near, base) - near) < base


@st.composite
def tables_of_halves(draw: st.DrawFn) -> tuple[CountTable, int]:
    """A table whose figures are mostly exact halves of an even base (and some blanks and others)."""
    base = 2 * draw(st.integers(1, 50))
    half = st.integers(0, 200).map(lambda m: m * base + base // 2)
    cell = st.one_of(half, half, half, st.none(), st.integers(0, 10 * base))
    width = draw(st.integers(1, 5))
    values = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=5))
    return make_table(values, draw(st.booleans()), draw(st.booleans())), base


@settings(max_examples=300)
@given(tables_of_halves())
def test_table_rounding_sends_every_exact_half_up_and_totals_follow(drawn: tuple[CountTable, int]) -> None:
    table, base = drawn
    rounded = round_counts(table, base)
    for r in table.data_rows():
        for c in table.data_columns():
            value = table.cells[r][c]
            shown = rounded.cells[r][c]
            if value is None:
                assert shown is None
            else:
                assert shown == mround(value, base)
                if 2 * (value % base) == base:
                    assert shown == value + base // 2  # the half goes up, never down
