"""Shared pieces of the fuzz tests: how many examples, junk strategies, and what a crash looks like.

``FUZZ_EXAMPLES`` (default 400) is the number of generated cases per wizard or subcommand and per
test; set it higher for a long hunt, e.g. ``FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest
tests/test_fuzz_web.py``. A failure prints the smallest case Hypothesis found, which can be pasted
into a unit test.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "400"))

fuzz_settings = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # a shared 2-core machine makes single calls slow now and then
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

#: Text that must come back escaped if it comes back at all: raw, it would be markup we did not write.
PROBE = '<b data-fuzz-probe="1">'

#: Pieces that break naive parsing of query strings, CSV and numbers.
NASTY = [
    "",
    " ",
    "%",
    "%Z",
    "%ZZ",
    "%00",
    "%FF",
    "%C3%28",
    "%E2%82",
    "%u0041",
    "%%",
    "+",
    "&",
    "=",
    "&&==",
    ";",
    "#",
    "?",
    "\x00",
    "\r\n",
    "\ufeff",
    "\u202e",
    "ｘ",
    "😀",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9" * 40,
    '"',
    "'",
    "\\",
    "</script>",
    PROBE,
    "None",
    "[]",
    "{}",
]

nasty_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=5), max_size=6).map("".join),
)

#: Long values now and then (a pasted spreadsheet, a URL that grew).
huge_text = st.integers(min_value=10_000, max_value=200_000).flatmap(
    lambda size: st.sampled_from(["x", "9", "%", "a=b&", "é", "\n", ","]).map(lambda piece: piece * size)
)

any_text = st.one_of(nasty_text, nasty_text, nasty_text, huge_text)

TRACEBACK = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]*\", line \d+|"
    r"\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)(?:\(|: )"
)


def crash_text(text: str) -> str | None:
    """The part of ``text`` that looks like Python's own error output, if any."""
    found = TRACEBACK.search(text)
    return text[max(0, found.start() - 80) : found.end() + 80] if found else None
