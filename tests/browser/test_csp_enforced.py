"""The Content-Security-Policy every page carries (tools/csp.py) is enforced, and each wizard works
under it: driven through all its declared states with no violation reported."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import WizardUse
from tests.browser.wizard_states import WIZARD_STATES
from wizard.registry import names

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", names())
def test_wizard_works_under_the_policy_without_violations(name: str, wizard_use: Any) -> None:
    use: WizardUse = wizard_use(name)
    assert use.states_reached == [state.name for state in WIZARD_STATES.get(name, ())]
    assert use.csp_violations == [], f"{name} on {use.page}: {use.csp_violations}"
    assert use.csp_console_messages == [], f"{name} on {use.page}: {use.csp_console_messages}"


@pytest.mark.parametrize("name", names())
def test_policy_is_enforced_and_violations_are_seen_on_the_wizard_page(name: str, wizard_use: Any) -> None:
    """The control for the test above: an inline script injected into the same page is blocked,
    and the recorder reports it, so 'no violations' means none happened."""
    use: WizardUse = wizard_use(name)
    assert not use.injected_script_ran
    assert any(
        report.startswith("script-src-elem blocked inline") for report in use.injected_script_reports
    ), use.injected_script_reports
