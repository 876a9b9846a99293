"""Named predicates the triage flow uses where its condition language would be long-winded.

Each takes the answers so far (question id -> option id) and returns True or False. They are
named in ``flow.toml`` as ``{ test = "name" }`` and unit-tested in tests/triage/test_rules.py.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Where the data comes from, when it began as benefit records (social security information).
BENEFIT_HOLDERS = frozenset({"dwp", "council_benefits"})


def benefit_information(answers: Mapping[str, str]) -> bool:
    """The data began as benefit records: it comes from DWP or a Housing Benefit service, or the
    person said some of it came from running benefits (SSAA 1992 s.123 and WRA 2012 ss.131-132
    follow the information, whoever holds it)."""
    return answers.get("holder") in BENEFIT_HOLDERS or answers.get("social_security") == "yes"


def benefit_origin_unsure(answers: Mapping[str, str]) -> bool:
    """Nobody knows yet whether the data began as benefit records."""
    return answers.get("holder") == "not_sure" or answers.get("social_security") == "not_sure"


# What each predicate reads (for the factorised decision table, wizard.flow.paths) and how the
# printed steps put it in words (wizard.flow.view.describe).
benefit_information.reads = ("holder", "social_security")  # type: ignore[attr-defined]
benefit_information.describe = (  # type: ignore[attr-defined]
    "the information began as benefit records (it comes from DWP or a Housing Benefit service, "
    "or you said some of it came from running benefits)"
)
benefit_origin_unsure.reads = ("holder", "social_security")  # type: ignore[attr-defined]
benefit_origin_unsure.describe = (  # type: ignore[attr-defined]
    "you are not sure where the data comes from, or whether any of it began as benefit records"
)


#: The predicates the triage flow may name, by the name it uses.
PREDICATES = {
    "benefit_information": benefit_information,
    "benefit_origin_unsure": benefit_origin_unsure,
}
