"""Results -> Portfolio: ratings per repository, level distributions, practices most often missing
(with how many repositories each would lift), a heat map, teams, and movers since a previous period.
Pure: the caller reads the files and the framework library."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from statistics import median_low

from maturity.assess.models import FrameworkRating
from maturity.portfolio.diff import compare_framework, figure
from maturity.portfolio.lift import AnyFramework, lifts
from maturity.portfolio.models import (
    Bucket,
    Distribution,
    Failed,
    FrameworkInfo,
    HeatRow,
    Mover,
    Portfolio,
    PracticeRow,
    Rating,
    RepoRow,
    TeamRow,
)
from maturity.portfolio.results import Loaded
from maturity.portfolio.teams import Teams
from maturity.report import Report

SHARE = {"met": 1.0, "inferred": 1.0, "partial": 0.5, "unmet": 0.0}


def rating(r: FrameworkRating) -> Rating:
    label, value = figure(r)
    name = r.band if r.scoring == "points" else r.level_name
    return Rating(label=label, value=value, basis=r.estimate_basis, version=r.version, name=name)


def link_for(file: Path, base: Path | None) -> str:
    """The repository's own report: an HTML (or PDF) beside its JSON, else the JSON; relative to ``base``."""
    target = next((file.with_suffix(s) for s in (".html", ".pdf") if file.with_suffix(s).is_file()), file)
    if base is None:
        return target.as_posix()
    return Path(os.path.relpath(target.resolve(), base.resolve())).as_posix()


def repo_row(item: Loaded, report: Report, team: str | None, base: Path | None) -> RepoRow:
    statuses = {p.id: p.assessed.value for p in report.practices}
    applies = [s for s in statuses.values() if s != "not_applicable"]
    met = sum(SHARE.get(s, 0.0) for s in applies)
    ratings = {f.id: rating(f) for f in report.frameworks}
    step = next((s.title for s in report.roadmap.steps if s.horizon != "confirm"), None)
    heads = "; ".join(f"{f.short_name} {ratings[f.id].label}" for f in report.frameworks)
    verdict = f"{heads}. {met:g} of {len(applies)} practices met" + (f"; next: {step}" if step else "")
    git = report.target.git
    return RepoRow(
        key=item.key,
        name=item.name,
        team=team,
        file=item.file.as_posix(),
        link=link_for(item.file, base),
        commit=git.commit[:10] if git and git.commit else None,
        generated_at=report.provenance.generated_at,
        tool_version=report.tool.version,
        ratings=ratings,
        practices=statuses,
        met=met,
        total=len(applies),
        verdict=verdict,
        next_step=step,
    )


def distributions(
    reports: list[Report], level_names: Mapping[str, list[tuple[int, str]]]
) -> list[Distribution]:
    groups: dict[tuple[str, str], list[tuple[str, FrameworkRating]]] = defaultdict(list)
    for rep in reports:
        for f in rep.frameworks:
            groups[(f.id, f.version)].append((rep.target.path, f))
    out = []
    for (fid, version), rows in groups.items():
        first = rows[0][1]
        buckets: dict[str, Bucket] = {}
        if first.scoring == "levels":
            names = dict(level_names.get(fid, []))
            top = max([first.max_level or 0, *names]) if names or first.max_level is not None else 0
            for lv in [None, *range(min(names, default=0), top + 1)]:
                label = f"below the first {first.level_label}" if lv is None else f"{first.level_label} {lv}"
                name = names.get(lv) if lv is not None else None
                buckets[label] = Bucket(
                    label=label + (f": {name}" if name else ""), value=-1.0 if lv is None else lv, count=0
                )
        for path, f in rows:
            label, value = figure(f)
            if f.scoring == "points":
                label = f.band or label
            b = buckets.setdefault(label, Bucket(label=label, value=value, count=0))
            b.count += 1
            b.repos.append(path)
            if f.scoring == "points" and value is not None:
                b.value = min(b.value if b.value is not None else value, value)
        ordered = sorted(buckets.values(), key=lambda b: b.value if b.value is not None else -1)
        if first.scoring == "levels" and ordered and ordered[0].value == -1 and ordered[0].count == 0:
            ordered = ordered[1:]  # frameworks whose first level has no criteria: nobody is below it
        mid = median_low([(figure(f)[1] or 0.0, figure(f)[0]) for _, f in rows])
        out.append(
            Distribution(
                framework=fid,
                median=mid[1],
                median_value=mid[0],
                name=first.short_name or first.name,
                version=version,
                scoring=first.scoring,
                buckets=ordered,
                total=len(rows),
                estimated=sum(1 for _, f in rows if f.estimate_basis != "confirmed"),
            )
        )
    return sorted(out, key=lambda d: (d.framework, d.version))


