"""Kubernetes-style manifests (``apiVersion`` + ``kind`` documents), parsed once per view.

Documents come from YAML files and from shell heredocs piped to ``kubectl apply|create -f -``. The
latter declare what a script deploys but are not infrastructure code by themselves (``embedded``).
Templated files (Helm ``{{ }}``) are not parsed: their kinds are read from the ``kind:`` lines alone.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import Any

import yaml

from maturity.scan.repo import RepoView

_KIND = re.compile(r"^kind:[ \t]*['\"]?([A-Za-z]\w*)", re.MULTILINE)
_API = re.compile(r"^apiVersion:[ \t]*['\"]?([\w./-]+)", re.MULTILINE)
_HEREDOC = re.compile(
    r"kubectl\b[^\n]*<<-?[ \t]*['\"]?(\w+)['\"]?|<<-?[ \t]*['\"]?(\w+)['\"]?[^\n]*\|\s*kubectl\b"
)


@dataclass(frozen=True)
class Manifest:
    """One document: where its ``kind:`` line is, what it is, and its parsed body (empty if templated)."""

    path: str
    line: int
    api_version: str
    kind: str
    name: str
    body: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    embedded: bool = False

    @property
    def spec(self) -> dict[str, Any]:
        spec = self.body.get("spec")
        return spec if isinstance(spec, dict) else {}


def _from_docs(path: str, text: str, docs: list[Any], base: int, embedded: bool) -> list[Manifest]:
    out: list[Manifest] = []
    cursor = 0
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        kind, api = doc.get("kind"), doc.get("apiVersion")
        if not isinstance(kind, str) or not isinstance(api, str):
            continue
        m = re.compile(r"^kind:[ \t]*['\"]?" + re.escape(kind) + r"\b", re.MULTILINE).search(text, cursor)
        line = base + (text.count("\n", 0, m.start()) if m else 0)
        cursor = m.end() if m else cursor
        meta = doc.get("metadata")
        name = meta.get("name") if isinstance(meta, dict) else None
        out.append(Manifest(path, line, api, kind, str(name or ""), doc, embedded))
    return out


def _templated(path: str, text: str) -> list[Manifest]:
    apis = [(m.start(), m.group(1)) for m in _API.finditer(text)]
    out: list[Manifest] = []
    for m in _KIND.finditer(text):
        before = [a for pos, a in apis if pos < m.start()]
        api = before[-1] if before else (apis[0][1] if apis else "")
        out.append(Manifest(path, text.count("\n", 0, m.start()) + 1, api, m.group(1), ""))
    return out


def _heredocs(path: str, text: str) -> list[Manifest]:
    out: list[Manifest] = []
    for m in _HEREDOC.finditer(text):
        tag = m.group(1) or m.group(2)
        start = text.find("\n", m.end())
        if start < 0:
            continue
        end = re.compile(r"^[ \t]*" + re.escape(tag) + r"[ \t]*$", re.MULTILINE).search(text, start + 1)
        body = text[start + 1 : end.start() if end else len(text)]
        if "kind:" not in body:
            continue
        try:
            docs = [d for d in yaml.safe_load_all(body) if d is not None]
        except (yaml.YAMLError, ValueError, RecursionError):
            continue
        out.extend(_from_docs(path, body, docs, text.count("\n", 0, start + 1) + 1, embedded=True))
    return out


def _read(repo: RepoView) -> list[Manifest]:
    found: list[Manifest] = []
    for path in repo.with_suffix(".yaml", ".yml"):
        text = repo.text(path) or ""
        if "apiVersion" not in text or "kind:" not in text or not _KIND.search(text):
            continue
        if "{{" in text:
            found.extend(_templated(path, text))
        else:
            found.extend(_from_docs(path, text, repo.yaml_all(path), 1, embedded=False))
    for path in repo.with_suffix(".sh", ".bash"):
        text = repo.text(path) or ""
        if "kubectl" in text and "<<" in text and "kind:" in text:
            found.extend(_heredocs(path, text))
    return found


_CACHE: weakref.WeakKeyDictionary[RepoView, list[Manifest]] = weakref.WeakKeyDictionary()


def manifests(repo: RepoView) -> list[Manifest]:
    """Every manifest of the view (cached)."""
    if repo not in _CACHE:
        _CACHE[repo] = _read(repo)
    return _CACHE[repo]


def of_kind(repo: RepoView, *kinds: str, group: str = "") -> list[Manifest]:
    """Manifests of the given kinds whose apiVersion contains ``group`` (e.g. ``argoproj.io``)."""
    return [m for m in manifests(repo) if m.kind in kinds and group in m.api_version]
