"""Which fields do you need? Advice on each data field of a proposed request, for one purpose.

Pure functions over the catalogue (wizard.fields): read a pasted header row or list, match each
name, give a verdict with its reason and citations, and write the result as the minimised field
list, CSV and a Markdown justification table. The page (wizard.minimise_view) and the command
line (``python -m wizard minimise``) both call these.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from wizard.core.errors import WizardInputError
from wizard.core.law import provisions
from wizard.core.purposes import Purpose, purpose
from wizard.core.sources import SOURCES, Citation
from wizard.minimise.catalogue import ARTICLE_9, ARTICLE_10, Catalogue, Field, Verdict, catalogue, normalise

#: Limits that keep a page responsive; a real header row is far below them.
MAX_FIELDS = 1000
MAX_FIELD_CHARS = 200
MAX_TEXT_CHARS = 200_000

UNKNOWN = "unknown"  # the verdict for a name the catalogue does not know

VERDICT_LABELS = {
    Verdict.KEEP.value: "Keep",
    Verdict.REPLACE.value: "Replace",
    Verdict.DROP.value: "Leave out",
    Verdict.SENSITIVE.value: "Special category (Article 9)",
    UNKNOWN: "Unknown field",
}
#: The label of a "sensitive" verdict whose advice rests on UK GDPR Article 10 and not Article 9.
CRIMINAL_OFFENCE_LABEL = "Criminal offence data (Article 10)"


def verdict_label(verdict: str, law: Sequence[str] = ()) -> str:
    """How a verdict is shown. A "sensitive" verdict names the law that makes it so: "Special
    category (Article 9)", or "Criminal offence data (Article 10)" where the advice cites Article
    10 and not Article 9 (UK GDPR; research/legal-currency.md, section 1a)."""
    if verdict == Verdict.SENSITIVE and ARTICLE_10 in law and ARTICLE_9 not in law:
        return CRIMINAL_OFFENCE_LABEL
    return VERDICT_LABELS[verdict]


_DELIMITERS = ("\t", ";", ",", "|")
_QUOTES = "\"'`‘’“”«»„"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


@dataclass(frozen=True)
class ParsedFields:
    names: tuple[str, ...]
    notes: tuple[str, ...]  # how the text was read, for the person to check


@dataclass(frozen=True)
class FieldAdvice:
    row: int  # 1-based position in the list as given
    given: str
    field: Field | None  # None: not in the catalogue
    verdict: str  # a Verdict value, or UNKNOWN
    alternatives: tuple[Field, ...]
    reason: str
    cite: tuple[Citation, ...]
    notes: tuple[str, ...]
    duplicate_of: int | None = None  # row of the first field that means the same
    law: tuple[str, ...] = ()  # provisions of today's law the advice states (ids in core/law.toml)

    @property
    def verdict_label(self) -> str:
        return verdict_label(self.verdict, self.law)

    @property
    def law_labels(self) -> tuple[str, ...]:
        """The provisions as the page names them ("UK GDPR, Article 9 (special category data)")."""
        if not self.law:
            return ()
        known = provisions()
        return tuple(known[pid].label for pid in self.law)

    @property
    def alternative_text(self) -> str | None:
        if not self.alternatives:
            return None
        first, *rest = (item.label for item in self.alternatives)
        # "Year of birth or age band": later labels lose their capital unless it starts a name.
        return " or ".join([first, *(_lower_first(label) for label in rest)])


def _lower_first(label: str) -> str:
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


# --- reading what the person typed or pasted ---------------------------------------------------


def _clean(cell: str) -> str:
    cell = _CONTROL.sub("", unicodedata.normalize("NFC", cell))
    cell = " ".join(cell.split())
    while len(cell) >= 2 and cell[0] in _QUOTES and cell[-1] in _QUOTES:
        cell = cell[1:-1].strip()
    return cell.strip(_QUOTES + " ")


def _delimiter(line: str) -> str | None:
    counts = [(line.count(mark), -order, mark) for order, mark in enumerate(_DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] else None


def _split(line: str) -> list[str]:
    mark = _delimiter(line)
    if mark is None:
        return [line]
    try:
        rows = list(csv.reader([line], delimiter=mark, skipinitialspace=True, strict=False))
    except csv.Error:  # e.g. a cell longer than csv's limit: fall back to a plain split
        return line.split(mark)
    return rows[0] if rows else []


def parse_field_text(text: str) -> ParsedFields:
    """Read field names from a pasted header row, a list (one per line) or a mix.

    A first line with several names followed by more lines is taken as a spreadsheet header
    row with data below it: only the header is read, so that no data values are kept.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise WizardInputError(
            f"The text you pasted is {len(text):,} characters long; this tool reads up to "
            f"{MAX_TEXT_CHARS:,}. Paste only the header row (the field names), not the data."
        )
    lines = [line for line in text.splitlines() if _CONTROL.sub("", line).strip()]
    if not lines:
        return ParsedFields((), ())
    notes: list[str] = []
    first = _split(lines[0])
    if len(first) > 1 and len(lines) > 1:
        cells = first
        rest = len(lines) - 1
        below = "line below it was" if rest == 1 else f"{rest} lines below it were"
        notes.append(f"The first line was read as a header row; the {below} ignored and not kept.")
    else:
        cells = [cell for line in lines for cell in _split(line)]
    names, empty = _checked_names(cells)
    if empty:
        notes.append(f"{empty} empty column{'s' if empty != 1 else ''} ignored.")
    return ParsedFields(tuple(names), tuple(notes))


