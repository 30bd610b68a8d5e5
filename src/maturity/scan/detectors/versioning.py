"""Detectors for the versioning area: data and model versioning (DVC, Git LFS, lakeFS, Delta, Iceberg)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._tools import Tool, proof, tools_finding
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

# file patterns that hold data or models when tracked by Git LFS
DATA_EXT = re.compile(
    r"\.(csv|tsv|parquet|feather|arrow|json|jsonl|h5|hdf5|npy|npz|pkl|pickle|joblib|pt|pth|ckpt|onnx|pb|tflite"
    r"|safetensors|bin|model|zip|gz|tar|xlsx?|avro|orc|tfrecords?|mat|sav|gguf|keras|data)\b|\b(data|models?)/",
    re.IGNORECASE,
)
LFS_LINE = re.compile(r"^\s*(\S+)\s.*\bfilter=lfs\b", re.MULTILINE)

# Azure ML: SDK v1 ``dataset.register(..., create_new_version=True)``, ``Dataset.get_by_name(ws, name,
# version)``; SDK v2 data assets (``ml_client.data.create_or_update(Data(...))``, always versioned)
AZUREML_DATA = (
    r"\bcreate_new_version\s*=\s*True\b|\bDataset\.get_by_name\s*\([^)]*version|\.data\.create_or_update\s*\("
)
TABLE_TOOLS = (
    Tool("dvc", ("dvc.api", "dvc.repo"), ("dvc",), (), r"\bdvc\.api\.(open|read|get_url)\s*\("),
    Tool(
        "lakeFS",
        ("lakefs", "lakefs_client", "lakefs_sdk"),
        ("lakefs", "lakefs-client", "lakefs-sdk"),
        ("**/.lakefs.yaml", "**/lakectl.yaml"),
        None,
    ),
    Tool(
        "Delta Lake",
        ("delta.tables", "deltalake"),
        ("delta-spark", "deltalake"),
        (),
        r"\.format\(\s*[\"']delta[\"']\s*\)|\bDeltaTable\b|\bwrite_deltalake\s*\(",
        ("pyspark", "delta", "deltalake"),
    ),
    Tool(
        "Apache Iceberg",
        ("pyiceberg",),
        ("pyiceberg",),
        (),
        r"\.format\(\s*[\"']iceberg[\"']\s*\)",
        ("pyspark",),
    ),
    Tool.calling("Azure ML versioned datasets", AZUREML_DATA, "azureml", "azure"),
)


@detector(
    id="versioning.dvc",
    practices=["data_versioning"],
    summary="DVC: .dvc/config, *.dvc pointer files, dvc.lock.",
    inputs=[".dvc/config", "**/*.dvc", "**/dvc.lock", "**/dvc.yaml"],
    limits="A .dvc folder with no tracked data only shows intent (partial).",
)
def dvc(repo: RepoView) -> Iterator[Finding]:
    pointers = [f for f in repo.with_suffix(".dvc") if not f.startswith(".dvc/")]
    locks = repo.named("dvc.lock")
    config = repo.glob("**/.dvc/config")
    if pointers or locks:
        evidence = [proof(f, None, "versioning.dvc", "DVC-tracked data") for f in pointers[:5]]
        evidence += [
            proof(f, None, "versioning.dvc", "DVC pipeline lock with data hashes") for f in locks[:2]
        ]
        yield Finding(
            practice="data_versioning",
            outcome=Outcome.present,
            detector="versioning.dvc",
            evidence=evidence,
            message=f"DVC tracks data ({len(pointers)} .dvc files, {len(locks)} dvc.lock)",
        )
    elif config:
        yield Finding(
            practice="data_versioning",
            outcome=Outcome.partial,
            detector="versioning.dvc",
            evidence=[proof(config[0], None, "versioning.dvc", "DVC configuration")],
            message="DVC is initialised (.dvc/config) but no .dvc files or dvc.lock are tracked",
        )


@detector(
    id="versioning.git_lfs",
    practices=["data_versioning"],
    summary="Git LFS rules (filter=lfs) for data or model files in .gitattributes.",
    inputs=["**/.gitattributes"],
    limits="LFS used only for images or docs assets does not count.",
)
def git_lfs(repo: RepoView) -> Iterator[Finding]:
    evidence: list[Proof] = []
    for path in repo.named(".gitattributes"):
        text = repo.text(path) or ""
        for m in LFS_LINE.finditer(text):
            if DATA_EXT.search(m.group(1)):
                line = text.count("\n", 0, m.start()) + 1
                evidence.append(proof(path, line, "versioning.git_lfs", f"Git LFS: {m.group(1)}"))
    if evidence:
        yield Finding(
            practice="data_versioning",
            outcome=Outcome.present,
            detector="versioning.git_lfs",
            evidence=evidence[:6],
            message=f"Git LFS versions data/model files ({evidence[0].detail})",
        )


@detector(
    id="versioning.tables",
    practices=["data_versioning"],
    summary="Versioned data through code: dvc.api, lakeFS, Delta Lake, Iceberg, Azure ML versioned datasets.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Delta/Iceberg tables give time travel; whether the team pins versions is not checked.",
)
def tables(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(
        repo,
        "data_versioning",
        "versioning.tables",
        TABLE_TOOLS,
        "no DVC, Git LFS, lakeFS, Delta/Iceberg or versioned Azure ML dataset use",
    )
    if found:
        yield found


DETECTORS: list[Detector] = [dvc, git_lfs, tables]
