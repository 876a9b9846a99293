"""The hierarchy-of-shareability figure: real text, the right requirements, readable colours.

The figure on guidance/hierarchy.md is HTML styled by a marked section of site.css. These tests
read both files (no build needed) and check what a reader depends on: the five levels in order,
what each level needs (DWP guide, paragraphs 47-48), and WCAG contrast for every colour pair
in the light scheme, the dark (slate) scheme and print.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "guidance" / "hierarchy.md"
CSS = ROOT / "docs" / "assets" / "stylesheets" / "site.css"

BEGIN = "BEGIN hierarchy-of-shareability figure"
END = "END hierarchy-of-shareability figure"


class FigureParser(HTMLParser):
    """Collects each level's name and the text of each of its requirement badges."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[dict[str, list[str] | str]] = []
        self.tags: list[str] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        classes = (dict(attrs).get("class") or "").split()
        if "shareability__level" in classes:
            self.levels.append({"name": "", "needs": []})
        elif "shareability__name" in classes:
            self._field = "name"
        elif "shareability__need" in classes:
            self._field = "need"
            needs = self.levels[-1]["needs"]
            assert isinstance(needs, list)
            needs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li"):
            self._field = None

    def handle_data(self, data: str) -> None:
        if self._field == "name":
            self.levels[-1]["name"] = str(self.levels[-1]["name"]) + data
        elif self._field == "need":
            needs = self.levels[-1]["needs"]
            assert isinstance(needs, list)
            needs[-1] += data


def figure_html() -> str:
    text = PAGE.read_text(encoding="utf-8")
    match = re.search(r'<figure class="shareability".*?</figure>', text, re.S)
    assert match, "the hierarchy page has no shareability figure"
    return match.group(0)


def parsed_figure() -> FigureParser:
    parser = FigureParser()
    parser.feed(figure_html())
    return parser


def test_figure_lists_five_levels_in_order_as_text() -> None:
    parser = parsed_figure()
    names = [str(level["name"]) for level in parser.levels]
    assert [name.split(":")[0] for name in names] == [f"Level {n}" for n in range(1, 6)]
    assert "published" in names[0]
    assert "aggregate" in names[1]
    assert "anonymised data for research" in names[2]
    assert "non-anonymised data for research" in names[3]
    assert "operational" in names[4]
    # Text, not a picture of text.
    assert not {"img", "svg", "canvas", "object"} & set(parser.tags)


def test_each_level_states_what_it_needs() -> None:
    needs = [[str(n).lower() for n in level["needs"]] for level in parsed_figure().levels]
    assert needs[0] == ["no business case needed"]
    for level in needs[1:]:
        assert any("dsam" in need for need in level)
    for number, level in enumerate(needs, start=1):
        needs_authority = any("lawful authority" in need for need in level)
        assert needs_authority == (number >= 4), f"level {number}"


def figure_css() -> str:
    css = CSS.read_text(encoding="utf-8")
    start, end = css.index(BEGIN), css.index(END)
    return css[start:end]


def palette(selector_pattern: str) -> dict[str, str]:
    """The --sh-* colours declared in the first block whose selector matches the pattern."""
    match = re.search(selector_pattern + r"\s*\{(.*?)\}", figure_css(), re.S)
    assert match, selector_pattern
    colours = dict(re.findall(r"--sh-([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", match.group(1)))
    assert colours, f"no colours in {selector_pattern}"
    return colours


SCHEMES = {
    "light": r"(?m)^\.md-typeset \.shareability",
    "dark": r'(?m)^\[data-md-color-scheme="slate"\] \.md-typeset \.shareability',
    "print": r'\.md-typeset \.shareability,\s*\[data-md-color-scheme="slate"\] \.md-typeset \.shareability',
}

ROWS = ["l1", "l2", "l3", "l4", "l5"]
# (foreground, background, minimum ratio): 4.5 for text, 3 for the borders that outline badges.
PAIRS = (
    [("text", "bg", 4.5), ("text", "badge-bg", 4.5), ("on-accent", "accent", 4.5)]
    + [("text", row, 4.5) for row in ROWS]
    + [("muted", row, 4.5) for row in ROWS]
    + [("accent", row, 3.0) for row in ROWS]
    + [("accent", "badge-bg", 3.0)]
)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_colour_pair_is_readable(scheme: str) -> None:
    colours = palette(SCHEMES[scheme])
    failures = [
        f"{fg} on {bg}: {contrast(colours[fg], colours[bg]):.2f} < {minimum}"
        for fg, bg, minimum in PAIRS
        if contrast(colours[fg], colours[bg]) < minimum
    ]
    assert not failures, f"{scheme}: {failures}"
