"""Load and validate questionnaire files (``questionnaires/*.yaml``); decide which questions to ask.

A question is asked when a rating still needs it (:func:`needed`; ``--ask-all`` asks every question of
the chosen frameworks), its ``when`` holds, the scan does not decide it (``prefill.decides`` and the
practice is present or absent), and it has no answer that counts: none, one to an older version of
the question, or a confirmation whose evidence is gone (:mod:`maturity.answers.confirm`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter

from maturity import _yaml
from maturity.answers.confirm import is_stale
from maturity.answers.models import Answer, Answers, Confirmed, Question, Questionnaire
from maturity.assess.models import Assessment, CriterionResult, FrameworkRating, Status
from maturity.errors import QuestionnaireError
from maturity.scan.models import Evidence, Outcome, Proof

ADAPTER: TypeAdapter[Questionnaire] = TypeAdapter(Questionnaire)


def load_questionnaire(file: Path, practices: Collection[str] | None = None) -> Questionnaire:
    text = _yaml.read_text(file, QuestionnaireError)
    data, node = _yaml.parse(text, file, QuestionnaireError)
    if not isinstance(data, dict):
        raise QuestionnaireError("a questionnaire file is a mapping with 'questions'", file=file, line=1)
    q = _yaml.validate(ADAPTER, data, node, file, QuestionnaireError)
    if practices is not None:
        for i, question in enumerate(q.questions):
            refs: list[tuple[tuple[str | int, ...], str]] = [
                (("practices", k), p) for k, p in enumerate(question.practices)
            ]
            if question.prefill:
                refs.append((("prefill", "practice"), question.prefill.practice))
            for j, rule in enumerate(question.infer):
                refs.extend((("infer", j, "practices", k), p) for k, p in enumerate(rule.practices))
            for where, ref in refs:
                if ref not in practices:
                    loc = ("questions", i, *where)
                    raise QuestionnaireError(
                        f"unknown practice {ref!r} (question {question.id})",
                        file=file,
                        line=_yaml.line_for(node, loc),
                        field=".".join(map(str, loc)),
                    )
    return q


def merge_questions(sources: Iterable[tuple[Path, Questionnaire]]) -> dict[str, Question]:
    """All questions by id; the same id in two files is an error."""
    out: dict[str, Question] = {}
    origin: dict[str, Path] = {}
    for file, q in sources:
        for question in q.questions:
            if question.id in out:
                raise QuestionnaireError(
                    f"question id {question.id!r} is also defined in {origin[question.id]}",
                    file=file,
                )
            out[question.id] = question
            origin[question.id] = file
    return out


# --- which questions to ask -------------------------------------------------------------------

SUGGESTS = {"present": "yes", "partial": "partial", "absent": "no"}


@dataclass(frozen=True)
class Suggestion:
    """What the scan says about a question: a pre-selected value, its proof, and whether it decides."""

    value: str
    proofs: list[str]  # "path:line detail" for present/partial
    decides: bool
    reason: str | None = None  # why the scan says absent (nothing found), or why the evidence implies it
    confirms: list[Confirmed] = field(default_factory=list)  # what a confirmation remembers


def is_active(question: Question, answers: Answers, evidence: Evidence) -> bool:
    """Whether ``question.when`` holds (no ``when``: always). An unanswered parent hides the question."""
    cond = question.when
    if cond is None:
        return True
    if cond.practice is not None:
        ev = evidence.practices.get(cond.practice)
        return ev is not None and ev.status.value in cond.is_
    answer = answers.get(cond.question or "")
    if answer is None:
        return False
    values = answer.value if isinstance(answer.value, list) else [answer.value]
    return any(str(v) in cond.is_ or _fmt_number(v) in cond.is_ for v in values)


def _fmt_number(v: object) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _proof(p: Proof) -> str:
    return f"{p.path}{':' + str(p.line) if p.line else ''} {p.detail}".strip()


def suggestion(question: Question, evidence: Evidence) -> Suggestion | None:
    """The answer the scan suggests: an ``infer`` rule that holds, else ``prefill``; None if neither."""
    for rule in question.infer:
        held = [pid for pid in rule.practices if _present(evidence, pid)]
        if held and (rule.match == "any" or len(held) == len(rule.practices)):
            proofs = [(pid, p) for pid in held for p in evidence.practices[pid].evidence[:3]]
            return Suggestion(
                value=rule.value, proofs=[_proof(p) for _, p in proofs], decides=False, reason=rule.because,
                confirms=[Confirmed(practice=pid, path=p.path, line=p.line) for pid, p in proofs],
            )  # fmt: skip
    if question.prefill is None:
        return None
    pid = question.prefill.practice
    ev = evidence.practices.get(pid)
    if ev is None or ev.status.value not in SUGGESTS:
        return None
    wanted = SUGGESTS[ev.status.value]
    value = next(
        (c.value for c in question.options() if c.status is not None and c.status.value == wanted), None
    )
    if value is None:
        return None
    decides = question.prefill.decides and ev.status.value in ("present", "absent")
    confirms = [Confirmed(practice=pid, path=p.path, line=p.line) for p in ev.evidence[:3]]
    return Suggestion(value=value, proofs=[_proof(p) for p in ev.evidence], decides=decides,
                      reason=None if ev.evidence else ev.reason, confirms=confirms)  # fmt: skip


def _present(evidence: Evidence, pid: str) -> bool:
    ev = evidence.practices.get(pid)
    return ev is not None and ev.status is Outcome.present


def is_current(question: Question, answer: Answer | None) -> bool:
    """An answer given to this version of the question (a changed question is asked again)."""
    return answer is not None and answer.question_version >= question.version


def needed(questions: Iterable[Question], assessment: Assessment) -> list[Question]:
    """The questions behind criteria that are unknown or only inferred: what the ratings still need.

    A criterion's own questions, and the questions that settle one of its practices the scan could not
    tell. Criteria the scan settled (met, partial, unmet, not applicable) need nothing, and neither do
    criteria of levels above the ceiling (unreachable whatever the answers: a lower level is not met).
    """
    wanted: set[str] = set()
    unknown: set[str] = set()
    for f in assessment.frameworks:
        for c in f.criteria:
            if c.status in (Status.unknown, Status.inferred) and _reachable(f, c):
                wanted.update(c.questions)
                unknown.update(p for p in c.practices if _unknown(assessment, p))
    return [q for q in questions if q.id in wanted or unknown.intersection(q.practices)]


def _reachable(f: FrameworkRating, c: CriterionResult) -> bool:
    """A points item always counts (any section may hold the score down); a level's criterion counts
    up to the ceiling of what it rates: its dimension's ceiling (a dimension's level is a rating the
    report shows, e.g. the AI Adoption theme-by-phase scale), else the framework's."""
    if f.scoring == "points" or c.level is None:
        return True
    ceilings = [f.ceiling_level] + [d.ceiling_level for d in f.dimensions if d.id == c.dimension]
    return any(top is not None and c.level <= top for top in ceilings)


