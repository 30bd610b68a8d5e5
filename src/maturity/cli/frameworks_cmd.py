"""`maturity frameworks list|show|validate|schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from maturity._text import clean, clean_data
from maturity.cli._common import FrameworksDirOpt

group = typer.Typer(help="List, show and validate frameworks (YAML files).", no_args_is_help=True)


def _library(frameworks_dir: list[Path] | None):  # type: ignore[no-untyped-def]
    from maturity.frameworks.registry import load_library

    return load_library(frameworks_dir or [])


@group.command("list")
def list_(frameworks_dir: FrameworksDirOpt = None) -> None:
    """Every framework: id, name, scoring model, levels or sections, source."""
    lib = _library(frameworks_dir)
    table = Table()
    for col in ("id", "name", "scoring", "levels / sections", "criteria", "source"):
        table.add_column(col)
    for fid, fw in lib.frameworks.items():
        if fw.scoring == "levels":
            shape = ", ".join(str(lv.level) for lv in fw.levels)
            if fw.dimensions:
                shape += f" ({len(fw.dimensions)} dimensions)"
        else:
            shape = ", ".join(f"{s.id}:{len(s.items)}" for s in fw.sections)
        cells = (fid, fw.name, fw.scoring, shape, str(len(fw.criteria())), fw.sources[0].url)
        table.add_row(*(Text(clean(c)) for c in cells))  # a framework file's text, never markup
    Console().print(table)


@group.command("show")
def show(
    framework_id: Annotated[str, typer.Argument(help="Framework id, e.g. google.")],
    frameworks_dir: FrameworksDirOpt = None,
) -> None:
    """Levels (or sections), their criteria, and what each criterion needs."""
    lib = _library(frameworks_dir)
    found = lib.framework(framework_id)
    fw = type(found).model_validate(clean_data(found.model_dump()))  # shown without control characters
    console = Console()
    console.print(Text(f"{fw.name} ({fw.id}, {fw.version})", style="bold"))
    console.print(Text(fw.description.strip()))
    console.print(Text(f"source: {fw.sources[0].title} <{fw.sources[0].url}>", style="bright_black"))
    groups = (
        [(f"Level {lv.level}: {lv.name}", lv.summary, lv.criteria) for lv in fw.levels]
        if fw.scoring == "levels"
        else [(s.name, s.description, s.items) for s in fw.sections]
    )
    for title, summary, criteria in groups:
        console.print()
        console.print(Text(title, style="bold cyan"))
        if summary:
            console.print(Text(summary.strip(), style="bright_black"))
        for c in criteria:
            needs = []
            if c.practices:
                needs.append(f"{c.match} of practices: {', '.join(c.practices)}")
            if c.questions:
                needs.append(f"questions: {', '.join(c.questions)}")
            dim = f" [{c.dimension}]" if c.dimension else ""
            console.print(Text.assemble(("  • ", ""), (c.id, "bold"), f"{dim} {c.title}"))
            console.print(Text(f"      needs {'; '.join(needs)}", style="bright_black"))
    if fw.scoring == "points":
        console.print()
        console.print(Text(f"Overall: {fw.aggregate} of the section sums. Bands:", style="bold"))
        for b in fw.bands:
            console.print(Text(f"  {b.name}: {b.summary}"))


@group.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Framework YAML files to check.")],
) -> None:
    """Check framework files: exit 0, or exit 2 with FILE:LINE: field: what is wrong."""
    lib = _library(None)
    from maturity.frameworks.loader import load_framework

    for f in files:
        fw = load_framework(f, set(lib.practices), set(lib.questions))
        typer.echo(f"{f}: ok ({fw.id}, {fw.scoring}, {len(fw.criteria())} criteria)")


@group.command("schema")
def schema() -> None:
    """Print the JSON Schema of framework files, for editors."""
    from maturity.frameworks.loader import FRAMEWORK_ADAPTER

    doc = FRAMEWORK_ADAPTER.json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "maturity framework file"
    typer.echo(json.dumps(doc, indent=2))


def register(app: typer.Typer) -> None:
    app.add_typer(group, name="frameworks")
