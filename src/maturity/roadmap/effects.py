"""What a step does for each level it touches, in words that never overclaim.

For a level, the gap is its missing core criteria plus how many more supporting criteria its share still
needs (counted as the estimate counts them: over the supporting criteria whose status is known). A step
that closes the whole gap "completes" the level, or is "the last missing core criterion"; otherwise it is
"k of n missing". A supporting criterion beyond the share "adds to" a level without being needed for it.
Points frameworks say which section gains a point.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from maturity.assess.models import CriterionResult, FrameworkRating, Status
from maturity.frameworks.models import LevelsFramework
from maturity.frameworks.registry import AnyFramework

PASS = (Status.met, Status.not_applicable, Status.inferred)


@dataclass
class Gap:
    label: str
    core: set[str] = field(default_factory=set)
    supporting: set[str] = field(default_factory=set)
    deficit: int = 0
    below: bool = False  # a lower level is not reached yet

    @property
    def size(self) -> int:
        return len(self.core) + self.deficit


def gaps(rating: FrameworkRating, fw: AnyFramework | None) -> dict[int, Gap]:
    """Level -> what is missing for it (levels frameworks only)."""
    if rating.scoring != "levels" or not isinstance(fw, LevelsFramework):
        return {}
    by_id = {c.id: c for c in rating.criteria}
    reached = -1 if rating.level is None else rating.level
    out: dict[int, Gap] = {}
    for lv in fw.levels:
        if lv.level <= reached:
            continue
        results = [by_id[c.id] for c in lv.criteria if c.id in by_id]
        gap = Gap(label=f"{rating.short_name} {rating.level_label} {lv.level}", below=lv.level > reached + 1)
        gap.core = {r.id for r in results if r.role == "core" and r.status not in PASS}
        sup = [r for r in results if r.role == "supporting"]
        gap.supporting = {r.id for r in sup if r.status not in PASS}
        gap.deficit = _deficit(sup, lv.supporting_share)
        out[lv.level] = gap
    return out


def _deficit(supporting: list[CriterionResult], share: float) -> int:
    """How many more supporting criteria must pass for the share (as the estimate counts it).

    Known criteria that do not pass are counted first; beyond them, each newly passing criterion comes
    from an unknown one and also grows the number of known criteria. No known criterion: one is needed.
    """
    if not supporting or share <= 0:
        return 0
    known = [r for r in supporting if r.status not in (Status.unknown, Status.not_applicable)]
    if not known:
        return 0 if all(r.status is Status.not_applicable for r in supporting) else 1
    met = sum(1 for r in known if r.status in PASS)
    open_known = len(known) - met
    n = 0
    while met + n < share * (len(known) + max(0, n - open_known)) - 1e-9:
        n += 1
    return n


ADDS = "adds to "


def needed(effects: list[str]) -> bool:
    """Whether a step closes some gap (anything but "adds to ..." sentences)."""
    return any(not e.startswith(ADDS) for e in effects)


def describe(criteria: Iterable[str], rating: FrameworkRating, table: dict[int, Gap]) -> list[str]:
    """Sentences for one framework: what satisfying ``criteria`` does to each level it touches."""
    by_id = {c.id: c for c in rating.criteria}
    if rating.scoring == "points":
        sections = sorted({by_id[c].section or "" for c in criteria if c in by_id})
        return [
            f"+1 point in {rating.short_name} {s}"
            + (" (the section holding the score down)" if s == rating.holding_section else "")
            for s in sections
        ]
    out = []
    for level, gap in sorted(table.items()):
        core = gap.core & set(criteria)
        sup = gap.supporting & set(criteria)
        if not core and not sup:
            continue
        k = len(core) + min(len(sup), gap.deficit)
        after = f" (after {rating.level_label} {level - 1})" if gap.below else ""
        if k == 0:
            out.append(f"{ADDS}{gap.label}, which has enough supporting criteria already")
        elif k == gap.size and gap.size == 1 and core:
            out.append(f"the last missing core criterion of {gap.label}{after}")
        elif k == gap.size:
            out.append(f"completes {gap.label}{after}")
        else:
            out.append(f"{k} of {gap.size} missing for {gap.label}{after}")
    return out
