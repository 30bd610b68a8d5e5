"""Open criteria -> steps merged by practice -> ordered by prerequisites, then by what they unlock.

* Which criteria: for a levels framework, every criterion not met of the levels above the one
  reached (the next level has rank 0, the one after rank 1, ...); for a points framework, every
  item not yet at 1 (the section holding the score down has rank 0, the others rank 1).
* One step per practice, merged across frameworks: a step lists every FRAMEWORK:CRITERION it
  satisfies and the levels it unlocks. A criterion with ``match: any`` gets one step: its cheapest
  open practice (a partial one first).
* Prerequisites (catalog ``requires``) that are not met become steps too, and inherit the rank of
  what they enable; the order is topological (graphlib), then by rank, impact, effort.
* Criteria that only an answer can settle (the practices are met, a question is unanswered, or the
  scan suggests the answer: ``inferred``) become "Confirm with <role>: <question>" steps in their own
  ``confirm`` group: they take minutes, not engineering work, so they neither push real work down nor
  hide among it. A question answered "no" is real work: its step says what to do (the criterion's
  roadmap) and is ranked like a practice.
* Each step says precisely what it does for each level (``effects``, see ``roadmap/effects.py``):
  "the last missing core criterion of Microsoft level 1", "1 of 4 missing for Google level 1"; it never
  claims to unlock a level that still needs more.
  A step that closes no gap (it only "adds to" a level that has enough supporting criteria) comes after
  the steps that do.
* Horizons: Now = the first three rank-0 steps, Next = the other rank-0 steps, Later = the rest.
"""

from __future__ import annotations

from graphlib import TopologicalSorter

from maturity.assess.models import Assessment, CriterionResult, FrameworkRating, Status
from maturity.frameworks.registry import Library
from maturity.roadmap.effects import describe, gaps, needed
from maturity.roadmap.models import Roadmap, Step, Unlock
from maturity.roadmap.stack import detect_stack, tailor

EFFORT_RANK = {"low": 0, "medium": 1, "high": 2}
DONE = (Status.met, Status.not_applicable)
CONFIRM_ONLY = (Status.met, Status.not_applicable, Status.inferred)
NOW_SIZE = 3


def open_criteria(rating: FrameworkRating) -> list[tuple[CriterionResult, Unlock, int]]:
    """Criteria that stand between the framework and its next steps up, with what they unlock and rank."""
    out = []
    first = min((c.level for c in rating.criteria if c.level is not None), default=0)
    nxt = first if rating.level is None else rating.level + 1
    for c in rating.criteria:
        if c.status in DONE:
            continue
        if rating.scoring == "levels":
            lv = c.level if c.level is not None else nxt
            rank, target = max(lv - nxt, 0), f"{rating.level_label} {lv}"
            label = f"{rating.short_name} {rating.level_label} {lv}"
        else:
            rank = 0 if c.section == rating.holding_section else 1
            target, label = f"section {c.section}", f"{rating.short_name} {c.section}"
        unlock = Unlock(framework=rating.id, target=target, criterion=c.id, label=label, next=rank == 0)
        out.append((c, unlock, rank))
    return out


def _keys(c: CriterionResult, a: Assessment, library: Library, fw: str) -> list[str]:
    """Step keys for one open criterion: practices to adopt, and questions still to settle."""
    open_p = [p for p in c.practices if p in a.practices and a.practices[p].status not in CONFIRM_ONLY]
    if len(open_p) > 1 and _match(library, fw, c.id) == "any":
        effort = library.practices
        open_p = [
            min(
                open_p,
                key=lambda p: (a.practices[p].status is not Status.partial, EFFORT_RANK[effort[p].effort], p),
            )
        ]
    settled = {r.ref for r in c.because if r.kind == "answer" and r.status in ("yes", "not_applicable")}
    open_q = [f"q:{q}" for q in c.questions if q in library.questions and q not in settled]
    if open_p and _match(library, fw, c.id) == "any":
        return open_p
    return open_p + open_q


def _match(library: Library, fw: str, cid: str) -> str:
    framework = library.frameworks.get(fw)
    crit = next((c for c in framework.criteria() if c.id == cid), None) if framework else None
    return crit.match if crit else "all"


