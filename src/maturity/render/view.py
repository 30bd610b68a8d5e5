"""Report -> a presentation-neutral view model shared by the HTML, PDF and Markdown renderers.

Everything a template shows is computed here (headlines, shares, strengths, gaps, chart
geometry), so templates hold no logic beyond loops and ifs. Framework metadata the report does
not carry (level names for the ladder, sources for the methodology note) comes from the
framework library when the framework is known; it is static data, so the view stays a pure
function of the report.
"""

from __future__ import annotations

import base64
import mimetypes
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from maturity.assess.models import FrameworkRating, Reason
from maturity.render.charts import Bar, bars, inline_bar, radar
from maturity.render.scale import Scale, scale_for
from maturity.render.summary import (
    area_rows,
    basis_note,
    ceiling_note,
    confirm_groups,
    confirm_summary,
    gaps,
    horizons,
    not_applicable,
    plan_summary,
    strengths,
)
from maturity.report import Report
from maturity.roadmap.models import Step

STATUS_LABEL = {"met": "met", "inferred": "inferred", "partial": "partial", "unmet": "not met",
                "unknown": "unknown", "not_applicable": "n/a"}  # fmt: skip


@dataclass
class Rung:
    level: int
    name: str
    reached: bool
    current: bool


@dataclass
class FrameworkView:
    id: str
    name: str
    short_name: str
    version: str
    scoring: str
    headline: str
    justification: str
    coverage_note: str
    rating: FrameworkRating
    ladder: list[Rung] = field(default_factory=list)
    sections_chart: str = ""
    sources: list[dict[str, str]] = field(default_factory=list)
    fraction: float = 0.0
    big: str = ""
    of: str = ""
    label: str = ""
    holding_name: str = ""
    dimensions: list[dict[str, str]] = field(default_factory=list)
    scale: Scale | None = None  # drawn instead of the dimensions table (dimension_chart: scale)
    words: str = ""  # the cover card says this in words when there is no figure (no level reached)
    basis: str = ""  # what the cover card's figure rests on: "confirmed", or "estimated · confirmed 3 · ..."


@dataclass
class View:
    title: str
    custom_title: bool
    org: str | None
    logo: str | None
    project: str
    date: str
    commit: str
    tool_version: str
    who: list[str]
    answered_by: str
    basis: dict[str, int]
    basis_pct: dict[str, int]
    frameworks: list[FrameworkView]
    strengths: list[dict[str, str]]
    gaps: list[dict[str, str]]
    next_steps: list[Step]
    areas: list[dict[str, Any]]
    areas_chart: str
    radar_chart: str
    horizons: list[dict[str, Any]]
    plan_summary: str
    confirm: list[dict[str, Any]]
    confirm_summary: str
    step_titles: dict[str, str]
    not_applicable: list[dict[str, str]]
    report: Report
    since_last: list[str] = field(default_factory=list)
    last_assessed: str = ""
    trend_chart: str = ""


def build(report: Report, title: str | None = None, org: str | None = None, logo: str | None = None) -> View:
    project = Path(report.target.path.rstrip("/") or ".").resolve().name or report.target.path
    g = report.target.git
    commit = (g.commit[:10] if g and g.commit else "not a git repository") + (
        " (uncommitted changes)" if g and g.dirty else ""
    )
    basis = basis_counts(report)
    total = max(sum(basis.values()), 1)
    areas = area_rows(report)
    return View(
        title=title or f"MLOps maturity assessment: {project}", custom_title=bool(title),
        org=org, logo=logo_uri(logo), project=project,
        date=report.provenance.generated_at.strftime("%Y-%m-%d"), commit=commit,
        tool_version=report.tool.version, who=report.provenance.answers.who, basis=basis,
        answered_by=answered_by(report),
        basis_pct={k: round(100 * v / total) for k, v in basis.items()},
        frameworks=[framework_view(f) for f in report.frameworks],
        strengths=strengths(report), gaps=gaps(report), next_steps=report.roadmap.steps[:3],
        areas=areas, areas_chart="",
        radar_chart=radar([(a["short"], a["met"] / a["total"] if a["total"] else 0.0) for a in areas]),
        horizons=horizons(report), plan_summary=plan_summary(report),
        confirm=confirm_groups(report), confirm_summary=confirm_summary(confirm_groups(report)),
        step_titles={s.id: s.title for s in report.roadmap.steps}, not_applicable=not_applicable(report),
        report=report, **trend(report),
    )  # fmt: skip


