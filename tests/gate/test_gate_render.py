"""SARIF (validated against the official 2.1.0 schema), JUnit XML and GitLab Code Quality output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from maturity.frameworks.registry import Library
from maturity.render import Format, render
from maturity.render.issues import anchor
from maturity.report import Report
from maturity.scan.models import Outcome, Proof

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json").read_text())
ANSWERS = ["gate_tracking=no", "gate_a1=yes", "gate_a2=partial", "gate_b1=yes"]
FILES = {"README.md": "# demo\n", "pyproject.toml": "[project]\nname = 'demo'\n", "src/train.py": "x = 1\n"}


@pytest.fixture
def report(assess_repo: Callable[..., Report]) -> Report:
    return assess_repo(ANSWERS, FILES)


def sarif_of(report: Report) -> Any:
    return json.loads(render(report, Format.sarif))


def test_sarif_validates_against_the_official_schema(report: Report) -> None:
    assert SCHEMA["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    jsonschema.Draft4Validator(SCHEMA).validate(sarif_of(report))


def test_sarif_rules_results_and_tracking(report: Report) -> None:
    (run,) = sarif_of(report)["runs"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "maturity/tiny/L2.tracking" in rules and "maturity/practice/experiment_tracking" in rules
    assert len(rules) == len(run["tool"]["driver"]["rules"])  # one rule per criterion / practice
    md = rules["maturity/practice/experiment_tracking"]["help"]["markdown"]
    assert "Why it matters" in md and "How to fix" in md
    assert run["automationDetails"]["id"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["maturity/tiny/L2.tracking"]["level"] == "warning"
    assert "maturity/tiny/L1.vcs" not in results  # met: nothing to report
    for r in run["results"]:
        assert (
            r["partialFingerprints"] and run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
        )
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert (Path(report.target.path) / uri).is_file(), f"{r['ruleId']} is not located at a file: {uri}"


def test_sarif_ids_and_fingerprints_are_stable(assess_repo: Callable[..., Report], report: Report) -> None:
    again = assess_repo(ANSWERS, FILES)

    def keys(rep: Report) -> list[tuple[str, str]]:
        (run,) = sarif_of(rep)["runs"]
        return [(r["ruleId"], r["partialFingerprints"]["maturityRule/v1"]) for r in run["results"]]

    assert keys(report) == keys(again)


def test_absence_is_anchored_at_the_ci_workflow_then_pyproject(report: Report) -> None:
    # no CI evidence: the absence sits at pyproject.toml, never at a folder
    assert anchor(report, ["experiment_tracking"]) == ("pyproject.toml", 1)
    ci = next(p for p in report.practices if p.id == "ci")
    ci.status = Outcome.present
    ci.evidence = [Proof(path=".github/workflows/ci.yml", line=3, detector="ci.github_actions", detail="x")]
    # the workflow is not in the repository: never a file that does not exist
    assert anchor(report, ["experiment_tracking"]) == ("pyproject.toml", 1)
    workflow = Path(report.target.path) / ".github" / "workflows" / "ci.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text("on: push\njobs:\n  test:\n")
    # at the CI workflow, where a new step would go (the whole file: line 1); its own evidence keeps its line
    assert anchor(report, ["experiment_tracking"]) == (".github/workflows/ci.yml", 1)
    assert anchor(report, ["ci"]) == (".github/workflows/ci.yml", 3)


def test_absence_without_pyproject_uses_readme_or_any_file(assess_repo: Callable[..., Report]) -> None:
    assert anchor(assess_repo([], {"README.md": "x\n"}), ["drift_detection"])[0] == "README.md"
    assert anchor(assess_repo([], {"src/app.py": "x\n"}), ["drift_detection"])[0] == "src/app.py"


def test_junit_parses_with_one_suite_per_framework(report: Report) -> None:
    root = ET.fromstring(render(report, Format.junit))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"tiny", "tinyscore"}
    for s in suites.values():
        cases = s.findall("testcase")
        assert int(s.get("tests", "-1")) == len(cases)
        assert int(s.get("failures", "-1")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(s.get("skipped", "-1")) == sum(1 for c in cases if c.find("skipped") is not None)
        assert s.get("errors") == "0" and s.get("time") is not None
        assert all(c.get("classname") and c.get("name") for c in cases)
    tiny = {c.get("name", "").split(":")[0]: c for c in suites["tiny"].findall("testcase")}
    assert tiny["L1.vcs"].find("failure") is None and tiny["L1.vcs"].find("skipped") is None
    assert tiny["L2.tracking"].find("failure") is not None
    assert tiny["L3.serving"].find("skipped") is not None  # unknown
    assert root.get("tests") == str(sum(int(s.get("tests", "0")) for s in suites.values()))


def test_gitlab_code_quality_fields(report: Report) -> None:
    issues = json.loads(render(report, Format.gitlab_codequality))
    assert isinstance(issues, list) and issues
    severities = {"info", "minor", "major", "critical", "blocker"}
    for i in issues:
        assert isinstance(i["description"], str) and i["description"]
        assert i["check_name"].startswith("maturity/")
        assert len(i["fingerprint"]) == 32 and int(i["fingerprint"], 16) >= 0
        assert i["severity"] in severities
        assert isinstance(i["location"]["path"], str) and isinstance(i["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    by_check = {i["check_name"]: i for i in issues}
    assert by_check["maturity/tiny/L2.tracking"]["severity"] == "major"


def test_markdown_html_and_json_carry_the_verdict(report: Report, library: Library) -> None:
    from maturity.config import Gate
    from maturity.gate import evaluate

    report.gate = evaluate(report, Gate(min={"tiny": 3}, warn_only=True), library.frameworks)
    md = str(render(report, Format.markdown))
    assert md.startswith("**maturity check: FAILED (1 problem) \\[warn-only: not blocking\\]**")
    assert "- ✗ tiny: level 1" in md and "  - held down by L2.tracking (unmet)" in md
    html = str(render(report, Format.html))
    assert 'class="gate gate-fail" id="gate"' in html and "held down by L2.tracking" in html
    again = Report.model_validate_json(str(render(report, Format.json)))  # `report --from` reads it back
    assert (
        again.gate == report.gate and json.loads(str(render(report, Format.json)))["gate"]["passed"] is False
    )
    report.gate = None
    assert 'id="gate"' not in str(render(report, Format.html))  # a scan has no verdict
