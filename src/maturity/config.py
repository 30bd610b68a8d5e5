"""Settings: ``[tool.maturity]`` in pyproject.toml or ``.maturity.yaml``, under command-line flags.

Precedence (lowest first): built-in defaults, the config file, ``MATURITY_*`` environment
variables, command-line flags. ``Settings.sources`` remembers where each value came from so that
``maturity config show`` can say it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from maturity import _files, _yaml
from maturity.errors import ConfigError

CONFIG_FILES = (".maturity.yaml", ".maturity.yml", "pyproject.toml")


class Waiver(BaseModel):
    """A criterion the gate should not count, for a reason, until a date."""

    model_config = ConfigDict(extra="forbid")

    criterion: str = Field(description="FRAMEWORK:CRITERION, e.g. google:L1.data_validation")
    reason: str = Field(min_length=1)
    expires: dt.date | None = Field(default=None, description="after this date the waiver fails the gate")


class Gate(BaseModel):
    """Thresholds for ``maturity check``."""

    model_config = ConfigDict(extra="forbid")

    min: dict[str, float] = Field(default_factory=dict, description="framework id -> minimum level or score")
    require: list[str] = Field(default_factory=list, description="practice ids that must be assessed met")
    waivers: list[Waiver] = Field(default_factory=list)
    baseline: str | None = Field(default=None, description="path of a baseline JSON to never regress")
    warn_only: bool = False
    confirmed: bool = Field(
        default=False,
        description="gate on the confirmed figure (evidence and answers only), not the estimate",
    )


class Settings(BaseModel):
    """Everything a run can be configured with."""

    model_config = ConfigDict(extra="forbid")

    frameworks: list[str] = Field(
        default_factory=list, description="framework ids to assess; empty means all"
    )
    frameworks_dirs: list[str] = Field(
        default_factory=list, description="extra folders of framework YAML files"
    )
    answers: str = Field(default=".maturity/answers.yaml", description="answers file, relative to PATH")
    exclude: list[str] = Field(default_factory=list, description="extra folders or globs the scan ignores")
    skip: dict[str, str] = Field(default_factory=dict, description="practice id -> reason it does not apply")
    gate: Gate = Field(default_factory=Gate)
    # where values came from: dotted key -> "default" | file path | "env" | "command line"
    sources: dict[str, str] = Field(default_factory=dict, exclude=True)
    config_file: str | None = Field(default=None, exclude=True)

    def override(self, source: str, **values: Any) -> Settings:
        """Return a copy with ``values`` (ignoring None) set, recording ``source`` for each."""
        data = self.model_dump()
        sources = dict(self.sources)
        for key, value in values.items():
            if value is None:
                continue
            data[key] = value
            sources[key] = source
        new = Settings.model_validate(data)
        new.sources = sources
        new.config_file = self.config_file
        return new


def repo_root(path: Path) -> Path:
    """The repository ``path`` belongs to: the nearest folder at or above it holding ``.git``, else
    ``path`` itself. Paths that come from the repository (its config file, the defaults) stay in it."""
    path = path.resolve()
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return path


def find_config(path: Path) -> Path | None:
    """The first config file at ``path`` or an ancestor up to the git root (a monorepo's root)."""
    for folder in (path, *path.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
        if (folder / ".git").exists():
            break
    return None


def _has_tool_table(pyproject: Path) -> bool:
    """A ``[tool.maturity]`` table, or a file that is not valid TOML but has one (reported, not ignored:
    a gate must not pass because its thresholds could not be read)."""
    try:
        text = _files.read_text(pyproject, _files.CONFIG_CAP, ConfigError)
    except ConfigError:
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return _TOOL_TABLE.search(text) is not None
    return isinstance(data.get("tool", {}).get("maturity"), dict)


_TOOL_TABLE = re.compile(r"^\s*\[+\s*tool\s*\.\s*maturity\b", re.MULTILINE)


def _read_config(file: Path) -> tuple[dict[str, Any], yaml.Node | None]:
    text = _files.read_text(file, _files.CONFIG_CAP, ConfigError, "config file")
    if file.name == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", file=file) from exc
        table = data.get("tool", {}).get("maturity", {})
        return (table if isinstance(table, dict) else {}), None
    loaded, node = _yaml.parse(text, file, ConfigError)
    if loaded is None:
        return {}, None
    if not isinstance(loaded, dict):
        raise ConfigError("expected a mapping at the top level", file=file, line=1)
    return loaded, node


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


def _env_values() -> dict[str, Any]:
    values: dict[str, Any] = {}
    if frameworks := os.environ.get("MATURITY_FRAMEWORKS"):
        values["frameworks"] = [f.strip() for f in frameworks.split(",") if f.strip()]
    if answers := os.environ.get("MATURITY_ANSWERS"):
        values["answers"] = answers
    return values


def load_settings(path: Path, config_file: Path | None = None) -> Settings:
    """Defaults, then the config file found from ``path`` (or the one given), then the environment."""
    file = config_file or find_config(path.resolve())
    settings = Settings()
    sources = {key: "default" for key in Settings.model_fields if key not in ("sources", "config_file")}
    if file is not None:
        root = repo_root(path)
        if not _files.inside(file, root) and _files.inside(file.parent, root):
            raise ConfigError("a symlink to outside the repository: not read", file=file)
        raw, node = _read_config(file)
        try:
            settings = Settings.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc)
            line = _yaml.line_for(node, loc)
            raise ConfigError(err["msg"], file=file, line=line, field=field or None) from exc
        for key, value in raw.items():
            if key == "gate" and isinstance(value, dict):  # per gate value, for `maturity config show`
                sources.pop("gate", None)
                sources.update({f"gate.{sub}": str(file) for sub in value})
            else:
                sources[key] = str(file)
        settings.config_file = str(file)
        settings.frameworks_dirs = _framework_dirs(settings.frameworks_dirs, file, root)
    settings.sources = sources
    env = _env_values()
    return settings.override("env", **env) if env else settings


def _framework_dirs(dirs: list[str], file: Path, root: Path) -> list[str]:
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
