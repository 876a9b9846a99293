"""WCAG 2.2 A and AA in Chromium: axe-core on every page and every wizard state, in both colour
schemes, and every wizard driven with the keyboard alone.

axe finds about a third of WCAG failures by itself (contrast, names, roles, structure); the
keyboard test adds reachability and focus handling. What neither covers (screen-reader output,
plain language, zoom and reflow by eye) is listed in docs/reference/accessibility.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    COLOUR_SCHEMES,
    AxeFinding,
    Exclusion,
    Server,
    axe_findings,
    block_worker,
    describe,
    focused_element,
    hold_runtime,
    reach_state,
    set_colour_scheme,
    site_pages,
    wait_for_state,
    wait_until_ready,
    wizard_pages,
)
from tests.browser.wizard_states import WIZARD_STATES, shared_link_query
from wizard.registry import names

pytestmark = pytest.mark.browser

#: Findings caused by Material for MkDocs itself that no configuration or small override fixes:
#: (axe rule, regex for the element's selector, why). Keep each one as narrow as possible.
MATERIAL_EXCLUSIONS: tuple[Exclusion, ...] = ()


def audit(page: Any, where: str) -> list[AxeFinding]:
    """axe in each colour scheme, on the page as it is now."""
    findings: list[AxeFinding] = []
    for scheme in COLOUR_SCHEMES:
        set_colour_scheme(page, scheme)
        findings += axe_findings(page, f"{where} [{scheme}]", MATERIAL_EXCLUSIONS)
    return findings


def test_every_page_passes_axe_in_both_colour_schemes(
    browser: Any, site_server: Server, built_site: Path
) -> None:
    pages = site_pages(built_site)
    assert "index.html" in pages and "404.html" in pages
    context = browser.new_context()
    page = context.new_page()
    hold_runtime(page)  # tool pages show their first view; their other states are tested below
    findings: list[AxeFinding] = []
    for path in pages:
        page.goto(site_server.url(path))
        findings += audit(page, path)
    context.close()
    assert not findings, describe(findings)


@pytest.mark.parametrize("name", names())
def test_every_wizard_state_passes_axe_in_both_colour_schemes(
    name: str, browser: Any, site_server: Server, built_site: Path
) -> None:
    path = wizard_pages(built_site).get(name)
    assert path, f"no page of the site hosts the wizard {name!r}"
    context = browser.new_context()
    page = context.new_page()
    held = hold_runtime(page)
    page.goto(site_server.url(path))
    assert container_state(page, name) == "loading"
    findings = audit(page, f"{path} {name}: loading")

    shared = context.new_page()
    hold_runtime(shared)  # (never released: the page stays in the state being audited)
    shared.goto(site_server.url(f"{path}?{shared_link_query(name)}"))
    shared.locator(f'[data-wizard="{name}"][data-pending="result"]').wait_for(state="attached")
    findings += audit(shared, f"{path} {name}: working out")
    shared.close()

    held.release()
    wait_until_ready(page, name)
    findings += audit(page, f"{path} {name}: ready")
    for state in WIZARD_STATES.get(name, ()):
        reach_state(page, name, state)
        findings += audit(page, f"{path} {name}: {state.name}")

    failing = context.new_page()
    block_worker(failing)
    failing.goto(site_server.url(path))
    assert wait_for_state(failing, name, ("error",), 30_000) == "error"
    findings += audit(failing, f"{path} {name}: failed")
    context.close()
    assert not findings, describe(findings)


@pytest.mark.parametrize("name", names())
def test_every_wizard_works_by_keyboard_and_focus_follows_each_new_view(
    name: str, browser: Any, site_server: Server, built_site: Path
) -> None:
    """Tab to each control from where focus is, use it with Enter, Space, arrows or typing, and
    after each new view the focus is on its heading (or the element it marks with data-focus)."""
    path = wizard_pages(built_site).get(name)
    assert path, f"no page of the site hosts the wizard {name!r}"
    states = WIZARD_STATES.get(name, ())
    assert states, f"wizard {name!r} has no states in tests/browser/wizard_states.py"
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server.url(path))
    wait_until_ready(page, name)
    for number, state in enumerate(states):
        # The first state starts from the top of the freshly loaded page, as a visitor does.
        reach_state(page, name, state, keyboard=True, fresh=number == 0)
        focus = focused_element(page)
        assert focus["inView"] == "true" and (
            focus["marked"] == "true" or focus["tag"] in ("h1", "h2", "legend")
        ), f"wizard {name}, state {state.name!r}: focus is on {focus}, not the new view's heading"
    context.close()


def container_state(page: Any, name: str) -> str:
    state: str = page.locator(f'[data-wizard="{name}"]').get_attribute("data-state")
    return state


def test_links_under_focus_and_the_pointer_keep_their_contrast(browser: Any, site_server: Server) -> None:
    # The theme's accent, which Material gives a hovered or focused link, is below 4.5:1 in both
    # schemes; axe reads the styles of the moment, so the link is focused, then hovered.
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_server.url(f"tools/triage.html?{shared_link_query('triage')}"))
    wait_until_ready(page, "triage")
    link = page.locator("[data-wizard=triage] a[data-download]").first
    link.wait_for(timeout=60_000)
    findings: list[AxeFinding] = []
    for how in ("focus", "hover"):
        for scheme in COLOUR_SCHEMES:
            set_colour_scheme(page, scheme)
            link.focus() if how == "focus" else link.hover()
            findings += axe_findings(
                page, f"triage outcome, link under {how} [{scheme}]", MATERIAL_EXCLUSIONS
            )
    context.close()
    assert not findings, describe(findings)
