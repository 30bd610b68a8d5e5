"""`maturity config show|schema`: the configuration, where each value came from, and its JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from maturity.cli._common import ConfigOpt, PathArg
from maturity.cli._listing import ListFormatOpt

JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict) and data:
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: data}


def _source(key: str, sources: dict[str, str]) -> str:
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        if (hit := sources.get(".".join(parts[:n]))) is not None:
            return hit
    return "default"


def show(
    path: PathArg = Path(), config: ConfigOpt = None, as_json: JsonOpt = False, fmt: ListFormatOpt = "table"
) -> None:
    """Print the effective configuration and where each value came from."""
    from maturity._text import clean
    from maturity.cli._common import settings_for
    from maturity.cli._listing import wants_json

    as_json = wants_json(fmt) or as_json

    settings = settings_for(path, config=config)
    rows = {
        k: (v, _source(k, settings.sources)) for k, v in _flatten(settings.model_dump(mode="json")).items()
    }
    if as_json:
        data = {k: {"value": v, "source": s} for k, (v, s) in rows.items()}
        doc = {"config_file": settings.config_file, "ignored": settings.ignored_files, "values": data}
        typer.echo(json.dumps(doc, indent=2))
        return
    typer.echo(f"config file: {settings.config_file or '(none: defaults)'}")
    for ignored in settings.ignored_files:
        typer.echo(f"ignored:     {ignored} (the file above wins)")
    width = max(len(k) for k in rows)
    for key, (value, source) in rows.items():  # keys from the config file: no control characters
        typer.echo(clean(f"{key:<{width}}  {json.dumps(value, ensure_ascii=False):<40}  ({source})"))


def schema() -> None:
    """Print the JSON Schema of [tool.maturity] / .maturity.yaml."""
    from maturity.config import Settings

    data = Settings.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "maturity configuration ([tool.maturity] or .maturity.yaml)"
    typer.echo(json.dumps(data, indent=2))


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Show the effective configuration, or its JSON Schema.", no_args_is_help=True)
    group.command("show")(show)
    group.command("schema")(schema)
    app.add_typer(group, name="config")
