"""Detectors for the tests area: unit tests (with a count), data tests, model tests."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from maturity.scan.detectors._tools import code_lines, is_test_path
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

_TEST_DEF = re.compile(r"^\s*(?:async\s+)?def\s+(test\w*)\s*\(")
_DATA_LIBS = re.compile(
    r"^\s*(?:import|from)\s+(great_expectations|pandera|tensorflow_data_validation|deepchecks|"
    r"evidently\.test_suite|whylogs|soda|frictionless)\b"
)
_DATA_SCHEMA = re.compile(
    r"\b(DataFrameSchema|SchemaModel|DataFrameModel|ExpectationSuite|expect_column_\w+|validate_statistics"
    r"|infer_schema|data_integrity)\b"
)
_DATA_LOAD = re.compile(
    r"\b(read_csv|read_parquet|read_json|read_sql|load_dataset|load_data\w*|get_data\w*)\s*\("
)
_DATA_ASSERT = re.compile(
    r"^\s*assert\b.*(\.isnull\(|\.isna\(|\.notna\(|\.dtypes?\b|\.columns\b|\.duplicated\(|\.nunique\(|"
    r"\.between\(|\.is_unique\b|\.shape\b|\.min\(\)|\.max\(\))"
)
_DATA_TEST_NAME = re.compile(r"schema|missing|null|nan\b|_nan|distribution|column|dtype|range|duplicate|data")
# a model (by its usual names) trained, used or evaluated; `scaler.fit(` or `encoder.fit(` is no model test
_MODEL_CALL = re.compile(
    r"\b\w*(?:model|clf|classifier|regressor|estimator|pipe|pipeline|net|learner|trainer|predictor|booster)\w*"
    r"(?:\.\w+)*\.(?:fit|train|predict|predict_proba|evaluate|score)\s*\("
    r"|\b(?:train|fit|evaluate)_model\w*\s*\(",
    re.IGNORECASE,
)
_METRIC_ASSERT = re.compile(
    r"^[ \t]*(assert\b|self\.assert\w*\().*\b(accuracy|acc|auc|roc_auc|f1|f1_score|precision|recall|loss|"
    r"val_loss|log_loss|rmse|mse|mae|mape|r2|r2_score|iou|bleu|perplexity)\b",
    re.IGNORECASE,
)


@dataclass
class TestFile:
    path: str
    tests: list[tuple[int, str]] = field(default_factory=list)


_CACHE: WeakKeyDictionary[RepoView, list[TestFile]] = WeakKeyDictionary()


def test_files(repo: RepoView) -> list[TestFile]:
    """Python test files (test_*.py, *_test.py, files under tests/) with their test functions."""
    if repo in _CACHE:
        return _CACHE[repo]
    out: list[TestFile] = []
    for path in repo.with_suffix(".py"):
        if not is_test_path(path) or path.rsplit("/", 1)[-1] in ("conftest.py", "__init__.py"):
            continue
        tf = TestFile(path)
        for n, line in code_lines(repo, path):
            m = _TEST_DEF.match(line)
            if m:
                tf.tests.append((n, m.group(1)))
        if tf.tests and "__main__" in (repo.text(path) or ""):
            entry = script_entry_points(repo.text(path) or "")
            tf.tests = [t for t in tf.tests if t[1] not in entry]
        out.append(tf)
    _CACHE[repo] = out
    return out


def script_entry_points(source: str) -> set[str]:
    """Functions a module runs itself from ``if __name__ == "__main__":`` (``fire.Fire(testit)``,
    ``testit(sys.argv[1])``): a command-line helper named ``test*`` is not a test. Test runners called
    there (``unittest.main()``, ``pytest.main()``) do not make a function an entry point."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            for call in (n for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Call)):
                func = ast.unparse(call.func)
                if func.endswith(("unittest.main", "pytest.main")):
                    continue
                refs = [call.func, *call.args, *(k.value for k in call.keywords)]
                names.update(r.id for r in refs if isinstance(r, ast.Name))
    return names


