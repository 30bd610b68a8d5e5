"""Pachyderm pipeline specs (JSON or YAML): a named pipeline whose transform runs on every new commit to
its input data repositories (``input.pfs.repo``, also inside ``cross``/``union``/``join`` inputs)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from maturity.scan.repo import RepoView


@dataclass(frozen=True)
class Pipeline:
    path: str
    name: str
    commands: str  # transform cmd + stdin, joined
    inputs: tuple[str, ...]  # the data repositories whose commits start it


_CACHE: weakref.WeakKeyDictionary[RepoView, list[Pipeline]] = weakref.WeakKeyDictionary()


def pipelines(repo: RepoView) -> list[Pipeline]:
    """Every Pachyderm pipeline spec in the repository (cached per view)."""
    if repo in _CACHE:
        return _CACHE[repo]
    out: list[Pipeline] = []
    for path in repo.with_suffix(".json", ".yaml", ".yml"):
        text = repo.text(path) or ""
        if "pfs" not in text or "transform" not in text or "pipeline" not in text:
            continue
        docs = [repo.json(path)] if path.endswith(".json") else repo.yaml_all(path)
        out.extend(p for doc in docs if (p := _pipeline(path, doc)) is not None)
    _CACHE[repo] = out
    return out


def _pipeline(path: str, doc: Any) -> Pipeline | None:
    if not isinstance(doc, dict):
        return None
    meta, transform = doc.get("pipeline"), doc.get("transform")
    if not isinstance(meta, dict) or not isinstance(transform, dict) or not isinstance(meta.get("name"), str):
        return None
    inputs = tuple(_repos(doc.get("input"), 0))
    if not inputs:
        return None
    parts = [transform.get("cmd"), transform.get("stdin")]
    commands = " ".join(str(x) for p in parts if isinstance(p, list) for x in p)
    return Pipeline(path, meta["name"], commands, inputs)


def _repos(node: Any, depth: int) -> list[str]:
    if depth > 8 or not isinstance(node, (dict, list)):
        return []
    if isinstance(node, list):
        return [r for item in node for r in _repos(item, depth + 1)]
    pfs = node.get("pfs")
    if isinstance(pfs, dict) and isinstance(pfs.get("repo"), str):
        return [pfs["repo"]]
    return [r for key in ("cross", "union", "join", "group") for r in _repos(node.get(key), depth + 1)]
