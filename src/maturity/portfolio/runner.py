"""Scan many repositories: one job per repository, run by an executor, collected in input order.

A job never raises: a repository that fails (clone, not a folder, bad config, a bug) comes back as a
failure with its message, and the others finish. Each job returns the scan's JSON text; the caller
writes the files (so a remote Dask worker needs no access to the output folder).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from maturity.portfolio.sources import Source


@dataclass(frozen=True)
class ScanArgs:
    """The command-line flags every repository is scanned with (on top of its own config file)."""

    config: str | None = None
    frameworks: tuple[str, ...] = ()
    frameworks_dirs: tuple[str, ...] = ()
    answers: str | None = None
    answer_pairs: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    record: bool = False


@dataclass(frozen=True)
class Job:
    index: int
    source: Source
    args: ScanArgs


@dataclass
class JobResult:
    index: int
    source: Source
    json: str | None = None  # the Report, when the scan worked
    error: str | None = None
    recorded: str | None = None  # the history file written with --record
    note: str | None = None
    seconds: float = 0.0
    finished: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def ok(self) -> bool:
        return self.error is None


def run_job(job: Job) -> JobResult:
    """Scan one repository (cloning it first if it is a URL). Runs in a worker; never raises."""
    start = time.perf_counter()
    result = JobResult(index=job.index, source=job.source)
    try:
        if job.source.kind == "git":
            with tempfile.TemporaryDirectory(prefix="maturity-clone-") as tmp:
                from maturity.portfolio.sources import clone

                _scan(clone(job.source, Path(tmp)), job, result)
        else:
            _scan(Path(job.source.location), job, result)
    except Exception as exc:  # reported per repository; the sweep goes on
        from maturity.errors import MaturityError

        result.json = None
        result.error = (
            str(exc) if isinstance(exc, MaturityError) else f"internal error: {type(exc).__name__}: {exc}"
        )
    result.seconds = time.perf_counter() - start
    return result


def _scan(folder: Path, job: Job, result: JobResult) -> None:
    from maturity.cli._common import run_pipeline, settings_for

    a = job.args
    settings = settings_for(
        folder,
        config=Path(a.config) if a.config else None,
        frameworks=list(a.frameworks) or None,
        frameworks_dirs=[Path(d) for d in a.frameworks_dirs] or None,
        answers=Path(a.answers) if a.answers else None,
        exclude=list(a.exclude) or None,
    )
    report = run_pipeline(folder, settings, list(a.answer_pairs))
    if job.source.kind == "git":
        report.target.path = job.source.spec  # the clone's temporary folder means nothing later
        if a.record:
            result.note = "not recorded: a cloned repository is removed after the scan"
    elif a.record:
        from maturity.portfolio.history import record

        result.recorded = str(record(folder, report))
    result.json = report.model_dump_json(indent=2)


Progress = Callable[[JobResult], None]


def run_local(jobs: list[Job], workers: int, progress: Progress) -> list[JobResult]:
    """A local process pool (``workers`` processes); one worker runs in this process."""
    if workers <= 1 or len(jobs) <= 1:
        return collect((run_job(j) for j in jobs), progress)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx) as pool:
        futures = [pool.submit(run_job, j) for j in jobs]
        return collect((f.result() for f in as_completed(futures)), progress)


def collect(results: Iterator[JobResult], progress: Progress) -> list[JobResult]:
    """Report each result as it arrives; return them all in input order."""
    out = []
    for r in results:
        progress(r)
        out.append(r)
    return sorted(out, key=lambda r: r.index)