def _checked_names(cells: Iterable[str]) -> tuple[tuple[str, ...], int]:
    names: list[str] = []
    empty = 0
    for cell in cells:
        name = _clean(cell)
        if not name:
            empty += 1
            continue
        if len(name) > MAX_FIELD_CHARS:
            raise WizardInputError(
                f"Field {len(names) + empty + 1} (starting “{name[:40]}”) is {len(name):,} characters "
                f"long; a field name can have up to {MAX_FIELD_CHARS}. Paste the header row only, "
                "with the names separated by commas, tabs, semicolons or new lines."
            )
        names.append(name)
        if len(names) > MAX_FIELDS:
            raise WizardInputError(
                f"You gave more than {MAX_FIELDS:,} field names; this tool reads up to {MAX_FIELDS:,} "
                "at a time. Split the list and check it in parts."
            )
    return tuple(names), empty


def clean_names(names: Iterable[str]) -> tuple[str, ...]:
    """Field names from elsewhere (a link, the command line), held to the same rules as pasted ones."""
    return _checked_names(names)[0]


# --- advice ------------------------------------------------------------------------------------


def advise(names: Sequence[str], purpose_id: str, cat: Catalogue | None = None) -> list[FieldAdvice]:
    """A verdict for each name, in the order given. Raises WizardInputError for a bad purpose."""
    cat = cat or catalogue()
    try:
        purpose(purpose_id)
    except KeyError as problem:
        raise WizardInputError(str(problem.args[0])) from None
    seen: dict[str, int] = {}
    results: list[FieldAdvice] = []
    for row, name in enumerate(names, start=1):
        field = cat.lookup(name)
        key = f"field:{field.id}" if field else f"text:{normalise(name) or name}"
        duplicate_of = seen.setdefault(key, row)
        if field is None:
            unknown = cat.unknown
            results.append(
                FieldAdvice(row, name, None, UNKNOWN, (), unknown.reason, unknown.cite, unknown.notes)
            )
            results[-1] = _with_duplicate(results[-1], duplicate_of)
            continue
        advice = field.advice_for(purpose_id)
        item = FieldAdvice(
            row,
            name,
            field,
            advice.verdict.value,
            tuple(cat.field(alt) for alt in advice.alternatives),
            advice.reason,
            advice.cite,
            advice.notes,
            law=advice.law,
        )
        results.append(_with_duplicate(item, duplicate_of))
    return results


def _with_duplicate(item: FieldAdvice, first_row: int) -> FieldAdvice:
    return item if first_row == item.row else replace(item, duplicate_of=first_row)


def minimised_fields(results: Iterable[FieldAdvice]) -> list[str]:
    """The field list after taking the advice: kept and sensitive fields as given, alternatives
    in place of what they replace, dropped fields left out, duplicates once."""
    out: list[str] = []
    for item in results:
        if item.duplicate_of is not None:
            continue
        if item.alternatives:
            entry = item.alternative_text or ""
        elif item.verdict == Verdict.DROP:
            continue
        elif item.verdict == Verdict.SENSITIVE:
            if ARTICLE_9 in item.law:
                entry = f"{item.given} (special category: needs an Article 9 condition)"
            else:
                entry = f"{item.given} (criminal offence data: Article 10 applies)"
        elif item.verdict == UNKNOWN:
            entry = f"{item.given} (say what it holds)"
        else:
            entry = item.given
        if entry not in out:
            out.append(entry)
    return out


