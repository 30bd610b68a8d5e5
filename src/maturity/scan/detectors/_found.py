"""A compact constructor for findings, so detectors read as their rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from maturity.scan.models import Finding, Outcome, Proof

MAX_PROOFS = 8


def finding(
    practice: str,
    detector: str,
    outcome: Outcome,
    message: str,
    proofs: Iterable[Proof] = (),
    details: dict[str, Any] | None = None,
) -> Finding:
    """A :class:`Finding` with at most :data:`MAX_PROOFS` proofs."""
    evidence = list(proofs)[:MAX_PROOFS]
    return Finding(
        practice=practice,
        outcome=outcome,
        detector=detector,
        evidence=evidence,
        message=message,
        details=details or {},
    )


def present_or_absent(
    practice: str, detector: str, evidence: list[Proof], present: str, absent: str, limit: int = 6
) -> Finding:
    """``present`` (with at most ``limit`` proofs) when there is evidence, else ``absent`` with its reason."""
    if evidence:
        return finding(practice, detector, Outcome.present, present, evidence[:limit])
    return finding(practice, detector, Outcome.absent, absent)
