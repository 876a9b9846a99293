"""The rounding tool's parameters and measures, read from parameters.toml beside it.

Each parameter carries where it comes from (a source key and section, or "site" with the reason
for a rule this site chose), so the page, the downloads and the tests all cite the same thing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from wizard.core.data import Table, as_table, file_label, read_data
from wizard.core.sources import Citation, read_citation

PACKAGE = "wizard.rounding"
FILE = "parameters.toml"

#: The ``source`` of a rule this site chose where the guidance is silent; its ``why`` says why.
SITE = "site"


class MeasureKind(Enum):
    VOLUME = "volume"  # may be shared as counts, rounded
    SHARE = "share"  # never shared as counts: only percentages by payment group


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    noun: str
    kind: MeasureKind
    citation: Citation


#: What a table of counts is called when nobody said what it counts (the command line's default).
UNSPECIFIED = Measure(
    id="counts",
    label="Counts",
    noun="people",
    kind=MeasureKind.VOLUME,
    citation=Citation("wp-ch21", "Management information that may be shared with local authorities"),
)


@dataclass(frozen=True)
class DatedValue:
    start: datetime.date
    value: int
    citation: Citation


@dataclass(frozen=True)
class Rules:
    base_values: tuple[DatedValue, ...]
    base_minimum: int  # the smallest base a person may choose instead (this site's rule)
    base_maximum: int  # the largest
    base_limits_why: str
    tie_rule: str
    tie_why: str
    percent_small_base_up_to: int
    percent_why: str
    drift_percent: int
    measures: tuple[Measure, ...]

    def base_on(self, day: datetime.date) -> DatedValue:
        """The rounding base in force on ``day`` (the latest value that started on or before it)."""
        in_force = [item for item in self.base_values if item.start <= day]
        if not in_force:
            raise ValueError(f"no rounding base was in force on {day.isoformat()}")
        return max(in_force, key=lambda item: item.start)

    @property
    def base(self) -> DatedValue:
        return self.base_on(datetime.date.today())

    def measure(self, measure_id: str) -> Measure:
        for item in self.measures:
            if item.id == measure_id:
                return item
        known = ", ".join(item.id for item in self.measures)
        raise KeyError(f"unknown measure {measure_id!r}; known measures: {known}")


def _reference(table: Table) -> tuple[Citation | None, str]:
    """(citation, why) of a parameter: a source key with ``where``, or ``source = "site"`` for a
    rule this site chose, which must say ``why`` (optional for a cited one)."""
    if table.text("source") == SITE:
        return None, table.prose("why")
    return read_citation(table), table.prose("why", "")


def _cited(table: Table) -> Citation:
    """The citation of a parameter that must rest on a source (not on this site's choice)."""
    citation, _ = _reference(table)
    if citation is None:
        raise table.fail(
            f"expected a source key with 'where': this value must come from the guidance, not {SITE!r}",
            "source",
        )
    return citation


def _described(table: Table) -> None:
    """Check the words a parameter carries for people reading the file (the code does not use them)."""
    table.text("label")
    table.text("description")


def parse_rules(data: Mapping[str, Any] | Table, file: str = file_label(PACKAGE, FILE)) -> Rules:
    """The rounding rules from decoded TOML (see parameters.toml for each parameter's meaning).

    Raises DataError naming the file and key for a missing, mistyped or unknown key, an unknown
    source, a rule of this site's without its reason, or limits that exclude the guidance's base.
    """
    top = as_table(data, file)
    base = top.table("base")
    _described(base)
    base.text("unit")
    limits = base.table("limits")
    minimum = limits.integer("minimum", minimum=2)
    maximum = limits.integer("maximum", minimum=minimum)
    _, limits_why = _reference(limits)
    limits.done()
    values = []
    for item in base.tables("values"):
        value = item.integer("value")
        if not minimum <= value <= maximum:
            raise item.fail(f"expected {minimum} to {maximum} (base.limits), found {value}", "value")
        values.append(DatedValue(item.date("start"), value, _cited(item)))
        item.done()
    base.done()
    ties = top.table("ties")
    _described(ties)
    tie_rule = ties.text("description")
    _, tie_why = _reference(ties)
    ties.done()
    percentages = top.table("percentages")
    _described(percentages)
    _cited(percentages)
    rule = percentages.table("rule")
    if rule.integer("decimal_places") != 0:
        raise rule.fail("only whole-number percentages (0 decimal places) are supported", "decimal_places")
    small_base = rule.integer("small_base_up_to", minimum=0)
    _, percent_why = _reference(rule)
    rule.done()
    percentages.done()
    drift = top.table("drift")
    drift_percent = drift.integer("percent_of_true_total", minimum=0)
    _cited(drift)
    drift.done()
    measures = []
    for item in top.tables("measures", named_by="id"):
        cited = item.table("citation")
        measures.append(
            Measure(
                id=item.text("id"),
                label=item.text("label"),
                noun=item.text("noun"),
                kind=MeasureKind(item.choice("kind", [kind.value for kind in MeasureKind])),
                citation=read_citation(cited),
            )
        )
        cited.done()
        item.done()
    top.done()
    return Rules(
        base_values=tuple(values),
        base_minimum=minimum,
        base_maximum=maximum,
        base_limits_why=limits_why,
        tie_rule=tie_rule,
        tie_why=tie_why,
        percent_small_base_up_to=small_base,
        percent_why=percent_why,
        drift_percent=drift_percent,
        measures=tuple(measures),
    )


@cache
def rules() -> Rules:
    """The rounding rules in rounding/parameters.toml (read once). Raises DataError if malformed."""
    return parse_rules(read_data(PACKAGE, FILE))
