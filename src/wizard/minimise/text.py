"""The field advice as a plain-text table, for the command line."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

from wizard.minimise.advice import FieldAdvice, cite_text, law_text, minimised_fields


def table(results: Sequence[FieldAdvice], width: int | None = None) -> str:
    """Field, verdict and alternative in columns; the reason and source wrapped beneath each row."""
    width = width or max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    rows = [
        (
            item.given,
            item.verdict_label + (f" (same as row {item.duplicate_of})" if item.duplicate_of else ""),
            item.alternative_text or "-",
        )
        for item in results
    ]
    field_width = min(max([len("Field"), *(len(row[0]) for row in rows)]), 30)
    verdict_width = max([len("Verdict"), *(len(row[1]) for row in rows)])
    rest = max(20, width - field_width - verdict_width - 4)

    def line(field: str, verdict: str, alternative: str) -> list[str]:
        field_lines = textwrap.wrap(field, field_width) or [""]
        alt_lines = textwrap.wrap(alternative, rest) or [""]
        out = []
        for number in range(max(len(field_lines), len(alt_lines))):
            out.append(
                f"{field_lines[number] if number < len(field_lines) else '':<{field_width}}  "
                f"{verdict if number == 0 else '':<{verdict_width}}  "
                f"{alt_lines[number] if number < len(alt_lines) else ''}".rstrip()
            )
        return out

    output = line("Field", "Verdict", "Ask for instead")
    output.append("-" * min(width, field_width + verdict_width + 4 + rest))
    indent = " " * 4
    for item, row in zip(results, rows, strict=True):
        output += line(*row)
        output += textwrap.wrap(item.reason, width, initial_indent=indent, subsequent_indent=indent)
        if item.law:
            output += textwrap.wrap(
                "The law today: " + law_text(item), width, initial_indent=indent, subsequent_indent=indent
            )
        output += textwrap.wrap(
            "Source: " + cite_text(item.cite), width, initial_indent=indent, subsequent_indent=indent
        )
        output.append("")
    kept = minimised_fields(results)
    output.append("Minimised field list: " + ("; ".join(kept) if kept else "nothing"))
    return "\n".join(output)
