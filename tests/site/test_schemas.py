"""Every JSON Schema lives in tools/schemas/, is a valid Draft 2020-12 schema, is used, and every
data file passes its schema (the build checks the same in tools/check_data.py)."""

from __future__ import annotations

import copy
import datetime
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tools import case_studies, check_data, glossary, json_schemas, links
from tools.paths import DOCS, PACKAGE
from wizard.core.purposes import purposes
from wizard.core.sources import SOURCES

SCHEMA_NAMES = [path.name for path in json_schemas.schema_files()]


def caller_lists() -> dict[str, list[str]]:
    """The lists that the tools pass for their own schemas (beyond the registries')."""
    groups = case_studies.load_vocabulary(DOCS)
    return {
        "case-study-tags": [tag.id for group in groups for tag in group.tags],
        "link-statuses": [status.value for status in links.Status],
    }


def raw(relative: str) -> dict[str, Any]:
    return tomllib.loads((PACKAGE / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_each_schema_file_is_a_valid_draft_2020_12_schema_with_its_own_name_as_id(name: str) -> None:
    schema = json_schemas.schema(name, caller_lists())
    assert schema["$id"] == name and schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    for other in json_schemas.referenced_files(json_schemas.read_file(name)):
        assert other in schema["$defs"], f"{name} refers to {other} but does not carry it"


def test_every_schema_file_is_used() -> None:
    used = {*check_data.DATA_FILES.values(), links.SCHEMA, glossary.SCHEMA, case_studies.SCHEMA}
    pending = list(used)
    while pending:
        for other in json_schemas.referenced_files(json_schemas.read_file(pending.pop())):
            if other not in used:
                used.add(other)
                pending.append(other)
    assert sorted(used) == SCHEMA_NAMES


def test_every_package_data_file_has_a_schema_passes_it_and_loads() -> None:
    assert check_data.unchecked() == []
    assert len(check_data.data_files()) >= 8
    assert check_data.check_all() == []


def test_the_source_keys_and_purpose_ids_in_the_schemas_come_from_the_registries() -> None:
    citation = json_schemas.schema("citation.schema.json")
    assert citation["$defs"]["source"]["enum"] == list(SOURCES)
    fields = json_schemas.schema("fields.schema.json")
    purposes_enum = fields["properties"]["fields"]["items"]["properties"]["purposes"]["propertyNames"]["enum"]
    assert purposes_enum == [item.id for item in purposes()]
    assert fields["$defs"]["citation.schema.json"]["$defs"]["source"]["enum"] == list(SOURCES)


def test_a_bundled_schema_resolves_its_references_with_plain_jsonschema() -> None:
    data = raw("core/purposes.toml")
    jsonschema.validate(data, json_schemas.schema("purposes.schema.json"))
    data["purposes"][0]["citation"]["source"] = "wikipedia"
    with pytest.raises(jsonschema.ValidationError, match="'wikipedia' is not one of"):
        jsonschema.validate(data, json_schemas.schema("purposes.schema.json"))


def edited(relative: str, change: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw(relative))
    change(data)
    return data


BROKEN = [
    ("core/sources.toml", "sources.schema.json", lambda d: d["sources"][0].update(colour="red")),
    ("core/sources.toml", "sources.schema.json", lambda d: d["sources"][0].pop("name")),
    ("core/purposes.toml", "purposes.schema.json", lambda d: d["purposes"][0]["citation"].pop("where")),
    (
        "rounding/parameters.toml",
        "parameters.schema.json",
        lambda d: d["base"]["values"][0].update(value="20"),
    ),
    (
        "rounding/parameters.toml",
        "parameters.schema.json",
        lambda d: d["base"]["values"][0].update(start="2012"),
    ),
    ("rounding/parameters.toml", "parameters.schema.json", lambda d: d["ties"].update(where="somewhere")),
    ("rounding/parameters.toml", "parameters.schema.json", lambda d: d["drift"].update(source="site")),
    ("rounding/parameters.toml", "parameters.schema.json", lambda d: d["base"].pop("limits")),
    ("rounding/parameters.toml", "parameters.schema.json", lambda d: d["measures"][0].update(kind="count")),
    ("training/quiz.toml", "quiz.schema.json", lambda d: d["questions"][0].update(ask="guess")),
    (
        "training/quiz.toml",
        "quiz.schema.json",
        lambda d: next(q for q in d["questions"] if q["ask"] == "level").update(text="extra"),
    ),
    (
        "training/quiz.toml",
        "quiz.schema.json",
        lambda d: next(q for q in d["questions"] if q["ask"] == "choice").pop("cite"),
    ),
    (
        "training/exercises.toml",
        "exercises.schema.json",
        lambda d: d["exercises"][0]["minimise"].update(purpose="x"),
    ),
    ("triage/scenarios.toml", "scenarios.schema.json", lambda d: d["scenarios"][0].update(answers={})),
    (
        "triage/scenarios.toml",
        "scenarios.schema.json",
        lambda d: d["scenarios"][0]["expect"].update(level=2.5),
    ),
]


@pytest.mark.parametrize(("relative", "schema", "change"), BROKEN)
def test_the_new_schemas_refuse_broken_data(relative: str, schema: str, change: Any) -> None:
    assert json_schemas.errors(raw(relative), schema) == []
    assert json_schemas.errors(edited(relative, change), schema)


def test_the_exercises_schema_needs_a_triage_scenario_or_a_minimise_task() -> None:
    data = edited("training/exercises.toml", lambda d: d["exercises"][1].pop("triage"))
    assert "minimise" not in raw("training/exercises.toml")["exercises"][1]
    assert json_schemas.errors(data, "exercises.schema.json")


def test_a_schema_naming_an_unknown_list_or_breaking_the_meta_schema_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_schemas, "SCHEMAS", tmp_path)
    (tmp_path / "bad.schema.json").write_text(json.dumps({"$id": "bad.schema.json", "type": 5}), "utf-8")
    (tmp_path / "odd.schema.json").write_text(
        json.dumps({"$id": "odd.schema.json", "x-enum-from": "nope"}), "utf-8"
    )
    (tmp_path / "wrong.schema.json").write_text(json.dumps({"$id": "other.schema.json"}), "utf-8")
    with pytest.raises(json_schemas.SchemaFileError, match=r"bad\.schema\.json is not a valid Draft 2020-12"):
        json_schemas.schema("bad.schema.json")
    with pytest.raises(json_schemas.SchemaFileError, match=r"'nope' is not a known list"):
        json_schemas.schema("odd.schema.json")
    with pytest.raises(json_schemas.SchemaFileError, match=r"whose \$id is 'wrong\.schema\.json'"):
        json_schemas.schema("wrong.schema.json")
    assert json_schemas.schema("odd.schema.json", {"nope": ["a"]})["enum"] == ["a"]


def test_the_build_check_names_a_broken_data_file_and_one_without_a_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "sources.toml").write_text("[[sources]]\nkey = 5\n", "utf-8")
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "new.toml").write_text("a = 1\n", "utf-8")
    monkeypatch.setattr(check_data, "PACKAGE", tmp_path)
    monkeypatch.setattr(check_data, "ROOT", tmp_path)
    with pytest.raises(SystemExit) as stopped:
        check_data.verify()
    message = str(stopped.value)
    assert "core/sources.toml: sources/0/key: 5 is not of type 'string'" in message
    assert "extra/new.toml: no schema for this data file" in message


def test_a_toml_date_is_the_only_kind_of_start_a_parameter_takes() -> None:
    schema = json_schemas.schema("parameters.schema.json")
    date = schema["$defs"]["date"]
    jsonschema.validate(datetime.date(2012, 6, 1), date)
    for wrong in ("2012-06-01", 20120601, None, [], {}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, date)
