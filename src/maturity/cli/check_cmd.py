"""`maturity check` (the CI gate), for one path or several: a verdict per path and a summary line.

Exit 0 when every gate is met, 1 when one is not, 2 when a path cannot be assessed (the others still
finish). The verdict travels with the report (``Report.gate``) to every output: ``-F``/``-o`` reports,
GitHub annotations and step outputs, and the job summary.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from maturity.cli._common import (
    AnswerOpt,
    AnswersOpt,
    ConfigOpt,
    ExcludeOpt,
    FrameworkOpt,
    FrameworksDirOpt,
    OutputOpt,
    run_pipeline,
    settings_for,
)
from maturity.cli._gate import gate_settings, update_baseline, verdict_for
from maturity.cli.scan_cmd import FORMATS
from maturity.errors import UserError

if TYPE_CHECKING:
    from maturity.cli._outputs import Output
    from maturity.render import RenderOptions

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Repositories or project folders (default: the current folder).", show_default=False),
]
MinOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--min", help="Minimum FRAMEWORK=LEVEL or FRAMEWORK=SCORE (repeatable, once per framework)."
    ),
]
RequireOpt = Annotated[
    list[str] | None, typer.Option("--require", help="Practice id that must be met (repeatable).")
]
BaselineOpt = Annotated[
    Path | None, typer.Option("--baseline", help="Fail on any regression against this baseline JSON.")
]
PreviousOpt = Annotated[
    Path | None,
    typer.Option(
        "--previous", help="Also fail on any regression since this result (a JSON, or a history folder)."
    ),
]
UpdateOpt = Annotated[
    bool,
    typer.Option("--update-baseline", help="Record today's result as the new floor (minimums still apply)."),
]
FormatOpt = Annotated[
    list[str] | None,
    typer.Option("--format", "-F", help=f"Also write a report (repeatable): {', '.join(FORMATS)}."),
]
WarnOpt = Annotated[bool, typer.Option("--warn-only", help="Report as a failure would, but exit 0.")]
ConfirmedOpt = Annotated[
    bool,
    typer.Option("--confirmed", help="Gate on the confirmed level or score (evidence and answers only)."),
]
CategoryOpt = Annotated[
    str | None,
    typer.Option("--sarif-category", help="SARIF automationDetails category (default: the scanned path)."),
]
ScopeOpt = Annotated[
    str,
    typer.Option("--sarif-scope", help="SARIF results: all (open items too) or gate (gate problems only)."),
]
JunitOpt = Annotated[
    bool, typer.Option("--junit-criteria", help="JUnit: also a (never failing) test case per criterion.")
]
SummaryOpt = Annotated[
    bool, typer.Option("--no-summary", help="Do not append the verdict and report to $GITHUB_STEP_SUMMARY.")
]


@dataclass
class Run:
    """What every path of one `maturity check` shares."""

    mins: list[str]
    require: list[str]
    baseline: Path | None
    previous: Path | None
    update: bool
    warn_only: bool
    confirmed: bool
    outputs: list[Output]
    options: RenderOptions
    summary: bool
    several: bool


def check(
    paths: PathsArg = None,
    mins: MinOpt = None,
    require: RequireOpt = None,
    baseline: BaselineOpt = None,
    previous: PreviousOpt = None,
    update_baseline: UpdateOpt = False,
    warn_only: WarnOpt = False,
    confirmed: ConfirmedOpt = False,
    framework: FrameworkOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    sarif_category: CategoryOpt = None,
    sarif_scope: ScopeOpt = "all",
    junit_criteria: JunitOpt = False,
    no_summary: SummaryOpt = False,
    config: ConfigOpt = None,
    answers: AnswersOpt = None,
    answer: AnswerOpt = None,
    exclude: ExcludeOpt = None,
) -> None:
    """Gate CI on minimum levels, required practices and no regression. Exit 0 met, 1 not met, 2 bad input.

    Thresholds come from [bold]\\[tool.maturity.gate][/bold] (or [bold]gate:[/bold] in .maturity.yaml) of
    each path; flags override them. Every unmet minimum is listed with the criteria holding it down and
    the first step. Several paths: a verdict each, then a summary; put [bold]{name}[/bold] in -o names.
    """
    from maturity.cli._outputs import plan
    from maturity.gate import parse_minimums
    from maturity.render import RenderOptions

    folders = list(paths or [Path()])
    parse_minimums(mins or [])  # bad syntax is a usage error before any scan
    if sarif_scope not in ("all", "gate"):
        raise UserError(f"unknown --sarif-scope {sarif_scope!r}; choose all or gate")
    run = Run(mins=mins or [], require=require or [], baseline=baseline, previous=previous,
              update=update_baseline,
              warn_only=warn_only, confirmed=confirmed,
              outputs=plan(fmt, output, allowed=FORMATS, default=None),
              options=RenderOptions(sarif_category=sarif_category, sarif_scope=sarif_scope,
                                    junit_criteria=junit_criteria),
              summary=not no_summary, several=len(folders) > 1)  # fmt: skip
    names = _names(folders, run)
    common = {"config": config, "frameworks": framework, "frameworks_dirs": frameworks_dir,
              "answers": answers, "exclude": exclude}  # fmt: skip
    results: list[tuple[str, int]] = []
    for i, (folder, name) in enumerate(zip(folders, names, strict=True), 1):
        if run.several and sys.stderr.isatty():
            typer.echo(f"[{i}/{len(folders)}] checking {folder} ...", err=True)
        try:
            results.append(_one(folder, name, run, common, answer))
        except UserError as exc:
            if not run.several:
                raise
            typer.echo(f"maturity check {folder}: NOT ASSESSED\nerror: {exc}", err=True)
            results.append(("error", 0))
    _finish(results, run, folders)


def _names(folders: list[Path], run: Run) -> list[str]:
    """Each path's name for ``{name}`` in -o; with several paths, every -o needs one, and --baseline FILE
    (which would be shared) is refused."""
    for o in run.outputs if run.several else []:
        if o.dest is not None and "{name}" not in str(o.dest):
            raise UserError(f"several paths would write to one file {o.dest}; put {{name}} in its name")
    if run.several and run.baseline is not None:
        raise UserError("--baseline FILE names one baseline; with several paths each uses its own config")
    if run.several and run.previous is not None:
        raise UserError("--previous names one repository's results; give it with one path")
    names = [(f.resolve().name or "root") for f in folders]
    return [n if names.count(n) == 1 else f"{n}-{i}" for i, n in enumerate(names, 1)]


def _one(
    folder: Path, name: str, run: Run, common: Mapping[str, Any], answer: list[str] | None
) -> tuple[str, int]:
    """Assess one path, print and write its verdict: ('passed', 'failed' or 'warned', problems)."""
    from maturity import ci_env
    from maturity.cli._outputs import emit, to_stdout
    from maturity.gate import explain

    settings = settings_for(folder, **common)
    settings = gate_settings(settings, run.mins, run.require, run.baseline, run.warn_only, run.confirmed)
    report = run_pipeline(folder, settings, answer)
    report.gate = verdict_for(folder, settings, report, run.baseline, with_baseline=not run.update)
    if run.previous is not None and not run.update:
        from maturity.portfolio.history import compare_previous

        compare_previous(report.gate, report, run.previous)
    outputs = [o.named(name) for o in run.outputs]
    emit(report, outputs, run.options)
    err = to_stdout(outputs)
    lines = explain(report.gate, str(folder) if run.several else "")
    if run.update:
        lines += update_baseline(folder, settings, report, run.baseline)
    _say(lines, err)
    if ci_env.in_github_actions():
        _say(ci_env.workflow_commands(report), err)  # the runner reads both streams
    if not run.several:
        ci_env.write_outputs(ci_env.outputs(report))
    if run.summary:
        from maturity.render.markdown import render

        ci_env.write_summary(render(report))
    status = "passed" if report.gate.passed else "warned" if report.gate.warn_only else "failed"
    return status, len(report.gate.problems)


def _say(lines: list[str], to_stderr: bool) -> None:
    """Print lines that may quote the repository (waiver reasons, criterion titles): cleaned."""
    from maturity._text import clean

    for line in lines:
        typer.echo(clean(line), err=to_stderr)


def _finish(results: list[tuple[str, int]], run: Run, folders: list[Path]) -> None:
    from maturity import ci_env
    from maturity.cli._outputs import to_stdout
    from maturity.errors import GateNotMet

    statuses = [status for status, _ in results]
    failed, errors = statuses.count("failed"), statuses.count("error")
    if run.several:
        counts = {"passed": statuses.count("passed"), "failed (warn-only)": statuses.count("warned"),
                  "failed": failed, "not assessed": errors}  # fmt: skip
        said = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
        typer.echo(f"maturity check: {len(folders)} paths: {said}", err=to_stdout(run.outputs))
        problems = sum(n for _, n in results)
        all_passed = statuses.count("passed") == len(statuses)
        ci_env.write_outputs({"passed": str(all_passed).lower(), "problems": str(problems)})
    if errors:
        raise UserError(f"{errors} of {len(folders)} paths could not be assessed (listed above)")
    if failed:
        n = sum(count for status, count in results if status == "failed")
        where = f" in {failed} of {len(folders)} paths" if run.several else ""
        raise GateNotMet(f"maturity gate not met: {n} problem{'s' * (n != 1)}{where} (listed above)")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