def trend(report: Report) -> dict[str, Any]:
    """'Since the last assessment' and a trend line, when earlier assessments were recorded."""
    if not report.history:
        return {}
    from maturity.portfolio.diff import figure
    from maturity.portfolio.history import since_last
    from maturity.render.portfolio_charts import trend as trend_svg

    last = report.history[-1]
    dates = [f"{h.generated_at:%Y-%m-%d}" for h in report.history] + [
        f"{report.provenance.generated_at:%Y-%m-%d}"
    ]
    series = []
    for f in report.frameworks:
        values = [h.values.get(f.id) if h.versions.get(f.id) == f.version else None for h in report.history]
        series.append((f.short_name, [*values, figure(f)[1]]))
    top = max([float(f.max_level or f.max_score or 1) for f in report.frameworks] or [1.0])
    when = f"{last.generated_at:%Y-%m-%d}" + (f", commit {last.commit[:10]}" if last.commit else "")
    return {"since_last": since_last(report), "last_assessed": when,
            "trend_chart": trend_svg(series, dates, top, bottom=-1)}  # fmt: skip


def answered_by(report: Report) -> str:
    info = report.provenance.answers
    if info.who:
        return ", ".join(info.who)
    if info.answered:
        return f"{info.answered} answer(s), no name recorded"
    return "nobody yet: the rating rests on the scan alone"


def logo_uri(path: str | None) -> str | None:
    """Embed the logo as a data: URI so the HTML stays one self-contained file."""
    if not path:
        return None
    file = Path(path)
    mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if not mime.startswith("image/"):
        from maturity.errors import UserError

        raise UserError("--logo must be an image (png, jpg, svg)", file=file)
    from maturity import _files
    from maturity.errors import UserError

    data = _files.read_bytes(file, _files.LOGO_CAP, UserError, "logo")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def basis_counts(report: Report) -> dict[str, int]:
    c: Counter[str] = Counter()
    for f in report.frameworks:
        cov = f.coverage
        c["scan"] += cov.evidence
        c["answers"] += cov.answers
        c["unknown"] += cov.unknown
    return {k: c[k] for k in ("scan", "answers", "unknown")}


def headline(f: FrameworkRating) -> str:
    """The estimate with what it rests on: 'Google MLOps level 2: ... (estimated: 3 criteria to confirm)'."""
    basis = f" ({basis_note(f)})"
    if f.scoring == "points":
        band = f": {f.band}" if f.band else ""
        return f"{f.short_name} {f.score:g} of {f.max_score:g}{band}{basis}"
    if f.level is None:
        return f"{f.short_name}: {f.level_name or 'below the first level'}{basis}"
    return f"{f.short_name} {f.level_label} {f.level}: {f.level_name}{basis}"


def coverage_note(f: FrameworkRating) -> str:
    c = f.coverage
    what = f"{f.level_label} {f.level}" if f.level is not None else "no level reached yet"
    if f.scoring == "points":
        what = f"score {f.score:g}"
    settled = c.total - c.unknown - c.inferred
    note = f"{what}: {settled} of {c.total} criteria settled by evidence or answers"
    if c.inferred:
        note += f", {c.inferred} inferred"
    if c.unknown:
        note += f", {c.unknown} unknown"
    ceiling = ceiling_note(f)
    return f"{note} ({ceiling})" if ceiling else note


def justification(f: FrameworkRating) -> str:
    if f.scoring == "points":
        held = next((s for s in f.sections if s.id == f.holding_section), None)
        if held is None:
            return f.band_summary or ""
        return f"The minimum over sections is {held.name} at {held.score:g} of {held.max:g}."
    if f.max_level is not None and f.level == f.max_level:
        if f.confirmed_level == f.level:
            return "Every criterion of every level is met."
        # the top level by estimate: some criteria are not settled yet, so "met" would overstate it
        return "The top level by estimate: no criterion is unmet; some are still to confirm."
    first = min((c.level for c in f.criteria if c.level is not None), default=0)
    nxt = first if f.level is None else f.level + 1
    blocking = [c for c in f.criteria if c.level == nxt and c.status.value not in ("met", "not_applicable")]
    if not blocking:
        return f.level_name or ""
    names = ", ".join(_lower_first(c.title) for c in blocking[:2]) + (
        " and more" if len(blocking) > 2 else ""
    )
    return f"{f.level_label.capitalize()} {nxt} needs {len(blocking)} more: {names}."


