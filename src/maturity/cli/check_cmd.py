"""`maturity check` (the CI gate) and `maturity badge` (a shields.io endpoint JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity.cli._common import (
    AnswerOpt,
    AnswersOpt,
    ConfigOpt,
    ExcludeOpt,
    FrameworkOpt,
    FrameworksDirOpt,
    OutputOpt,
    PathArg,
    emit,
    run_pipeline,
    settings_for,
)
from maturity.cli.scan_cmd import FORMATS, parse_formats

if TYPE_CHECKING:
    from maturity.config import Settings
    from maturity.gate import GateResult
    from maturity.report import Report

MinOpt = Annotated[
    list[str] | None,
    typer.Option("--min", help="Minimum FRAMEWORK=LEVEL or FRAMEWORK=SCORE (repeatable), e.g. google=1."),
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
    bool, typer.Option("--update-baseline", help="Record today's result as the new floor, then exit 0.")
]
FormatOpt = Annotated[
    list[str] | None,
    typer.Option("--format", "-F", help=f"Also write a report (repeatable): {', '.join(FORMATS)}."),
]
WarnOpt = Annotated[bool, typer.Option("--warn-only", help="Report as a failure would, but exit 0.")]
ConfirmedOpt = Annotated[
    bool,
    typer.Option(
        "--confirmed",
        help="Gate on the confirmed level or score (evidence and answers only), not the estimate.",
    ),
]


def gate_settings(
    settings: Settings,
    mins: list[str],
    require: list[str],
    baseline: Path | None,
    warn_only: bool,
    confirmed: bool = False,
) -> Settings:
    """The config file's gate with the command-line flags on top (per framework for --min)."""
    from maturity.gate import parse_minimums

    gate = settings.gate.model_copy(deep=True)
    sources = dict(settings.sources)
    for fid, value in parse_minimums(mins).items():
        gate.min[fid] = value
        sources[f"gate.min.{fid}"] = "command line"
    for pid in require:
        if pid not in gate.require:
            gate.require.append(pid)
            sources[f"gate.require.{pid}"] = "command line"
    if baseline is not None:
        gate.baseline, sources["gate.baseline"] = str(baseline), "command line"
    if warn_only:
        gate.warn_only, sources["gate.warn_only"] = True, "command line"
    if confirmed:
        gate.confirmed, sources["gate.confirmed"] = True, "command line"
    new = settings.model_copy(update={"gate": gate})
    new.sources = sources
    return new


def _baseline_file(path: Path, settings: Settings, cli: Path | None) -> Path:
    from maturity.baseline import DEFAULT_FILE
    from maturity.config import confined, repo_root

    if cli is not None:
        return cli
    value = Path(settings.gate.baseline or DEFAULT_FILE)
    if not value.is_absolute():
        base = Path(settings.config_file).parent if settings.config_file and settings.gate.baseline else path
        value = base / value
    return confined(value, repo_root(path), settings, "gate.baseline", "--baseline")


def _canonical(settings: Settings) -> Settings:
    """Resolve --min framework ids (aliases too; unknown ids are a usage error) and assess them."""
    from maturity.frameworks.registry import load_library

    library = load_library(settings.frameworks_dirs)
    gate = settings.gate
    gate.min = {library.framework(fid).id: v for fid, v in gate.min.items()}
    if settings.frameworks:
        settings.frameworks = list(dict.fromkeys([*settings.frameworks, *gate.min]))
    return settings


def evaluate(path: Path, settings: Settings, report: Report, baseline: Path | None) -> GateResult:
    from maturity import baseline as bl
    from maturity.frameworks.registry import load_library
    from maturity.gate import evaluate as run_gate

    library = load_library(settings.frameworks_dirs)
    floor = None
    if baseline is not None or settings.gate.baseline:
        floor = bl.load(_baseline_file(path, settings, baseline))
    return run_gate(report, settings.gate, library.frameworks, library.practices, floor)