def practice_rows(reports: list[Report], frameworks: Mapping[str, AnyFramework]) -> list[PracticeRow]:
    rows: dict[str, PracticeRow] = {}
    for rep in reports:
        for p in rep.practices:
            row = rows.setdefault(p.id, PracticeRow(id=p.id, name=p.name, area=p.area, counts={}, missing=0))
            row.counts[p.assessed.value] = row.counts.get(p.assessed.value, 0) + 1
            row.missing += p.assessed.value not in ("met", "not_applicable")
        for pid, fids in lifts(rep, frameworks).items():
            row = rows[pid]
            row.lifted.append(rep.target.path)
            for fid in fids:
                row.lifts[fid] = row.lifts.get(fid, 0) + 1
    return sorted(rows.values(), key=lambda r: (-len(r.lifted), -r.missing, r.name))


def _share(statuses: list[str]) -> float | None:
    known = [SHARE[s] for s in statuses if s in SHARE]
    return sum(known) / len(known) if known else None


def heat_columns(rows: list[RepoRow]) -> list[str]:
    """Practices that apply somewhere, most often met first (the map reads from green to red)."""
    ids = list(dict.fromkeys(pid for r in rows for pid in r.practices))
    shares = {pid: sum(SHARE.get(r.practices.get(pid, ""), 0.0) for r in rows) for pid in ids}
    ids = [pid for pid in ids if any(r.practices.get(pid) != "not_applicable" for r in rows)]
    return sorted(ids, key=lambda pid: (-shares[pid], pid))


def heat_rows(rows: list[RepoRow], columns: list[str], by_team: bool) -> list[HeatRow]:
    if not by_team:
        ordered = sorted(rows, key=lambda r: (-(r.met / r.total if r.total else 0), r.name))
        return [
            HeatRow(
                label=r.name,
                kind="repository",
                statuses={c: r.practices.get(c, "unknown") for c in columns},
                cells={c: SHARE.get(r.practices.get(c, "")) for c in columns},
            )
            for r in ordered
        ]
    teams: dict[str, list[RepoRow]] = defaultdict(list)
    for r in rows:
        teams[r.team or ""].append(r)
    out = [
        HeatRow(
            label=t,
            kind="team",
            repos=len(rs),
            cells={c: _share([r.practices.get(c, "") for r in rs]) for c in columns},
        )
        for t, rs in teams.items()
    ]
    return sorted(out, key=lambda h: (-sum(v or 0 for v in h.cells.values()), h.label))


def team_rows(rows: list[RepoRow], failures: list[Failed], fids: list[str]) -> list[TeamRow]:
    teams: dict[str, list[RepoRow]] = defaultdict(list)
    for r in rows:
        teams[r.team or ""].append(r)
    failed = Counter(f.team or "" for f in failures)
    out = []
    for team in sorted(set(teams) | set(failed)):
        rs = teams.get(team, [])
        share = sum(r.met for r in rs) / max(sum(r.total for r in rs), 1)
        ratings = {}
        for fid in fids:
            got = sorted((r.ratings[fid] for r in rs if fid in r.ratings), key=lambda x: x.value or 0)
            if got:
                ratings[fid] = median_low([(g.value or 0, g.label) for g in got])[1]
        out.append(TeamRow(team=team, repos=len(rs), failed=failed[team], share_met=share, ratings=ratings))
    return out


