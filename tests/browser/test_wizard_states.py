"""The state table the browser gates drive (wizard_states.py) covers every wizard of the site.

No browser needed: it reads the registry, the built pages and each wizard's first view. A wizard
merged without an entry fails here with instructions, instead of being silently left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.browser.conftest import wizard_pages
from tests.browser.wizard_states import WIZARD_STATES
from wizard import registry
from wizard.web import initial_html

HOW_TO_ADD = "see the docstring of tests/browser/wizard_states.py for how to add one"
#: Elements that ask a person for something, so leaving them empty is an error to show.
QUESTION = re.compile(r"<(input(?![^>]*type=\"(?:hidden|submit|button)\")|select|textarea)\b")


def test_every_registered_wizard_is_on_a_page_of_the_site(built_site: Path) -> None:
    hosted = wizard_pages(built_site)
    assert sorted(hosted) == registry.names(), (
        f"registered: {registry.names()}; on pages: {sorted(hosted)} (a tool page needs front matter "
        '`wizard: NAME` and `<div data-wizard="NAME"></div>`)'
    )


def test_every_wizard_declares_its_states_for_the_browser_gates() -> None:
    missing = sorted(set(registry.names()) - set(WIZARD_STATES))
    assert not missing, f"wizards with no entry in WIZARD_STATES: {missing}; {HOW_TO_ADD}"
    unknown = sorted(set(WIZARD_STATES) - set(registry.names()))
    assert not unknown, f"WIZARD_STATES names wizards that are not registered: {unknown}"
    for name, states in WIZARD_STATES.items():
        kinds = [state.kind for state in states]
        assert "outcome" in kinds, f"wizard {name!r} declares no outcome state; {HOW_TO_ADD}"
        if QUESTION.search(initial_html(name)):
            assert "error" in kinds, (
                f"wizard {name!r} asks a question in its first view but declares no error state "
                f"(submit without answering); {HOW_TO_ADD}"
            )
        names = [state.name for state in states]
        assert len(set(names)) == len(names), f"wizard {name!r}: state names repeat"
        assert not {"loading", "ready", "failed"} & set(names), f"{name}: those states are built in"
        for state in states:
            assert state.steps or state.query, f"{name}/{state.name}: no steps and no address"
            for step in state.steps:
                if step.action == "upload":
                    assert step.value and step.content, f"{name}/{state.name}: {step} needs a file"


def test_the_question_detector_tells_questions_from_buttons() -> None:
    assert QUESTION.search('<input type="radio" name="a" value="1">')
    assert QUESTION.search('<select name="level"><option>Ward</option></select>')
    assert not QUESTION.search('<button type="submit">Run the check</button>')
    assert not QUESTION.search('<input type="hidden" name="step" value="2">')
