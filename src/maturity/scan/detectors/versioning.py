"""Detectors for the versioning area: data and model versioning (DVC, Git LFS, lakeFS, Delta, Iceberg)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
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
# what a DVC-tracked path holds: models (weights, checkpoints, serialized estimators), code, metrics.
# Pickles/joblib/h5 hold data as often as models: they are models only when named or filed as one.
WEIGHTS = re.compile(r"\.(pt|pth|ckpt|onnx|keras|pb|tflite|safetensors|gguf|mlmodel)$")
SERIALIZED = re.compile(r"\.(pkl|pickle|joblib|h5|hdf5|bin|model)$")
MODEL_NAME = re.compile(r"model|clf|classifier|regressor|estimator|checkpoint|weights")
MODEL_DIR = re.compile(r"(^|/)(models?|checkpoints?|weights)(/|$)")
CODE_EXT = re.compile(r"\.(py|ipynb|sh|r|sql|cfg|ini)$|^(dockerfile|makefile)$")
METRICS = re.compile(r"(^|/)(metrics?|scores?|plots?|eval|evaluation|reports?)([./_-]|$)")
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
    summary="DVC tracks data: *.dvc pointer files and dvc.lock stage outputs/inputs that are data (not only "
    "models, code or metrics); .dvc/config alone is partial.",
    inputs=[".dvc/config", "**/*.dvc", "**/dvc.lock"],
    limits="A .dvc folder with no tracked data only shows intent (partial). DVC that tracks only models "
    "(model.pkl.dvc, checkpoints) is model versioning, not data versioning.",
)
def dvc(repo: RepoView) -> Iterator[Finding]:
    det = "versioning.dvc"
    data, models = _dvc_tracked(repo)
    config = repo.glob("**/.dvc/config")
    if data:
        shown = ", ".join(dict.fromkeys(p.detail.split(": ", 1)[-1] for p in data[:3]))
        yield finding("data_versioning", det, Outcome.present, f"DVC tracks data ({shown})", data)
    elif models:
        why = f"DVC tracks only models ({models[0].detail.split(': ', 1)[-1]}): model versioning, not data"
        yield finding("data_versioning", det, Outcome.absent, why)
    elif config:
        why = "DVC is initialised (.dvc/config) but no .dvc files or dvc.lock outputs are tracked"
        yield finding(
            "data_versioning", det, Outcome.partial, why, [proof(config[0], None, det, "DVC configuration")]
        )


def _dvc_tracked(repo: RepoView) -> tuple[list[Proof], list[Proof]]:
    """Proofs of DVC-tracked data and of DVC-tracked models, from pointer files and dvc.lock."""
    data: list[Proof] = []
    models: list[Proof] = []
    for path in (f for f in repo.with_suffix(".dvc") if not f.startswith(".dvc/")):
        doc = repo.yaml(path)
        outs = _paths(doc.get("outs") if isinstance(doc, dict) else None) or [path[: -len(".dvc")]]
        for out in outs:
            kind = _kind(out)
            if kind != "code":
                (models if kind == "model" else data).append(
                    proof(path, None, "versioning.dvc", f"DVC-tracked {kind}: {out}")
                )
    for path in repo.named("dvc.lock"):
        doc = repo.yaml(path)
        stages = doc.get("stages") if isinstance(doc, dict) else None
        for stage in stages.values() if isinstance(stages, dict) else ():
            if not isinstance(stage, dict):
                continue
            for out in _paths(stage.get("outs")) + _paths(stage.get("deps")):
                kind = _kind(out)
                if kind in ("data", "model"):
                    what = f"DVC pipeline lock hashes {kind}: {out}"
                    (models if kind == "model" else data).append(proof(path, None, "versioning.dvc", what))
    return _unique(data), _unique(models)


def _paths(entries: object) -> list[str]:
    if not isinstance(entries, list):
        return []
    return [str(e["path"]) for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)]


def _kind(path: str) -> str:
    """What a DVC-tracked path holds: ``model``, ``code``, ``metrics`` or ``data``."""
    low = path.lower().rstrip("/")
    name = low.rsplit("/", 1)[-1]
    if WEIGHTS.search(name) or MODEL_DIR.search(low) or (SERIALIZED.search(name) and MODEL_NAME.search(name)):
        return "model"
    if CODE_EXT.search(name):
        return "code"
    return "metrics" if METRICS.search(low) else "data"


def _unique(proofs: list[Proof]) -> list[Proof]:
    seen: dict[tuple[str, str], Proof] = {}
    for p in proofs:
        seen.setdefault((p.path, p.detail), p)
    return list(seen.values())


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