def _unknown(assessment: Assessment, pid: str) -> bool:
    ps = assessment.practices.get(pid)
    return ps is not None and ps.status is Status.unknown


@dataclass
class Plan:
    """The questions of one run, sorted by what happens to them."""

    asked: list[Question] = field(default_factory=list)  # active, not decided by the scan
    open: list[Question] = field(default_factory=list)  # of those: no answer that counts
    changed: list[Question] = field(default_factory=list)  # of open: answered an older version
    stale: list[Question] = field(default_factory=list)  # of open: confirmed evidence that is gone
    decided: list[Question] = field(default_factory=list)  # the scan decides: not asked

    @property
    def answered(self) -> int:
        return len(self.asked) - len(self.open)


def plan(questions: Iterable[Question], evidence: Evidence, answers: Answers, ask_all: bool = False) -> Plan:
    out = Plan()
    for q in questions:
        if not is_active(q, answers, evidence):
            continue
        s = suggestion(q, evidence)
        answer = answers.get(q.id)
        if s is not None and s.decides and not ask_all and answer is None:
            out.decided.append(q)
            continue
        out.asked.append(q)
        if is_stale(answer, evidence):
            out.open.append(q)
            out.stale.append(q)
        elif not is_current(q, answer):
            out.open.append(q)
            if answer is not None:
                out.changed.append(q)
    return out


def theme_names(extra_dirs: Iterable[str | Path] = ()) -> dict[str, str]:
    """Theme id -> name from the built-in questionnaires and extra folders (best effort: the library
    loader has already validated these files)."""
    from maturity._resources import data_dir

    files = sorted(data_dir("questionnaires").glob("*.yaml"))
    for d in map(Path, extra_dirs):
        files += sorted(d.glob("*.y*ml")) if d.is_dir() else []
    names: dict[str, str] = {}
    for f in files:
        try:
            data, _ = _yaml.parse(_yaml.read_text(f, QuestionnaireError), f, QuestionnaireError)
        except QuestionnaireError:
            continue
        themes = data.get("themes") if isinstance(data, dict) else None
        for t in themes if isinstance(themes, list) else []:
            if isinstance(t, dict) and isinstance(t.get("id"), str):
                names[t["id"]] = str(t.get("name", t["id"]))
    return names
