"""Paths that come from a repository stay inside it.

The repository is its git top level, or the scanned folder outside git. Its config file, the files
and folders that config names (``answers``, ``gate.baseline``, ``frameworks_dirs``) and the defaults
(``.maturity/``) must resolve inside it, symlinks included; paths given on the command line or in
the environment are the user's choice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from maturity import _files
from maturity.errors import ConfigError

if TYPE_CHECKING:
    from maturity.config import Settings


def repo_root(path: Path) -> Path:
    """The repository ``path`` belongs to: the nearest folder at or above it holding ``.git``, else
    ``path`` itself. Paths that come from the repository (its config file, the defaults) stay in it."""
    path = path.resolve()
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return path


def from_repository(settings: Settings, key: str, root: Path) -> bool:
    """The value of ``key`` comes from the repository: a default, or a config file inside ``root``.
    Values from the command line, the environment or a config file elsewhere are the user's choice."""
    source = settings.sources.get(key, "default")
    if source == "default":
        return True
    return source not in ("env", "command line") and _files.inside(Path(source), root)


def confined(file: Path, root: Path, settings: Settings, key: str, flag: str) -> Path:
    """``file`` (the value of ``key``), refused when it comes from the repository and leaves it."""
    if not from_repository(settings, key, root) or _files.inside(file, root):
        return file
    source = settings.sources.get(key, "default")
    where = settings.config_file if source not in ("default", "env", "command line") else None
    raise ConfigError(
        f"{file} is outside the repository ({root}): a repository's settings may only name files "
        "inside it (symlinks included)",
        file=where,
        field=key,
        hint=f"give {flag} FILE on the command line to use a file elsewhere",
    )


def framework_dirs(dirs: list[str], file: Path, root: Path) -> list[str]:
    """Folders named by a config file, relative to it; a config file in the repository names folders
    inside it."""
    out = []
    for i, d in enumerate(dirs):
        folder = file.parent / d
        if _files.inside(file.parent, root) and not _files.inside(folder, root):
            raise ConfigError(
                f"{d} is outside the repository ({root}): a repository's config may only name folders "
                "inside it (symlinks included)",
                file=file,
                field=f"frameworks_dirs.{i}",
                hint="give --frameworks-dir DIR on the command line to use a folder elsewhere",
            )
        out.append(str(folder))
    return out
