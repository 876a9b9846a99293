"""Which guidance a table is shared under (guidance.toml beside this file), and what the notes say.

The rounding is the same whichever is chosen; the choice decides what the page and the download
say about the rule: the Work Programme's chapter 21 as history, Restart's provider guidance as
"check Annex 7.6 and your contract" (its content is not verified), or "check your contract".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from wizard.core.data import read_data


@dataclass(frozen=True)
class Guidance:
    id: str
    label: str  # the option on the page
    hint: str  # under the option
    note: str  # goes with the table in the download
    short: str  # a phrase for the command line's summary


#: What the command line assumes when ``--guidance`` is not given.
DEFAULT_ID = "other"


@cache
def all_guidance() -> tuple[Guidance, ...]:
    """Every choice, in the order the page lists them. Raises DataError if the file is malformed."""
    top = read_data("wizard.rounding", "guidance.toml")
    found = []
    for item in top.tables("guidance"):
        found.append(
            Guidance(
                item.text("id"),
                item.text("label"),
                item.prose("hint"),
                item.prose("note"),
                item.text("short"),
            )
        )
        item.done()
    top.done()
    return tuple(found)


def guidance(guidance_id: str) -> Guidance:
    """The choice with this id. Raises KeyError for an unknown one."""
    for item in all_guidance():
        if item.id == guidance_id:
            return item
    raise KeyError(guidance_id)
