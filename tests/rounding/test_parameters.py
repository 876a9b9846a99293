"""The rounding parameters (rounding/parameters.toml): each read strictly, with where it comes from,
and the limits of the rounding base defined there once for the page, the command line and checks."""

from __future__ import annotations

import datetime
import re
import tomllib
from typing import Any

import pytest

from tests.rounding.test_web import TABLE, call
from tools.paths import PACKAGE
from wizard.core.data import DataError
from wizard.core.sources import SOURCES
from wizard.rounding.parameters import parse_rules, rules
from wizard.rounding.report import check_base
from wizard.tables.grid import TableError

TEXT = (PACKAGE / "rounding" / "parameters.toml").read_text(encoding="utf-8")


def changed(old: str, new: str) -> dict[str, Any]:
    """The real parameters with one change made in memory (the file itself is left alone)."""
    assert old in TEXT
    return tomllib.loads(TEXT.replace(old, new, 1))


def test_the_packaged_parameters_are_read_with_their_sources() -> None:
    found = rules()
    assert found.base_on(datetime.date(2012, 6, 1)).value == 20
    assert found.base_values[0].citation.source in SOURCES
    assert found.base_minimum < found.base.value < found.base_maximum
    assert found.base_limits_why and found.tie_why and found.percent_why
    assert [measure.kind.value for measure in found.measures].count("share") == 2


def test_the_base_limits_come_from_the_parameters_file() -> None:
    found = rules()
    limits = tomllib.loads(TEXT)["base"]["limits"]
    assert (found.base_minimum, found.base_maximum) == (limits["minimum"], limits["maximum"])
    assert check_base(found.base_minimum) == found.base_minimum
    assert check_base(found.base_maximum) == found.base_maximum
    expected = (
        f"from {found.base_minimum} to {found.base_maximum:,}; the guidance asks for {found.base.value}"
    )
    for outside in (found.base_minimum - 1, found.base_maximum + 1):
        with pytest.raises(TableError, match=re.escape(expected)):
            check_base(outside)


def test_limits_that_leave_out_the_guidances_base_are_refused() -> None:
    with pytest.raises(
        DataError, match=re.escape("base.values[0].value: expected 30 to 1000000 (base.limits), found 20")
    ):
        parse_rules(changed("minimum = 2\n", "minimum = 30\n"))
    with pytest.raises(
        DataError, match=re.escape("base.limits.maximum: expected a whole number of at least 2, found 1")
    ):
        parse_rules(changed("maximum = 1_000_000\n", "maximum = 1\n"))


def test_a_rule_of_this_sites_must_say_why_and_a_sourced_value_must_not_be_the_sites() -> None:
    no_reason = TEXT.replace(
        'source = "site"\nwhy = """\nA base of 1', 'source = "site"\nwas = """\nA base of 1', 1
    )
    with pytest.raises(
        DataError, match=re.escape("parameters.toml: base.limits: missing 'why' (expected text)")
    ):
        parse_rules(tomllib.loads(no_reason))
    drift = 'percent_of_true_total = 10\nsource = "wp-ch21"'
    with pytest.raises(DataError, match=re.escape("drift.source: expected a source key with 'where'")):
        parse_rules(changed(drift, 'percent_of_true_total = 10\nsource = "site"\nwhy = "ours"\nignored = 1'))


def test_the_page_refuses_a_base_longer_than_the_largest_allowed_before_reading_it() -> None:
    digits = len(str(rules().base_maximum))
    too_big = call(form={"measure": ["referrals"], "table": [TABLE], "base": ["9" * digits]})["html"]
    assert f"to {rules().base_maximum:,}" in too_big
    too_long = call(form={"measure": ["referrals"], "table": [TABLE], "base": ["1" * (digits + 1)]})["html"]
    assert "whole number, like 20" in too_long
