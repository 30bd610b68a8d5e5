"""Where evidence and answers meet: exactly one place, with one policy.

Policy:
1. Configuration first: a practice skipped in ``[tool.maturity] skip`` is not_applicable, with its reason.
2. A person's answer to a question that settles a practice beats the scan. When the scan proved
   otherwise, the override is kept as ``conflict`` so reports can say so.
3. Otherwise the scan decides: present -> met, partial -> partial, absent -> unmet, unknown -> unknown.
4. A criterion combines its practices and questions: ``all`` (every one) or ``any`` (at least one).
   Not-applicable parts are left out; a criterion whose parts are all not applicable is not applicable.
"""

from __future__ import annotations

from collections.abc import Iterable

from maturity.answers.models import Answer, Answers, AnswerStatus, Question
from maturity.assess.models import CriterionResult, PracticeStatus, Reason, Status
from maturity.frameworks.models import Criterion
from maturity.scan.models import Evidence, Outcome

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
    """``all``: unmet beats unknown beats partial beats met; ``any``: met beats partial beats unknown."""
    parts = [s for s in statuses if s is not Status.not_applicable]
    if not parts:
        return Status.not_applicable
    order = (
        [Status.unmet, Status.unknown, Status.partial, Status.met]
        if match == "all"
        else [Status.met, Status.partial, Status.unknown, Status.unmet]
    )
    return next(s for s in order if s in parts)


def criterion_result(
    crit: Criterion,
    practices: dict[str, PracticeStatus],
    answers: Answers,
    questions: dict[str, Question],
) -> CriterionResult:
    statuses: list[Status] = []
    because: list[Reason] = []
    bases: set[str] = set()
    for pid in crit.practices:
        ps = practices[pid]
        statuses.append(ps.status)
        because.extend(ps.reasons)
        if ps.basis in ("evidence", "config"):
            bases.add("evidence")
        elif ps.basis == "answer":
            bases.add("answers")
    for qid in crit.questions:
        q = questions[qid]
        a = answers.get(qid)
        if a is None:
            statuses.append(Status.unknown)
            because.append(Reason(kind="none", ref=qid, status="unanswered"))
            continue
        st = FROM_ANSWER[q.status_of(a.value)]
        statuses.append(st)
        because.append(answer_reason(q, a))
        if st is not Status.unknown:
            bases.add("answers")
    status = combine(statuses, crit.match)
    basis = "none" if status is Status.unknown or not bases else "mixed" if len(bases) > 1 else bases.pop()
    return CriterionResult(
        id=crit.id, title=crit.title, status=status, because=because, basis=basis,
        dimension=crit.dimension, practices=list(crit.practices), questions=list(crit.questions),
        roadmap=crit.roadmap,
    )  # fmt: skip
