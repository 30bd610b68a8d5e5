"""The scan stage: repository -> Evidence.

``scan()`` lists the files once (RepoView), runs every detector, and merges their findings into one
entry per catalog practice. Detectors never know frameworks; a detector that crashes is reported
in ``Evidence.errors`` and the scan goes on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from maturity.scan.facts import collect_facts, git_summary
from maturity.scan.models import (
    OUTCOME_RANK,
    Evidence,
    Finding,
    Outcome,
    PracticeEvidence,
    Proof,
    Target,
)
from maturity.scan.paths import is_test_data
from maturity.scan.proof_rank import proof_order
from maturity.scan.registry import Detector, all_detectors
from maturity.scan.repo import RepoView
from maturity.scan.templates import template_facts

__all__ = ["Evidence", "RepoView", "run_detectors", "scan"]

NO_DETECTOR = "no detector can see this in a repository; the questionnaire can settle it"
NOT_FOUND = "no detector found evidence either way"
TESTING_PRACTICES = frozenset(("unit_tests", "data_tests", "model_tests"))


def scan(
    path: Path,
    practice_ids: Iterable[str],
    *,
    exclude: Iterable[str] = (),
    skip: dict[str, str] | None = None,
    detectors: list[Detector] | None = None,
) -> Evidence:
    """Scan ``path`` and return evidence for every id in ``practice_ids`` (the catalog)."""
    repo = RepoView.open(path, exclude)
    errors: list[str] = []
    if detectors is None:
        detectors, errors = all_detectors()
    with ThreadPoolExecutor(max_workers=1) as pool:
        # git history and the dirty check stat every file: done by git while the detectors run
        history = pool.submit(git_summary, repo.root) if repo.is_git else None
        findings, detector_errors = run_detectors(repo, detectors)
        git, history_facts = history.result() if history else (None, None)
    covered = {p for d in detectors for p in d.practices}
    practices = merge(practice_ids, findings, covered, skip or {})
    target = Target(path=str(path), root=str(repo.root), subdir=repo.subdir, git=git)
    facts = collect_facts(repo, practices, history_facts)
    templates = template_facts(repo)
    if templates:
        facts["templates"] = templates
    return Evidence(
        target=target,
        practices=practices,
        facts=facts,
        skipped=sorted(repo.skipped, key=lambda s: s.path),
        errors=errors + detector_errors,
    )


def run_detectors(repo: RepoView, detectors: list[Detector]) -> tuple[list[Finding], list[str]]:
    """Run each detector; a crash becomes an error line, never a traceback."""
    findings: list[Finding] = []
    errors: list[str] = []
    for det in detectors:
        try:
            for finding in det.detect(repo):
                findings.append(on_disk(without_test_data(finding), repo))
        except Exception as exc:
            errors.append(f"detector {det.id} failed: {type(exc).__name__}: {exc}")
    return findings, errors


def on_disk(finding: Finding, repo: RepoView) -> Finding:
    """``finding`` with its proofs naming the files on disk: a template's ``train.py.tmpl``, not the
    ``train.py`` it generates (the name detectors saw)."""
    if not repo.on_disk or not any(p.path in repo.on_disk for p in finding.evidence):
        return finding
    evidence = [p.model_copy(update={"path": repo.real_path(p.path)}) for p in finding.evidence]
    return finding.model_copy(update={"evidence": evidence})


def without_test_data(finding: Finding) -> Finding:
    """``finding`` without proofs from test data files (YAML, JSON, ... under tests/ or fixtures/).

    Test data shows what a test feeds the code, not a practice the project follows: outside the testing
    practices such proofs are dropped, and a finding left with no proof at all becomes ``absent``.
    """
    if finding.practice in TESTING_PRACTICES or not finding.evidence:
        return finding
    kept = [p for p in finding.evidence if not is_test_data(p.path)]
    if len(kept) == len(finding.evidence):
        return finding
    if kept:
        return finding.model_copy(update={"evidence": kept})
    first = finding.evidence[0]
    where = f"{first.path}:{first.line}" if first.line else first.path
    message = f"found only in test data ({where}), which is not evidence of use"
    update = {"outcome": Outcome.absent, "evidence": [], "message": message, "details": {}}
    return finding.model_copy(update=update)


def merge(
    practice_ids: Iterable[str],
    findings: list[Finding],
    covered: set[str],
    skip: dict[str, str],
) -> dict[str, PracticeEvidence]:
    """One entry per practice: the strongest outcome wins; its proofs and details are kept.

    Proofs are ordered strongest kind first (:mod:`maturity.scan.proof_rank`: infrastructure code and CI/CD,
    then application code, notebooks, and docs/examples/tests), then by path and line.
    """
    by_practice: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_practice[f.practice].append(f)
    out: dict[str, PracticeEvidence] = {}
    for pid in practice_ids:
        if pid in skip:
            out[pid] = PracticeEvidence(id=pid, status=Outcome.not_applicable, reason=skip[pid])
            continue
        fs = by_practice.get(pid, [])
        if not fs:
            reason = NOT_FOUND if pid in covered else NO_DETECTOR
            out[pid] = PracticeEvidence(id=pid, status=Outcome.unknown, reason=reason)
            continue
        best = max(fs, key=lambda f: OUTCOME_RANK[f.outcome]).outcome
        top = [f for f in fs if f.outcome == best]
        proofs: dict[tuple[str, int | None, str], Proof] = {}
        details: dict[str, object] = {}
        for f in top:
            for p in f.evidence:
                proofs.setdefault((p.path, p.line, p.detector), p)
        for f in fs:
            details.update(f.details)
        messages = [f.message for f in top if f.message]
        out[pid] = PracticeEvidence(
            id=pid,
            status=best,
            evidence=sorted(proofs.values(), key=proof_order),
            details=details,
            reason="; ".join(dict.fromkeys(messages)) or None,
        )
    return out
