"""Every path of a flow as plain data: for the CLI, the committed decision table and the tests."""

from __future__ import annotations

from typing import Any

from wizard.flow.engine import Path, Result, decide
from wizard.flow.model import Flow


def outcome_json(flow: Flow, result: Result) -> dict[str, Any]:
    """An outcome as JSON: verdicts with their status and citation, and each verdict value on top.

    A verdict whose cases carry values (the triage ``level`` and ``business_case``) also appears
    as a top-level key, so ``outcome["level"]`` is 1-5 or null.
    """
    data: dict[str, Any] = {"id": result.outcome.id, "title": result.outcome.title}
    for decided in result.decided:
        if decided.verdict.has_values:
            data[decided.verdict.id] = decided.case.value
    data["verdicts"] = [
        {
            "test": d.verdict.id,
            "label": d.verdict.label,
            "status": d.case.status,
            "summary": d.case.summary,
            "citation": "; ".join(cite.text() for cite in d.case.cite),
        }
        for d in result.decided
    ]
    data["notes"] = [note.id for note in result.notes]
    data["citations"] = [cite.text() for cite in result.citations()]
    return data


def path_json(flow: Flow, path: Path) -> dict[str, Any]:
    return {
        "answers": [
            {"question_id": q.id, "question": q.text, "answer_id": o.id, "answer": o.label}
            for q, o in path.steps
        ],
        "outcome": outcome_json(flow, decide(flow, path.outcome, path.answers)),
    }


def table_row(flow: Flow, path: Path) -> dict[str, Any]:
    """One compact row of the decision table: answers as a query, then what they lead to.

    Verdicts with values (the triage level and business case) appear as their value; the others
    as their status. Notes are listed by id, separated by spaces.
    """
    result = decide(flow, path.outcome, path.answers)
    row: dict[str, Any] = {"answers": "&".join(f"{q.id}={o.id}" for q, o in path.steps)}
    if len(flow.outcomes) > 1:
        row["outcome"] = path.outcome.id
    for decided in result.decided:
        row[decided.verdict.id] = decided.case.value if decided.verdict.has_values else decided.case.status
    row["notes"] = " ".join(note.id for note in result.notes)
    return row


def decision_table(flow: Flow, paths: list[Path]) -> str:
    """The decision table as JSON text, one path per line, so a change in logic is a small diff."""
    import json

    lines = [json.dumps(table_row(flow, path), ensure_ascii=False, separators=(",", ":")) for path in paths]
    return "[\n" + ",\n".join(lines) + "\n]\n"
