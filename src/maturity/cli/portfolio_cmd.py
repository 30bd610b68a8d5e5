"""`maturity portfolio`, `maturity diff` and `maturity history`: many results, two results, one over time."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity.cli._common import FrameworksDirOpt, OutputOpt

if TYPE_CHECKING:
    from maturity.portfolio.models import Portfolio
    from maturity.render import RenderOptions
    from maturity.render.portfolio import PortfolioFormat

PORTFOLIO_FORMATS = ("markdown", "html", "pdf", "csv", "json")

ResultsArg = Annotated[
    list[Path],
    typer.Argument(help="Result files (maturity scan ... --out DIR, CI artifacts) or folders of them."),
]
PFormatOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-F",
        help="markdown, html, pdf, csv or json (repeatable, one per --output).",
        show_default="markdown",
    ),
]
TeamsOpt = Annotated[Path | None, typer.Option("--teams", help="teams.yaml: group repositories by team.")]
PreviousOpt = Annotated[
    list[Path] | None,
    typer.Option("--previous", help="Results of the previous period (files or folders): the movers."),
]
TitleOpt = Annotated[str | None, typer.Option("--title", help="Report title.")]
OrgOpt = Annotated[str | None, typer.Option("--org", help="Organisation name on the cover.")]
PaperOpt = Annotated[str, typer.Option("--paper", help="PDF paper size: a4 or letter.")]


def _formats(values: list[str] | None) -> list[PortfolioFormat]:
    from maturity.errors import UserError
    from maturity.render.portfolio import PortfolioFormat

    out = []
    for v in values or ["markdown"]:
        if v not in PORTFOLIO_FORMATS:
            raise UserError(f"unknown --format {v!r}; choose from {', '.join(PORTFOLIO_FORMATS)}")
        out.append(PortfolioFormat(v))
    return out


def _emit(p: Portfolio, formats: list[PortfolioFormat], outputs: list[Path], options: RenderOptions) -> None:
    from maturity.errors import UserError
    from maturity.render.portfolio import PortfolioFormat, render, write

    if len(outputs) > len(formats):
        raise UserError("more --output than --format values; give one --format per --output")
    to_stdout = [f for i, f in enumerate(formats) if i >= len(outputs) or str(outputs[i]) == "-"]
    if len(to_stdout) > 1:
        raise UserError("only one format can go to standard output; give --output for the others")
    if PortfolioFormat.pdf in to_stdout:
        raise UserError("--format pdf is binary: give --output FILE")
    for i, fmt in enumerate(formats):
        if i < len(outputs) and str(outputs[i]) != "-":
            write(p, fmt, outputs[i], options)
            typer.echo(f"portfolio written: {outputs[i]}", err=True)
        else:
            typer.echo(str(render(p, fmt, options)), nl=False)


def portfolio(
    results: ResultsArg,
    fmt: PFormatOpt = None,
    output: OutputOpt = None,
    teams: TeamsOpt = None,
    previous: PreviousOpt = None,
    title: TitleOpt = None,
    org: OrgOpt = None,
    paper: PaperOpt = "a4",
    frameworks_dir: FrameworksDirOpt = None,
) -> None:
    """Roll many results up: levels per framework, a practice heat map, what is missing most, movers.

    Example: [bold]maturity portfolio results/ --teams teams.yaml -F html -o portfolio.html[/bold]
    """
    from maturity.errors import UserError
    from maturity.frameworks.models import LevelsFramework
    from maturity.frameworks.registry import load_library
    from maturity.portfolio import aggregate
    from maturity.portfolio import results as res
    from maturity.portfolio import teams as team_file
    from maturity.render import RenderOptions

    if paper.lower() not in ("a4", "letter"):
        raise UserError(f"unknown --paper {paper!r}; choose a4 or letter")
    formats = _formats(fmt)
    loaded = res.read_all(results)
    prev = res.read_all(previous) if previous else None
    library = load_library([str(d) for d in frameworks_dir or []])
    names = {
        fid: [(lv.level, lv.name) for lv in fw.levels]
        for fid, fw in library.frameworks.items()
        if isinstance(fw, LevelsFramework)
    }
    outputs = list(output or [])
    base = outputs[0].parent if outputs and str(outputs[0]) != "-" else Path()
    result = aggregate.build(
        loaded,
        library.frameworks,
        names,
        teams=team_file.load(teams) if teams else None,
        previous=prev,
        link_base=base,
    )
    _emit(result, formats, outputs, RenderOptions(title=title, org=org, paper=paper.lower()))


DiffFormatOpt = Annotated[
    str, typer.Option("--format", "-F", help="table, markdown (a pull-request comment) or json.")
]
DiffOutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]
FailOpt = Annotated[bool, typer.Option("--fail-on-regression", help="Exit 1 when anything was lost.")]


def _out(text: str, output: Path | None) -> None:
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    from maturity.render import write_data

    write_data(output, text.encode("utf-8"))


def diff(
    old: Annotated[Path, typer.Argument(help="The earlier result (JSON).")],
    new: Annotated[Path, typer.Argument(help="The later result (JSON).")],
    fmt: DiffFormatOpt = "table",
    output: DiffOutOpt = None,
    fail_on_regression: FailOpt = False,
) -> None:
    """What changed between two results: levels, criteria, practices.

    Example (a pull-request comment): [bold]maturity diff base.json head.json -F markdown[/bold]
    """
    from maturity.errors import GateNotMet, UserError
    from maturity.portfolio.diff import diff as compare
    from maturity.portfolio.results import read
    from maturity.render import diff as render_diff

    if fmt not in ("table", "markdown", "json"):
        raise UserError(f"unknown --format {fmt!r}; choose table, markdown or json")
    a, b = read(old), read(new)
    if a.report is None or b.report is None:
        failed = old if a.report is None else new
        raise UserError("this result records a failed scan: nothing to compare", file=failed)
    d = compare(a.report, b.report)
    text = {"table": render_diff.text, "markdown": render_diff.markdown}.get(
        fmt, lambda x: x.model_dump_json(indent=2) + "\n"
    )(d)
    _out(text, output)
    if fail_on_regression and d.verdict in ("regressed", "mixed"):
        raise GateNotMet(f"maturity diff: {d.verdict} (something was lost)")


def history(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Repository (reads .maturity/history/), or result files and folders.", show_default="."
        ),
    ] = None,
    fmt: DiffFormatOpt = "table",
    output: DiffOutOpt = None,
) -> None:
    """A repository's recorded assessments (scan --record), oldest first, and what changed last time."""
    from maturity.errors import UserError
    from maturity.portfolio.history import HISTORY_DIR, load
    from maturity.render import history as render_history

    if fmt not in ("table", "markdown", "json"):
        raise UserError(f"unknown --format {fmt!r}; choose table, markdown or json")
    reports = load(paths or [Path()])
    if not reports:
        raise UserError(
            f"no recorded assessment found (looked in {HISTORY_DIR}/ or the files given)",
            hint="record one with `maturity scan . --record`",
        )
    h = render_history.build(reports)
    text = {"table": render_history.text, "markdown": render_history.markdown}.get(
        fmt, lambda x: x.model_dump_json(indent=2) + "\n"
    )(h)
    _out(text, output)


def register(app: typer.Typer) -> None:
    app.command("portfolio")(portfolio)
    app.command("diff")(diff)
    app.command("history")(history)
