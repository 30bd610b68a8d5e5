"""Which proof of a practice comes first: the strongest kind of evidence, whatever detector found it.

The merge (:func:`maturity.scan.merge`) orders a practice's proofs by this rank, then by path and line:

0. infrastructure code and CI/CD: a CI configuration of any supported system, a proof from a CI or IaC
   detector, Terraform/Bicep/CloudFormation/CDK/Helm/Kubernetes files and folders, git itself (``.git``);
1. application code and configuration (``.py``, YAML, Dockerfiles, manifests of the project);
2. notebooks (``.ipynb``);
3. documentation, examples, samples, tutorials and tests (and Markdown anywhere).

The first proof is the one tables and summaries show, so a deployment proved by an endpoint in infrastructure
code or a CD job is shown before a notebook's ``estimator.deploy(``.
"""

from __future__ import annotations

import functools
import re

from maturity.scan.listing import glob_to_regex
from maturity.scan.models import Proof

INFRA, CODE, NOTEBOOK, DOCS = 0, 1, 2, 3
INFRA_FAMILIES = frozenset({"ci", "iac", "vcs"})
INFRA_SUFFIX = (".tf", ".tfvars", ".bicep", ".hcl")
INFRA_NAMES = frozenset({"chart.yaml", "cdk.json", "pulumi.yaml", "kustomization.yaml", ".git"})
INFRA_DIRS = frozenset(
    {"infra", "infrastructure", "iac", "terraform", "cdk", "cloudformation", "helm", "charts", "k8s"}
    | {"kubernetes", "manifests", "pulumi", "bicep"}
)
DOC_DIRS = frozenset(
    {"docs", "doc", "documentation", "examples", "example", "samples", "sample", "tutorials", "tutorial"}
    | {"tests", "test", "testing"}
)
DOC_SUFFIX = (".md", ".rst", ".adoc")


@functools.cache
def _ci_patterns() -> tuple[re.Pattern[str], ...]:
    from maturity.scan.parsers.ci import SYSTEMS  # the CI registry names every system's config files

    return tuple(glob_to_regex(p) for s in SYSTEMS for p in s.patterns)


@functools.lru_cache(maxsize=1 << 14)
def path_rank(path: str) -> int:
    """The rank of a file by what it is (see the module docstring)."""
    low = path.lower()
    parts = low.split("/")
    name = parts[-1]
    if DOC_DIRS.intersection(parts[:-1]) or name.endswith(DOC_SUFFIX) or name.startswith("test_"):
        return DOCS
    if any(rx.match(path) for rx in _ci_patterns()):
        return INFRA
    if name.endswith(INFRA_SUFFIX) or name in INFRA_NAMES or INFRA_DIRS.intersection(parts[:-1]):
        return INFRA
    return NOTEBOOK if name.endswith(".ipynb") else CODE


def proof_rank(p: Proof) -> int:
    """The rank of a proof: its file's, or infrastructure when a CI/IaC detector found it in code."""
    rank = path_rank(p.path)
    if rank == CODE and p.detector.split(".", 1)[0] in INFRA_FAMILIES:
        return INFRA
    return rank


def proof_order(p: Proof) -> tuple[int, str, int]:
    """Sort key for a practice's proofs: strongest kind first, then path and line."""
    return (proof_rank(p), p.path, p.line or 0)
