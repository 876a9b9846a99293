"""Every flow file passes the JSON Schema, and the schema refuses what the loader refuses."""

from __future__ import annotations

import tomllib

import jsonschema
import pytest

from tests.flow.test_engine import BASE
from tools import check_flows


def test_every_flow_file_passes_the_schema_loads_strictly_and_has_no_problems() -> None:
    assert check_flows.flow_files(), "no flow files found"
    assert check_flows.check_all() == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('start = "colour"', ""),  # a required key
        ('title = "Done"', 'title = "Done"\ncolour = "x"'),  # an unknown key
        ('source = "wp-ch21"', 'source = "wikipedia"'),  # an unknown source
        ('{ q = "size", in = ["not_sure"] }', '{ q = "size", like = "x" }'),  # not a condition
        ('id = "size"', 'id = "at"'),  # a question id the address keeps for itself
        (', cite = [{ source = "idea-2010", where = "y" }]', ""),  # a verdict case without a citation
    ],
)
def test_schema_refuses_broken_flows(old: str, new: str) -> None:
    assert old in BASE
    data = tomllib.loads(BASE.replace(old, new, 1))
    assert list(jsonschema.Draft202012Validator(check_flows.schema()).iter_errors(data))


def test_schema_accepts_the_engine_test_flow() -> None:
    jsonschema.validate(tomllib.loads(BASE), check_flows.schema())
