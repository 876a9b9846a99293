"""Every loader of a package data file reads through the typed reader: a broken file gives a
message naming the file and the key, and an error of that loader's own kind (a DataError)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from tests.flow.test_engine import BASE as FLOW
from tools.paths import PACKAGE
from wizard.core.data import DataError, parse_toml
from wizard.core.purposes import parse_purposes
from wizard.core.sources import parse_sources
from wizard.flow.load import FlowError, load_flow, parse_flow
from wizard.flow.scenarios import parse_scenarios
from wizard.minimise.catalogue import CatalogueError, parse_catalogue
from wizard.rounding.parameters import parse_rules
from wizard.training.exercises import TrainingDataError, parse_exercises
from wizard.training.quiz import parse_quiz

SOURCES = """
[[sources]]
key = "dwp-guide"
title = "A guide"
publisher = "DWP"
name = "The guide"
"""

PURPOSES = """
[[purposes]]
id = "planning"
label = "Planning"
hint = "Plan."
citation = { source = "wikipedia", where = "para 1" }
"""

SCENARIOS = """
[[scenarios]]
id = "one"
title = "One"
situation = "A council asks."
source = { source = "dwp-guide", where = "para 1" }
answers = { colour = "red" }
expect.level = 2.5
"""

CATALOGUE = """
schema_version = 1
matching = { prefixes = [] }
levels = [{ id = "low", label = "Low" }, { id = "high", label = "High" }]
groups = [{ id = "who", legend = "Who" }]
notes = {}
unknown = { reason = "Unknown.", cite = [{ source = "dwp-guide", where = "para 1" }], notes = [] }

[[fields]]
id = "name"
label = "Name"
group = "who"
level = "high"
synonyms = []
advice = { verdict = "keep", reason = "Needed.", cite = [{ source = "dwp-guide" }], notes = [] }
"""

QUIZ = """
[quiz]
version = 1
title = "Quiz"

[[questions]]
id = "pick"
ask = "choice"
text = "Which?"
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
answer = "a"
explanation = "Because."
cite = [{ source = "dwp-guide", where = "para 1" }]
colour = "red"
"""

EXERCISES = """
[[exercises]]
id = "one"
title = "One"
minimise = { purpose = "fundraising", fields = ["Name"] }
"""


def parameters() -> str:
    """The real parameters, changed in memory only: the base given as text."""
    text = (PACKAGE / "rounding" / "parameters.toml").read_text(encoding="utf-8")
    assert "\nvalue = 20\n" in text
    return text.replace("\nvalue = 20\n", '\nvalue = "20"\n', 1)


CASES: list[tuple[str, Callable[[], Any], type[DataError], str]] = [
    (
        "sources",
        lambda: parse_sources(tomllib.loads(SOURCES)),
        DataError,
        "wizard/core/sources.toml: sources[0] (dwp-guide): missing 'citing' (expected text)",
    ),
    (
        "purposes",
        lambda: parse_purposes(tomllib.loads(PURPOSES)),
        DataError,
        "wizard/core/purposes.toml: purposes[0] (planning).citation.source: unknown source 'wikipedia'",
    ),
    (
        "flow",
        lambda: parse_flow(
            parse_toml(FLOW.replace('label = "Blue"', "label = 2"), "wizard/toy/flow.toml", FlowError)
        ),
        FlowError,
        "wizard/toy/flow.toml: questions[0].options[1].label: expected text, found 2",
    ),
    (
        "flow cross-reference",
        lambda: parse_flow(tomllib.loads(FLOW.replace('goto = "size"', 'goto = "nowhere"')), file="toy.toml"),
        FlowError,
        "toy.toml: question 'colour', next[0]: goto 'nowhere' is neither a question nor an outcome",
    ),
    (
        "scenarios",
        lambda: parse_scenarios(tomllib.loads(SCENARIOS), "wizard/toy/scenarios.toml"),
        FlowError,
        "wizard/toy/scenarios.toml: scenarios[0] (one).expect.level: expected a whole number, true or "
        "false, or text, found 2.5",
    ),
    (
        "catalogue",
        lambda: parse_catalogue(tomllib.loads(CATALOGUE)),
        CatalogueError,
        "wizard/minimise/fields.toml: fields[0] (name).advice.cite[0]: missing 'where' (expected text)",
    ),
    (
        "rounding parameters",
        lambda: parse_rules(tomllib.loads(parameters())),
        DataError,
        "wizard/rounding/parameters.toml: base.values[0].value: expected a whole number, found '20'",
    ),
    (
        "quiz",
        lambda: parse_quiz(tomllib.loads(QUIZ)),
        TrainingDataError,
        "wizard/training/quiz.toml: questions[0]: has unknown key(s) colour",
    ),
    (
        "exercises",
        lambda: parse_exercises(tomllib.loads(EXERCISES)),
        TrainingDataError,
        "wizard/training/exercises.toml: exercises[0].minimise.purpose: unknown purpose 'fundraising'",
    ),
]


@pytest.mark.parametrize(
    ("load", "error", "message"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_a_broken_file_names_the_file_and_the_key(
    load: Callable[[], Any], error: type[DataError], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        load()


def test_the_small_files_load_once_mended() -> None:
    """The broken examples above are one change away from loading: the message is the only fault."""
    assert parse_sources(tomllib.loads(SOURCES + 'citing = "paragraphs"\n'))[0].citing == "paragraphs"
    assert (
        parse_purposes(tomllib.loads(PURPOSES.replace("wikipedia", "dwp-guide")))[0].citation.source
        == "dwp-guide"
    )
    assert parse_scenarios(tomllib.loads(SCENARIOS.replace("2.5", "2")))[0].values == {"level": 2}
    catalogue = parse_catalogue(
        tomllib.loads(CATALOGUE.replace('"dwp-guide" }', '"dwp-guide", where = "p" }'))
    )
    assert catalogue.field("name").advice.cite[0].where == "p"
    assert parse_quiz(tomllib.loads(QUIZ.replace('colour = "red"\n', ""))).questions[0].answer == "a"
    assert (
        parse_exercises(tomllib.loads(EXERCISES.replace("fundraising", "planning")))[0].minimise is not None
    )


def test_a_packaged_flow_that_is_missing_is_named() -> None:
    with pytest.raises(FlowError, match=re.escape("wizard/core/flow.toml cannot be read")):
        load_flow("core")
