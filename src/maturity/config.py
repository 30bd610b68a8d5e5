"""Settings: ``[tool.maturity]`` in pyproject.toml or ``.maturity.yaml``, under command-line flags.

Precedence (lowest first): built-in defaults, the config file, ``MATURITY_*`` environment
variables, command-line flags. ``Settings.sources`` remembers where each value came from so that
``maturity config show`` can say it.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool", {}).get("maturity"), dict)


def _read_config(file: Path) -> dict[str, Any]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", file=file) from exc
    if file.name == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", file=file) from exc
        table = data.get("tool", {}).get("maturity", {})
        return table if isinstance(table, dict) else {}
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ConfigError(
            f"invalid YAML: {getattr(exc, 'problem', exc)}",
            file=file,
            line=line + 1 if line is not None else None,
        ) from exc
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ConfigError("expected a mapping at the top level", file=file, line=1)
    return loaded


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
        raw = _read_config(file)
        try:
            settings = Settings.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise ConfigError(err["msg"], file=file, field=field or None) from exc
        for key, value in raw.items():
            if key == "gate" and isinstance(value, dict):  # per gate value, for `maturity config show`
                sources.pop("gate", None)
                sources.update({f"gate.{sub}": str(file) for sub in value})
            else:
                sources[key] = str(file)
        settings.config_file = str(file)
    settings.sources = sources
    env = _env_values()
    return settings.override("env", **env) if env else settings