@detector(
    id="tests.unit",
    practices=["unit_tests"],
    summary="Test files (test_*.py, *_test.py, tests/) holding pytest or unittest test functions, counted.",
    inputs=["**/test_*.py", "**/*_test.py", "**/tests/**/*.py"],
    limits="Tests in notebooks, doctests and non-Python tests are not counted; a test function is "
    "'def test*'.",
)
def unit_tests(repo: RepoView) -> Iterator[Finding]:
    files = test_files(repo)
    with_tests = [f for f in files if f.tests]
    count = sum(len(f.tests) for f in files)
    details = {"test_count": count, "test_files": len(with_tests)}
    if with_tests:
        proofs = [
            Proof(
                path=f.path,
                line=f.tests[0][0],
                detector="tests.unit",
                detail=f"{len(f.tests)} test function(s), e.g. {f.tests[0][1]}",
            )
            for f in with_tests
        ]
        yield Finding(
            practice="unit_tests",
            outcome=Outcome.present,
            detector="tests.unit",
            evidence=proofs[:8],
            message=f"{count} test function(s) in {len(with_tests)} file(s)",
            details=details,
        )
    elif files:
        yield Finding(
            practice="unit_tests",
            outcome=Outcome.absent,
            detector="tests.unit",
            details=details,
            message=f"{len(files)} test file(s) but no test function in any (e.g. {files[0].path})",
        )
    else:
        yield Finding(
            practice="unit_tests",
            outcome=Outcome.absent,
            detector="tests.unit",
            details=details,
            message="no Python test files (test_*.py, *_test.py or a tests/ folder)",
        )


def _first(repo: RepoView, path: str, rx: re.Pattern[str]) -> tuple[int, str] | None:
    return next(((n, line.strip()) for n, line in code_lines(repo, path) if rx.search(line)), None)


@detector(
    id="tests.data",
    practices=["data_tests"],
    summary="Tests that check data: great_expectations, pandera, TFDV, deepchecks (or schemas) used in test "
    "files, or tests that load data and assert on nulls, dtypes, columns or ranges (or are named so: "
    "test_*schema*, *missing*, *distribution*, *column*...).",
    inputs=["**/test_*.py", "**/tests/**/*.py"],
    limits="Data checks run outside test files (pipelines) count for data_validation, not here.",
)
def data_tests(repo: RepoView) -> Iterator[Finding]:
    files = [f for f in test_files(repo) if f.tests]
    proofs: list[Proof] = []
    for f in files:
        hit = _first(repo, f.path, _DATA_LIBS) or _first(repo, f.path, _DATA_SCHEMA)
        if hit is None and _first(repo, f.path, _DATA_LOAD):
            named = next(((n, f"def {name}") for n, name in f.tests if _DATA_TEST_NAME.search(name)), None)
            hit = _first(repo, f.path, _DATA_ASSERT) or named
        if hit:
            proofs.append(
                Proof(path=f.path, line=hit[0], detector="tests.data", detail=f"data check: {hit[1][:100]}")
            )
    if proofs:
        yield Finding(
            practice="data_tests",
            outcome=Outcome.present,
            detector="tests.data",
            evidence=proofs[:8],
            message=f"tests check data ({proofs[0].path})",
        )
    else:
        why = "tests check no data" if files else "no tests at all"
        yield Finding(
            practice="data_tests",
            outcome=Outcome.absent,
            detector="tests.data",
            message=f"{why} (no great_expectations/pandera/TFDV/deepchecks or data assertions in tests)",
        )


@detector(
    id="tests.model",
    practices=["model_tests"],
    summary="Tests that train, predict with or evaluate a model (model/clf/pipeline/trainer .fit/.predict/"
    ".evaluate, train_model()) or assert on metrics (accuracy, auc, f1, loss, rmse...).",
    inputs=["**/test_*.py", "**/tests/**/*.py"],
    limits="A test calling .predict on a mock counts; model quality gates outside tests count for "
    "model_validation.",
)
def model_tests(repo: RepoView) -> Iterator[Finding]:
    files = [f for f in test_files(repo) if f.tests]
    proofs: list[Proof] = []
    for f in files:
        hit = _first(repo, f.path, _METRIC_ASSERT) or _first(repo, f.path, _MODEL_CALL)
        if hit:
            proofs.append(
                Proof(path=f.path, line=hit[0], detector="tests.model", detail=f"model test: {hit[1][:100]}")
            )
    if proofs:
        yield Finding(
            practice="model_tests",
            outcome=Outcome.present,
            detector="tests.model",
            evidence=proofs[:8],
            message=f"tests exercise a model ({proofs[0].path})",
        )
    else:
        why = "no test trains, predicts or asserts on a metric" if files else "no tests at all"
        yield Finding(practice="model_tests", outcome=Outcome.absent, detector="tests.model", message=why)


DETECTORS: list[Detector] = [unit_tests, data_tests, model_tests]