def _lower_first(text: str) -> str:
    """'The scoring script' -> 'the scoring script', but 'ML pilots' stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def framework_view(f: FrameworkRating) -> FrameworkView:
    from maturity.render.meta import framework_meta

    meta = framework_meta(f.id)
    scale = scale_for(f)
    ladder = [
        Rung(lv, name, f.level is not None and lv <= f.level, lv == f.level) for lv, name in meta.levels
    ]
    chart = ""
    if f.scoring == "points":
        chart = bars([Bar(s.name, s.score, s.max, s.id == f.holding_section) for s in f.sections],
                     minimum=f.score, scale=max((s.max for s in f.sections), default=1.0))  # fmt: skip
    if f.scoring == "points":
        fraction = (f.score or 0) / (f.max_score or 1)
    else:
        fraction = ((f.level or 0) + (0 if f.level is None else 1)) / ((f.max_level or 0) + 1)
    return FrameworkView(
        id=f.id, name=f.name, short_name=f.short_name, version=f.version, scoring=f.scoring,
        headline=headline(f), justification=justification(f), coverage_note=coverage_note(f), rating=f,
        ladder=ladder, sections_chart=chart, sources=meta.sources, fraction=fraction, **big_number(f),
        basis=card_basis(f),
        holding_name=next((s.name for s in f.sections if s.id == f.holding_section), ""),
        dimensions=[] if scale else dimension_rows(f), scale=scale,
    )  # fmt: skip


def dimension_rows(f: FrameworkRating) -> list[dict[str, str]]:
    """Per dimension: the level, the highest criterion met (strength), the lowest not met (gap)."""
    rows = []
    for d in f.dimensions:
        crits = sorted((c for c in f.criteria if c.dimension == d.id), key=lambda c: c.level or 0)
        met = [c for c in crits if c.status.value == "met"]
        gap = next((c for c in crits if c.status.value not in ("met", "not_applicable")), None)
        level = d.level_name if d.level is None else f"{f.level_label} {d.level}: {d.level_name}"
        bar = inline_bar(float(d.level or 0), float(f.max_level or 1), width=70)
        rows.append({"name": d.name, "level": level, "strength": met[-1].title if met else "",
                     "gap": gap.title if gap else "", "bar": bar})  # fmt: skip
    return rows


def big_number(f: FrameworkRating) -> dict[str, str]:
    """The cover card: a big figure, what it is out of, and its name; in words when no level is reached."""
    if f.scoring == "points":
        return {"big": f"{f.score:g}", "of": f" / {f.max_score:g}", "label": f.band or "score"}
    if f.level is None:
        first = min((c.level for c in f.criteria if c.level is not None), default=1)
        name = (f.level_name or "").removeprefix("below ")
        label = f"{f.level_label.capitalize()} {first}{': ' + name if name else ''} is not reached yet"
        return {"big": "", "of": "", "label": label, "words": f"Not yet at {f.level_label} {first}"}
    return {"big": str(f.level), "of": f" / {f.max_level}", "label": f.level_name or ""}


def card_basis(f: FrameworkRating) -> str:
    """The cover card's one line on what the figure rests on (the full sentence is ``basis_note``)."""
    if f.estimate_basis == "confirmed":
        return "confirmed"
    if f.scoring == "points":
        confirmed = f"{f.confirmed_score or 0:g}"
    else:
        confirmed = "none" if f.confirmed_level is None else str(f.confirmed_level)
    todo = f" · {len(f.to_confirm)} to confirm" if f.to_confirm else ""
    return f"estimated · confirmed {confirmed}{todo}"


def proof_of(e: Any) -> str:
    return f"{e.path}:{e.line}" if e.line else str(e.path)


def reason_text(r: Reason) -> str:
    """One line of proof: path:line and what it shows, or the answer with who and when."""
    if r.kind == "evidence":
        where = f"{r.path}:{r.line}" if r.path and r.line else r.path or r.ref
        return f"{where}: {r.detail or r.status}"
    if r.kind == "answer":
        by = f" by {r.who}" if r.who else ""
        on = f" on {r.when:%Y-%m-%d}" if r.when else ""
        return f"answer to {r.ref}: {r.value}{by}{on}" + (f" ({r.note})" if r.note else "")
    if r.kind == "config":
        return f"{r.ref}: {r.note or r.detail or 'set by configuration'}"
    return f"{r.ref}: {r.detail or r.note or r.status}"