def plan(assessment: Assessment, library: Library) -> Roadmap:
    steps: dict[str, Step] = {}
    for rating in assessment.frameworks:
        for crit, unlock, rank in open_criteria(rating):
            for key in _keys(crit, assessment, library, rating.id):
                if key not in steps:
                    steps[key] = _new_step(key, library, assessment, rank, crit)
                _add(steps[key], f"{rating.id}:{crit.id}", unlock, rank)
    _add_prerequisites(steps, library, assessment)
    stack = detect_stack(assessment)
    tables = {r.id: (r, gaps(r, library.frameworks.get(r.id))) for r in assessment.frameworks}
    for step in steps.values():
        step.impact = len(step.criteria)
        for fid, (rating, table) in tables.items():
            mine = [ref.partition(":")[2] for ref in step.criteria if ref.partition(":")[0] == fid]
            step.effects.extend(describe(mine, rating, table) if mine else [])
        if step.effects and not needed(step.effects) and not step.enables:
            step.rank += 1  # it closes no gap: after the steps that do
        tailor(step, stack)
    return Roadmap(steps=_order(steps), stack=stack)


def _add(step: Step, ref: str, unlock: Unlock, rank: int) -> None:
    if ref not in step.criteria:
        step.criteria.append(ref)
        step.unlocks.append(unlock)
    step.rank = min(step.rank, rank)


def _add_prerequisites(steps: dict[str, Step], library: Library, a: Assessment) -> None:
    """Unmet practices that open steps require become steps, transitively, and ranks flow down."""
    practices = library.practices
    todo = [k for k in steps if not k.startswith("q:")]
    while todo:
        key = todo.pop()
        for req in practices[key].requires if key in practices else []:
            if req not in a.practices or a.practices[req].status in DONE:
                continue
            if req not in steps:
                steps[req] = _new_step(req, library, a, steps[key].rank)
                todo.append(req)
            if req not in steps[key].requires:
                steps[key].requires.append(req)
            steps[req].enables.append(key)
    changed = True
    while changed:  # a prerequisite is as urgent as the most urgent step it enables
        changed = False
        for s in steps.values():
            best = min((steps[e].rank for e in s.enables), default=s.rank)
            if best < s.rank:
                s.rank, changed = best, True


def _new_step(
    key: str, library: Library, a: Assessment, rank: int, crit: CriterionResult | None = None
) -> Step:
    if not key.startswith("q:"):
        p = library.practices[key]
        settle = [q.id for q in library.questions.values() if key in q.practices]
        return Step(
            id=key, title=p.name, practice=key, horizon="later", effort=p.effort.value, impact=0,
            criteria=[], why=p.why, how=list(p.how), snippet=p.snippet, status=a.practices[key].status.value,
            settle=settle, rank=rank,
        )  # fmt: skip
    q = library.questions[key[2:]]
    because = crit.because if crit else []
    answered = any(r.kind == "answer" and r.ref == q.id for r in because)
    if answered and crit is not None:  # answered "no" (or partly): real work, described by the criterion
        return Step(
            id=key, title=crit.title, question=q.id, horizon="later", effort="medium", impact=0, criteria=[],
            why=q.help, status="answered", rank=rank, how=[crit.roadmap], role=q.role,
        )  # fmt: skip
    who = q.role or "the team"
    suggested = next((r for r in because if r.kind == "inference" and r.ref == q.id), None)
    how = [f"maturity assess (or: maturity assess --answer {q.id}=VALUE)"]
    if suggested is not None:
        how.insert(0, f"The scan suggests {suggested.value!s}: {suggested.note or ''}".rstrip(": "))
    return Step(
        id=key, title=f"Confirm with {who}: {q.text}", question=q.id, horizon="later", effort="low",
        impact=0, criteria=[], why=q.help, status="inferred" if suggested else "unanswered", rank=rank,
        how=how, role=q.role,
    )  # fmt: skip


def _order(steps: dict[str, Step]) -> list[Step]:
    """Prerequisites first; among ready steps, lowest rank, most criteria satisfied, least effort."""
    sorter: TopologicalSorter[str] = TopologicalSorter({k: set(s.requires) for k, s in steps.items()})
    sorter.prepare()
    ordered: list[Step] = []
    pool: set[str] = set()
    while sorter.is_active():
        pool.update(sorter.get_ready())
        best = min(pool, key=lambda k: _sort_key(steps[k]))  # the best step whose prerequisites are done
        pool.discard(best)
        ordered.append(steps[best])
        sorter.done(best)
    work = [s for s in ordered if not _confirm(s)]
    for i, step in enumerate(work):
        step.horizon = "later" if step.rank > 0 else "now" if i < NOW_SIZE else "next"
    confirm = [s for s in ordered if _confirm(s)]
    for step in confirm:
        step.horizon = "confirm"
    return work + confirm


def _sort_key(s: Step) -> tuple[int, int, int, str]:
    return (s.rank, -s.impact, EFFORT_RANK[s.effort], s.id)


def _confirm(s: Step) -> bool:
    return s.question is not None and s.status in ("unanswered", "inferred")
