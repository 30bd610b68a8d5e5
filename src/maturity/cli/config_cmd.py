"""`maturity config show|schema` and `maturity init`: the configuration, where it came from, a starter."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer

from maturity.cli._common import ConfigOpt, PathArg

STARTER_TOML = """
[tool.maturity]
# frameworks = ["google", "microsoft", "five-stage", "ml-test-score"]   # empty: all
answers = ".maturity/answers.yaml"

[tool.maturity.gate]
# `maturity check` fails (exit 1) below these; raise them as the team improves.
min = { google = 0 }
require = []            # practice ids that must be met, e.g. ["ci_runs_tests"]
# waivers = [{ criterion = "google:L1.pipeline", reason = "migrating to Airflow", expires = 2027-01-31 }]
# baseline = ".maturity/baseline.json"   # fail on any regression; write it with --update-baseline
"""

STARTER_YAML = """# maturity configuration: see `maturity config schema`
# frameworks: [google, microsoft, five-stage, ml-test-score]   # empty: all
answers: .maturity/answers.yaml
gate:
  min: {google: 0}
  require: []           # practice ids that must be met, e.g. [ci_runs_tests]
  # waivers:
  #   - {criterion: "google:L1.pipeline", reason: migrating to Airflow, expires: 2027-01-31}
  # baseline: .maturity/baseline.json
"""

SNIPPETS = {
    "github": """# .github/workflows/maturity.yml
name: maturity
on: [push, pull_request]
jobs:
  maturity:
    runs-on: ubuntu-latest
    permissions: {contents: read, security-events: write}
    steps:
      - uses: actions/checkout@v4
      - uses: maturity-dev/maturity@v0   # the action in this repository's action.yml
        with:
          args: --min google=1
""",
    "gitlab": """# .gitlab-ci.yml
include:
  - remote: https://raw.githubusercontent.com/maturity-dev/maturity/main/ci/gitlab/maturity.gitlab-ci.yml
maturity:
  variables:
    MATURITY_ARGS: --min google=1
""",
    "generic": """# any CI: exit 0 met, 1 not met, 2 usage error
pip install maturity
maturity check . --min google=1 --format junit -o maturity-junit.xml
""",
}

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
YamlOpt = Annotated[bool, typer.Option("--yaml", help="Write .maturity.yaml instead of pyproject.toml.")]


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


def show(path: PathArg = Path(), config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """Print the effective configuration and where each value came from."""
    from maturity._text import clean
    from maturity.cli._common import settings_for

    settings = settings_for(path, config=config)
    rows = {
        k: (v, _source(k, settings.sources)) for k, v in _flatten(settings.model_dump(mode="json")).items()
    }
    if as_json:
        data = {k: {"value": v, "source": s} for k, (v, s) in rows.items()}
        typer.echo(json.dumps({"config_file": settings.config_file, "values": data}, indent=2))
        return
    typer.echo(f"config file: {settings.config_file or '(none: defaults)'}")
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


def detect_ci(path: Path) -> str:
    """'github', 'gitlab' or 'generic', from the CI configuration in the repository."""
    for folder in (path.resolve(), *path.resolve().parents):
        if any((folder / ".github" / "workflows").glob("*.y*ml")):
            return "github"
        if (folder / ".gitlab-ci.yml").is_file():
            return "gitlab"
        if (folder / ".git").exists():
            break
    return "generic"


def _write_config(path: Path, use_yaml: bool) -> Path:
    from maturity import _files
    from maturity.config import repo_root
    from maturity.errors import UserError

    for name in ("pyproject.toml", ".maturity.yaml"):  # a symlink out of the repository is not followed
        if (path / name).is_symlink() and not _files.inside(path / name, repo_root(path)):
            raise UserError("a symlink to outside the repository: not written", file=path / name)
    pyproject = path / "pyproject.toml"
    if use_yaml or not pyproject.is_file():
        target = path / ".maturity.yaml"
        if target.exists():
            raise UserError("already exists; edit it, or delete it to start over", file=target)
        target.write_text(STARTER_YAML, encoding="utf-8")
        return target
    text = _files.read_text(pyproject, _files.CONFIG_CAP, UserError, "pyproject.toml")
    try:
        existing = tomllib.loads(text).get("tool", {}).get("maturity")
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"invalid TOML: {exc}", file=pyproject) from exc
    if existing is not None:
        hint = "edit it by hand, or use `maturity init --yaml` for a separate file"
        raise UserError("already has a [tool.maturity] table; not overwriting it", file=pyproject, hint=hint)
    pyproject.write_text(text + ("" if text.endswith("\n") else "\n") + STARTER_TOML, encoding="utf-8")
    return pyproject


def init(path: PathArg = Path(), use_yaml: YamlOpt = False) -> None:
    """Write a starter configuration and an empty answers file, and print a CI snippet."""
    from maturity.answers.store import save
    from maturity.config import load_settings
    from maturity.pipeline import resolve_answers_file

    target = _write_config(path, use_yaml)
    typer.echo(f"wrote {target}")
    answers = resolve_answers_file(path, load_settings(path))  # inside the repository
    if not answers.exists():
        save(answers, {})
        typer.echo(f"wrote {answers} (empty; fill it with `maturity assess`)")
    ci = detect_ci(path)
    typer.echo(f"\nCI snippet ({ci}):\n")
    typer.echo(SNIPPETS[ci])


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Show the effective configuration, or its JSON Schema.", no_args_is_help=True)
    group.command("show")(show)
    group.command("schema")(schema)
    app.add_typer(group, name="config")
    app.command("init")(init)
