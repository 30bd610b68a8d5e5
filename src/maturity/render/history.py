"""The recorded assessments of one repository: a table, Markdown or JSON, with what changed last time."""

from __future__ import annotations

from pydantic import BaseModel, Field

from maturity.portfolio.diff import Diff, diff, figure
from maturity.render.markdown import md_escape
from maturity.report import Report


class Point(BaseModel):
    generated_at: str
    commit: str | None
    tool_version: str
    ratings: dict[str, str] = Field(description="framework -> label (with its version when it changed)")
    values: dict[str, float | None]
    versions: dict[str, str]
    practices_met: int


class History(BaseModel):
    schema_version: str = "1"
    kind: str = "maturity-history"
    points: list[Point]
    since_last: Diff | None = None


def build(reports: list[Report]) -> History:
    points = []
    for r in reports:
        ratings, values = {}, {}
        for f in r.frameworks:
            ratings[f.id], values[f.id] = figure(f)
        git = r.target.git
        points.append(
            Point(
                generated_at=r.provenance.generated_at.isoformat(),
                tool_version=r.tool.version,
                commit=git.commit[:10] if git and git.commit else None,
                ratings=ratings,
                values=values,
                versions={f.id: f.version for f in r.frameworks},
                practices_met=sum(1 for p in r.practices if p.assessed.value == "met"),
            )
        )
    return History(points=points, since_last=diff(reports[-2], reports[-1]) if len(reports) > 1 else None)


def _fids(h: History) -> list[str]:
    return list(dict.fromkeys(fid for p in h.points for fid in p.ratings))


def _cell(h: History, i: int, fid: str) -> str:
    p = h.points[i]
    if fid not in p.ratings:
        return "–"
    prev = h.points[i - 1] if i else None
    changed = prev is not None and fid in prev.versions and prev.versions[fid] != p.versions[fid]
    return p.ratings[fid] + (f" (v{p.versions[fid]})" if changed else "")


def text(h: History) -> str:
    from maturity.render.diff import text as diff_text

    fids = _fids(h)
    rows = [["date", "commit", *fids, "practices met"]]
    for i, p in enumerate(h.points):
        rows.append(
            [
                p.generated_at[:16].replace("T", " "),
                p.commit or "–",
                *(_cell(h, i, f) for f in fids),
                str(p.practices_met),
            ]
        )
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if h.since_last is not None:
        lines += ["", "Since the last assessment:", diff_text(h.since_last).rstrip()]
    return "\n".join(lines) + "\n"


def markdown(h: History) -> str:
    from maturity.render.diff import markdown as diff_md

    fids = _fids(h)
    out = [
        "## Assessment history",
        "",
        "| Date | Commit | " + " | ".join(fids) + " | Practices met |",
        "|---|---|" + "---|" * len(fids) + "---|",
    ]
    for i, p in enumerate(h.points):
        cells = [
            md_escape(p.generated_at[:10]),
            md_escape(p.commit or "–"),
            *(md_escape(_cell(h, i, f)) for f in fids),
            str(p.practices_met),
        ]
        out.append("| " + " | ".join(cells) + " |")
    if h.since_last is not None:
        out += ["", diff_md(h.since_last).rstrip()]
    return "\n".join(out) + "\n"