def movers(
    current: list[tuple[str, Report]], previous: list[tuple[str, Report]]
) -> tuple[list[Mover], list[str]]:
    """Ratings that changed since the previous period, biggest moves first; framework changes noted."""
    before = dict(previous)
    out, notes = [], []
    for key, rep in current:
        old = before.get(key)
        if old is None:
            continue
        for f in rep.frameworks:
            fc = compare_framework(old.framework(f.id), f)
            if fc.change == "not_comparable":
                notes.append(f"{key}: {fc.name}: {fc.note}")
            elif fc.change in ("up", "down") and fc.before and fc.after:
                delta = (fc.after_value or 0) - (fc.before_value or 0)
                out.append(
                    Mover(
                        repo=key,
                        framework=f.id,
                        name=fc.name,
                        before=fc.before,
                        after=fc.after,
                        change=fc.change,
                        delta=delta,
                    )
                )
    return sorted(out, key=lambda m: (-abs(m.delta), m.repo, m.framework)), notes


def build(
    loaded: list[Loaded],
    frameworks: Mapping[str, AnyFramework],
    level_names: Mapping[str, list[tuple[int, str]]],
    teams: Teams | None = None,
    previous: list[Loaded] | None = None,
    link_base: Path | None = None,
    now: dt.datetime | None = None,
) -> Portfolio:
    """Roll the results up. ``previous``: results of the earlier period, matched by repository."""
    ok = [(x, x.report) for x in loaded if x.report is not None]
    team = (lambda x: teams.team_of(x.name, x.key)) if teams else (lambda x: None)
    rows = [repo_row(x, r, team(x), link_base) for x, r in ok]
    failures = [
        Failed(key=x.key, name=x.name, team=team(x), file=x.file.as_posix(), error=x.failure.error)
        for x in loaded
        if x.failure is not None
    ]
    reports = [r for _, r in ok]
    infos = {
        f.id: FrameworkInfo(
            id=f.id,
            name=f.name,
            short_name=f.short_name or f.name,
            scoring=f.scoring,
            level_label=f.level_label,
        )
        for r in reports
        for f in r.frameworks
    }
    columns = heat_columns(rows)
    prev = [(x.key, x.report) for x in previous or [] if x.report is not None]
    moved, notes = movers([(x.key, r) for x, r in ok], prev)
    portfolio = Portfolio(
        generated_at=now or dt.datetime.now(dt.UTC),
        repositories=sorted(rows, key=lambda r: (r.team or "", r.name)),
        failures=failures,
        frameworks=list(infos.values()),
        distributions=distributions(reports, level_names),
        practices=practice_rows(reports, frameworks),
        columns=columns,
        practice_names={p.id: p.name for r in reports for p in r.practices},
        heatmap=heat_rows(rows, columns, teams is not None),
        movers=moved,
        previous=len(prev),
        teams=team_rows(rows, failures, list(infos)) if teams else [],
        notes=notes + _notes(loaded, reports),
    )
    return portfolio


def _notes(loaded: list[Loaded], reports: list[Report]) -> list[str]:
    notes = []
    versions: dict[str, Counter[str]] = defaultdict(Counter)
    for r in reports:
        for f in r.frameworks:
            versions[f.id][f.version] += 1
    for fid, seen in sorted(versions.items()):
        if len(seen) > 1:
            listed = ", ".join(f"{v} in {n}" for v, n in seen.most_common())
            notes.append(
                f"{fid}: results rate against different versions ({listed}); each is shown on its own"
            )
    tools = Counter(r.tool.version for r in reports)
    if len(tools) > 1:
        listed = ", ".join(f"{v} in {n}" for v, n in tools.most_common())
        notes.append(f"results come from different maturity versions ({listed}): detectors may differ")
    keys = Counter(x.key for x in loaded)
    notes.extend(f"{k}: {n} results for the same repository" for k, n in keys.items() if n > 1)
    return notes
