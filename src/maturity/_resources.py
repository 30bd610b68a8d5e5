"""Where the shipped data folders live: inside the wheel, or at the repository root in a checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``frameworks``, ``questionnaires`` or ``templates``."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent.parent / name  # src/maturity -> repository root
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"maturity data folder {name!r} not found (broken installation?)")
