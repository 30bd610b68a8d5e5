"""A mature fixture project, scanned and rated end to end (real git, the real CLI): the summary of its
ratings and practice statuses is a golden file, so a change in detection or scoring shows up as a diff
to review (MATURITY_UPDATE_GOLDEN=1 rewrites it after a deliberate change)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from mature_fixture import FILES

GOLDEN = Path(__file__).parent / "golden" / "mature.json"


def summary(report: dict) -> dict:  # type: ignore[type-arg]
    """The part of the scan JSON that an assessor signs: statuses, levels (three figures), steps."""
    frameworks = {}
    for f in report["frameworks"]:
        if f["scoring"] == "levels":
            dims = {d["id"]: [d["confirmed_level"], d["level"], d["ceiling_level"]] for d in f["dimensions"]}
            figures = [f["confirmed_level"], f["level"], f["ceiling_level"]]
        else:
            dims = {s["id"]: [s["confirmed_score"], s["score"], s["ceiling_score"]] for s in f["sections"]}
            figures = [f["confirmed_score"], f["score"], f["ceiling_score"]]
        frameworks[f["id"]] = {
            "confirmed, estimated, ceiling": figures,
            "basis": f["estimate_basis"],
            "to_confirm": f["to_confirm"],
            "parts": dims,
            "criteria": {c["id"]: c["status"] for c in f["criteria"]},
        }
    return {
        "practices": {p["id"]: p["status"] for p in report["practices"]},
        "frameworks": frameworks,
        "first steps": [s["id"] for s in report["roadmap"]["steps"][:5]],
    }


def test_mature_project_golden(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(FILES, name="churn-model")
    r = cli("scan", str(repo), "--format", "json")
    assert r.returncode == 0, r.stderr
    actual = json.dumps(summary(json.loads(r.stdout)), indent=2, sort_keys=True) + "\n"
    if os.environ.get("MATURITY_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    if actual != GOLDEN.read_text(encoding="utf-8"):
        actual_dir = Path(__file__).parents[1] / "actual"
        actual_dir.mkdir(exist_ok=True)
        (actual_dir / "mature.json").write_text(actual, encoding="utf-8")
        pytest.fail("mature.json differs; see tests/actual/mature.json (MATURITY_UPDATE_GOLDEN=1 rewrites)")


def test_mature_project_reaches_the_top_levels_by_estimate(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    """What an assessor would sign for this project: Google 2, Microsoft 4 (a closed loop), and an ML Test
    Score above zero in every section, each estimate saying what it rests on."""
    repo = make_repo(FILES, name="churn-model")
    report = json.loads(cli("scan", str(repo), "--format", "json").stdout)
    by_id = {f["id"]: f for f in report["frameworks"]}
    assert by_id["google"]["level"] == 2 and by_id["microsoft"]["level"] == 4
    assert by_id["microsoft"]["confirmed_level"] < by_id["microsoft"]["level"]  # people answers are missing
    assert all(s["score"] > 0 for s in by_id["ml-test-score"]["sections"])
    status = {p["id"]: p["status"] for p in report["practices"]}
    for pid in (
        "continuous_training",
        "retraining_on_alerts",
        "model_validation",
        "automated_deployment",
        "drift_detection",
        "pipeline_deployment",
        "model_serving",
        "data_tests",
    ):
        assert status[pid] == "present", pid
