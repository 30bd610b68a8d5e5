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

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from maturity import _files
from maturity._paths import framework_dirs, repo_root
from maturity._toml import Locator, toml_error, toml_line
from maturity._yaml import line_for
from maturity.errors import ConfigError

CONFIG_FILES = (".maturity.yaml", ".maturity.yml", "pyproject.toml")


class Waiver(BaseModel):
    """A criterion the gate should not count, for a reason, until a date."""

    model_config = ConfigDict(extra="forbid")

    criterion: str = Field(description="FRAMEWORK:CRITERION, e.g. google:L1.data_validation")
    reason: str = Field(min_length=1)
    expires: dt.date | None = Field(default=None, description="after this date the waiver fails the gate")
    _file: str | None = PrivateAttr(default=None)
    _line: int | None = PrivateAttr(default=None)

    @property
    def where(self) -> tuple[str | None, int | None]:
        """The config file and line this waiver was read from (None, None from the command line)."""
        return self._file, self._line

    def locate(self, file: str, line: int | None) -> None:
        self._file, self._line = file, line


class Gate(BaseModel):
    """Thresholds for ``maturity check``."""

    model_config = ConfigDict(extra="forbid")

    min: dict[str, float] = Field(default_factory=dict, description="framework id -> minimum level or score")
    require: list[str] = Field(default_factory=list, description="practice ids that must be assessed met")
    waivers: list[Waiver] = Field(default_factory=list)
    max_waiver_days: int | None = Field(
        default=None, ge=1, description="longest a waiver may run from today; waivers must then expire"
    )
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
    # internal, never read from a file nor published in the schema:
    # where values came from (dotted key -> "default" | file path | "env" | "command line"),
    # the config file read, and the config files found but not read (a nearer or same-folder one won)
    _sources: dict[str, str] = PrivateAttr(default_factory=dict)
    _config_file: str | None = PrivateAttr(default=None)
    _ignored: list[str] = PrivateAttr(default_factory=list)

    @property
    def sources(self) -> dict[str, str]:
        return self._sources

    @sources.setter
    def sources(self, value: dict[str, str]) -> None:
        self._sources = value

    @property
    def config_file(self) -> str | None:
        return self._config_file

    @config_file.setter
    def config_file(self, value: str | None) -> None:
        self._config_file = value

    @property
    def ignored_files(self) -> list[str]:
        return self._ignored

    def override(self, source: str, **values: Any) -> Settings:
        """Return a copy with ``values`` (ignoring None) set, recording ``source`` for each."""
        new = self.model_copy(deep=True)
        sources = dict(self.sources)
        data = new.model_dump()
        for key, value in values.items():
            if value is None:
                continue
            data[key] = value
            sources[key] = source
        checked = Settings.model_validate(data)
        for key in values:
            if values[key] is not None:
                setattr(new, key, getattr(checked, key))
        new.sources = sources
        return new


