"""Recorded assessments: ``.maturity/history/`` in the scanned folder, written only with ``--record``.

Each record is the scan's JSON, named by date and commit (``20260115T093000Z-0123456789.json``), so
that ``maturity history`` (and the trend in reports) can read them back in order. Results of earlier
CI runs given as files are read the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from maturity import _files
from maturity.errors import UserError
from maturity.portfolio.results import Loaded, expand, read
from maturity.report import HistoryPoint, Report

if TYPE_CHECKING:
    from maturity.verdict import Verdict

HISTORY_DIR = Path(".maturity") / "history"
WORDS = {"unmet": "not met", "not_applicable": "n/a"}


def record_name(report: Report) -> str:
    when = report.provenance.generated_at.strftime("%Y%m%dT%H%M%SZ")
    git = report.target.git
    commit = git.commit[:10] if git and git.commit else "no-commit"
    return f"{when}-{commit}{'-dirty' if git and git.dirty else ''}.json"


def record(folder: Path, report: Report) -> Path:
    """Write ``report`` into ``folder``/.maturity/history/ atomically; return the file."""
    from maturity._paths import repo_root

    dest_dir = folder / HISTORY_DIR
    if not _files.inside(dest_dir, repo_root(folder)):
        raise UserError("resolves outside the repository (a symlink): not written", file=dest_dir)
    dest = dest_dir / record_name(report)
    for n in range(2, 100):  # two records in the same second of the same commit both stay
        if not dest.exists():
            break
        dest = dest_dir / record_name(report).replace(".json", f"-{n}.json")
    try:
        _files.atomic_write(dest, report.model_dump_json(indent=2) + "\n")
    except OSError as exc:
        raise UserError(f"cannot record the assessment: {exc.strerror or exc}", file=dest_dir) from None
    return dest


def sources_for(paths: list[Path]) -> list[Path]:
    """A repository folder stands for its history folder; other folders and files are read as given."""
    out = []
    for p in paths:
        out.append(p / HISTORY_DIR if p.is_dir() and (p / HISTORY_DIR).is_dir() else p)
    return out


def load(paths: list[Path]) -> list[Report]:
    """Every recorded assessment found in ``paths``, oldest first (failures are left out)."""
    files = expand(sources_for(paths))
    loaded: list[Loaded] = [read(f) for f in files]
    reports = [x.report for x in loaded if x.report is not None]
    return sorted(reports, key=lambda r: r.provenance.generated_at)


def previous(folder: Path) -> list[Report]:
    """The recorded assessments of a scanned folder (none when it has no history)."""
    from maturity._paths import repo_root

    history = folder / HISTORY_DIR
    if not history.is_dir() or not _files.inside(history, repo_root(folder)):
        return []
    root = history.resolve()
    files = [f for f in expand([history]) if _files.inside(f, root)]  # no symlink out of the repository
    reports = [x.report for x in map(read, files) if x.report is not None]
    return sorted(reports, key=lambda r: r.provenance.generated_at)


def point(report: Report) -> HistoryPoint:
    from maturity.portfolio.diff import figure

    git = report.target.git
    figures = {f.id: figure(f) for f in report.frameworks}
    return HistoryPoint(
        generated_at=report.provenance.generated_at,
        commit=git.commit if git else None,
        labels={k: v[0] for k, v in figures.items()},
        values={k: v[1] for k, v in figures.items()},
        versions={f.id: f.version for f in report.frameworks},
        practices={p.id: p.assessed.value for p in report.practices},
    )


def points(folder: Path) -> list[HistoryPoint]:
    """The trend of a scanned folder: its recorded assessments, oldest first. Unreadable records are a
    usage error naming the file (a record is only written by maturity)."""
    return [point(r) for r in previous(folder)]


def since_last(report: Report) -> list[str]:
    """What changed since the last recorded assessment, in plain lines (empty when there is none)."""
    if not report.history:
        return []
    last = report.history[-1]
    from maturity.portfolio.diff import figure

    out = []
    for f in report.frameworks:
        label = figure(f)[0]
        before = last.labels.get(f.id)
        if before is None:
            continue
        if last.versions.get(f.id) != f.version:
            out.append(
                f"{f.short_name}: framework changed ({last.versions.get(f.id)} -> {f.version}); not compared"
            )
        elif before != label:
            out.append(f"{f.short_name}: {before} → {label}")
    names = {p.id: p.name for p in report.practices}
    for p in report.practices:
        was = last.practices.get(p.id)
        if was is not None and was != p.assessed.value:
            out.append(
                f"{names[p.id]}: {WORDS.get(was, was)} → {WORDS.get(p.assessed.value, p.assessed.value)}"
            )
    return out or ["nothing changed"]


def latest(path: Path) -> Report:
    """The previous result: a result file, or the newest record in a folder (a repository's history)."""
    reports = load([path])
    if not reports:
        raise UserError("no previous result found here", file=path,
                        hint="record one with `maturity scan . --record`, or give a result JSON")  # fmt: skip
    return reports[-1]


def compare_previous(verdict: Verdict, report: Report, path: Path) -> None:
    """Add to the gate's verdict every regression since the previous result (comparable frameworks only)."""
    from maturity.baseline import from_report, regressions, version_changes
    from maturity.verdict import Problem

    prev = latest(path)
    old, now = from_report(prev), from_report(report)
    since = f"the previous result ({prev.provenance.generated_at:%Y-%m-%d}"
    since += f", commit {prev.target.git.commit[:10]})" if prev.target.git and prev.target.git.commit else ")"
    for r in regressions(old, now):
        subject = f"{r.subject} since {since}"
        practice = r.subject.removeprefix("practice ") if r.subject.startswith("practice ") else None
        verdict.problems.append(Problem(
            kind="regression", subject=subject, practice=practice, wanted=r.before, got=r.now,
            framework=None if practice else r.subject.rsplit(" ", 1)[0],
            message=f"regression: {subject} was {r.before}, now {r.now}",
        ))  # fmt: skip
    verdict.notes.extend(n.replace("since the baseline", f"since {since}") for n in version_changes(old, now))
    verdict.previous = since
