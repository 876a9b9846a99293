"""The triage flow inside real Pyodide (Python 3.14) under Node gives the same answers as CPython."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pyodide import run_in_pyodide
from tests.triage.test_paths import GOLDEN
from wizard import web

pytestmark = pytest.mark.node


def test_flow_loads_and_every_path_matches_the_decision_table_in_pyodide(wheel_dir: Path) -> None:
    requests = [
        {"wizard": "triage"},
        {
            "wizard": "triage",
            "action": "answer",
            "query": "purpose=outreach",
            "form": {"detail": ["identifiable"]},
        },
        {"wizard": "triage", "query": "v=2&purpose=research&detail=anonymised&holder=dwp&special=no"},
        {
            "wizard": "triage",
            "query": (
                "v=2&purpose=eligibility&detail=identifiable&holder=dwp&service=blue_badge"
                "&recipient=contractor&informed=consented&special=both"
            ),
        },
        {"wizard": "triage", "query": "v=2&purpose=zzz"},
    ]
    encoded = json.dumps([json.dumps(r) for r in requests])
    code = (
        "import json, wizard.web as w\n"
        "from wizard.triage.tool import flow\n"
        "from wizard.flow.engine import all_paths, problems\n"
        "from wizard.flow.paths import decision_table\n"
        "f = flow()\n"
        f"answers = [json.loads(w.handle(r)) for r in json.loads({encoded!r})]\n"
        "table = decision_table(f, list(all_paths(f)))\n"
        "json.dumps({'problems': problems(f), 'table': table, 'answers': answers})"
    )
    result = json.loads(run_in_pyodide(wheel_dir, code))
    assert result["problems"] == []
    assert result["table"] == GOLDEN.read_text(encoding="utf-8")
    assert result["answers"] == [json.loads(web.handle(json.dumps(r))) for r in requests]
    # The two full links reach an outcome whose law steps link the legislation and give history.
    for answered in result["answers"][2:4]:
        assert 'data-outcome="result"' in answered["html"]
        assert 'class="wizard-law"' in answered["html"] and 'class="wizard-history"' in answered["html"]
    assert 'data-case="blue_badge"' in result["answers"][3]["html"]
