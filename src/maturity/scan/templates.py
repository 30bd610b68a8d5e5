"""Template repositories: cookiecutter/copier/Jinja and Go templates, read as the project they generate.

A template holds ``{{ expression }}`` and ``{% tag %}`` in file contents and in folder and file names
(``{{ cookiecutter.repo_name }}/conf/base/catalog.yml``). Paths keep their real names. Contents that do not
parse as YAML/TOML/JSON because of template tags are parsed once more with the tags neutralised
(:func:`neutralise`, called by :class:`~maturity.scan.repo.RepoView` only after a plain parse failed), so a
templated config is evidence like any other. :func:`template_facts` says what was read as a template.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from maturity.scan.repo import RepoView

# {% block %}, {# comment #}, Go {{/* comment */}}: removed (their newlines kept, so lines do not move)
# bounded spans: a tag that never closes costs at most MAX_TAG characters of scanning per opening
_BLOCK = re.compile(r"\{%[^\n]{0,500}?%\}|\{#[^\n]{0,500}?#\}|\{\{-?\s*/\*[^\n]{0,500}?\*/\s*-?\}\}")
_EXPR = re.compile(r"\{\{-?([^\n]{0,500}?)-?\}\}")
# Go template actions that are control flow, not values
_GO_CONTROL = re.compile(r"^\s*(if|else|end|range|with|define|block|template|break|continue)\b")
_SIMPLE = re.compile(r"^\s*\.?([A-Za-z_][\w.]*)\s*(\|.*)?$", re.DOTALL)
_GO_SYNTAX = re.compile(r"\{\{-?\s*(\.[A-Za-z]|include\s|toYaml\s|end\b|if\s+\.|range\s)")
_TAG = re.compile(r"(?<![$\w])\{\{|\{%")  # not GitHub/Azure ${{ }} expressions
ROOT_MARKERS = {
    "cookiecutter.json": "cookiecutter",
    "copier.yml": "copier",
    "copier.yaml": "copier",
}


# a file rendered by a template engine: ``train.py.tmpl`` (Go templates: Databricks bundle templates),
# ``Dockerfile.jinja`` (copier), ``values.yaml.j2`` (Jinja/Ansible)
TEMPLATE_SUFFIXES = (".tmpl", ".jinja", ".jinja2", ".j2")


def generated_path(path: str) -> str:
    """The path a template file renders to (``ci.yml.tmpl`` -> ``ci.yml``); other paths unchanged."""
    folder, _, name = path.rpartition("/")
    low = name.lower()
    for suffix in TEMPLATE_SUFFIXES:
        if low.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return f"{folder}/{stem}" if folder else stem
    return path


MAX_TAGS = 5_000  # more tags than any real template: not neutralised (hostile input stays malformed)


def has_template_tags(text: str) -> bool:
    """``text`` holds template tags, and few enough of them to be a real template."""
    tags = text.count("{{") + text.count("{%")
    return 0 < tags <= MAX_TAGS


def neutralise(text: str, *, quote: bool = False) -> str:
    """``text`` with template tags replaced so that it parses as the file it generates.

    Blocks (``{% if %}``, comments, Go control actions) disappear; an expression alone on its line
    (``{{- include "labels" . | nindent 4 }}``) disappears too; any other expression becomes a plain
    word named after its variable (``{{ cookiecutter.repo_name }}`` -> ``repo_name``), quoted when
    ``quote`` (JSON) and it stands outside a string. Line numbers never change.
    """
    text = _BLOCK.sub(_blank, text)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "{{" in line:
            lines[i] = _line(line, quote)
    return "\n".join(lines)


def _blank(m: re.Match[str]) -> str:
    return "\n" * m.group(0).count("\n")


def _line(line: str, quote: bool) -> str:
    out: list[str] = []
    last = 0
    quotes = 0  # double quotes before the current tag: odd means the tag is inside a string
    stripped = line.strip()
    for m in _EXPR.finditer(line):
        before = line[last : m.start()]
        out.append(before)
        quotes += before.count('"')
        body = m.group(1)
        alone = m.group(0) == stripped
        if _GO_CONTROL.match(body) or alone:
            out.append("")
        else:
            word = _word(body)
            out.append(f'"{word}"' if quote and quotes % 2 == 0 else word)
        last = m.end()
    out.append(line[last:])
    return "".join(out)


def _word(body: str) -> str:
    m = _SIMPLE.match(body)
    return m.group(1).rsplit(".", 1)[-1] if m else "template_value"


def template_roots(files: Iterable[str]) -> dict[str, str]:
    """Folders a template engine renders into a project, with the engine's name.

    A folder whose name holds ``{{ }}`` is a root (cookiecutter, copier, or plain Jinja: the engine is named
    by a ``cookiecutter.json``/``copier.yml`` beside it, else by the variable's prefix). Only the outermost
    templated folder of a path counts.
    """
    listed = set(files)
    roots: dict[str, str] = {}
    for path in sorted(f for f in listed if "{{" in f):
        parts = path.split("/")
        for i, part in enumerate(parts[:-1]):
            if "{{" in part and "}}" in part:
                root = "/".join(parts[: i + 1])
                if root not in roots:
                    roots[root] = _engine(listed, "/".join(parts[:i]), part)
                break
    return roots


def _engine(listed: set[str], parent: str, name: str) -> str:
    for marker, engine in ROOT_MARKERS.items():
        if (f"{parent}/{marker}" if parent else marker) in listed:
            return engine
    return "cookiecutter" if "cookiecutter." in name else "jinja"


def template_facts(repo: RepoView) -> dict[str, Any] | None:
    """``{"engine", "roots", "files"}`` when the repository holds templates, else None.

    ``roots`` are the templated folders; ``files`` the YAML/TOML configs (and JSON inside roots) that only
    parse with their tags neutralised. GitHub/Azure ``${{ }}`` expressions are not template tags, and Helm
    chart templates are infrastructure code, not a template of a project.
    """
    roots = template_roots(repo.files)
    for path in _tagged_configs(repo, tuple(roots)):
        _ = repo.toml(path) if path.lower().endswith(".toml") else _parse_any(repo, path)
    parsed = sorted(repo.templated)
    if not roots and not parsed:
        return None
    engines = list(dict.fromkeys(roots.values()))
    if not engines:
        go = any(_GO_SYNTAX.search(repo.text(f) or "") for f in parsed)
        engines = ["go" if go else "jinja"]
    return {"engine": ", ".join(engines), "roots": sorted(roots), "files": parsed[:20]}


def _parse_any(repo: RepoView, path: str) -> Any:
    return repo.json(path) if path.lower().endswith(".json") else repo.yaml_all(path)


def _tagged_configs(repo: RepoView, roots: tuple[str, ...]) -> list[str]:
    json_files = [f for f in repo.with_suffix(".json") if roots and f.startswith(roots)]
    out = []
    for path in repo.with_suffix(".yml", ".yaml", ".toml") + json_files:
        text = repo.text(path) or ""
        if ("{{" in text or "{%" in text) and _TAG.search(text) and not _helm_template(repo, path):
            out.append(path)
    return out


def _helm_template(repo: RepoView, path: str) -> bool:
    parent = PurePosixPath(path).parent
    return parent.name == "templates" and repo.exists((parent.parent / "Chart.yaml").as_posix())
