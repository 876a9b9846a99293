"""The triage flow's named predicates, on their own."""

from __future__ import annotations

import pytest

from wizard.triage.rules import PREDICATES, benefit_information, benefit_origin_unsure


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"holder": "dwp"}, True),
        ({"holder": "council_benefits"}, True),
        ({"holder": "partner", "social_security": "yes"}, True),
        ({"holder": "council_other", "social_security": "yes"}, True),
        ({"holder": "partner", "social_security": "no"}, False),
        ({"holder": "partner", "social_security": "not_sure"}, False),
        ({"holder": "collect"}, False),
        ({"holder": "not_sure"}, False),
        ({}, False),
    ],
)
def test_benefit_information_follows_the_information_whoever_holds_it(
    answers: dict[str, str], expected: bool
) -> None:
    assert benefit_information(answers) is expected


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"holder": "not_sure"}, True),
        ({"holder": "partner", "social_security": "not_sure"}, True),
        ({"holder": "partner", "social_security": "no"}, False),
        ({"holder": "dwp"}, False),
    ],
)
def test_benefit_origin_unsure_when_nobody_knows_where_it_began(
    answers: dict[str, str], expected: bool
) -> None:
    assert benefit_origin_unsure(answers) is expected


def test_each_predicate_says_what_it_reads_and_how_to_put_it_in_words() -> None:
    for name, predicate in PREDICATES.items():
        assert set(predicate.reads) <= {"holder", "social_security"}, name  # type: ignore[attr-defined]
        assert predicate.describe.strip(), name  # type: ignore[attr-defined]
