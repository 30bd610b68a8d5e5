"""The planner: steps merged by practice, ordered by prerequisites and unlocks, agreeing with ratings."""

from __future__ import annotations

import pytest
import synthetic

from maturity.frameworks.registry import Library
from maturity.report import Report
from maturity.scan.models import Outcome

DONE = ("met", "not_applicable")


def scenarios(library: Library) -> dict[str, Report]:
    return {
        "low": synthetic.report({"version_control": Outcome.present}, Outcome.absent, library=library),
        "unknown": synthetic.report({}, Outcome.unknown, library=library),
        "partial": synthetic.report(
            dict.fromkeys(("ci", "unit_tests", "experiment_tracking", "containerization"), Outcome.present)
            | {"ci_runs_tests": Outcome.partial},
            Outcome.absent,
            library=library,
        ),
    }


def open_refs(report: Report) -> set[str]:
    return {f"{f.id}:{c.id}" for f in report.frameworks for c in f.criteria if c.status.value not in DONE}


@pytest.mark.parametrize("name", ["low", "unknown", "partial"])
def test_roadmap_and_rating_never_disagree(library: Library, name: str) -> None:
    report = scenarios(library)[name]
    named = {ref for s in report.roadmap.steps for ref in s.criteria}
    assert named == open_refs(report)
    assert open_refs(report), "the scenario must leave work to do"


@pytest.mark.parametrize("name", ["low", "unknown", "partial"])
def test_doing_every_step_reaches_the_top(library: Library, name: str) -> None:
    report = scenarios(library)[name]
    done = {p.id: Outcome.present for p in report.practices if p.assessed.value in DONE}
    done |= {s.practice: Outcome.present for s in report.roadmap.steps if s.practice}
    answers = synthetic.yes_answers(library, [s.question for s in report.roadmap.steps if s.question])
    after = synthetic.report(done, Outcome.absent, answers=answers, library=library)
    assert not open_refs(after)
    assert after.roadmap.steps == []
    for f in after.frameworks:
        assert f.level == f.max_level if f.scoring == "levels" else f.score == f.max_score


def test_prerequisites_come_first_and_are_added(library: Library) -> None:
    report = scenarios(library)["low"]
    order = [s.id for s in report.roadmap.steps]
    for i, step in enumerate(report.roadmap.steps):
        for req in step.requires:
            assert order.index(req) < i, f"{req} must come before {step.id}"
    # the examples: tests before a CI gate on them, tracking before a registry, a registry before
    # automated deployment, monitoring before drift detection
    pairs = [("unit_tests", "ci_runs_tests"), ("experiment_tracking", "model_registry"),
             ("model_registry", "automated_deployment"), ("monitoring", "drift_detection")]  # fmt: skip
    present = [(a, b) for a, b in pairs if a in order and b in order]
    assert len(present) >= 3, "the low scenario must exercise these prerequisites"
    for first, then in present:
        assert order.index(first) < order.index(then), f"{first} must come before {then}"
    assert order.index("experiment_tracking") < order.index("model_registry")
    report = synthetic.report({"version_control": Outcome.present}, Outcome.absent, frameworks=["extra"],
                              library=library)  # fmt: skip
    order = [s.id for s in report.roadmap.steps]
    for i, step in enumerate(report.roadmap.steps):
        for req in step.requires:
            assert order.index(req) < i, f"{req} must come before {step.id}"
    # unit_tests is needed by no criterion, but CI cannot run tests that do not exist
    tests = next(s for s in report.roadmap.steps if s.id == "unit_tests")
    assert tests.criteria == [] and "ci_runs_tests" in tests.enables
    assert order.index("unit_tests") < order.index("ci_runs_tests")


def test_next_level_before_later_levels_and_horizons(library: Library) -> None:
    steps = [s for s in scenarios(library)["low"].roadmap.steps if s.horizon != "confirm"]
    ranks = [s.rank for s in steps]
    assert ranks == sorted(ranks), "steps for the next level come before steps for later levels"
    now = [s for s in steps if s.horizon == "now"]
    assert 1 <= len(now) <= 3 and all(s.rank == 0 for s in now)
    assert all(s.rank > 0 for s in steps if s.horizon == "later")
    ci = next(s for s in steps if s.id == "ci_runs_tests")
    assert ci.rank == 0 and any(u.next and u.framework == "extra" for u in ci.unlocks)


def test_one_step_per_practice_across_frameworks(library: Library) -> None:
    report = scenarios(library)["low"]
    ids = [s.id for s in report.roadmap.steps]
    assert len(ids) == len(set(ids))
    ci = next(s for s in report.roadmap.steps if s.id == "ci_runs_tests")
    assert {"extra:L1.ci", "points:infra-1", "google:L2.ci_tests"} <= set(ci.criteria)
    assert ci.impact == len(ci.criteria) >= 3
    assert "1 of 2 missing for Extra level 1" in ci.targets
    assert "1 of 7 missing for Google MLOps level 2 (after level 1)" in ci.targets


def test_match_any_picks_one_practice(library: Library) -> None:
    report = scenarios(library)["low"]
    named = [s.id for s in report.roadmap.steps if "extra:L2.any" in s.criteria]
    assert len(named) == 1 and named[0] in ("model_serving", "containerization")


