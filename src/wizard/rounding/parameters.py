"""The rounding tool's parameters and measures, read from parameters.toml beside it.

Each parameter carries where it comes from (a source key and section, or "site" with the reason
for a rule this site chose), so the page, the downloads and the tests all cite the same thing.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any

from wizard.core.purposes import Citation


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


def _citation(item: dict[str, Any]) -> Citation:
    return Citation(str(item["source"]), str(item["where"]))


@cache
def rules() -> Rules:
    text = resources.files("wizard.rounding").joinpath("parameters.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return Rules(
        base_values=tuple(
            DatedValue(item["start"], int(item["value"]), _citation(item)) for item in data["base"]["values"]
        ),
        tie_rule=str(data["ties"]["description"]),
        tie_why=" ".join(str(data["ties"]["why"]).split()),
        percent_small_base_up_to=int(data["percentages"]["rule"]["small_base_up_to"]),
        percent_why=" ".join(str(data["percentages"]["rule"]["why"]).split()),
        drift_percent=int(data["drift"]["percent_of_true_total"]),
        measures=tuple(
            Measure(
                id=item["id"],
                label=item["label"],
                noun=item["noun"],
                kind=MeasureKind(item["kind"]),
                citation=Citation(**item["citation"]),
            )
            for item in data["measures"]
        ),
    )
