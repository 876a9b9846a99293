"""Our stylesheets are well formed: every block closes, and no rule hides inside another.

A lost closing brace (easily dropped when two branches' additions to site.css are merged) is not
an error to a browser: since CSS nesting, everything after it silently becomes part of the open
rule, and the styles there stop applying (error colours, focus outlines, the dark scheme's
fixes). We write flat CSS, so a style rule inside a style rule always means a missing brace.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OWN_STYLESHEETS = sorted((ROOT / "docs").rglob("*.css"))
#: At-rules whose blocks hold rules; any other block holds declarations only.
GROUPING = re.compile(r"@(media|supports|layer|container|document|scope)\b")
COMMENT_OR_STRING = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.DOTALL)


def problems(css: str) -> list[str]:
    """Unclosed, unopened and nested blocks, each with the line it starts on."""
    # Blank out comments and strings (keeping line breaks) so their braces do not count.
    text = COMMENT_OR_STRING.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), css)
    found: list[str] = []
    open_blocks: list[tuple[bool, int, str]] = []  # (holds rules, line, prelude)
    prelude_start = 0
    for position, char in enumerate(text):
        if char not in "{};":
            continue
        line = text.count("\n", 0, position) + 1
        prelude = " ".join(text[prelude_start:position].split())
        prelude_start = position + 1
        if char == "{":
            if open_blocks and not open_blocks[-1][0]:
                found.append(
                    f"line {line}: '{prelude}' opens inside '{open_blocks[-1][2]}' "
                    f"(line {open_blocks[-1][1]}): a closing brace is missing before it"
                )
            open_blocks.append((bool(GROUPING.match(prelude)), line, prelude))
        elif char == "}":
            if not open_blocks:
                found.append(f"line {line}: '}}' closes nothing")
            else:
                open_blocks.pop()
    found += [f"line {line}: '{prelude}' is never closed" for _, line, prelude in open_blocks]
    return found


@pytest.mark.parametrize("path", OWN_STYLESHEETS, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_our_stylesheets_are_well_formed(path: Path) -> None:
    found = problems(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}:\n  " + "\n  ".join(found)


def test_a_missing_brace_is_found_where_it_was_lost() -> None:
    css = (
        '.a { color: red; }\n.b { content: "}"; /* } */\n.c { color: blue; }\n'
        "@media print { .d { display: none; } }\n"
    )
    assert problems(css) == [
        "line 3: '.c' opens inside '.b' (line 2): a closing brace is missing before it",
        "line 4: '@media print' opens inside '.b' (line 2): a closing brace is missing before it",
        "line 2: '.b' is never closed",
    ]
    assert problems(".a { color: red; }\n}") == ["line 2: '}' closes nothing"]
    assert problems('@media print { .d { background: url("x{y}.png"); } }') == []
