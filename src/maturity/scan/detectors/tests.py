"""Detectors for the tests area: unit tests (with a count), data tests, model tests."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from maturity.scan.detectors._asserts import model_assertions
from maturity.scan.detectors._codesearch import matching_lines
from maturity.scan.detectors._tools import code_lines, is_test_path, proof
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.pyast import module
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

# a test checks something: an assertion, a test framework, an expected exception, a validation call
_CHECKS = re.compile(
    r"\bassert|\b(pytest|unittest|nose2?|hypothesis|testing)\b|\braises\b|\bfail\(|\.validate\(|\bexpect_|\bcheck\w*\("
)
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
# an output's shape is no data check (a loader's unit test asserts it on synthetic fixtures)
_DATA_ASSERT = re.compile(
    r"^\s*assert\b(?!.*\.shape\b).*(\.isnull\(|\.isna\(|\.notna\(|\.dtypes?\b|\.columns\b|\.duplicated\(|\.nunique\(|"
    r"\.between\(|\.is_unique\b|\.min\(\)|\.max\(\))"
)
# train/validation/test splits that must not overlap (leakage)
_LEAKAGE = re.compile(r"^\s*assert\b.*(\bset\(.*\)\s*&\s*set\(|\.isdisjoint\(|\.intersection\()")
_DATA_TEST_NAME = re.compile(r"schema|missing|null|nan\b|_nan|distribution|column|dtype|range|duplicate|leak")


# a model assertion needs a prediction or a metric: a cheap test before parsing the file
ASSERT_NEEDLES = re.compile(
    r"(?i)predict|infer|generat|forward|model|\bnet\b|clf|classif|regress|recogni|detect|pipe|acc|\bf1(?!\d)|auc"
    r"|rmse|\bmse|\bmae\b|\br2(?!\d)|loss|\bmap\b|ndcg|precision|recall|bleu|rouge|\biou\b|perplexity|\bcer\b|\bwer\b"
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
        lines = code_lines(repo, path)
        for n, line in lines:
            m = _TEST_DEF.match(line)
            if m:
                tf.tests.append((n, m.group(1)))
        if tf.tests and "__main__" in (repo.text(path) or ""):
            mod = module(repo, path)
            entry = script_entry_points(mod.tree) if mod is not None else set()
            tf.tests = [t for t in tf.tests if t[1] not in entry]
        if tf.tests and not any(_CHECKS.search(line) for _, line in lines):
            tf.tests = []  # a script named test_*.py that checks nothing (a CLI: fire.Fire(testit))
        out.append(tf)
    _CACHE[repo] = out
    return out


def script_entry_points(tree: ast.Module) -> set[str]:
    """Functions a module runs itself from ``if __name__ == "__main__":`` (``fire.Fire(testit)``,
    ``testit(sys.argv[1])``): a command-line helper named ``test*`` is not a test. Test runners called
    there (``unittest.main()``, ``pytest.main()``) do not make a function an entry point."""
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
    "'def test*' in a file that asserts or uses a test framework (a script named test_*.py that checks "
    "nothing is no test).",
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
            message=f"{len(files)} test file(s) but no test that checks anything (e.g. {files[0].path})",
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
    return next(((n, line.strip()) for n, line in matching_lines(repo, rx, path)), None)


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
        hit = (
            _first(repo, f.path, _DATA_LIBS)
            or _first(repo, f.path, _DATA_SCHEMA)
            or _first(repo, f.path, _LEAKAGE)
        )
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
    summary="Tests that assert on a model's outputs or metrics: a prediction compared with an expected value "
    "or a reference output, a metric compared with a threshold or a reference (accuracy, auc, f1, loss, "
    "rmse...).",
    inputs=["**/test_*.py", "**/tests/**/*.py"],
    limits="Training smoke tests (the model exists, runs, has the right output shape) and tests of a mock "
    "model do not count; model quality gates outside tests count for model_validation.",
)
def model_tests(repo: RepoView) -> Iterator[Finding]:
    files = [f for f in test_files(repo) if f.tests]
    proofs: list[Proof] = []
    for f in files:
        text = repo.text(f.path) or ""
        mod = module(repo, f.path) if "assert" in text and ASSERT_NEEDLES.search(text) else None
        hits = model_assertions(mod) if mod else []
        proofs += [proof(f.path, n, "tests.model", f"asserts on a model's output: {t}") for n, t in hits[:1]]
        if len(proofs) >= 8:
            break
    if proofs:
        yield Finding(
            practice="model_tests",
            outcome=Outcome.present,
            detector="tests.model",
            evidence=proofs[:8],
            message=f"tests assert on a model's outputs or metrics ({proofs[0].path})",
        )
    else:
        why = "no test asserts on a model's outputs or metrics" if files else "no tests at all"
        yield Finding(practice="model_tests", outcome=Outcome.absent, detector="tests.model", message=why)


# what feature and data-processing code is called: a module or function named for that work
_FEATURE_WORDS = frozenset(
    {"feature", "features", "featurize", "featurizer", "featurization", "preprocess", "preprocessing"}
    | {"preprocessor", "processing", "processor", "transform", "transforms", "transformation", "etl"}
    | {"ingest", "ingestion", "dataprep"}
)
_WORD = re.compile(r"[a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@detector(
    id="tests.feature_code",
    practices=["feature_tests"],
    summary="Unit tests exercise the feature or data-processing code: a test module imports a module or "
    "function named for that work (features, preprocessing, data_processor, transforms, etl, ingest) or "
    "its tests are.",
    inputs=["**/test_*.py", "**/*_test.py", "**/tests/**/*.py"],
    limits="Feature code in modules with other names (utils, pipeline) is not recognised.",
)
def feature_tests(repo: RepoView) -> Iterator[Finding]:
    proofs: list[Proof] = []
    for tf in test_files(repo):
        if not tf.tests:
            continue
        text = (repo.text(tf.path) or "").lower()
        named = any(w in text for w in _FEATURE_WORDS)  # else no import can name feature code: not parsed
        mod = module(repo, tf.path) if named else None
        names = list(mod.imports.values()) if mod is not None else []
        hit = next((n for n in names if _feature_words(n)), None)
        test = next((t for t in tf.tests if _feature_words(t[1].removeprefix("test"))), None)
        if hit is not None or test is not None:
            what = f"tests import {hit}" if hit else f"test {test[1]}" if test else ""
            line = test[0] if test else tf.tests[0][0]
            proofs.append(proof(tf.path, line, "tests.feature_code", what))
    if proofs:
        why = f"tests exercise feature or data-processing code ({proofs[0].path})"
        yield Finding(practice="feature_tests", outcome=Outcome.present, detector="tests.feature_code",
                      evidence=proofs[:6], message=why)  # fmt: skip
    else:
        why = "no test imports or names feature or data-processing code"
        yield Finding(
            practice="feature_tests", outcome=Outcome.absent, detector="tests.feature_code", message=why
        )


def _feature_words(name: str) -> bool:
    """``name`` (a dotted import or a function name) has a feature word: ``churn.data_processor``."""
    words = set(_WORD.findall(_CAMEL.sub(" ", name).lower()))
    return bool(words & _FEATURE_WORDS) and "transformer" not in words and "transformers" not in words


DETECTORS: list[Detector] = [unit_tests, data_tests, model_tests, feature_tests]
