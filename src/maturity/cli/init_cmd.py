"""`maturity init`: a starter configuration whose minimums are today's estimates, and a CI snippet.

A minimum at today's estimate passes today and fails the day the repository slides back; a framework at
its bottom rating today gets no minimum (one could never fail), only a comment naming its next step up.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from maturity import __version__
from maturity.cli._common import PathArg

if TYPE_CHECKING:
    from maturity.report import Report

TAG = f"v{__version__}"
MAJOR = TAG.split(".")[0]
REPO = "maturity-dev/maturity"

SNIPPETS = {
    "github": f"""# .github/workflows/maturity.yml
name: maturity
on: [push, pull_request]
jobs:
  maturity:
    runs-on: ubuntu-latest
    permissions: {{contents: read, security-events: write}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {{python-version: "3.12"}}
      - id: maturity
        uses: {REPO}@{MAJOR}          # this repository's action.yml, at release tag {MAJOR}
        with:
          args: --min google=1 --require ci_runs_tests
      - if: always()
        uses: github/codeql-action/upload-sarif@v3
        with: {{sarif_file: maturity.sarif}}
""",
    "gitlab": f"""# .gitlab-ci.yml
include:
  - remote: https://raw.githubusercontent.com/{REPO}/{TAG}/ci/gitlab/maturity.gitlab-ci.yml

maturity:
  variables:
    MATURITY_ARGS: "--min google=1 --require ci_runs_tests"
""",
    "generic": f"""# any other CI: exit 0 met, 1 not met, 2 usage or input error
script:
  - pip install "maturity @ git+https://github.com/{REPO}@{TAG}"
  - maturity check . --min google=1 -o maturity-junit.xml
""",
}

YamlOpt = Annotated[bool, typer.Option("--yaml", help="Write .maturity.yaml instead of pyproject.toml.")]


def starter(report: Report, use_yaml: bool) -> str:
    """The starter config: minimums at today's estimates, a commented waiver naming a real criterion."""
    mins, bottom = proposal(report)
    example = next((f"{f.id}:{f.criteria[0].id}" for f in report.frameworks if f.criteria), "google:L1.x")
    if use_yaml:
        pairs = ", ".join(f"{k}: {v:g}" for k, v in mins.items())
        lines = ["# maturity configuration: see `maturity config schema`", "answers: .maturity/answers.yaml",
                 "gate:", "  # `maturity check` fails (exit 1) below these: today's estimates. Raise them as",
                 "  # the team improves.", f"  min: {{{pairs}}}", *(f"  # {b}" for b in bottom),
                 "  require: []           # practice ids that must be met, e.g. [ci_runs_tests]",
                 "  # waivers:",
                 f'  #   - {{criterion: "{example}", reason: migrating to Airflow, expires: 2027-01-31}}',
                 "  # baseline: .maturity/baseline.json"]  # fmt: skip
        return "\n".join(lines) + "\n"
    pairs = ", ".join(f"{k} = {v:g}" for k, v in mins.items())
    waiver = f'{{ criterion = "{example}", reason = "migrating to Airflow", expires = 2027-01-31 }}'
    lines = ["", "[tool.maturity]", 'answers = ".maturity/answers.yaml"', "", "[tool.maturity.gate]",
             "# `maturity check` fails (exit 1) below these: today's estimates. Raise them as the team",
             "# improves.", f"min = {{ {pairs} }}" if pairs else "min = {}", *(f"# {b}" for b in bottom),
             'require = []            # practice ids that must be met, e.g. ["ci_runs_tests"]',
             f"# waivers = [{waiver}]",
             '# baseline = ".maturity/baseline.json"   # fail on a regression',
             ]  # fmt: skip
    return "\n".join(lines) + "\n"


def proposal(report: Report) -> tuple[dict[str, float], list[str]]:
    """Today's estimate per framework (levels or score), and a note for each one at its bottom."""
    mins: dict[str, float] = {}
    bottom = []
    for f in report.frameworks:
        figure = f.score if f.scoring == "points" else f.level
        if figure is not None and figure > 0:
            mins[f.id] = float(figure)
        else:
            if figure is None:
                bottom.append(f"{f.id}: below its first {f.level_label} today, so no minimum can pass yet")
            else:
                bottom.append(f"{f.id}: {figure:g} today; a minimum of 0 could never fail, so none yet")
    return mins, bottom


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


def _target(path: Path, use_yaml: bool) -> tuple[Path, str]:
    from maturity import _files
    from maturity._paths import repo_root
    from maturity.errors import UserError

    for name in ("pyproject.toml", ".maturity.yaml"):  # never written through a symlink out of the repository
        if (path / name).is_symlink() and not _files.inside(path / name, repo_root(path)):
            raise UserError("a symlink to outside the repository: not written", file=path / name)
    pyproject = path / "pyproject.toml"
    if use_yaml or not pyproject.is_file():
        target = path / ".maturity.yaml"
        if target.exists():
            raise UserError("already exists; edit it, or delete it to start over", file=target)
        return target, ""
    text = _files.read_text(pyproject, _files.CONFIG_CAP, UserError, "pyproject.toml")
    try:
        existing = tomllib.loads(text).get("tool", {}).get("maturity")
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"invalid TOML: {exc}", file=pyproject) from exc
    if existing is not None:
        hint = "edit it by hand, or use `maturity init --yaml` for a separate file"
        raise UserError("already has a [tool.maturity] table; not overwriting it", file=pyproject, hint=hint)
    return pyproject, text + ("" if text.endswith("\n") or not text else "\n")


def init(path: PathArg = Path(), use_yaml: YamlOpt = False) -> None:
    """Write a starter config (minimums at today's estimates), an empty answers file, and a CI snippet."""
    from maturity.answers.store import save
    from maturity.cli._common import run_pipeline
    from maturity.config import load_settings
    from maturity.pipeline import resolve_answers_file
    from maturity.render import write_data

    target, before = _target(path, use_yaml)
    settings = load_settings(path)
    report = run_pipeline(path, settings)
    write_data(target, (before + starter(report, target.name != "pyproject.toml")).encode("utf-8"))
    mins, _ = proposal(report)
    said = ", ".join(f"{k} {v:g}" for k, v in mins.items()) or "none (every framework is at its bottom)"
    typer.echo(f"wrote {target} (minimums at today's estimates: {said})")
    answers = resolve_answers_file(path, settings)  # inside the repository
    if not answers.exists():
        save(answers, {})
        typer.echo(f"wrote {answers} (empty; fill it with `maturity assess`)")
    ci = detect_ci(path)
    typer.echo(f"\nCI snippet ({ci}):\n")
    typer.echo(SNIPPETS[ci])


def register(app: typer.Typer) -> None:
    app.command("init")(init)
