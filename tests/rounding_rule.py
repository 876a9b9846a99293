"""The Work Programme rounding rule, for checking the training material's rounding answers.

A test oracle, not product code: the site's rounding tool (wizard.rounding) is built on another
branch. When it is merged, the tests should check against it instead (see tests/test_training_quiz.py).
Nearest multiple of 20; an exact half goes away from zero, as Excel's MROUND does (10 -> 20,
30 -> 40); totals are sums of the rounded cells (wp-ch21; docs/guidance/work-programme-mi.md).
"""

from __future__ import annotations

from collections.abc import Iterable


def round_to_20(value: int) -> int:
    sign = -1 if value < 0 else 1
    units, rest = divmod(abs(value), 20)
    return sign * 20 * (units + (1 if rest >= 10 else 0))


def rounded_total(cells: Iterable[int]) -> int:
    return sum(round_to_20(cell) for cell in cells)
