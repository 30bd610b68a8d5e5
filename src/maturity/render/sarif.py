"""SARIF 2.1.0 for code scanning: one rule per criterion and per practice, one result per open item.

Rule ids are stable (``maturity/google/L1.pipeline``, ``maturity/practice/ci_runs_tests``). A result sits
at its evidence file; an absence sits at the file where the practice would be configured (the CI
workflow, else pyproject.toml, else README.md, else any file): never at a folder, which code scanning
cannot show. ``partialFingerprints`` and ``automationDetails.id`` let results track across runs.

``issues()`` is shared with the GitLab Code Quality renderer and the GitHub annotations.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from maturity.assess.models import Status
from maturity.render import RenderOptions
from maturity.report import PracticeEntry, Report

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFO_URI = "https://pypi.org/project/maturity/"
CONFIG_FILES = ("pyproject.toml", "README.md", "README.rst", "README", "setup.cfg", "setup.py")
CI_PRACTICES = ("ci", "ci_runs_tests")
# lower is more important
RANK = {Status.unmet: 0, Status.partial: 1, Status.unknown: 2}
SARIF_LEVEL = {Status.unmet: "warning", Status.partial: "note", Status.unknown: "note"}


class Issue(BaseModel):
    """One open item of a report: an unmet/partial/unknown criterion or practice, located at a file."""

    rule_id: str
    kind: str  # "criterion" | "practice"
    title: str
    status: Status
    message: str
    path: str
    line: int | None = None
    rank: tuple[int, int, int] = (0, 0, 0)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.rule_id.encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def _catalog() -> dict[str, Any]:
    """The practice catalog (package data) for rule help; empty if it cannot be loaded."""
    try:
        from maturity._resources import data_dir
        from maturity.frameworks.loader import CATALOG_FILE, load_catalog

        return {p.id: p for p in load_catalog(data_dir("frameworks") / CATALOG_FILE).practices}
    except Exception:
        return {}


def _root(report: Report) -> Path:
    """The git root evidence paths are relative to (the scanned folder when it is not in git)."""
    start = Path(report.target.path).resolve()
    return next((d for d in (start, *start.parents) if (d / ".git").exists()), start)


def _is_file(root: Path, rel: str, line: int | None) -> bool:
    if line is not None:
        return True
    target = root / rel
    return target.is_file() if target.exists() else ("." in rel.rsplit("/", 1)[-1] and rel != ".git")


def anchor(report: Report, practice_ids: list[str]) -> tuple[str, int | None]:
    """The file (and line) a statement about these practices belongs at; never a folder."""
    root = _root(report)
    by_id = {p.id: p for p in report.practices}
    for pid in [*practice_ids, *CI_PRACTICES]:
        entry = by_id.get(pid)
        for proof in entry.evidence if entry else []:
            if _is_file(root, proof.path, proof.line):
                return proof.path, proof.line if pid in practice_ids else None
    for name in CONFIG_FILES:
        if (root / name).is_file():
            return name, None
    for p in report.practices:
        for proof in p.evidence:
            if _is_file(root, proof.path, proof.line):
                return proof.path, None
    return _any_file(root), None


@lru_cache(maxsize=8)
def _any_file(root: Path) -> str:
    """The shallowest file (hidden folders left out), for a repository with no better place."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if files:
            return (Path(folder) / sorted(files)[0]).relative_to(root).as_posix()
    return "README.md"


def issues(report: Report) -> list[Issue]:
    """Open criteria (unmet, partial, unknown) and practices (unmet, partial), most important first."""
    out: list[Issue] = []
    for fw in report.frameworks:
        for c in fw.criteria:
            if c.status not in RANK:
                continue
            path, line = anchor(report, c.practices)
            where = f"{fw.level_label} {c.level}" if c.level is not None else f"section {c.section}"
            message = f"{fw.short_name or fw.name} {where}: {c.title} is {c.status.value}. {c.roadmap}"
            rank = (RANK[c.status], 0, c.level if c.level is not None else 0)
            out.append(Issue(rule_id=f"maturity/{fw.id}/{c.id}", kind="criterion", title=c.title,
                             status=c.status, message=message, path=path, line=line, rank=rank))  # fmt: skip
    for p in report.practices:
        if p.assessed not in (Status.unmet, Status.partial):  # an unknown practice shows via its criteria
            continue
        path, line = anchor(report, [p.id])
        out.append(Issue(rule_id=f"maturity/practice/{p.id}", kind="practice", title=p.name,
                         status=p.assessed, message=_practice_message(p), path=path, line=line,
                         rank=(RANK[p.assessed], 1, 0)))  # fmt: skip
    return sorted(out, key=lambda i: i.rank)


def _practice_message(p: PracticeEntry) -> str:
    reason = f" ({p.reason})" if p.reason else ""
    return f"Practice {p.name} is {p.assessed.value}{reason}."


def _practice_help(pid: str, name: str) -> tuple[str, str]:
    """(text, markdown): why it matters and how to adopt it, from the catalog."""
    p = _catalog().get(pid)
    if p is None:
        return name, f"**{name}**"
    how = "\n".join(f"{i}. {step}" for i, step in enumerate(p.how, 1))
    links = "".join(f"\n- [{link.title}]({link.url})" for link in p.links)
    md = f"**{p.name}**: {p.summary}\n\n### Why it matters\n\n{p.why}\n\n### How to fix\n\n{how}\n"
    md += f"\nSee `maturity explain {pid}`." + (f"\n\n### Links\n{links}" if links else "")
    return f"{p.summary} Why: {p.why} How: {' '.join(p.how)}", md


def _rules(report: Report) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
    for fw in report.frameworks:
        for c in fw.criteria:
            parts = [_practice_help(pid, pid)[1] for pid in c.practices]
            md = f"**{c.title}** ({fw.name})\n\n### How to fix\n\n{c.roadmap}\n\n" + "\n\n".join(parts)
            rules.append(_rule(f"maturity/{fw.id}/{c.id}", c.title, c.roadmap, md, [fw.id, "criterion"]))
    for p in report.practices:
        text, md = _practice_help(p.id, p.name)
        rules.append(_rule(f"maturity/practice/{p.id}", p.name, text, md, [p.area, "practice"]))
    return rules


def _rule(rule_id: str, title: str, text: str, markdown: str, tags: list[str]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": rule_id.rsplit("/", 1)[-1],
        "shortDescription": {"text": title},
        "fullDescription": {"text": text or title},
        "help": {"text": text or title, "markdown": markdown},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["maturity", "mlops", *tags]},
    }


def _result(issue: Issue, index: dict[str, int]) -> dict[str, Any]:
    region = {"startLine": issue.line} if issue.line and issue.line >= 1 else None
    physical: dict[str, Any] = {"artifactLocation": {"uri": issue.path, "uriBaseId": "%SRCROOT%"}}
    if region:
        physical["region"] = region
    return {
        "ruleId": issue.rule_id,
        "ruleIndex": index[issue.rule_id],
        "level": SARIF_LEVEL[issue.status],
        "kind": "fail",
        "message": {"text": issue.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"maturityRule/v1": issue.fingerprint},
        "properties": {"status": issue.status.value, "kind": issue.kind},
    }


def render(report: Report, options: RenderOptions) -> str:
    rules = _rules(report)
    index = {r["id"]: i for i, r in enumerate(rules)}
    driver = {"name": "maturity", "version": report.tool.version, "semanticVersion": report.tool.version,
              "informationUri": INFO_URI, "rules": rules}  # fmt: skip
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": "maturity/"},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
        "results": [_result(i, index) for i in issues(report)],
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)
