"""`maturity frameworks list|show|validate|schema`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from maturity._text import clean_data
from maturity.cli._common import FrameworksDirOpt
from maturity.cli._listing import ListFormatOpt

if TYPE_CHECKING:
    from maturity.frameworks.registry import AnyFramework

group = typer.Typer(help="List, show and validate frameworks (YAML files).", no_args_is_help=True)


def _library(frameworks_dir: list[Path] | None):  # type: ignore[no-untyped-def]
    from maturity.frameworks.registry import load_library

    return load_library(frameworks_dir or [])


@group.command("list")
def list_(frameworks_dir: FrameworksDirOpt = None, fmt: ListFormatOpt = "table") -> None:
    """Every framework: id, name, scoring model, levels or sections, criteria, when it is assessed, source."""
    from maturity.cli._listing import wants_json

    as_json = wants_json(fmt)
    lib = _library(frameworks_dir)
    rows = [_summary(fw, lib.origins.get(fid, "")) for fid, fw in lib.frameworks.items()]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    rows = clean_data(rows)  # a framework file's text, shown without control characters
    console = Console(highlight=False)
    width = max(len(r["id"]) for r in rows) + 2
    for r in rows:  # soft-wrapped lines: an id or a URL is never cut, `| grep` sees it whole
        shape = (
            ", ".join(map(str, r["levels"]))
            if r["scoring"] == "levels"
            else ", ".join(f"{s['id']} {s['items']}" for s in r["sections"])
        )
        console.print(Text.assemble((r["id"].ljust(width), "bold"), r["name"]), soft_wrap=True)
        dims = f" ({len(r['dimensions'])} dimensions)" if r.get("dimensions") else ""
        when = "" if r["default"] else " · only when selected (--framework ID or all)"
        meta = f"{r['scoring']}: {shape}{dims} · {r['criteria']} criteria{when}"
        for line in (meta, r["source"]):
            console.print(Text(" " * width + line, style="bright_black"), soft_wrap=True)


def _summary(fw: AnyFramework, origin: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": fw.id, "name": fw.name, "short_name": fw.short_name, "version": fw.version,
                           "scoring": fw.scoring, "criteria": len(fw.criteria()), "source": fw.sources[0].url,
                           "file": origin, "default": fw.default}  # fmt: skip
    if fw.scoring == "levels":
        out["levels"] = [lv.level for lv in fw.levels]
        out["dimensions"] = [d.id for d in fw.dimensions]
    else:
        out["sections"] = [{"id": s.id, "name": s.name, "items": len(s.items)} for s in fw.sections]
    return out


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
    if not fw.default:
        console.print(Text(f"assessed only when selected: --framework {fw.id}", style="bright_black"))
    groups = (
        [
            (f"{fw.level_label.capitalize()} {lv.level}: {lv.name}", lv.summary, lv.criteria)
            for lv in fw.levels
        ]
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
            role = " (supporting)" if c.role == "supporting" else ""
            console.print(Text.assemble(("  • ", ""), (c.id, "bold"), f"{dim} {c.title}{role}"))
            console.print(Text(f"      needs {'; '.join(needs)}", style="bright_black"))
            if c.source:
                console.print(Text(f"      source: {c.source}", style="bright_black"))
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
