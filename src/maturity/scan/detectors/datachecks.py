"""Detectors for data checks run by the pipeline itself (not by a test suite): data tests and data validation.

Read from what the code declares (``parsers.pyast``): a SageMaker ``QualityCheckStep`` with a
``DataQualityCheckConfig``, a Model Monitor data-quality baseline (``suggest_baseline``, a data-quality job
definition, a monitoring schedule with a baseline), a TFX ``ExampleValidator`` or TFDV validation, a Great
Expectations checkpoint run or expectation, a pandera schema that validates, an Evidently ``TestSuite``,
a deepchecks suite that runs, dbt column tests, and hand-written checks on nulls, duplicates, columns or
dtypes that raise or assert. A data profile or report that decides nothing is no check.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
from maturity.scan.detectors._pycode import value_words, walk_scope
from maturity.scan.detectors._tools import is_weak_path, proof
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.pyast import PyModule, dotted, modules, source
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

DET = "datachecks.pipeline"
# library calls that check data, each with the calls that must also be in the file (empty: none)
CHECKS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = (
    ("SageMaker QualityCheckStep (data quality)", ("QualityCheckStep",), ("DataQualityCheckConfig",), ""),
    ("SageMaker Model Monitor data-quality baseline", ("suggest_baseline",), ("DefaultModelMonitor",), ""),
    ("SageMaker data-quality job definition", ("CfnDataQualityJobDefinition",), (), ""),
    ("SageMaker data-quality job definition", ("create_data_quality_job_definition",), (), ""),
    ("TFX ExampleValidator (data against a schema)", ("ExampleValidator",), (), ""),
    (
        "TFDV validation",
        ("validate_statistics", "validate_examples_in_tfrecord", "validate_examples_in_csv"),
        (),
        "",
    ),
    ("TFDV schema inference", ("infer_schema",), (), "tensorflow_data_validation"),
    ("Great Expectations checkpoint", ("run_checkpoint", "run_validation_operator"), (), ""),
    ("Great Expectations checkpoint", ("Checkpoint", "add_checkpoint"), ("run",), "great_expectations"),
    ("Great Expectations expectation", ("expect_column_values_to_not_be_null",), (), ""),
    # a DataFrameSchema or a DataFrameModel class (``Schema.validate(df)``), in a file importing pandera
    ("pandera schema validation", ("validate",), (), "pandera"),
    ("pandera checked function", ("check_types", "check_input", "check_output"), (), "pandera"),
    ("Evidently TestSuite", ("TestSuite",), (), "evidently"),
    ("deepchecks suite", ("data_integrity", "train_test_validation"), ("run",), "deepchecks"),
)
NEEDLES = (
    "QualityCheckStep",
    "suggest_baseline",
    "DataQualityJobDefinition",
    "data_quality_job_definition",
    "ExampleValidator",
    "tensorflow_data_validation",
    "great_expectations",
    "pandera",
    "TestSuite",
    "deepchecks",
    "MonitoringSchedule",
)
# a hand-written check needs one of these and a raise or an assert (a cheap test before parsing)
HAND_NEEDLES = ("isnull", "isna(", "notna(", "duplicated(", ".columns", "dtypes", "nunique", "missing")
# what a hand-written check looks at: missing values, duplicates, the columns and types of a data frame
QUALITY_ATTRS = frozenset(
    {"isnull", "isna", "notna", "notnull", "duplicated", "nunique", "is_unique", "hasnans"}
)
SCHEMA_ATTRS = frozenset({"columns", "dtypes"})
QUALITY_KEYS = frozenset({"missing", "null", "nulls", "duplicates", "duplicated"})
MODULES = frozenset({"pd", "pandas", "np", "numpy", "math"})


@detector(
    id=DET,
    practices=["data_tests", "data_validation"],
    summary="Data checks run by the pipeline: SageMaker QualityCheckStep/DataQualityCheckConfig or a Model "
    "Monitor data-quality baseline, TFX ExampleValidator/TFDV validation, Great Expectations checkpoints, "
    "pandera schemas that validate, Evidently TestSuites, deepchecks suites, dbt column tests, and "
    "hand-written checks on nulls, duplicates, columns or dtypes that raise or assert.",
    inputs=["**/*.py", "**/*.ipynb", "dbt models/*.yml", "great_expectations/checkpoints/*.yml"],
    limits="A data profile or report that decides nothing (an Evidently Report, statistics only) is not a "
    "check; checks written in SQL outside dbt or in other languages are not seen.",
)
def pipeline_checks(repo: RepoView) -> Iterator[Finding]:
    code = [f for f in repo.with_suffix(".py", ".ipynb") if not is_weak_path(f)]
    hand = [f for f in code if f.endswith(".py") and _hand_candidate(repo.text(f) or "")]
    proofs = [p for mod in modules(repo, NEEDLES, code) for p in _checks(mod)]
    seen = {p.path for p in proofs}
    proofs += [
        p for mod in modules(repo, HAND_NEEDLES, hand) if mod.path not in seen for p in _hand_written(mod)[:1]
    ]
    proofs += _dbt_tests(repo) + _gx_checkpoints(repo)
    if not proofs:
        return
    where = f"{proofs[0].path}:{proofs[0].line}" if proofs[0].line else proofs[0].path
    for practice in ("data_tests", "data_validation"):
        yield finding(practice, DET, Outcome.present, f"the pipeline checks data ({where})", proofs)


def _checks(mod: PyModule) -> list[Proof]:
    out: list[Proof] = []
    for what, calls, together, imported in CHECKS:
        if imported and not mod.imports_any(imported):
            continue
        found = mod.named(*calls)
        if found and all(mod.named(t) for t in together):
            out.append(proof(mod.path, found[0].line, DET, f"{what}: {found[0].text(70)}"))
    return out + _monitoring_baselines(mod) + _hand_written(mod)[:1]


def _hand_candidate(text: str) -> bool:
    return ("raise" in text or "assert" in text) and any(n in text for n in HAND_NEEDLES)


def _monitoring_baselines(mod: PyModule) -> list[Proof]:
    """A monitoring schedule (CDK ``CfnMonitoringSchedule``) checking data against baseline constraints."""
    out = []
    for call in mod.named("CfnMonitoringSchedule"):
        text = source(call.node, 4000)
        if "baseline_config" in text and "ModelQuality" not in text:
            out.append(proof(mod.path, call.line, DET, "monitoring schedule checks data against a baseline"))
    return out


def _hand_written(mod: PyModule) -> list[Proof]:
    """``if df.isnull().any(): raise ...`` / ``assert set(new.columns) == set(old.columns)`` in a script or
    pipeline step (exploratory asserts in notebooks are not counted)."""
    if not mod.path.endswith(".py"):
        return []
    out: list[Proof] = []
    for node in mod.nodes:
        raises = isinstance(node, ast.If) and any(isinstance(n, ast.Raise) for n in walk_scope(node.body))
        test = node.test if isinstance(node, ast.Assert) or raises else None  # type: ignore[attr-defined]
        if test is not None and _about_data(test):
            kind = "assert" if isinstance(node, ast.Assert) else "if"
            line = mod.line(node)
            out.append(proof(mod.path, line, DET, f"data check: {kind} {source(test, 80)}"))
    return out


def _about_data(test: ast.AST) -> bool:
    """Missing values or duplicates of a frame, its column set or dtypes compared, a missing-count key."""
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and node.attr in QUALITY_ATTRS:
            if not (isinstance(node.value, ast.Name) and node.value.id in MODULES):
                return True
        elif isinstance(node, ast.Compare) and all(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            sides = [node.left, *node.comparators]
            if any(_frame_attr(s, SCHEMA_ATTRS) for s in sides):
                return True
        elif isinstance(node, ast.Subscript) and value_words(node)[1] & QUALITY_KEYS:
            return True
    return False


def _frame_attr(side: ast.expr, attrs: frozenset[str]) -> bool:
    """``df.columns`` or ``set(df.columns)`` (not ``len(df.columns)``)."""
    if (
        isinstance(side, ast.Call)
        and dotted(side.func) in ("set", "list", "sorted", "frozenset")
        and side.args
    ):
        side = side.args[0]
    return isinstance(side, ast.Attribute) and side.attr in attrs


def _dbt_tests(repo: RepoView) -> list[Proof]:
    """dbt models' column tests (``tests:``/``data_tests:`` under ``columns:``) in a dbt project."""
    out: list[Proof] = []
    projects = [p.rpartition("/")[0] for p in repo.named("dbt_project.yml")]
    for path in repo.with_suffix(".yml", ".yaml"):
        if not any(path.startswith(f"{d}/" if d else "") for d in projects) or "tests" not in (
            repo.text(path) or ""
        ):
            continue
        data = repo.yaml(path)
        models = data.get("models") if isinstance(data, dict) else None
        for model in models if isinstance(models, list) else []:
            columns = model.get("columns") if isinstance(model, dict) else None
            tested = [
                c for c in columns or [] if isinstance(c, dict) and (c.get("tests") or c.get("data_tests"))
            ]
            if tested:
                name = model.get("name", "?")
                out.append(proof(path, None, DET, f"dbt tests on {len(tested)} column(s) of {name}"))
    return out


def _gx_checkpoints(repo: RepoView) -> list[Proof]:
    """Great Expectations checkpoint configurations (``checkpoints/*.yml`` beside great_expectations.yml)."""
    out: list[Proof] = []
    for config in repo.named("great_expectations.yml"):
        folder = config.rpartition("/")[0]
        prefix = f"{folder}/checkpoints/" if folder else "checkpoints/"
        for path in repo.glob(f"{prefix}*.yml", f"{prefix}*.yaml"):
            out.append(proof(path, None, DET, "Great Expectations checkpoint"))
    return out


DETECTORS: list[Detector] = [pipeline_checks]
