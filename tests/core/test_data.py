"""The typed reader for package data files: each getter, and every error naming file and key."""

from __future__ import annotations

import datetime
import re

import pytest

from wizard.core.data import DataError, Table, as_table, file_label, parse_toml, read_data

FILE = "wizard/demo/things.toml"

TEXT = """
name = "Blue"
blank = "  "
notes = '''
written over
several   lines'''
count = 3
negative = -1
on = true
day = 2012-06-01
moment = 2012-06-01T09:30:00
colour = "red"
tags = ["a", "b"]
empty = []
numbers = [1, 2, 3]
mixed = [1, "two"]
value = 7
table = { inner = "x" }

[[items]]
id = "first"
size = 1

[[items]]
id = "second"
size = "big"

[labels]
one = "One"
two = "Two"
"""


def top() -> Table:
    return parse_toml(TEXT, FILE)


def fails(message: str) -> pytest.RaisesContext[DataError]:
    return pytest.raises(DataError, match=re.escape(message))


class Special(DataError):
    pass


def test_text_and_prose() -> None:
    table = top()
    assert table.text("name") == "Blue"
    assert table.text("absent", "fallback") == "fallback"
    assert table.prose("notes") == "written over several lines"
    with fails(f"{FILE}: blank: expected text, found an empty text"):
        table.text("blank")
    with fails(f"{FILE}: count: expected text, found 3"):
        table.text("count")
    with fails(f"{FILE}: missing 'absent' (expected text)"):
        table.text("absent")


def test_choice_names_the_options() -> None:
    table = top()
    assert table.choice("colour", ["red", "green"]) == "red"
    with fails(f"{FILE}: colour: 'red' is not one of green, blue"):
        table.choice("colour", ["green", "blue"])


def test_integer_refuses_true_false_text_and_too_small() -> None:
    table = top()
    assert table.integer("count") == 3
    assert table.integer("absent", 5) == 5
    assert table.integer("count", minimum=3) == 3
    with fails(f"{FILE}: on: expected a whole number, found True"):
        table.integer("on")
    with fails(f"{FILE}: name: expected a whole number, found 'Blue'"):
        table.integer("name")
    with fails(f"{FILE}: negative: expected a whole number of at least 0, found -1"):
        table.integer("negative", minimum=0)


def test_flag_refuses_a_number() -> None:
    table = top()
    assert table.flag("on") is True
    assert table.flag("absent") is False
    with fails(f"{FILE}: count: expected true or false, found 3"):
        table.flag("count")


def test_date_refuses_text_and_a_date_with_a_time() -> None:
    table = top()
    assert table.date("day") == datetime.date(2012, 6, 1)
    with fails(f"{FILE}: moment: expected a date (YYYY-MM-DD), found datetime.datetime(2012, 6, 1, 9, 30)"):
        table.date("moment")
    with fails(f"{FILE}: name: expected a date (YYYY-MM-DD), found 'Blue'"):
        table.date("name")


def test_scalar_takes_a_number_true_false_or_text_and_nothing_else() -> None:
    table = top()
    assert table.scalar("value") == 7 and table.scalar("on") is True and table.scalar("name") == "Blue"
    assert table.scalar("absent") is None
    with fails(f"{FILE}: tags: expected a whole number, true or false, or text, found a list"):
        table.scalar("tags")


def test_lists_of_texts_and_of_numbers() -> None:
    table = top()
    assert table.texts("tags") == ("a", "b")
    assert table.texts("empty", at_least=0) == ()
    assert table.texts("absent", required=False) == ()
    assert table.integers("numbers", at_least=3) == (1, 2, 3)
    with fails(f"{FILE}: empty: expected a list of at least 1 entry, found 0"):
        table.texts("empty")
    with fails(f"{FILE}: mixed[0]: expected text, found 1"):
        table.texts("mixed")
    with fails(f"{FILE}: mixed[1]: expected a whole number, found 'two'"):
        table.integers("mixed")
    with fails(f"{FILE}: numbers: expected a list of at least 4 entries, found 3"):
        table.integers("numbers", at_least=4)
    with fails(f"{FILE}: name: expected a list, found 'Blue'"):
        table.texts("name")


def test_nested_tables_carry_their_place_into_messages() -> None:
    table = top()
    inner = table.table("table")
    with fails(f"{FILE}: table.inner: expected a whole number, found 'x'"):
        inner.integer("inner")
    with fails(f"{FILE}: table: missing 'other' (expected text)"):
        inner.text("other")
    first, second = table.tables("items")
    assert first.integer("size") == 1
    with fails(f"{FILE}: items[1].size: expected a whole number, found 'big'"):
        second.integer("size")
    named = table.tables("items", named_by="id")
    with fails(f"{FILE}: items[1] (second).size: expected a whole number, found 'big'"):
        named[1].integer("size")
    with fails(f"{FILE}: name: expected a table, found 'Blue'"):
        table.table("name")
    with fails(f"{FILE}: tags[0]: expected a table, found 'a'"):
        table.tables("tags")
    assert table.optional_table("absent") is None
    assert table.tables("absent", required=False) == []


def test_iterating_gives_the_keys_in_order_without_reading_them() -> None:
    labels = top().table("labels")
    assert list(labels) == ["one", "two"]
    with fails(f"{FILE}: labels: has unknown key(s) one, two"):
        labels.done()
    assert {key: labels.text(key) for key in labels} == {"one": "One", "two": "Two"}
    labels.done()


def test_done_refuses_keys_nobody_read_and_says_which_were_read() -> None:
    item = top().tables("items")[0]
    item.text("id")
    assert item.has("size") and not item.has("colour")
    with fails(f"{FILE}: items[0]: has unknown key(s) size; the keys read here are id"):
        item.done()
    assert item.raw("size") == 1
    item.done()


def test_errors_are_of_the_callers_kind() -> None:
    table = parse_toml('n = "x"', FILE, Special)
    with pytest.raises(Special, match=re.escape(f"{FILE}: n: expected a whole number")):
        table.integer("n")
    with pytest.raises(Special):
        table.table("n").text("x")


def test_a_toml_syntax_error_names_the_file() -> None:
    with pytest.raises(Special, match=re.escape(f"{FILE} is not valid TOML: ")):
        parse_toml("name = 'unclosed", FILE, Special)


def test_a_table_is_only_made_of_a_table() -> None:
    with fails(f"{FILE}: top: expected a table, found a list"):
        Table(["a"], FILE, "top")


def test_as_table_wraps_a_mapping_and_keeps_a_table() -> None:
    table = top()
    assert as_table(table, "other.toml") is table
    wrapped = as_table({"a": 1}, "other.toml", Special)
    assert wrapped.file == "other.toml" and wrapped.error is Special and wrapped.integer("a") == 1


def test_read_data_reads_a_package_file_and_names_a_missing_one() -> None:
    assert file_label("wizard.core", "sources.toml") == "wizard/core/sources.toml"
    registry = read_data("wizard.core", "sources.toml")
    assert registry.file == "wizard/core/sources.toml" and registry.tables("sources")
    with pytest.raises(Special, match=re.escape("wizard/core/nothing.toml cannot be read")):
        read_data("wizard.core", "nothing.toml", Special)
