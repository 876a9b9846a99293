"""The one reader for the package's data files (TOML), typed and strict.

Every data file of the package (a flow and its scenarios, the field catalogue, the rounding
parameters, the source registry, the purposes, the quiz and the exercises) is read through
:class:`Table`: each value is asked for with the type the code expects, every error names the
file, the key and what was expected (``wizard/rounding/parameters.toml: base.values[0].value:
expected a whole number, found '20'``), and :meth:`Table.done` refuses keys the code does not
know, so a misspelt key cannot be silently ignored. The JSON Schemas in ``tools/schemas/`` say
the same for editors and the build; this reader is what runs in the browser, where jsonschema is
not available (the package uses only the standard library).
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Collection, Iterator, Mapping
from importlib import resources
from typing import Any


class DataError(ValueError):
    """A package data file that does not fit what the code expects.

    The message names the file and the key (``file: key.path: problem``). Each tool raises its
    own subclass (FlowError, CatalogueError, TrainingDataError) so that its callers can tell one
    file's problems from another's.
    """


_MISSING: Any = object()

_KIND_NAMES: dict[type, str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    dict: "a table",
    list: "a list",
    datetime.date: "a date (YYYY-MM-DD)",
}


class Table:
    """One TOML table, with its place in its file, so that every error names the file and key.

    ``data`` is the decoded table (a dict); ``file`` names the file in messages
    (``wizard/triage/flow.toml``); ``where`` is the path to this table inside the file
    (``questions[2].options[0]``), empty at the top; ``error`` is the DataError subclass raised.
    Raises ``error`` at once if ``data`` is not a table. Every getter raises ``error`` naming the
    file and key when the key is missing (and has no default) or holds the wrong kind of value;
    :meth:`done` raises it for keys nobody asked for.
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
        """``file: where.key``, how a message names this table or one key in it."""
        path = self.path(key) if key else self.where
        return f"{self.file}: {path}" if path else self.file

    def path(self, key: str) -> str:
        """``where.key``: the path to ``key`` of this table inside the file."""
        return f"{self.where}.{key}" if self.where else key

    def fail(self, problem: str, key: str | None = None) -> DataError:
        """An error (for the caller to raise) naming this table's place, or one key in it."""
        return self.error(f"{self.place(key)}: {problem}")

    # --- typed access --------------------------------------------------------------------------

    def _get(self, key: str, kinds: tuple[type, ...], default: Any) -> Any:
        self.used.add(key)
        names = _either([_KIND_NAMES.get(kind, kind.__name__) for kind in kinds])
        if key not in self.data:
            if default is _MISSING:
                raise self.fail(f"missing '{key}' (expected {names})")
            return default
        value = self.data[key]
        # TOML's true and false are Python bools, which are also ints: never take one for the other.
        wrong_bool = isinstance(value, bool) and bool not in kinds
        wrong_date = isinstance(value, datetime.datetime) and datetime.datetime not in kinds
        if not isinstance(value, kinds) or wrong_bool or wrong_date:
            raise self.fail(f"expected {names}, found {_shown(value)}", key)
        return value

    def has(self, key: str) -> bool:
        """Whether the key is present (it still has to be read, or ``done`` refuses it)."""
        return key in self.data

    def __iter__(self) -> Iterator[str]:
        """The keys of this table in file order (for tables keyed by id, such as ``[notes.x]``).

        Iterating does not count a key as read: each still has to be asked for."""
        return iter(list(self.data))

    def text(self, key: str, default: str | None = None) -> str:
        """Text; required and not blank unless a default is given (returned when it is absent)."""
        value: str = self._get(key, (str,), _MISSING if default is None else default)
        if default is None and not value.strip():
            raise self.fail("expected text, found an empty text", key)
        return value

    def prose(self, key: str, default: str | None = None) -> str:
        """Text written over several lines in the file, as one paragraph (runs of spaces collapsed)."""
        return " ".join(self.text(key, default).split())

    def choice(self, key: str, options: Collection[str], default: str | None = None) -> str:
        """Text that must be one of ``options`` (in the order given, for the message)."""
        value = self.text(key, default)
        if value not in options:
            raise self.fail(f"{_shown(value)} is not one of {', '.join(options)}", key)
        return value

    def integer(self, key: str, default: int | None = None, *, minimum: int | None = None) -> int:
        """A whole number (not true or false), at least ``minimum`` if given."""
        value: int = self._get(key, (int,), _MISSING if default is None else default)
        if minimum is not None and value < minimum:
            raise self.fail(f"expected a whole number of at least {minimum}, found {value}", key)
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        """True or false; ``default`` when absent."""
        value: bool = self._get(key, (bool,), default)
        return value

    def scalar(self, key: str) -> int | bool | str | None:
        """A whole number, true or false, or text (None when absent): a value of several kinds."""
        if key not in self.data:
            self.used.add(key)
            return None
        value: int | bool | str = self._get(key, (int, bool, str), _MISSING)
        return value

    def date(self, key: str) -> datetime.date:
        """A date written as a TOML date (``2012-06-01``, unquoted), not a date and time."""
        value: datetime.date = self._get(key, (datetime.date,), _MISSING)
        return value

    def texts(self, key: str, *, required: bool = True, at_least: int | None = None) -> tuple[str, ...]:
        """A list of non-blank texts.

        Required unless ``required`` is false (then absent means none); it must hold at least
        ``at_least`` entries, by default one when required and none otherwise.
        """
        items: list[Any] = self._get(key, (list,), _MISSING if required else [])
        self._check_length(key, items, required, at_least)
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"expected text, found {_shown(item)}", f"{key}[{index}]")
        return tuple(items)

    def integers(self, key: str, *, at_least: int = 1) -> tuple[int, ...]:
        """A list of at least ``at_least`` whole numbers."""
        items: list[Any] = self._get(key, (list,), _MISSING)
        self._check_length(key, items, True, at_least)
        for index, item in enumerate(items):
            if not isinstance(item, int) or isinstance(item, bool):
                raise self.fail(f"expected a whole number, found {_shown(item)}", f"{key}[{index}]")
        return tuple(items)

    def table(self, key: str) -> Table:
        """The table under ``key`` (required)."""
        return Table(self._get(key, (dict,), _MISSING), self.file, self.path(key), self.error)

    def optional_table(self, key: str) -> Table | None:
        """The table under ``key``, or None when it is absent."""
        if key not in self.data:
            self.used.add(key)
            return None
        return self.table(key)

    def tables(
        self, key: str, *, required: bool = True, at_least: int | None = None, named_by: str | None = None
    ) -> list[Table]:
        """The list of tables under ``key`` (``[[key]]`` in TOML), counted as :meth:`texts` counts.

        With ``named_by``, each table's place in messages also shows that key's value, so an
        entry can be found by its id: ``fields[3] (postcode).advice``.
        """
        items: list[Any] = self._get(key, (list,), _MISSING if required else [])
        self._check_length(key, items, required, at_least)
        found = []
        for index, item in enumerate(items):
            where = f"{self.path(key)}[{index}]"
            name = item.get(named_by) if named_by and isinstance(item, dict) else None
            if isinstance(name, str) and name:
                where += f" ({name})"
            found.append(Table(item, self.file, where, self.error))
        return found

    def _check_length(self, key: str, items: list[Any], required: bool, at_least: int | None) -> None:
        least = at_least if at_least is not None else int(required)
        if len(items) < least:
            entries = "entry" if least == 1 else "entries"
            raise self.fail(f"expected a list of at least {least} {entries}, found {len(items)}", key)

    def raw(self, key: str) -> Any:
        """The value as TOML gave it (None when absent), for a value with several possible shapes."""
        self.used.add(key)
        return self.data.get(key)

    def done(self) -> None:
        """Refuse keys nobody asked for: a misspelt key must not be silently ignored."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            known = ", ".join(sorted(self.used)) or "none"
            raise self.fail(f"has unknown key(s) {', '.join(unknown)}; the keys read here are {known}")


def _either(names: list[str]) -> str:
    """``a``, ``a or b``, ``a, b, or c``."""
    return (
        names[0]
        if len(names) == 1
        else ", ".join(names[:-1]) + ("," if len(names) > 2 else "") + " or " + names[-1]
    )


def _shown(value: Any) -> str:
    """A value as a message shows it: its repr, shortened; tables and lists by kind."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def file_label(package: str, name: str) -> str:
    """How messages name a package data file: ``wizard/triage/flow.toml``."""
    return f"{package.replace('.', '/')}/{name}"


def parse_toml(text: str, file: str, error: type[DataError] = DataError) -> Table:
    """The top table of TOML ``text``; a syntax error raises ``error`` naming ``file``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{file} is not valid TOML: {problem}") from None
    return Table(data, file, "", error)


def as_table(data: Mapping[str, Any] | Table, file: str, error: type[DataError] = DataError) -> Table:
    """``data`` as a top Table: decoded TOML (a mapping) is wrapped; a Table is used as it is.

    The parse functions of the loaders take either, so tests and in-memory data (the quiz's flow)
    can pass a plain mapping while the packaged files keep their file name in messages.
    """
    if isinstance(data, Table):
        return data
    return Table(dict(data), file, "", error)


def read_data(package: str, name: str, error: type[DataError] = DataError) -> Table:
    """The top table of the data file ``name`` in ``package`` (``wizard.triage``, ``flow.toml``).

    Raises ``error`` (a DataError) naming the file when it is missing or not valid TOML.
    """
    file = file_label(package, name)
    try:
        text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as problem:
        raise error(f"{file} cannot be read: {problem}") from None
    return parse_toml(text, file, error)
