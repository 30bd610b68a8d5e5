"""`maturity badge`: a shields.io endpoint JSON with the rating per framework (red/green by the gate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from maturity.cli._common import (
    AnswerOpt,
    ConfigOpt,
    FrameworkOpt,
    FrameworksDirOpt,
    PathArg,
    run_pipeline,
    settings_for,
)

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
    from maturity.cli._gate import gate_settings, verdict_for
    from maturity.render import write_data

    settings = settings_for(path, config=config, frameworks=framework, frameworks_dirs=frameworks_dir)
    settings = gate_settings(settings, [], [], None, warn_only=False)
    report = run_pipeline(path, settings, answer)
    if settings.gate.min or settings.gate.require:
        report.gate = verdict_for(path, settings, report, None, with_baseline=False)
    text = json.dumps(badge_json(report, label), indent=2) + "\n"
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    write_data(output, text.encode("utf-8"))
    typer.echo(f"badge written: {output}", err=True)


def register(app: typer.Typer) -> None:
    app.command("badge")(badge)
