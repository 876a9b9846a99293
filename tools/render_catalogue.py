"""Write the field adviser's catalogue into its page as plain tables, at build time.

The page docs/tools/minimise.md holds ``<div data-field-catalogue="minimise"></div>``; this step
replaces it with every field's advice, rendered from the same data file the tool reads
(src/wizard/minimise/fields.toml), so the advice can be read where Python cannot run. The data file
is checked against tools/schemas/fields.schema.json first: a build with a malformed catalogue
stops with a message naming the entry.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from tools import json_schemas
from tools.paths import PACKAGE
from wizard.core.components import row_heading, table
from wizard.core.law import provisions
from wizard.core.markup import Markup, join, tag
from wizard.core.purposes import purposes
from wizard.minimise.advice import cite_text, verdict_label
from wizard.minimise.catalogue import Advice, Catalogue, Field, catalogue

DATA = PACKAGE / "minimise" / "fields.toml"
SCHEMA = "fields.schema.json"
PLACEHOLDER = re.compile(r'<div data-field-catalogue="minimise">\s*</div>')


class CatalogueSchemaError(ValueError):
    pass


def schema_errors(data: Any) -> list[str]:
    """Every place where ``data`` breaks tools/schemas/fields.schema.json, as "path: message" lines."""
    return json_schemas.errors(data, SCHEMA)


def validate(path: Path = DATA) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = schema_errors(data)
    if problems:
        raise CatalogueSchemaError(f"{path.name} does not match its schema:\n  " + "\n  ".join(problems))


def _advice_text(cat: Catalogue, advice: Advice) -> Markup:
    verdict = verdict_label(advice.verdict.value, advice.law)
    instead = " or ".join(cat.field(alt).label for alt in advice.alternatives)
    head = f"{verdict}: ask for {instead[0].lower() + instead[1:]} instead." if instead else f"{verdict}."
    parts: list[object] = [tag("strong", head), " ", advice.reason, " "]
    if advice.law:
        known = provisions()
        named = "; ".join(known[pid].label for pid in advice.law)
        parts += [tag("span", f"The law today: {named}.", class_="minimise-law"), " "]
    parts.append(tag("span", f"({cite_text(advice.cite)})", class_="minimise-cite"))
    return join(parts)


def _row(cat: Catalogue, field: Field) -> Markup:
    names = ", ".join(field.synonyms)
    labels = {item.id: item.label for item in purposes()}
    changes = [
        tag("li", tag("em", f"{labels[purpose_id]}: "), _advice_text(cat, advice))
        for purpose_id, advice in sorted(
            field.by_purpose.items(), key=lambda pair: list(labels).index(pair[0])
        )
    ]
    return tag(
        "tr",
        row_heading(
            tag("span", field.label),
            tag("span", f"Also read: {names}", class_="minimise-synonyms") if names else None,
        ),
        tag("td", field.level.label),
        tag("td", _advice_text(cat, field.advice)),
        tag("td", tag("ul", join(changes)) if changes else "No change."),
    )


def catalogue_html(cat: Catalogue | None = None) -> Markup:
    cat = cat or catalogue()
    tables = []
    for group in cat.groups:
        tables.append(
            tag(
                "div",
                tag(
                    "div",
                    table(
                        group.legend,
                        ("Field", "How identifying", "Usual advice", "Different advice for these purposes"),
                        (_row(cat, field) for field in cat.in_group(group.id)),
                    ),
                    class_="md-typeset__table minimise-catalogue",
                ),
                class_="md-typeset__scrollwrap",
            )
        )
    levels = tag("ol", join(tag("li", level.label) for level in cat.levels))
    return join(
        [
            tag(
                "p",
                "How identifying a field is, from least to most. A suggested replacement is always lower "
                "on this list than the field it replaces.",
            ),
            levels,
            join(tables),
        ]
    )


def render_placeholders(html: str) -> str:
    """Replace the catalogue placeholder in a page's HTML with the tables (checking the data first)."""
    if not PLACEHOLDER.search(html):
        return html
    validate()
    rendered = catalogue_html()
    return PLACEHOLDER.sub(lambda _match: rendered, html)
