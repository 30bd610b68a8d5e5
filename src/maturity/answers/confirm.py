"""Confirmations: answers that say "yes, the scan got it right", and when they go stale.

A confirmation remembers the proofs it confirmed (practice, file, line). When a later scan no longer
finds any of those files as proof of one of those practices, the evidence the person confirmed is gone:
the answer is *stale*. A stale answer does not count in the ratings and the questionnaire asks it
again; it stays in the file until then, so nothing a person said is lost. Lines do not matter (an
edit above the proof moves it), files do.
"""

from __future__ import annotations

from maturity.answers.models import Answer, Answers, Confirmed
from maturity.scan.models import Evidence, Outcome

PROVING = (Outcome.present, Outcome.partial)


def gone(answer: Answer, evidence: Evidence) -> list[Confirmed]:
    """The confirmed proofs of every practice that no longer shows any of its confirmed files."""
    by_practice: dict[str, list[Confirmed]] = {}
    for c in answer.confirms or []:
        by_practice.setdefault(c.practice, []).append(c)
    out: list[Confirmed] = []
    for pid, confirmed in by_practice.items():
        ev = evidence.practices.get(pid)
        paths = {p.path for p in ev.evidence} if ev is not None and ev.status in PROVING else set()
        if not any(c.path in paths for c in confirmed):
            out.extend(confirmed)
    return out


def is_stale(answer: Answer | None, evidence: Evidence) -> bool:
    return answer is not None and bool(answer.confirms) and bool(gone(answer, evidence))


def in_force(answers: Answers, evidence: Evidence) -> Answers:
    """The answers that count: every answer but the stale confirmations."""
    kept = {q: a for q, a in answers.answers.items() if not is_stale(a, evidence)}
    if len(kept) == len(answers.answers):
        return answers
    return Answers(answers=kept, file=answers.file)


def describe(confirmed: list[Confirmed]) -> str:
    """'.github/workflows/deploy.yml:12, Dockerfile' (each file once)."""
    seen: dict[str, str] = {}
    for c in confirmed:
        seen.setdefault(c.path, f"{c.path}:{c.line}" if c.line else c.path)
    return ", ".join(seen.values())
