"""Portfolio -> a presentation-neutral view for the HTML/PDF and Markdown portfolio reports.

Everything the templates show is computed here (headline cards, chart SVGs, the heat map cut into
print-sized pieces); templates only loop and branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from maturity.portfolio.models import Distribution, Portfolio, PracticeRow
from maturity.render.diff import WORD
from maturity.render.portfolio_charts import STATUS_FILL, heatmap, labelled_bars, share_fill

HEAT_ROWS_PER_FIGURE = 40  # one printed page
STATUS_WORD = WORD  # one wording of statuses for the diff and the portfolio


@dataclass
class DistView:
    title: str
    chart: str
    d: Distribution
    median: str
    note: str


@dataclass
class Card:
    name: str
    big: str
    label: str


@dataclass
class PortfolioView:
    title: str
    org: str | None
    date: str
    tool_version: str
    p: Portfolio
    cards: list[Card]
    dists: list[DistView]
    heat: list[str]
    heat_by: str
    legend: list[tuple[str, str]]
    missing: list[PracticeRow]
    lift_chart: str
    fw_names: dict[str, str]
    groups: list[tuple[str, list[Any]]] = field(default_factory=list)


def big_figure(d: Distribution) -> tuple[str, str]:
    """The cover card: a short figure (the median level or score) and what it is."""
    if d.median_value is None or d.median.startswith("below"):
        return "–", f"median: {d.median or 'none'}"
    word = d.median.split(" ")[0]
    band = next(
        (b.label for b in d.buckets if d.scoring == "points" and d.median_value >= (b.value or 0)), ""
    )
    bands = [b.label for b in d.buckets if d.scoring == "points" and (b.value or 0) <= d.median_value]
    band = bands[-1] if bands else band
    return f"{d.median_value:g}", f"median {word}" + (f" ({band})" if band else "")


def dist_view(d: Distribution, several_versions: bool) -> DistView:
    chart = labelled_bars([(b.label, float(b.count), float(d.total)) for b in d.buckets], "distribution")
    note = (
        f"{d.estimated} of {d.total} rest on inferred or unknown criteria (estimated)"
        if d.estimated
        else (f"all {d.total} confirmed by evidence and answers")
    )
    title = d.name + (f" (version {d.version})" if several_versions else "")
    return DistView(title=title, chart=chart, d=d, median=d.median, note=note)


def heat_figures(p: Portfolio) -> list[str]:
    columns = [p.practice_names.get(c, c) for c in p.columns]
    rows = []
    for h in p.heatmap:
        if h.kind == "repository":
            cells = [
                (
                    STATUS_FILL.get(h.statuses.get(c, "unknown"), STATUS_FILL["unknown"]),
                    f"{h.label}: {p.practice_names.get(c, c)}: {STATUS_WORD.get(h.statuses.get(c, ''), '?')}",
                    "",
                )
                for c in p.columns
            ]
        else:
            cells = [
                (
                    share_fill(h.cells.get(c)),
                    f"{h.label}: {p.practice_names.get(c, c)}: "
                    + ("unknown" if h.cells.get(c) is None else f"{100 * (h.cells.get(c) or 0):.0f}% met"),
                    "",
                )
                for c in p.columns
            ]
        label = h.label if h.kind == "repository" else f"{h.label} ({h.repos})"
        rows.append((label, cells))
    return [
        heatmap(rows[i : i + HEAT_ROWS_PER_FIGURE], columns)
        for i in range(0, len(rows), HEAT_ROWS_PER_FIGURE)
    ]


def cards(p: Portfolio, dists: list[DistView]) -> list[Card]:
    out = [
        Card(
            "Repositories",
            str(len(p.repositories)),
            f"{len(p.failures)} could not be scanned" if p.failures else "all scanned",
        )
    ]
    seen = set()
    for dv in dists:
        if dv.d.framework in seen:
            continue
        seen.add(dv.d.framework)
        out.append(Card(dv.d.name, *big_figure(dv.d)))
    return out


def build(p: Portfolio, title: str | None = None, org: str | None = None) -> PortfolioView:
    versions: dict[str, int] = {}
    for d in p.distributions:
        versions[d.framework] = versions.get(d.framework, 0) + 1
    dists = [dist_view(d, versions[d.framework] > 1) for d in p.distributions]
    missing = [r for r in p.practices if r.missing][:10]
    lift = [(r.name, float(len(r.lifted)), float(len(p.repositories))) for r in missing if r.lifted][:8]
    legend = [
        (STATUS_FILL[s], STATUS_WORD[s]) for s in ("met", "partial", "unmet", "unknown", "not_applicable")
    ]
    if p.teams:
        legend = [(share_fill(x), f"{round(100 * x)}% met") for x in (1.0, 0.75, 0.5, 0.25, 0.0)]
        legend.append((share_fill(None), "unknown"))
    by_team: dict[str, list[Any]] = {}
    for r in p.repositories:
        by_team.setdefault(r.team or "", []).append(r)
    return PortfolioView(
        title=title or "MLOps maturity portfolio",
        org=org,
        date=p.generated_at.strftime("%Y-%m-%d"),
        tool_version=p.tool.version,
        p=p,
        cards=cards(p, dists),
        dists=dists,
        heat=heat_figures(p),
        heat_by="team" if p.teams else "repository",
        legend=legend,
        missing=missing,
        lift_chart=labelled_bars(lift, "lifts", label_w=260),
        fw_names={f.id: f.short_name for f in p.frameworks},
        groups=sorted(by_team.items()),
    )
