"""``--format table|json`` for every command that lists things."""

from __future__ import annotations

from typing import Annotated

import typer

LIST_FORMATS = ("table", "json")

ListFormatOpt = Annotated[str, typer.Option("--format", "-F", help="table or json.")]


def wants_json(fmt: str) -> bool:
    """True for ``json``; an unknown format is a usage error (exit 2)."""
    from maturity.errors import UserError

    if fmt not in LIST_FORMATS:
        raise UserError(f"unknown --format {fmt!r}; choose {' or '.join(LIST_FORMATS)}")
    return fmt == "json"
