"""One parametrized runner over every declarative scan case in ``tests/scan/cases/*.yaml``.

Format of a case file (every ``cases/*.yaml`` is loaded, whoever wrote it): a YAML list of cases, or a
mapping ``{cases: [...]}``; a case is named by ``id`` (or ``name``)::

    - id: gha-runs-pytest            # unique within the file; the test id is "<file stem>:<id>"
      files:                         # path -> content, written into a fresh real git repository
        .github/workflows/ci.yml: |
          on: push
          jobs: {test: {runs-on: x, steps: [{run: pytest}]}}
      git: true                      # optional (default true): false = a plain folder, no git
      subdir: services/model         # optional: scan this subfolder of the repository (monorepo)
      expect:                        # practice id -> expected status (present/partial/absent/unknown)
        ci_runs_tests: present
      proofs:                        # optional: practice id -> "path:line" that must be among its proofs;
        ci_runs_tests: [".github/workflows/ci.yml:3"]   # a bare "path" matches that file at any line
      reason: {ci_runs_tests: "reusable"}  # optional: practice id -> a substring of its reason
                                           # ([practice, substring] is accepted too)

Practice ids are the catalog ids (``frameworks/practices.yaml``, the same as ``load_library().practices``;
only the catalog is loaded here, so a broken framework or questionnaire file does not hide scan results).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from maturity._resources import data_dir
from maturity.frameworks.loader import CATALOG_FILE, load_catalog
from maturity.scan import scan

CASES_DIR = Path(__file__).parent / "cases"


def _load() -> list[Any]:
    params = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        for case in data.get("cases", []) if isinstance(data, dict) else data:
            params.append(pytest.param(case, id=f"{file.stem}:{case.get('id') or case['name']}"))
    return params


@pytest.fixture(scope="module")
def practice_ids() -> list[str]:
    return [p.id for p in load_catalog(data_dir("frameworks") / CATALOG_FILE).practices]


@pytest.mark.parametrize("case", _load())
def test_case(case: dict[str, Any], make_repo: Any, practice_ids: list[str]) -> None:
    files = {path: content or "" for path, content in (case.get("files") or {}).items()}
    root = make_repo(files, git_init=case.get("git", True))
    target = root / case["subdir"] if case.get("subdir") else root
    evidence = scan(target, practice_ids)
    for practice, status in case["expect"].items():
        assert practice in practice_ids, f"unknown practice id {practice!r}"
        got = evidence.practices[practice]
        listed = [f"{p.path}:{p.line}" if p.line else p.path for p in got.evidence]
        assert got.status.value == status, f"{practice}: {got.status.value} ({got.reason}) {listed}"
    for practice, wanted in (case.get("proofs") or {}).items():
        got = evidence.practices[practice]
        shown = {f"{p.path}:{p.line}" if p.line else p.path for p in got.evidence}
        paths = {p.path for p in got.evidence}
        for w in wanted:
            assert w in shown or w in paths, f"{practice}: {w} not among {sorted(shown)}"
    reason_spec = case.get("reason") or {}
    if isinstance(reason_spec, list):  # [practice, fragment] is accepted too
        reason_spec = {reason_spec[0]: reason_spec[1]}
    for practice, fragment in reason_spec.items():
        reason = evidence.practices[practice].reason or ""
        assert fragment in reason, f"{practice}: {fragment!r} not in reason {reason!r}"
