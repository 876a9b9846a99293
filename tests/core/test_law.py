"""The registry of today's legal provisions (core/law.toml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wizard.core.data import DataError
from wizard.core.law import parse_law, provisions

LINKS = Path(__file__).resolve().parents[2] / "docs" / "_data" / "links.yml"


def test_every_provision_address_is_a_live_entry_of_the_link_registry() -> None:
    registered = {
        entry["url"]: entry
        for entry in yaml.safe_load(LINKS.read_text(encoding="utf-8"))["links"]
        if "url" in entry
    }
    for provision in provisions().values():
        if provision.url is not None:
            assert provision.url in registered, f"{provision.id}: {provision.url} is not in links.yml"
            assert registered[provision.url]["status"] == "live"


def test_ids_are_unique_and_labels_name_the_act_or_article() -> None:
    known = provisions()
    assert len(known) >= 25
    assert all(p.label.strip() for p in known.values())


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[[provisions]]\nid = "a"\nlabel = "A"\nurl = "http://example.org/"', "url"),
        ('[[provisions]]\nid = "a"\nlabel = "A"\n[[provisions]]\nid = "a"\nlabel = "B"', "used twice"),
        ('[[provisions]]\nid = "a"', "label"),
        ('[[provisions]]\nid = "a"\nlabel = "A"\nlink = "x"', "unknown key"),
    ],
)
def test_a_broken_registry_is_refused_naming_the_key(text: str, problem: str) -> None:
    import tomllib

    with pytest.raises(DataError, match=problem):
        parse_law(tomllib.loads(text), "law.toml")
