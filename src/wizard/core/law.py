"""The provisions of today's law the tools cite (core/law.toml): labels and legislation.gov.uk links.

A verdict or note names a provision by id (``law = ["wra2012-s131"]``); the page shows its label
as a link to the current revised text. Which provision is cited for what rests on the research
notes (see the data file's header); this module only reads the registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from wizard.core.data import Table, as_table, file_label, read_data

PACKAGE = "wizard.core"
FILE = "law.toml"


@dataclass(frozen=True)
class Provision:
    """One provision: a stable id, how it is named on the page, and its address (None for law
    made by the courts, which has no text to link to)."""

    id: str
    label: str
    url: str | None


def parse_law(
    data: Mapping[str, Any] | Table, file: str = file_label(PACKAGE, FILE)
) -> tuple[Provision, ...]:
    """The registry from decoded TOML (``[[provisions]]``), in file order.

    Raises DataError naming the file and key for a missing, mistyped or unknown key, an id used
    twice, or an address that is not on legislation.gov.uk, ico.org.uk or gov.uk over https.
    """
    top = as_table(data, file)
    found: dict[str, Provision] = {}
    for item in top.tables("provisions", named_by="id"):
        url = item.text("url", "") or None
        if url is not None and not url.startswith(
            ("https://www.legislation.gov.uk/", "https://ico.org.uk/", "https://www.gov.uk/")
        ):
            raise item.fail("must be an https address on legislation.gov.uk, ico.org.uk or gov.uk", "url")
        provision = Provision(item.text("id"), item.text("label"), url)
        item.done()
        if provision.id in found:
            raise item.fail(f"the id {provision.id!r} is used twice", "id")
        found[provision.id] = provision
    top.done()
    return tuple(found.values())


@cache
def provisions() -> Mapping[str, Provision]:
    """Every provision by id (read once)."""
    return MappingProxyType({item.id: item for item in parse_law(read_data(PACKAGE, FILE))})
