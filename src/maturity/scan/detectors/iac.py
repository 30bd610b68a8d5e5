"""Detectors for the iac area: Terraform, Pulumi, CDK, CloudFormation/SAM, Bicep/ARM, Helm, Kubernetes, and
Databricks Asset Bundles that declare workspace resources beyond jobs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._tools import find_code, is_test_path, retag
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.databricks import databricks
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

_TF = re.compile(r"^[ \t]*(resource|module)\s+\"[^\"]+\"", re.MULTILINE)
_BICEP = re.compile(r"^[ \t]*(resource|module)\s+\w+\s+'", re.MULTILINE)
_CFN = re.compile(
    r"^[ \t]*\"?(AWSTemplateFormatVersion|Transform)\"?\s*:\s*\S|^\s+\"?Type\"?\s*:\s*\"?AWS::\w+::\w+",
    re.MULTILINE,
)
_K8S_KIND = re.compile(r"^kind:\s*['\"]?([A-Z]\w+)", re.MULTILINE)
_K8S_API = re.compile(r"^apiVersion:\s*\S+", re.MULTILINE)
PIPELINE_KINDS = frozenset(
    {
        "Workflow",
        "WorkflowTemplate",
        "CronWorkflow",
        "Pipeline",
        "PipelineRun",
        "Task",
        "TaskRun",
        "TriggerTemplate",
        "EventListener",
    }
)
_ARM = re.compile(r"schema\.management\.azure\.com/schemas/[^\"]*deploymentTemplate", re.IGNORECASE)


def _first(repo: RepoView, rx: re.Pattern[str], paths: list[str], what: str) -> list[Proof]:
    out: list[Proof] = []
    for path in paths:
        m = next(repo.search(rx, [path]), None)
        if m:
            out.append(
                Proof(path=path, line=m.line, detector="iac.templates", detail=f"{what}: {m.text[:80]}")
            )
    return out


def _kubernetes(repo: RepoView, paths: list[str]) -> list[Proof]:
    out: list[Proof] = []
    for path in paths:
        text = repo.text(path) or ""
        if "apiVersion:" not in text or "kind:" not in text or not _K8S_API.search(text):
            continue
        m = _K8S_KIND.search(text)
        if m and m.group(1) not in PIPELINE_KINDS:
            line = text.count("\n", 0, m.start()) + 1
            out.append(
                Proof(path=path, line=line, detector="iac.templates", detail=f"Kubernetes {m.group(1)}")
            )
    return out


def iac_proofs(repo: RepoView) -> list[Proof]:
    by_suffix = {
        s: [f for f in repo.with_suffix(s) if not is_test_path(f)] for s in (".tf", ".bicep", ".json")
    }
    yamls = [
        f for f in repo.with_suffix(".yaml", ".yml") if not is_test_path(f) and not f.startswith(".github/")
    ]
    proofs = _first(repo, _TF, by_suffix[".tf"], "Terraform")
    proofs += _first(repo, _BICEP, by_suffix[".bicep"], "Bicep")
    proofs += [
        Proof(path=p, detector="iac.templates", detail="Pulumi project") for p in repo.named("Pulumi.yaml")
    ]
    proofs += [Proof(path=p, detector="iac.templates", detail="AWS CDK app") for p in repo.named("cdk.json")]
    proofs += [Proof(path=p, detector="iac.templates", detail="Helm chart") for p in repo.named("Chart.yaml")]
    proofs += _first(
        repo,
        _CFN,
        [
            f
            for f in yamls + by_suffix[".json"]
            if "template" in f.lower() or "cloudformation" in f.lower() or "stack" in f.lower()
        ],
        "CloudFormation",
    )
    proofs += _first(
        repo,
        _ARM,
        [f for f in by_suffix[".json"] if "template" in f.lower() or "azuredeploy" in f.lower()],
        "ARM template",
    )
    proofs += _bundles(repo)
    charts = {p.path.rsplit("/", 1)[0] for p in proofs if p.detail == "Helm chart"}
    manifests = [f for f in yamls if not any(f.startswith(c + "/templates/") for c in charts)]
    proofs += _kubernetes(repo, manifests)
    return proofs


# bundle resources that are workflows, not infrastructure: a bundle of jobs only is a deployment config
_WORKFLOW_KINDS = frozenset({"jobs", "pipelines"})


def _bundles(repo: RepoView) -> list[Proof]:
    """Databricks Asset Bundles declaring workspace resources (experiments, registered models, serving
    endpoints, clusters, schemas, volumes, monitors...), deployed by ``databricks bundle deploy``."""
    out: list[Proof] = []
    for bundle in databricks(repo).bundles:
        kinds = sorted({r.kind for r in bundle.resources} - _WORKFLOW_KINDS)
        first = next((r for r in bundle.resources if r.kind in kinds), None)
        if first is not None:
            what = f"Databricks Asset Bundle: declares {', '.join(kinds[:4])}"
            out.append(Proof(path=first.path, line=first.line, detector="iac.templates", detail=what))
    return out


@detector(
    id="iac.templates",
    practices=["infrastructure_as_code"],
    summary="Terraform with resources/modules, Pulumi, AWS CDK, CloudFormation/SAM, Bicep/ARM templates, "
    "Helm charts (Chart.yaml), Kubernetes manifests (apiVersion + kind) or a Databricks Asset Bundle "
    "declaring resources other than jobs (experiments, models, endpoints, clusters...), outside test "
    "folders.",
    inputs=[
        "**/*.tf",
        "**/Pulumi.yaml",
        "**/cdk.json",
        "**/Chart.yaml",
        "**/*.bicep",
        "**/*.yaml",
        "**/databricks.yml",
    ],
    limits="Ansible, Crossplane and shell provisioning scripts are not recognised; this detector looks for "
    "CloudFormation in files named *template*, *stack* or *cloudformation* (aws.iac reads any name).",
)
def templates(repo: RepoView) -> Iterator[Finding]:
    proofs = iac_proofs(repo)
    if proofs:
        kinds = sorted({p.detail.split(":")[0].split(" ")[0] for p in proofs})
        yield Finding(
            practice="infrastructure_as_code",
            outcome=Outcome.present,
            detector="iac.templates",
            evidence=proofs[:8],
            message=f"infrastructure as code: {', '.join(kinds)}",
            details={"iac_tools": kinds},
        )
    else:
        yield Finding(
            practice="infrastructure_as_code",
            outcome=Outcome.absent,
            detector="iac.templates",
            message="no Terraform, Pulumi, CDK, CloudFormation, Bicep, Helm, Kubernetes manifests or bundle "
            "resources",
        )


# data stores and ML jobs protected as code: managed keys, encryption, blocked public access, isolation
_PROTECTION = re.compile(
    r"\b(KmsKeyId|KMSMasterKeyID|SSEAlgorithm|BlockPublicAcls|RestrictPublicBuckets|EnableNetworkIsolation"
    r"|EnableInterContainerTrafficEncryption|VolumeKmsKeyId|OutputKmsKeyId|kms_key_id|kms_key_arn"
    r"|server_side_encryption_configuration|block_public_acls|encryption_spec_key_name|customer_managed_key"
    r"|enable_network_isolation|encrypt_inter_container_traffic|volume_kms_key|output_kms_key"
    r"|encryption_key|keyVaultProperties|publicNetworkAccess|block_public_access|blockPublicAccess"
    r"|BucketEncryption\.(?:KMS\w*|S3_MANAGED))\b"
)


@detector(
    id="iac.data_protection",
    practices=["data_protection"],
    summary="Infrastructure code protects data stores and ML jobs: customer-managed encryption keys, bucket "
    "encryption and blocked public access, network isolation (CloudFormation/CDK, Terraform, Bicep/ARM).",
    inputs=["**/*.tf", "**/*.yaml", "**/*.yml", "**/*.json", "**/*.bicep", "**/*.py", "**/*.ts"],
    limits="Controls set in a cloud console or by organisation policies outside the repository are not seen.",
)
def data_protection(repo: RepoView) -> Iterator[Finding]:
    paths = [p.path for p in iac_proofs(repo)]
    paths += [f for f in repo.with_suffix(".py", ".ts") if "cdk" in (repo.text(f) or "")[:4000]]
    proofs: list[Proof] = []
    for path in dict.fromkeys(paths):
        if is_test_path(path):
            continue
        if path.endswith(".py"):  # code, not a string that names a setting (a detector's own pattern)
            hits = find_code(repo, _PROTECTION, [path], ("cdk", "kms", "Kms", "public", "encrypt"))
            proofs += retag(hits[:1], "iac.data_protection")
            continue
        m = next(repo.search(_PROTECTION, [path]), None)
        if m is not None and not m.text.startswith(("//", "#")):
            proofs.append(Proof(path=path, line=m.line, detector="iac.data_protection", detail=m.text[:100]))
    if proofs:
        why = f"data protection declared as code ({proofs[0].path}:{proofs[0].line})"
        yield Finding(practice="data_protection", outcome=Outcome.present, detector="iac.data_protection",
                      evidence=proofs[:6], message=why)  # fmt: skip


DETECTORS: list[Detector] = [templates, data_protection]