def config_files(path: Path) -> list[Path]:
    """Every config file from ``path`` up to the git root (a monorepo's root), the one that wins first.

    In one folder ``.maturity.yaml`` wins over ``.maturity.yml`` and ``[tool.maturity]`` in pyproject.toml;
    a nearer folder wins over its parents.
    """
    found = []
    for folder in (path, *path.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                found.append(candidate)
        if (folder / ".git").exists():
            break
    return found


def find_config(path: Path) -> Path | None:
    """The config file that applies to ``path``: the first of :func:`config_files`."""
    files = config_files(path)
    return files[0] if files else None


# a [tool.maturity] table, a [tool.maturity.x] table or a tool.maturity dotted key, in TOML that may not parse
_TOOL_TABLE = re.compile(r"""^\s*\[?\s*tool\s*\.\s*["']?maturity\b""", re.MULTILINE)


def _has_tool_table(pyproject: Path) -> bool:
    """Whether pyproject.toml configures maturity; a file that mentions it but does not parse counts."""
    try:
        text = _files.read_text(pyproject, _files.CONFIG_CAP, ConfigError)
    except ConfigError:  # not a regular file, too large, not UTF-8: not a config
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return _TOOL_TABLE.search(text) is not None or _in_tool_table(text)
    tool = data.get("tool", {})
    return isinstance(tool, dict) and "maturity" in tool


def _in_tool_table(text: str) -> bool:
    """A ``maturity = {...}`` or ``maturity.x = ...`` key inside a ``[tool]`` table."""
    table = None
    for line in text.splitlines():
        if m := re.match(r"\s*\[+\s*([^\]]+?)\s*\]", line):
            table = m.group(1)
        elif table == "tool" and re.match(r"""\s*["']?maturity\b""", line):
            return True
    return False


def _read_config(file: Path) -> tuple[dict[str, Any], Locator]:
    from maturity._yaml import parse, read_text

    text = read_text(file, ConfigError, _files.CONFIG_CAP, "config file")
    if file.name == "pyproject.toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            message, line = toml_error(exc, text)
            raise ConfigError(f"invalid TOML: {message}", file=file, line=line) from None
        table = data.get("tool", {}).get("maturity", {})
        if not isinstance(table, dict):
            raise ConfigError("[tool.maturity] must be a table", file=file, line=toml_line(text, ()))
        return table, lambda loc, value=None, nth=1: toml_line(text, loc, value, nth)
    loaded, node = parse(text, file, ConfigError)
    if loaded is None:
        return {}, lambda loc, value=None, nth=1: None
    if not isinstance(loaded, dict):
        raise ConfigError("expected a mapping at the top level", file=file, line=1)
    return loaded, lambda loc, value=None, nth=1: line_for(node, loc)


def _env_values() -> dict[str, Any]:
    values: dict[str, Any] = {}
    if frameworks := os.environ.get("MATURITY_FRAMEWORKS"):
        values["frameworks"] = [f.strip() for f in frameworks.split(",") if f.strip()]
    if answers := os.environ.get("MATURITY_ANSWERS"):
        values["answers"] = answers
    return values


def load_settings(path: Path, config_file: Path | None = None) -> Settings:
    """Defaults, then the config file found from ``path`` (or the one given), then the environment.

    A config file that exists but cannot be read or validated is a :class:`ConfigError` naming
    FILE:LINE (exit 2): a broken file never silently turns the gate off.
    """
    found = [] if config_file else config_files(path.resolve())
    file = config_file or (found[0] if found else None)
    settings = Settings()
    sources = dict.fromkeys(Settings.model_fields, "default")
    if file is not None:
        root = repo_root(path)
        if not _files.inside(file, root) and _files.inside(file.parent, root):
            raise ConfigError("a symlink to outside the repository: not read", file=file)
        raw, locate = _read_config(file)
        settings = _validate(raw, file, locate)
        settings.frameworks_dirs = framework_dirs(settings.frameworks_dirs, file, root)
        for key, value in raw.items():
            if key == "gate" and isinstance(value, dict):  # per gate value, for `maturity config show`
                sources.pop("gate", None)
                sources.update({f"gate.{sub}": str(file) for sub in value})
            else:
                sources[key] = str(file)
        settings.config_file = str(file)
        settings._ignored = [str(f) for f in found[1:]]
    settings.sources = sources
    env = _env_values()
    return settings.override("env", **env) if env else settings


def _validate(raw: dict[str, Any], file: Path, locate: Locator) -> Settings:
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        field = ".".join(str(p) for p in loc)
        value = err.get("input") if not isinstance(err.get("input"), dict | list) else None
        msg = err["msg"].removeprefix("Value error, ")
        raise ConfigError(msg, file=file, line=locate(loc, value), field=field or None) from None
    seen: dict[str, int] = {}
    for i, waiver in enumerate(settings.gate.waivers):
        loc = ("gate", "waivers", i, "criterion")
        nth = seen.get(waiver.criterion, 0) + 1
        seen[waiver.criterion] = nth
        line = locate(loc, waiver.criterion, nth)
        waiver.locate(str(file), line)
        if nth > 1:
            raise ConfigError(
                f"duplicate waiver for {waiver.criterion!r}; keep one",
                file=file, line=line, field=".".join(str(p) for p in loc),
            )  # fmt: skip
    return settings
