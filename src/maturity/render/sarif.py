"""SARIF 2.1.0 for code scanning: one rule per criterion and per practice, one result per open item.

Rule ids are stable (``maturity/google/L1.orchestrated_pipeline``, ``maturity/practice/ci_runs_tests``).
With a gate verdict (``maturity check``), each gate problem is an ``error`` result of a
``maturity/gate/<kind>`` rule
(``warning`` under warn-only); ``--sarif-scope gate`` keeps only those. An ``unknown`` is never a
failure: it is a ``review`` result. Every result sits at a file that exists, with a line
(:mod:`maturity.render.issues`). ``automationDetails.id`` is ``maturity/<category>/`` (default: the
scanned path relative to the repository root), so monorepo uploads do not overwrite each other.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from maturity.assess.models import Status
from maturity.render import RenderOptions
from maturity.render.issues import Issue, issues, problem_anchor, problem_message, root_of
from maturity.report import Report
from maturity.verdict import Problem

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFO_URI = "https://pypi.org/project/maturity/"
SARIF_LEVEL = {Status.unmet: "warning", Status.partial: "note", Status.unknown: "none"}
GATE_RULES = {
    "min": ("Minimum level or score", "A framework is below the minimum the gate requires."),
    "required": ("Required practice", "A practice the gate requires is not met."),
    "regression": ("Regression", "A figure fell below the recorded baseline."),
    "expired-waiver": ("Expired waiver", "A waiver passed its expiry date; renew or remove it."),
}


@lru_cache(maxsize=1)
def _catalog() -> dict[str, Any]:
    """The practice catalog (package data) for rule help; empty if it cannot be loaded."""
    try:
        from maturity._resources import data_dir
        from maturity.frameworks.loader import CATALOG_FILE, load_catalog

        return {p.id: p for p in load_catalog(data_dir("frameworks") / CATALOG_FILE).practices}
    except Exception:
        return {}


def category(report: Report) -> str:
    """The scanned path relative to the repository root ('' for the root itself)."""
    try:
        rel = Path(report.target.path).resolve().relative_to(root_of(report)).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel


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


def _gate_rules() -> list[dict[str, Any]]:
    out = []
    for kind, (title, text) in GATE_RULES.items():
        rule = _rule(f"maturity/gate/{kind}", title, text, f"**{title}**: {text}", ["gate"])
        rule["defaultConfiguration"] = {"level": "error"}
        out.append(rule)
    return out


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


def _location(path: str | None, line: int) -> list[dict[str, Any]]:
    if path is None:
        return []
    physical = {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}, "region": {"startLine": line}}
    return [{"physicalLocation": physical}]


def _result(issue: Issue, index: dict[str, int]) -> dict[str, Any]:
    return {
        "ruleId": issue.rule_id,
        "ruleIndex": index[issue.rule_id],
        "level": SARIF_LEVEL[issue.status],
        "kind": "review" if issue.status is Status.unknown else "fail",
        "message": {"text": issue.message},
        "locations": _location(issue.path, issue.line),
        "partialFingerprints": {"maturityRule/v1": issue.fingerprint},
        "properties": {"status": issue.status.value, "kind": issue.kind},
    }


def _gate_result(report: Report, p: Problem, index: dict[str, int], warn_only: bool) -> dict[str, Any]:
    rule_id = f"maturity/gate/{p.kind}"
    path, line = problem_anchor(report, p)
    return {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": "warning" if warn_only else "error",
        "kind": "fail",
        "message": {"text": problem_message(p)},
        "locations": _location(path, line),
        "partialFingerprints": {
            "maturityRule/v1": hashlib.sha256(f"{rule_id}/{p.subject}".encode()).hexdigest()[:32]
        },
        "properties": {"gate": True, "kind": p.kind, "subject": p.subject},
    }


def render(report: Report, options: RenderOptions) -> str:
    gate = report.gate
    rules = (_gate_rules() if gate is not None else []) + (
        [] if options.sarif_scope == "gate" else _rules(report)
    )
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = [_gate_result(report, p, index, gate.warn_only) for p in gate.problems] if gate else []
    if options.sarif_scope != "gate":
        results += [_result(i, index) for i in issues(report)]
    driver = {"name": "maturity", "version": report.tool.version, "semanticVersion": report.tool.version,
              "informationUri": INFO_URI, "rules": rules}  # fmt: skip
    name = (options.sarif_category if options.sarif_category is not None else category(report)).strip("/")
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"maturity/{name}/" if name else "maturity/"},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the repository root"}}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)
