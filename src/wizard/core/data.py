"""The one reader for the package's data files (TOML), typed and strict.

Every data file of the package (a flow, the field catalogue, the rounding parameters, the source
registry, the purposes, the quiz and the exercises) is read through :class:`Table`: each value is
asked for with the type the code expects, every error names the file, the key and what was
expected (``wizard/rounding/parameters.toml: base.values[0].value: expected a whole number, found
'20'``), and :meth:`Table.done` refuses keys the code does not know, so a misspelt key cannot be
silently ignored. The JSON Schemas in ``tools/schemas/`` say the same for editors and the build;
this reader is what runs in the browser, where jsonschema is not available.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, TypeVar


class DataError(ValueError):
    """A package data file that does not fit what the code expects.

    The message names the file and the key (``file: key.path: problem``). Tools subclass it so
    their callers can tell one file's problems from another's.
    """


_Missing = object()
T = TypeVar("T")

_KIND_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    dict: "a table",
    list: "a list",
    datetime.date: "a date (YYYY-MM-DD)",
}


class Table:
    """One TOML table, with its place in its file so that every error names file and key.

    ``where`` is the path to this table inside the file (``questions[2].options[0]``), empty at
    the top. ``error`` is the exception type raised, a :class:`DataError` subclass.
    """

    def __init__(self, data: Any, file: str, where: str = "", error: type[DataError] = DataError) -> None:
        self.file = file
        self.where = where
        self.error = error
        if not isinstance(data, dict):
            raise self.fail(f"expected a table, found {_shown(data)}")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    # --- errors --------------------------------------------------------------------------------

    def place(self, key: str | None = None) -> str:
        """``file: where.key`` for messages."""
        path = ".".join(part for part in (self.where, key) if part)
        return f"{self.file}: {path}" if path else self.file

    def fail(self, problem: str, key: str | None = None) -> DataError:
        """An error (to raise) naming this table's place, or one key in it."""
        return self.error(f"{self.place(key)}: {problem}")

    # --- typed access --------------------------------------------------------------------------

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is _Missing:
                raise self.fail(f"missing '{key}'")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        wrong_bool = isinstance(value, bool) and bool not in kinds
        if not isinstance(value, kinds) or wrong_bool:
            names = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
            raise self.fail(f"expected {names}, found {_shown(value)}", key)
        return value

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, default: str | None = None) -> str:
        """Text; required and not blank unless a default is given."""
        value: str = self._get(key, str, _Missing if default is None else default)
        if default is None and not value.strip():
            raise self.fail("must not be empty", key)
        return value

    def prose(self, key: str, default: str | None = None) -> str:
        """Text written over several lines in the file, as one paragraph (spaces collapsed)."""
        return " ".join(self.text(key, default).split())

    def integer(self, key: str, default: int | None = None) -> int:
        value: int = self._get(key, int, _Missing if default is None else default)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value: bool = self._get(key, bool, default)
        return value

    def date(self, key: str) -> datetime.date:
        value = self._get(key, datetime.date, _Missing)
        if isinstance(value, datetime.datetime):
            raise self.fail(f"expected a date (YYYY-MM-DD), found {_shown(value)}", key)
        result: datetime.date = value
        return result

    def texts(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of non-empty texts (an empty list only when not required)."""
        items = self._get(key, list, _Missing if required else [])
        if required and not items:
            raise self.fail("must have at least one entry", key)
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"expected text, found {_shown(item)}", f"{key}[{index}]")
        return tuple(items)

    def table(self, key: str) -> Table:
        return Table(self._get(key, dict, _Missing), self.file, self._path(key), self.error)

    def optional_table(self, key: str) -> Table | None:
        if key not in self.data:
            self.used.add(key)
            return None
        return self.table(key)

    def tables(self, key: str, *, required: bool = True) -> list[Table]:
        """A list of tables (``[[key]]`` in TOML); at least one unless not required."""
        items = self._get(key, list, _Missing if required else [])
        if required and not items:
            raise self.fail("must have at least one entry", key)
        return [
            Table(item, self.file, f"{self._path(key)}[{index}]", self.error)
            for index, item in enumerate(items)
        ]

    def entries(self) -> Iterator[tuple[str, Any]]:
        """Every key and raw value of this table (for tables keyed by id); marks them all used."""
        self.used.update(self.data)
        yield from self.data.items()

    def raw(self, key: str) -> Any:
        """The value as TOML gave it (None when absent), for values with several possible shapes."""
        self.used.add(key)
        return self.data.get(key)

    def done(self) -> None:
        """Refuse keys nobody asked for: a misspelt key must not be silently ignored."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(unknown)}")

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def package_text(package: str, name: str) -> str:
    """The text of the data file ``name`` in ``package`` (e.g. ``wizard.triage``, ``flow.toml``)."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def file_label(package: str, name: str) -> str:
    """How messages name a package data file: ``wizard/triage/flow.toml``."""
    return f"{package.replace('.', '/')}/{name}"


def parse_toml(text: str, file: str, error: type[DataError] = DataError) -> Table:
    """The top table of TOML text; a syntax error becomes ``error`` naming the file."""
    try:
        return Table(tomllib.loads(text), file, "", error)
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{file} is not valid TOML: {problem}") from None


def read_data(package: str, name: str, error: type[DataError] = DataError) -> Table:
    """The top table of the package data file ``name`` in ``package``, ready for typed reading.

    Raises ``error`` (a DataError) naming the file when it is not valid TOML.
    """
    return parse_toml(package_text(package, name), file_label(package, name), error)