def test_points_favour_the_holding_section(library: Library) -> None:
    report = synthetic.report(
        {"data_tests": Outcome.present, "data_validation": Outcome.present}, Outcome.absent, library=library
    )
    points = report.framework("points")
    assert points is not None and points.holding_section == "infra"
    ranks = {s.id: s.rank for s in report.roadmap.steps}
    assert ranks["containerization"] == 0
    report2 = synthetic.report({"containerization": Outcome.present, "ci_runs_tests": Outcome.present},
                               Outcome.absent, library=library)  # fmt: skip
    step = next(s for s in report2.roadmap.steps if "points:data-1" in s.criteria)
    assert step.rank == 0 and step.unlocks[0].target == "section data"


def test_answer_only_criteria_go_to_confirm_last(library: Library) -> None:
    report = synthetic.report({"model_validation": Outcome.present}, Outcome.absent, frameworks=["extra"],
                              library=library)  # fmt: skip
    confirm = report.roadmap.by_horizon("confirm")
    assert [s.question for s in confirm] == ["model_validation_gate"]
    assert confirm[0].title.startswith("Confirm with ML engineer: ")
    assert "extra:L2.gate" in confirm[0].criteria
    assert report.roadmap.steps[-len(confirm) :] == confirm
    # answered "no" is real work, not a confirmation
    said_no = synthetic.report({"model_validation": Outcome.present}, Outcome.absent, frameworks=["extra"],
                               answers={"model_validation_gate": "no"}, library=library)  # fmt: skip
    gate = [s for s in said_no.roadmap.steps if "extra:L2.gate" in s.criteria]
    assert gate and gate[0].horizon != "confirm"


def test_stack_tailors_file_tool_and_snippet(library: Library) -> None:
    report = synthetic.report({"ci": Outcome.present}, Outcome.absent, library=library)
    step = next(s for s in report.roadmap.steps if s.id == "ci_runs_tests")
    assert report.roadmap.stack["ci"] == "GitHub Actions"
    assert step.file == ".github/workflows/ci.yml" and "your CI is GitHub Actions" in step.actions[0]
    synthetic.PATHS["ci"] = ".gitlab-ci.yml"
    try:
        gl = synthetic.report({"ci": Outcome.present, "experiment_tracking": Outcome.present},
                              Outcome.absent, library=library)  # fmt: skip
    finally:
        synthetic.PATHS["ci"] = ".github/workflows/ci.yml"
    assert gl.roadmap.stack == {"ci": "GitLab CI", "tracker": "MLflow"}
    step = next(s for s in gl.roadmap.steps if s.id == "ci_runs_tests")
    assert step.file == ".gitlab-ci.yml" and step.snippet and "pytest" in step.snippet
    assert "github" not in step.snippet
    reg = next(s for s in gl.roadmap.steps if s.id == "model_registry")
    assert reg.tool and "MLflow Model Registry" in reg.tool


@pytest.mark.parametrize(
    ("path", "system", "file"),
    [
        ("build/cloudbuild-deploy.yaml", "Google Cloud Build", "cloudbuild.yaml"),
        ("deployment_pipeline/buildspec.yml", "AWS CodeBuild", "buildspec.yml"),
        (".pipelines/ci.yml", "your CI system", "your CI configuration"),
    ],
)
def test_stack_uses_the_ci_system_found_never_says_none_was_found(
    library: Library, path: str, system: str, file: str
) -> None:
    """The step names the CI the scan found (from the proof's system or path), whatever the system."""
    synthetic.PATHS["ci"] = path
    try:
        report = synthetic.report({"ci": Outcome.present}, Outcome.absent, library=library)
    finally:
        synthetic.PATHS["ci"] = ".github/workflows/ci.yml"
    assert report.roadmap.stack["ci"] == system
    step = next(s for s in report.roadmap.steps if s.id == "ci_runs_tests")
    assert step.file == file
    assert not any("no CI system was found" in a for a in step.actions)


@pytest.mark.parametrize(
    ("files", "tracker", "registry"),
    [
        (
            {
                "jobs/create_experiment.py": "import boto3\nsm = boto3.client('sagemaker')\n"
                "sm.create_experiment(ExperimentName='churn')\n"
            },
            "SageMaker Experiments",
            "SageMaker Model Registry",
        ),
        (
            {
                "train.py": "from google.cloud import aiplatform\naiplatform.start_run('r1')\n"
                "aiplatform.log_metrics({'auc': 0.9})\n"
            },
            "Vertex AI Experiments",
            "Vertex AI Model Registry",
        ),
        ({"train.py": "import mlflow\nmlflow.log_metric('auc', 0.9)\n"}, "MLflow", "MLflow Model Registry"),
    ],
)
def test_registry_step_follows_the_tracker_found(
    make_repo, files: dict[str, str], tracker: str, registry: str
) -> None:  # type: ignore[no-untyped-def]
    """A team tracking in a cloud's experiments service is sent to that cloud's registry, not MLflow's."""
    from maturity.pipeline import run

    report = run(make_repo(files))
    assert report.roadmap is not None and report.roadmap.stack.get("tracker") == tracker
    reg = next(s for s in report.roadmap.steps if s.id == "model_registry")
    assert reg.tool and registry in reg.tool
