"""Where evidence and answers meet: exactly one place, with one policy.

Policy:
1. Configuration first: a practice skipped in ``[tool.maturity] skip`` is not_applicable, with its reason.
2. A person's answer to a question that settles a practice beats the scan. When the scan proved
   otherwise, the override is kept as ``conflict`` so reports can say so.
3. Otherwise the scan decides: present -> met, partial -> partial, absent -> unmet, unknown -> unknown.
4. A criterion combines its practices and questions: ``all`` (every one) or ``any`` (at least one).
   Not-applicable parts are left out; a criterion whose parts are all not applicable is not applicable.
5. In an ``any`` criterion, practices and questions are two ways to show the same thing: an explicit
   answer to one of its questions decides it, in both directions ("done by hand" stays half a point when
   the scan finds something; "not done" is unmet when the scan cannot tell), and a disagreement with
   the scan is kept as ``conflict``.
6. An unanswered question whose ``infer`` rule holds (the scan proves its practices) is ``inferred``,
   with those proofs: counted in the estimate, never in the confirmed rating. An answer replaces it.
7. A confirmation whose evidence a later scan no longer shows is stale (``answers.confirm``): it is
   left out before any of the above, so the criterion falls back to what the scan shows now.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from maturity.answers.models import Answer, Answers, AnswerStatus, Question
from maturity.assess.models import CriterionResult, PracticeStatus, Reason, Status
from maturity.frameworks.models import Criterion
from maturity.scan.models import Evidence, Outcome

BasisName = Literal["evidence", "answers", "mixed", "inference", "none"]

FROM_OUTCOME = {
    Outcome.present: Status.met,
    Outcome.partial: Status.partial,
    Outcome.absent: Status.unmet,
    Outcome.unknown: Status.unknown,
    Outcome.not_applicable: Status.not_applicable,
}
FROM_ANSWER = {
    AnswerStatus.yes: Status.met,
    AnswerStatus.partial: Status.partial,
    AnswerStatus.no: Status.unmet,
    AnswerStatus.unknown: Status.unknown,
    AnswerStatus.not_applicable: Status.not_applicable,
}


def answer_reason(question: Question, answer: Answer) -> Reason:
    return Reason(
        kind="answer",
        ref=question.id,
        status=question.status_of(answer.value).value,
        value=answer.value,
        who=answer.who,
        when=answer.when,
        note=answer.note,
    )


def practice_statuses(
    evidence: Evidence, answers: Answers, questions: dict[str, Question]
) -> dict[str, PracticeStatus]:
    settles: dict[str, list[Question]] = {}
    for q in questions.values():
        for pid in q.practices:
            settles.setdefault(pid, []).append(q)
    out: dict[str, PracticeStatus] = {}
    for pid, ev in evidence.practices.items():
        scan_reasons = [
            Reason(kind="evidence", ref=pid, status=ev.status.value, path=p.path, line=p.line,
                   detector=p.detector, detail=p.detail)
            for p in ev.evidence
        ]  # fmt: skip
        if ev.status is Outcome.not_applicable:
            reason = Reason(kind="config", ref=pid, status="not_applicable", note=ev.reason)
            out[pid] = PracticeStatus(
                id=pid,
                status=Status.not_applicable,
                scan=ev.status.value,
                basis="config",
                reasons=[reason],
            )
            continue
        answered = [
            (q, a)
            for q in settles.get(pid, [])
            if (a := answers.get(q.id)) is not None and q.status_of(a.value) is not AnswerStatus.unknown
        ]
        if answered:
            q, a = answered[0]
            status = FROM_ANSWER[q.status_of(a.value)]
            conflict = None
            scan_status = FROM_OUTCOME[ev.status]
            if scan_status in (Status.met, Status.partial, Status.unmet) and scan_status is not status:
                conflict = f"answer to {q.id} ({a.value}) overrides the scan ({ev.status.value})"
            out[pid] = PracticeStatus(
                id=pid, status=status, scan=ev.status.value, basis="answer",
                reasons=[answer_reason(q, a), *scan_reasons], conflict=conflict,
            )  # fmt: skip
            continue
        if not scan_reasons:
            scan_reasons = [Reason(kind="none", ref=pid, status=ev.status.value, note=ev.reason)]
        basis = "evidence" if ev.status is not Outcome.unknown else "none"
        out[pid] = PracticeStatus(
            id=pid,
            status=FROM_OUTCOME[ev.status],
            scan=ev.status.value,
            basis=basis,
            reasons=scan_reasons,
        )
    return out


def combine(statuses: Iterable[Status], match: str) -> Status:
    """``all``: unmet < unknown < partial < inferred < met, the weakest wins; ``any``: the strongest
    of met > inferred > partial > unknown > unmet."""
    parts = [s for s in statuses if s is not Status.not_applicable]
    if not parts:
        return Status.not_applicable
    order = (
        [Status.unmet, Status.unknown, Status.partial, Status.inferred, Status.met]
        if match == "all"
        else [Status.met, Status.inferred, Status.partial, Status.unknown, Status.unmet]
    )
    return next(s for s in order if s in parts)


def inference(question: Question, practices: dict[str, PracticeStatus]) -> list[Reason]:
    """Proofs that let us infer the answer to ``question`` (empty: nothing to infer)."""
    for rule in question.infer:
        held = [pid for pid in rule.practices if pid in practices and practices[pid].status is Status.met]
        if (rule.match == "all" and len(held) == len(rule.practices)) or (rule.match == "any" and held):
            proofs = [r for pid in held for r in practices[pid].reasons if r.kind == "evidence"][:4]
            head = Reason(kind="inference", ref=question.id, status="inferred", value=rule.value,
                          note=rule.because)  # fmt: skip
            return [head, *proofs]
    return []


def criterion_result(
    crit: Criterion,
    practices: dict[str, PracticeStatus],
    answers: Answers,
    questions: dict[str, Question],
) -> CriterionResult:
    scan: list[Status] = []
    because: list[Reason] = []
    bases: set[str] = set()
    for pid in crit.practices:
        ps = practices[pid]
        scan.append(ps.status)
        because.extend(ps.reasons)
        if ps.basis in ("evidence", "config"):
            bases.add("evidence")
        elif ps.basis == "answer":
            bases.add("answers")
    answered: list[Status] = []
    asked: list[Status] = []
    for qid in crit.questions:
        q = questions[qid]
        a = answers.get(qid)
        st = FROM_ANSWER[q.status_of(a.value)] if a is not None else Status.unknown
        if a is not None:
            because.append(answer_reason(q, a))
        if st is not Status.unknown:
            answered.append(st)
            asked.append(st)
            bases.add("answers")
            continue
        inferred = inference(q, practices)
        if inferred:
            asked.append(Status.inferred)
            because.extend(inferred)
            bases.add("inference")
        else:
            asked.append(Status.unknown)
            if a is None:
                because.append(Reason(kind="none", ref=qid, status="unanswered"))
    conflict = None
    if crit.match == "any" and answered:
        status = combine(answered, "any")
        by_scan = combine(scan, "any") if scan else Status.unknown
        if by_scan in (Status.met, Status.partial, Status.unmet) and by_scan is not status:
            conflict = f"the answer ({status.value}) overrides the scan ({by_scan.value})"
        bases = {"answers"}
    else:
        status = combine(scan + asked, crit.match)
    return CriterionResult(
        id=crit.id, title=crit.title, status=status, because=because, basis=_basis(status, bases),
        role=crit.role, conflict=conflict, dimension=crit.dimension, practices=list(crit.practices),
        questions=list(crit.questions), roadmap=crit.roadmap,
    )  # fmt: skip


def _basis(status: Status, bases: set[str]) -> BasisName:
    if status is Status.unknown or not bases:
        return "none"
    if status is Status.inferred:
        return "inference"
    rest = bases - {"inference"}
    if len(rest) > 1:
        return "mixed"
    return "answers" if rest == {"answers"} else "evidence" if rest else "none"
