"""`maturity scan` over many repositories: several paths, ``--repos FILE``, ``--out DIR``, executors.

The runner (:mod:`maturity.portfolio.runner`) does the work; this module reads the flags, shows a
progress bar on a terminal (a line per repository otherwise), writes the results and the summary,
and exits 2 when any repository failed (the others are still written).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity.errors import MaturityError, UserError

if TYPE_CHECKING:
    from maturity.portfolio.runner import Job, JobResult, Progress, ScanArgs
    from maturity.portfolio.sources import Source
    from maturity.render import Format

ReposOpt = Annotated[
    Path | None,
    typer.Option(
        "--repos", help="File listing repositories to scan: paths or git URLs (URL@ref), one a line."
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Repositories scanned in parallel (default: the CPU count)."),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Write one result per repository into this folder: NAME.json (+ each -F)."),
]
RecordOpt = Annotated[
    bool, typer.Option("--record", help="Also record the result under .maturity/history/ in the repository.")
]
ExecutorOpt = Annotated[
    str, typer.Option("--executor", help="local (a process pool) or dask (needs --scheduler; `fleet` extra).")
]
SchedulerOpt = Annotated[
    str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786.")
]

EXTENSIONS = {
    "json": "json",
    "markdown": "md",
    "html": "html",
    "pdf": "pdf",
    "sarif": "sarif",
    "junit": "xml",
    "gitlab-codequality": "codequality.json",
}


class SweepFailed(MaturityError):
    """Some repositories could not be scanned (exit 2); the rest were written."""


def is_many(paths: list[str], repos: Path | None, out: Path | None, executor: str) -> bool:
    return len(paths) > 1 or repos is not None or out is not None or executor != "local"


def sources(paths: list[str], repos: Path | None, given: bool) -> list[Source]:
    from maturity.portfolio.sources import name_all, parse, read_repos_file

    listed = [parse(p) for p in paths] if given or repos is None else []
    if repos is not None:
        listed += read_repos_file(repos)
    return name_all(listed)


def run(
    paths: list[str], given: bool, repos: Path | None, out: Path | None, jobs: int | None,
    executor: str, scheduler: str | None, formats: list[Format], output: list[Path] | None,
    args: ScanArgs,
) -> None:  # fmt: skip
    """Scan every repository; write or print the results; summarise; exit 2 if any failed."""
    from maturity.portfolio.runner import Job

    if executor not in ("local", "dask"):
        raise UserError(f"unknown --executor {executor!r}; choose local or dask")
    if executor == "dask" and not scheduler:
        raise UserError("--executor dask needs --scheduler URL (e.g. tcp://host:8786)")
    if output:
        raise UserError("--output writes one file; with several repositories use --out DIR")
    todo = [Job(index=i, source=s, args=args) for i, s in enumerate(sources(paths, repos, given))]
    workers = jobs or os.cpu_count() or 1
    start = time.perf_counter()
    results = execute(todo, executor, scheduler, workers)
    elapsed = time.perf_counter() - start
    for r in results:
        if out is not None:
            write(out, r, formats)
        elif r.ok:
            show(r, formats, len(results) > 1)
    summarise(results, elapsed, f"{executor}" + (f", {workers} jobs" if executor == "local" else ""), out)


def execute(todo: list[Job], executor: str, scheduler: str | None, workers: int) -> list[JobResult]:
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    if console.is_terminal and not os.environ.get("CI"):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (
            TextColumn("scanning"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("", total=len(todo))

            def tick(r: JobResult) -> None:
                bar.update(task, advance=1, description=f"{'ok' if r.ok else 'FAILED'} {r.source.name}")

            return _dispatch(todo, executor, scheduler, workers, tick)
    done = {"n": 0}

    def line(r: JobResult) -> None:
        done["n"] += 1
        status = "ok" if r.ok else "failed"
        typer.echo(f"[{done['n']}/{len(todo)}] {status} {r.source.name} ({r.seconds:.1f}s)", err=True)

    return _dispatch(todo, executor, scheduler, workers, line)


def _dispatch(
    todo: list[Job], executor: str, scheduler: str | None, workers: int, progress: Progress
) -> list[JobResult]:
    from maturity.portfolio.fleet import run_dask
    from maturity.portfolio.runner import run_local

    if executor == "dask":
        return run_dask(todo, str(scheduler), progress)
    return run_local(todo, workers, progress)


def write(out: Path, r: JobResult, formats: list[Format]) -> None:
    """NAME.json (the scan's JSON, or a failure record), and NAME.<ext> for each other format asked."""
    from maturity.portfolio.results import FailedTarget, ScanFailure
    from maturity.render import write as render_write
    from maturity.render import write_data
    from maturity.report import Report

    out.mkdir(parents=True, exist_ok=True)
    dest = out / f"{r.source.name}.json"
    if r.json is None:
        failure = ScanFailure(
            target=FailedTarget(path=r.source.spec),
            error=r.error or "failed",
            generated_at=dt.datetime.now(dt.UTC),
        )
        write_data(dest, (failure.model_dump_json(indent=2) + "\n").encode("utf-8"))
        return
    write_data(dest, (r.json + "\n").encode("utf-8"))
    report = Report.model_validate_json(r.json)
    for fmt in formats:
        if fmt.value not in ("json", "table"):
            render_write(report, fmt, out / f"{r.source.name}.{EXTENSIONS[fmt.value]}")


def show(r: JobResult, formats: list[Format], header: bool) -> None:
    from maturity.cli._outputs import Output, emit
    from maturity.report import Report

    if header and formats and formats[0].value == "table":
        typer.echo(f"\n== {r.source.spec} ==")
    emit(Report.model_validate_json(str(r.json)), [Output(f, None) for f in formats])


def summarise(results: list[JobResult], elapsed: float, how: str, out: Path | None) -> None:
    failed = [r for r in results if not r.ok]
    n = len(results)
    typer.echo(
        f"scanned {n} repositor{'ies' if n != 1 else 'y'} in {elapsed:.1f}s ({how}): "
        f"{n - len(failed)} ok, {len(failed)} failed",
        err=True,
    )
    for r in results:
        if r.recorded:
            typer.echo(f"recorded {r.source.name}: {r.recorded}", err=True)
        if r.note:
            typer.echo(f"note: {r.source.name}: {r.note}", err=True)
    for r in failed:
        typer.echo(f"✗ {r.source.name}: {r.error}", err=True)
    if out is not None:
        typer.echo(f"results written to {out}/ (one NAME.json per repository)", err=True)
    if failed:
        raise SweepFailed(f"{len(failed)} of {n} repositories could not be scanned (listed above)")


def record_one(path: Path, report: object) -> None:
    from maturity.portfolio.history import record
    from maturity.report import Report

    assert isinstance(report, Report)
    typer.echo(f"recorded: {record(path, report)}", err=True)


def scan_args(
    config: Path | None, frameworks: list[str] | None, frameworks_dirs: list[Path] | None,
    answers: Path | None, answer: list[str] | None, exclude: list[str] | None, record: bool,
) -> ScanArgs:  # fmt: skip
    """The flags, made absolute where they name files (workers may run elsewhere in the tree)."""
    from maturity.portfolio.runner import ScanArgs

    return ScanArgs(
        config=str(config.resolve()) if config else None,
        frameworks=tuple(frameworks or ()),
        frameworks_dirs=tuple(str(d.resolve()) for d in frameworks_dirs or ()),
        answers=str(answers.resolve()) if answers else None,
        answer_pairs=tuple(answer or ()),
        exclude=tuple(exclude or ()),
        record=record,
    )
