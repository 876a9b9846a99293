"""Put each wizard's first view into its page at build time, so it shows before Python starts.

A page asks for a wizard with ``<div data-wizard="NAME"></div>`` in its Markdown (and
``wizard: NAME`` in its front matter, which makes the page load the loader). This step replaces
the placeholder with the wizard's container: a status line and the first view, rendered by the
same Python function the browser runs later.
"""

from __future__ import annotations

import re

from wizard.core.markup import Markup, tag
from wizard.web import initial_html, printed_html

PLACEHOLDER = re.compile(r'<div data-wizard="(?P<name>[a-z0-9_-]+)">\s*</div>')
#: ``<div data-wizard-printed="NAME"></div>``: the wizard's steps as plain text (for printing, or
#: when Python cannot run), from the same flow data the tool uses.
PRINTED = re.compile(r'<div data-wizard-printed="(?P<name>[a-z0-9_-]+)">\s*</div>')

LOADING_MESSAGE = (
    "Starting Python in your browser so this tool can work. It takes a few seconds; "
    "you can read the page and answer the first question meanwhile."
)


def container(name: str) -> Markup:
    return tag(
        "div",
        tag("p", LOADING_MESSAGE, class_="wizard__status", role="status", aria_live="polite"),
        tag(
            "noscript",
            tag(
                "p",
                "This tool needs JavaScript. The guidance pages of this site work without it.",
                class_="wizard__noscript",
            ),
        ),
        tag("div", Markup(initial_html(name)), class_="wizard__body"),
        class_="wizard",
        data_wizard=name,
        data_state="loading",
        aria_busy="true",
    )


def render_placeholders(html: str) -> str:
    """Replace every wizard placeholder in a page's HTML with the rendered container."""
    html = PRINTED.sub(lambda match: printed_html(match.group("name")), html)
    return PLACEHOLDER.sub(lambda match: container(match.group("name")), html)