def cite_text(citations: Iterable[Citation]) -> str:
    """Citations grouped by document, each named as the source registry names it:
    "DWP guide for local partners (DWP, c. 2009–10), §4.2, para 39; §5.3, para 54"."""
    by_source: dict[str, list[str]] = {}
    for item in citations:
        places = by_source.setdefault(item.source, [])
        if item.where not in places:
            places.append(item.where)
    return "; ".join(f"{SOURCES[source]}, {'; '.join(places)}" for source, places in by_source.items())


def note_texts(results: Iterable[FieldAdvice], cat: Catalogue | None = None) -> list[tuple[str, str]]:
    """The "changed since" notes behind these results, each once, as (title, text)."""
    cat = cat or catalogue()
    ids: list[str] = []
    for item in results:
        ids.extend(note for note in item.notes if note not in ids)
    return [(cat.notes[note].title, cat.notes[note].text) for note in ids]


def _law_json(provision_ids: Sequence[str]) -> list[dict[str, str | None]]:
    known = provisions()
    return [{"id": pid, "label": known[pid].label, "url": known[pid].url} for pid in provision_ids]


def law_text(item: FieldAdvice) -> str:
    """The provisions of today's law behind the advice, named in a line ("" if none)."""
    return "; ".join(item.law_labels)


def to_json(results: Iterable[FieldAdvice], cat: Catalogue | None = None) -> list[dict[str, object]]:
    cat = cat or catalogue()
    return [
        {
            "field": item.given,
            "matched": item.field.id if item.field else None,
            "matched_label": item.field.label if item.field else None,
            "verdict": item.verdict,
            "verdict_label": item.verdict_label,
            "alternative": item.alternative_text,
            "alternative_ids": [alt.id for alt in item.alternatives],
            "reason": item.reason,
            "law": _law_json(item.law),
            "citation": cite_text(item.cite),
            "citations": [{"source": c.source, "where": c.where} for c in item.cite],
            "level": item.field.level.id if item.field else None,
            "duplicate_of": item.duplicate_of,
        }
        for item in results
    ]


# --- exports -----------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: str) -> str:
    # A field name typed by a person must not run as a formula when the CSV opens in a spreadsheet.
    return "'" + value if value.startswith(_FORMULA_START) else value


def _decision(item: FieldAdvice) -> str:
    if item.duplicate_of is not None:
        return f"{item.verdict_label} (same as row {item.duplicate_of})"
    return item.verdict_label


def to_csv(results: Sequence[FieldAdvice], chosen: Purpose, cat: Catalogue | None = None) -> str:
    cat = cat or catalogue()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "Row",
            "Field asked for",
            "Matched as",
            "Decision",
            "Ask for instead",
            "Why",
            "The law today",
            "Sources",
            "Purpose",
        ]
    )
    for item in results:
        writer.writerow(
            [
                item.row,
                _csv_cell(item.given),
                item.field.label if item.field else "",
                _decision(item),
                item.alternative_text or "",
                item.reason,
                law_text(item),
                cite_text(item.cite),
                chosen.label,
            ]
        )
    return buffer.getvalue()


def _md_cell(value: str) -> str:
    # Escape what would change the table or become HTML when the Markdown is rendered.
    for mark in ("\\", "|", "<", ">"):
        value = value.replace(mark, "\\" + mark)
    return " ".join(value.split())


def to_markdown(results: Sequence[FieldAdvice], chosen: Purpose, cat: Catalogue | None = None) -> str:
    """A short justification table for the "inputs" part of a business case."""
    cat = cat or catalogue()
    kept = minimised_fields(results)
    lines = [
        "## Inputs: the data fields we need",
        "",
        f"Purpose: {_md_cell(chosen.label)}.",
        "",
        "Fields we will ask for: " + ("; ".join(_md_cell(name) for name in kept) if kept else "none") + ".",
        "",
        "| Field considered | Decision | What we will ask for instead | Why | Source |",
        "|---|---|---|---|---|",
    ]
    for item in results:
        lines.append(
            "| "
            + " | ".join(
                _md_cell(cell)
                for cell in (
                    item.given,
                    _decision(item),
                    item.alternative_text or "–",
                    item.reason + (f" The law today: {law_text(item)}." if item.law else ""),
                    cite_text(item.cite),
                )
            )
            + " |"
        )
    lines += [
        "",
        "Advice from the field-minimisation adviser, based on DWP and IDeA/LGA guidance written in "
        "2009–2011 under the Data Protection Act 1998. Data minimisation is now UK GDPR Article 5(1)(c); "
        "special category data needs an Article 9 condition (with the Data Protection Act 2018, Schedule 1) "
        "as well as a lawful basis, and criminal offence data has its own rules (Article 10, with section "
        "11 of that Act). Not legal advice.",
        "",
    ]
    return "\n".join(lines)
