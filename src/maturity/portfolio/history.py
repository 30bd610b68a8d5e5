"""Recorded assessments: ``.maturity/history/`` in the scanned folder, written only with ``--record``.

Each record is the scan's JSON, named by date and commit (``20260115T093000Z-0123456789.json``), so
that ``maturity history`` (and the trend in reports) can read them back in order. Results of earlier
CI runs given as files are read the same way.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from maturity.errors import UserError
from maturity.portfolio.results import Loaded, expand, read
from maturity.report import Report

HISTORY_DIR = Path(".maturity") / "history"


def record_name(report: Report) -> str:
    when = report.provenance.generated_at.strftime("%Y%m%dT%H%M%SZ")
    git = report.target.git
    commit = git.commit[:10] if git and git.commit else "no-commit"
    return f"{when}-{commit}{'-dirty' if git and git.dirty else ''}.json"


def record(folder: Path, report: Report) -> Path:
    """Write ``report`` into ``folder``/.maturity/history/ atomically; return the file."""
    dest_dir = folder / HISTORY_DIR
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".record.", suffix=".tmp", dir=dest_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(report.model_dump_json(indent=2) + "\n")
        dest = dest_dir / record_name(report)
        Path(tmp).replace(dest)
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
    if not (folder / HISTORY_DIR).is_dir():
        return []
    return load([folder / HISTORY_DIR])
