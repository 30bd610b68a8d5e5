"""The strongest proof of a practice comes first, whichever detector found it (scan/proof_rank.py)."""

from __future__ import annotations

import pytest

from maturity.scan import merge
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.proof_rank import CODE, DOCS, INFRA, NOTEBOOK, path_rank, proof_rank


@pytest.mark.parametrize(
    ("path", "rank"),
    [
        (".github/workflows/deploy.yml", INFRA),
        (".gitlab-ci.yml", INFRA),
        ("Jenkinsfile", INFRA),
        ("infra/main.tf", INFRA),
        ("deploy/cdk/stack.py", INFRA),
        ("charts/api/templates/deployment.yaml", INFRA),
        (".git", INFRA),
        ("src/pipeline/train.py", CODE),
        ("configs/train.yaml", CODE),
        ("Dockerfile", CODE),
        ("notebooks/deploy.ipynb", NOTEBOOK),
        ("docs/deploy.md", DOCS),
        ("examples/serve/app.py", DOCS),
        ("tests/test_deploy.py", DOCS),
        ("README.md", DOCS),
    ],
)
def test_path_rank(path: str, rank: int) -> None:
    assert path_rank(path) == rank


def test_a_ci_or_iac_detector_ranks_its_code_proof_as_infrastructure() -> None:
    assert proof_rank(Proof(path="app.py", detector="iac.cdk", detail="x")) == INFRA
    assert proof_rank(Proof(path="app.py", detector="serving.web_api", detail="x")) == CODE


def test_merge_puts_infrastructure_before_code_before_notebooks_before_examples() -> None:
    def proof(path: str, detector: str) -> Proof:
        return Proof(path=path, line=3, detector=detector, detail="deploys")

    findings = [
        Finding(
            practice="automated_deployment",
            outcome=Outcome.present,
            detector="serving.frameworks",
            evidence=[proof("a_notebook.ipynb", "serving.frameworks"), proof("examples/deploy.py", "x.y")],
        ),
        Finding(
            practice="automated_deployment",
            outcome=Outcome.present,
            detector="ci.deploy",
            evidence=[
                proof("zz/deploy.py", "serving.frameworks"),
                proof(".github/workflows/cd.yml", "ci.deploy"),
            ],
        ),
        Finding(
            practice="automated_deployment",
            outcome=Outcome.partial,
            detector="d",
            evidence=[proof("a.tf", "d")],
        ),
    ]
    merged = merge(["automated_deployment"], findings, {"automated_deployment"}, {})
    got = [p.path for p in merged["automated_deployment"].evidence]
    assert got == [".github/workflows/cd.yml", "zz/deploy.py", "a_notebook.ipynb", "examples/deploy.py"]