def check(
    path: PathArg = Path(),
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
    config: ConfigOpt = None,
    answers: AnswersOpt = None,
    answer: AnswerOpt = None,
    exclude: ExcludeOpt = None,
) -> None:
    """Gate CI on minimum levels, required practices and no regression. Exit 0 met, 1 not met, 2 bad input.

    Thresholds come from [bold]\\[tool.maturity.gate][/bold] (or [bold]gate:[/bold] in .maturity.yaml);
    flags override them. Every unmet minimum is listed with the criteria holding it down and the first step.
    """
    settings = settings_for(path, config=config, frameworks=framework, frameworks_dirs=frameworks_dir,
                            answers=answers, exclude=exclude)  # fmt: skip
    settings = _canonical(gate_settings(settings, mins or [], require or [], baseline, warn_only, confirmed))
    formats = parse_formats(fmt) if fmt else []
    report = run_pipeline(path, settings, answer)
    result = None if update_baseline else evaluate(path, settings, report, baseline)  # bad input: exit 2 now
    if result is not None and previous is not None:
        from maturity.portfolio.history import compare_previous

        compare_previous(result, report, previous)
    if formats:
        emit(report, formats, output)
    to_stderr = any(i >= len(output or []) or str((output or [])[i]) == "-" for i in range(len(formats)))
    if result is None:
        update(report, _baseline_file(path, settings, baseline), to_stderr)
        return
    finish(report, result, to_stderr)


def _say(lines: list[str], to_stderr: bool) -> None:
    """Print lines that may quote the repository (waiver reasons, criterion titles): cleaned."""
    from maturity._text import clean

    for line in lines:
        typer.echo(clean(line), err=to_stderr)


def finish(report: Report, result: GateResult, to_stderr: bool) -> None:
    """Print the verdict (and GitHub annotations/outputs in Actions); raise GateNotMet when it fails."""
    from maturity import ci_env
    from maturity.errors import GateNotMet
    from maturity.gate import explain

    _say(explain(result), to_stderr)
    if ci_env.in_github_actions():
        _say(ci_env.workflow_commands(report, result), to_stderr)  # the runner reads both streams
    ci_env.write_outputs(ci_env.outputs(report, result))
    if not result.passed and not result.warn_only:
        n = result.problems
        raise GateNotMet(f"maturity gate not met: {n} problem{'s' * (n != 1)} (listed above)")


def update(report: Report, file: Path, to_stderr: bool) -> None:
    """Record today's result as the new floor; say what it lowers, if anything."""
    from maturity import baseline as bl

    new = bl.from_report(report)
    lowered = bl.regressions(bl.load(file), new) if file.is_file() else []
    bl.save(file, new)
    figures = ", ".join(
        f"{f} level {v.level}" if v.scoring == "levels" else f"{f} score {v.score:g}"
        for f, v in new.frameworks.items()
    )
    _say([f"baseline written: {file} ({figures})"], to_stderr)
    notes = [f"note: the new floor is lower for {r.subject}: was {r.before}, now {r.now}" for r in lowered]
    _say(notes, True)


BadgeOut = Annotated[Path | None, typer.Option("--output", "-o", help="Write the badge JSON here.")]
LabelOpt = Annotated[str, typer.Option("--label", help="The badge's left-hand text.")]


def badge(
    path: PathArg = Path(),
    output: BadgeOut = None,
    framework: FrameworkOpt = None,
    label: LabelOpt = "MLOps maturity",
    config: ConfigOpt = None,
    answer: AnswerOpt = None,
    frameworks_dir: FrameworksDirOpt = None,
) -> None:
    """Write a shields.io endpoint badge (JSON) with the rating per framework."""
    from maturity.ci_env import badge_json

    settings = settings_for(path, config=config, frameworks=framework, frameworks_dirs=frameworks_dir)
    settings = _canonical(settings)
    report = run_pipeline(path, settings, answer)
    result = evaluate(path, settings, report, None) if settings.gate.min or settings.gate.require else None
    text = json.dumps(badge_json(report, result, label), indent=2) + "\n"
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"badge written: {output}", err=True)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("badge")(badge)
