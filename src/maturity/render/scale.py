"""A dimension-by-level scale (``dimension_chart: scale``): the shape of a maturity scale such as Google
Cloud's AI Maturity Scale, one row per dimension (theme), one column per level (phase).

Each cell lists the criteria of that dimension at that level with their status; a row says which level
the dimension reached and why (what the next level still needs). Pure: built from the rating alone, with
the level names the framework declares.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from maturity.assess.models import CriterionResult, DimensionRating, FrameworkRating

MARK = {"met": "✓", "inferred": "≈", "partial": "◐", "unmet": "✗", "unknown": "?", "not_applicable": "–"}
WORD = {"met": "met", "inferred": "inferred (to confirm)", "partial": "partial", "unmet": "not met",
        "unknown": "unknown", "not_applicable": "not applicable"}  # fmt: skip
PASSES = ("met", "inferred", "not_applicable")  # what counts in the estimate


@dataclass
class Item:
    id: str
    title: str
    status: str
    mark: str
    word: str
    core: bool


@dataclass
class Cell:
    level: int
    state: str  # reached | current | next | later
    items: list[Item] = field(default_factory=list)
    note: str = ""  # shown when the cell has no criteria


@dataclass
class Row:
    id: str
    name: str
    phase: str  # "phase 2: Strategic"
    basis: str  # "estimated; confirmed phase 1", "" when confirmed
    why: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Scale:
    columns: list[tuple[int, str]]
    rows: list[Row]


Levels = list[tuple[int, str, float]]  # number, name, supporting share


def scale_for(f: FrameworkRating) -> Scale | None:
    """The scale of a rating whose framework asks for one (``dimension_chart: scale``), else None."""
    from maturity.render.meta import framework_meta

    meta = framework_meta(f.id)
    if meta.dimension_chart != "scale":
        return None
    return build_scale(f, [(lv, name, meta.shares.get(lv, 1.0)) for lv, name in meta.levels])


def build_scale(f: FrameworkRating, levels: Levels) -> Scale | None:
    """The grid, or None when the rating has no dimensions (or the level names are not known)."""
    if not f.dimensions or not levels:
        return None
    rows = [_row(f, d, levels) for d in f.dimensions]
    first = levels[0][0]
    note = f"The starting {f.level_label}: no criteria."
    for row in rows:
        for cell in row.cells:
            if not cell.items:
                cell.note = note if cell.level == first else "no criteria"
    return Scale(columns=[(lv, name) for lv, name, _ in levels], rows=rows)


def _state(level: int, reached: int | None, first: int) -> str:
    if reached is None:
        return "next" if level == first else "later"
    if level == reached:
        return "current"
    return "reached" if level < reached else "next" if level == reached + 1 else "later"


def _row(f: FrameworkRating, d: DimensionRating, levels: Levels) -> Row:
    crits = [c for c in f.criteria if c.dimension == d.id]
    cells = [
        Cell(
            level=lv,
            state=_state(lv, d.level, levels[0][0]),
            items=[_item(c) for c in crits if c.level == lv],
        )
        for lv, _, _ in levels
    ]
    phase = (
        f"below {f.level_label} {levels[0][0]}"
        if d.level is None
        else f"{f.level_label} {d.level}: {d.level_name}"
    )
    return Row(id=d.id, name=d.name, phase=phase, basis=_basis(f, d), why=_why(f, d, crits, levels),
               cells=cells)  # fmt: skip


def _item(c: CriterionResult) -> Item:
    s = c.status.value
    return Item(id=c.id, title=c.title, status=s, mark=MARK.get(s, "?"), word=WORD.get(s, s),
                core=c.role == "core")  # fmt: skip


def _basis(f: FrameworkRating, d: DimensionRating) -> str:
    parts = []
    if d.confirmed_level != d.level:
        shown = "none" if d.confirmed_level is None else f"{f.level_label} {d.confirmed_level}"
        parts.append(f"estimated; confirmed {shown}")
    if d.ceiling_level is not None and d.ceiling_level != d.level:
        parts.append(f"up to {f.level_label} {d.ceiling_level} if the unknowns turn out met")
    return "; ".join(parts)


def _why(f: FrameworkRating, d: DimensionRating, crits: list[CriterionResult], levels: Levels) -> str:
    """What holds this dimension at its level: the next level's missing core, or its supporting share."""
    nxt = levels[0][0] if d.level is None else d.level + 1
    level = next((lv for lv in levels if lv[0] == nxt), None)
    if level is None:
        return f"Every criterion up to the top {f.level_label} is in place."
    _, name, share = level
    at = [c for c in crits if c.level == nxt]
    missing = [c for c in at if c.role == "core" and c.status.value not in PASSES]
    if missing:
        titles = "; ".join(f"{_lower(c.title)} ({WORD[c.status.value]})" for c in missing)
        return f"{name} needs: {titles}."
    sup = [c for c in at if c.role == "supporting" and c.status.value != "not_applicable"]
    known = [c for c in sup if c.status.value != "unknown"]
    if sup and not known:
        return f"{name}: the core is in place; none of its supporting criteria is settled yet."
    met = sum(1 for c in known if c.status.value in PASSES)
    return (
        f"{name}: the core is in place; {met} of {len(known)} settled supporting criteria are met, "
        f"{share:.0%} are needed."
    )


def _lower(text: str) -> str:
    """'A leader sponsors ML' -> 'a leader sponsors ML'; 'ML use cases' and 'CI/CD builds' stay."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if len(first) == 1 or first[1:2].islower() else text
