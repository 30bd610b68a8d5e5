"""JSON files that may be configuration (job, pipeline or dashboard specs) rather than data.

JSON is mostly data in ML repositories; the platform readers only open JSON outside data folders and
package-manager or editor files, and only after a literal needle is found in the text.
"""

from __future__ import annotations

from maturity.scan.repo import RepoView

DATA_PARTS = frozenset(
    {
        "data",
        "datasets",
        "dataset",
        "raw",
        "fixtures",
        "samples",
        "sample_data",
        "payload",
        "payloads",
        "node_modules",
    }
)
NOT_CONFIG = frozenset(
    {
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        "composer.json",
        "devcontainer.json",
        "settings.json",
    }
)


def json_configs(repo: RepoView, *needles: str) -> list[str]:
    """JSON files outside data folders whose text contains one of ``needles``."""
    out: list[str] = []
    for path in repo.with_suffix(".json"):
        parts = path.lower().split("/")
        if parts[-1] in NOT_CONFIG or any(p in DATA_PARTS or p.startswith(".") for p in parts[:-1]):
            continue
        text = repo.text(path) or ""
        if any(n in text for n in needles):
            out.append(path)
    return out
