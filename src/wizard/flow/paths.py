"""Every path of a flow as plain data: for the CLI, the committed decision table and the tests.

Two shapes:

- :func:`path_json`: one path with its full outcome (``python -m wizard paths NAME --json``),
  readable without the flow file: each verdict with its case, status, summary, today's legal
  provisions and citations, and each note with its label, text and citations;
- :func:`decision_table`: the compact table kept in ``tests/triage/golden/`` (``--table``). A
  flow with many independent questions has tens of thousands of paths, too many to review, so the
  table is *factorised*: for each verdict, every combination of the answers its cases can depend
  on (and of the earlier verdicts they look at) that occurs on some path, with the case it
  selects; for each note, every such combination under which it is shown. A change in logic shows
  as a short diff in the rows of the verdicts and notes it touches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from wizard.flow.engine import Path, Result, decide
from wizard.flow.model import All, AnswerIs, Any_, Condition, Flow, Not, Note, Test, VerdictIs


def _law_json(provision_ids: Sequence[str]) -> list[dict[str, str | None]]:
    if not provision_ids:
        return []
    from wizard.core.law import provisions

    known = provisions()
    return [{"id": pid, "label": known[pid].label, "url": known[pid].url} for pid in provision_ids]


def note_json(note: Note) -> dict[str, Any]:
    """A note as shown: ``id``, ``section``, ``label``, ``text``, ``law`` (provisions, each with
    ``id``, ``label`` and ``url``) and ``citations`` (texts naming the source and place)."""
    return {
        "id": note.id,
        "section": note.section,
        "label": note.label,
        "text": note.text,
        "law": _law_json(note.law),
        "citations": [cite.text() for cite in note.cite],
    }


def outcome_json(flow: Flow, result: Result) -> dict[str, Any]:
    """An outcome as JSON: verdicts with their case, status and citation, notes in full, and each
    verdict value on top.

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
            "case": d.case.id or None,
            "status": d.case.status,
            "summary": d.case.summary,
            "text": d.case.text,
            "law": _law_json(d.case.law),
            "check": d.case.check,
            "history": d.case.history,
            "citation": "; ".join(cite.text() for cite in d.case.cite),
        }
        for d in result.decided
    ]
    data["notes"] = [note_json(note) for note in result.notes]
    data["citations"] = [cite.text() for cite in result.citations()]
    return data


def path_json(flow: Flow, path: Path) -> dict[str, Any]:
    """One path: its answers (ids and words) and its full outcome (see :func:`outcome_json`)."""
    return {
        "answers": [
            {"question_id": q.id, "question": q.text, "answer_id": o.id, "answer": o.label}
            for q, o in path.steps
        ],
        "outcome": outcome_json(flow, decide(flow, path.outcome, path.answers)),
    }


def table_row(flow: Flow, path: Path) -> dict[str, Any]:
    """One path in a line: answers as a query, then what they lead to (for the plain listing).

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


# --- The factorised decision table ------------------------------------------------------------

VERDICT_PREFIX = "verdict:"


def reads(flow: Flow, condition: Condition | None) -> frozenset[str]:
    """What a condition looks at: question ids, and ``verdict:ID`` for an earlier verdict's status.

    A named predicate declares the questions it reads in a ``reads`` attribute; one that does not
    is taken to read every question (so the table stays correct, if longer).
    """
    if condition is None:
        return frozenset()
    if isinstance(condition, AnswerIs):
        return frozenset({condition.question})
    if isinstance(condition, VerdictIs):
        return frozenset({VERDICT_PREFIX + condition.verdict})
    if isinstance(condition, All | Any_):
        return frozenset().union(*(reads(flow, part) for part in condition.parts))
    if isinstance(condition, Not):
        return reads(flow, condition.part)
    assert isinstance(condition, Test)
    declared = getattr(flow.predicates.get(condition.name), "reads", None)
    return frozenset(declared) if declared is not None else frozenset(flow.questions)


def _projection(keys: Iterable[str], answers: Mapping[str, str], result: Result) -> str:
    """The path's answers (and verdict statuses) for ``keys``, as a query; unasked ones left out."""
    parts = []
    for key in sorted(keys):
        if key.startswith(VERDICT_PREFIX):
            parts.append(f"{key[len(VERDICT_PREFIX) :]}={result.status(key[len(VERDICT_PREFIX) :])}")
        elif key in answers:
            parts.append(f"{key}={answers[key]}")
    return "&".join(parts)


def decision_rows(flow: Flow, paths: Sequence[Path]) -> list[dict[str, Any]]:
    """The rows of the factorised decision table, in flow order (verdicts, then notes), each
    sorted by its ``when`` query. A verdict row: ``verdict``, ``when``, ``case`` (its id, or its
    index when cases have no ids), ``status`` and, for valued verdicts, ``value``. A note row:
    ``note`` and ``when`` (a combination under which it is shown)."""
    results = [decide(flow, path.outcome, path.answers) for path in paths]
    rows: list[dict[str, Any]] = []
    for index, verdict in enumerate(flow.verdicts):
        keys = frozenset().union(*(reads(flow, case.when) for case in verdict.cases))
        seen: dict[str, dict[str, Any]] = {}
        for path, result in zip(paths, results, strict=True):
            when = _projection(keys, path.answers, result)
            case = result.decided[index].case
            row: dict[str, Any] = {
                "verdict": verdict.id,
                "when": when,
                "case": case.id or verdict.cases.index(case),
                "status": case.status,
            }
            if verdict.has_values:
                row["value"] = case.value
            if seen.setdefault(when, row) != row:
                raise AssertionError(f"verdict {verdict.id!r} reads more than {sorted(keys)}: {when}")
        rows.extend(seen[when] for when in sorted(seen))
    for note in flow.notes:
        keys = reads(flow, note.when)
        shown = {
            _projection(keys, path.answers, result)
            for path, result in zip(paths, results, strict=True)
            if note in result.notes
        }
        rows.extend({"note": note.id, "when": when} for when in sorted(shown))
    return rows


def decision_table(flow: Flow, paths: Sequence[Path]) -> str:
    """The factorised decision table as JSON text, one row per line, so a change is a small diff."""
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in decision_rows(flow, paths)]
    return "[\n" + ",\n".join(lines) + "\n]\n"
