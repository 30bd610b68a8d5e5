"""`maturity explain ID`: practices, criteria, questions, frameworks, detectors; text and JSON."""

from __future__ import annotations

import json

from maturity.explain import explain
from maturity.frameworks.registry import load_library
from maturity.scan.registry import builtin


def test_practice_has_every_section(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("explain", "ci_runs_tests")
    assert result.returncode == 0, result.stderr
    for heading in (
        "What it is",
        "Why it matters",
        "How we detect it",
        "How to adopt it",
        "Criteria that need it",
    ):
        assert heading in result.stdout
    lib = load_library()
    needing = [
        f"{f.id}:{c.id}"
        for f in lib.frameworks.values()
        for c in f.criteria()
        if "ci_runs_tests" in c.practices
    ]
    assert needing and all(ref in result.stdout for ref in needing)
    assert f"effort: {lib.practices['ci_runs_tests'].effort.value}" in result.stdout


def test_practice_json_lists_the_detectors_that_prove_it(cli) -> None:  # type: ignore[no-untyped-def]
    detectors = builtin()
    practice = next((p for d in detectors for p in d.practices), "ci")
    data = json.loads(cli("explain", practice, "--format", "json").stdout)
    proving = sorted(d.id for d in detectors if practice in d.practices)
    assert data["kind"] == "practice" and data["id"] == practice
    assert sorted(d["id"] for d in data["detected_by"]) == proving
    assert set(data["adopt"]) >= {"how", "effort", "requires", "links", "snippet"}


def test_criterion_question_framework_and_detector() -> None:
    lib, detectors = load_library(), builtin()
    first = lib.frameworks["google"].criteria()[0]
    crit = explain(f"google:{first.id}", lib, detectors)
    assert crit["kind"] == "criterion" and crit["needs"]["practices"] == list(first.practices)
    question = next(iter(lib.questions))
    assert explain(question, lib, detectors)["kind"] == "question"
    fw = explain("google", lib, detectors)
    assert fw["kind"] == "framework" and [p["id"] for p in fw["parts"]][:2] == ["0", "1"]
    if detectors:
        det = explain(detectors[0].id, lib, detectors)
        assert det["kind"] == "detector" and det["proves"]


def test_unknown_id_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("explain", "no_such_thing")
    assert result.returncode == 2
    assert "unknown id 'no_such_thing'" in result.stderr and "Traceback" not in result.stderr
    bad = cli("explain", "google:L9.nothing")
    assert bad.returncode == 2 and "no criterion" in bad.stderr
