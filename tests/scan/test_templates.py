"""Template repositories (cookiecutter/copier/Jinja, Go templates) are read as the project they generate."""

from __future__ import annotations

from typing import Any

import yaml

from maturity._resources import data_dir
from maturity.frameworks.loader import CATALOG_FILE, load_catalog
from maturity.scan import scan
from maturity.scan.repo import RepoView
from maturity.scan.templates import neutralise, template_roots

PRACTICES = [p.id for p in load_catalog(data_dir("frameworks") / CATALOG_FILE).practices]


def test_neutralise_keeps_lines_and_values() -> None:
    text = (
        "name: {{ cookiecutter.repo_name }}\n"
        "{% if cookiecutter.gpu %}\n"
        "gpu: true\n"
        "{% endif %}\n"
        "steps:\n"
        "  ingest: {{INGEST_CONFIG}}\n"
        '  {{- include "labels" . | nindent 2 }}\n'
        '  image: "repo/{{ .Values.image.tag }}"\n'
    )
    plain = neutralise(text)
    assert plain.count("\n") == text.count("\n")
    data = yaml.safe_load(plain)
    assert data == {
        "name": "repo_name",
        "gpu": True,
        "steps": {"ingest": "INGEST_CONFIG", "image": "repo/tag"},
    }


def test_neutralise_json_quotes_bare_expressions() -> None:
    assert neutralise('{"n": {{ cookiecutter.n }}, "s": "x-{{ y }}"}', quote=True) == '{"n": "n", "s": "x-y"}'


def test_templated_yaml_is_parsed_not_skipped() -> None:
    view = RepoView.from_dict({"recipe.yaml": "recipe: regression/v1\nsteps:\n  ingest: {{INGEST}}\n"})
    assert view.yaml("recipe.yaml") == {"recipe": "regression/v1", "steps": {"ingest": "INGEST"}}
    assert view.skipped == [] and view.templated == {"recipe.yaml"}


def test_malformed_yaml_stays_malformed() -> None:
    view = RepoView.from_dict({"a.yaml": "key: [unclosed {{ x }}\n"})
    assert view.yaml("a.yaml") is None
    assert "malformed YAML" in view.skipped[0].reason


def test_template_roots_and_engines() -> None:
    files = [
        "starter/cookiecutter.json",
        "starter/{{ cookiecutter.repo_name }}/src/{{ cookiecutter.pkg }}/x.py",
        "starter/{{ cookiecutter.repo_name }}/README.md",
        "tpl/copier.yml",
        "tpl/{{ project }}/pyproject.toml",
        "other/{{ name }}/a.txt",
        "plain/file.py",
    ]
    assert template_roots(files) == {
        "starter/{{ cookiecutter.repo_name }}": "cookiecutter",
        "tpl/{{ project }}": "copier",
        "other/{{ name }}": "jinja",
    }


def test_scan_says_it_read_templates(make_repo: Any) -> None:
    env = (
        "name: {{ cookiecutter.env_name }}\n"
        "channels: [conda-forge]\n"
        "dependencies:\n"
        "{% if cookiecutter.gpu == 'yes' %}\n"
        "  - cudatoolkit=11.8.0\n"
        "{% endif %}\n"
        "  - numpy=1.26.4\n"
        "  - pandas=2.1.4\n"
    )
    root = make_repo(
        {
            "cookiecutter.json": '{"repo_name": "demo"}\n',
            "{{ cookiecutter.repo_name }}/environment.yml": env,
            "{{ cookiecutter.repo_name }}/src/train.py": "print('x')\n",
        }
    )
    evidence = scan(root, PRACTICES)
    assert evidence.facts["templates"] == {
        "engine": "cookiecutter",
        "roots": ["{{ cookiecutter.repo_name }}"],
        "files": ["{{ cookiecutter.repo_name }}/environment.yml"],
    }
    pinning = evidence.practices["dependency_pinning"]
    assert pinning.status.value == "present"
    assert pinning.evidence[0].path == "{{ cookiecutter.repo_name }}/environment.yml"
    assert not any(s.path.endswith("environment.yml") for s in evidence.skipped)


def test_helm_chart_templates_and_github_expressions_are_not_template_repositories(make_repo: Any) -> None:
    root = make_repo(
        {
            "chart/Chart.yaml": "apiVersion: v2\nname: app\nversion: 0.1.0\n",
            "chart/templates/deploy.yaml": "kind: Deployment\nmetadata:\n  labels:\n"
            '    {{- include "app.labels" . | nindent 4 }}\n',
            ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ${{ matrix.os }}\n"
            "    steps: [{run: pytest}]\n",
        }
    )
    assert "templates" not in scan(root, PRACTICES).facts


def test_hostile_template_text_is_bounded() -> None:
    """Unclosed or countless tags never make the neutraliser quadratic; too many tags are not a template."""
    view = RepoView.from_dict({"a.yaml": "k: [" + "{{" * 100_000, "b.yaml": "k: [" + "{% x" * 4000})
    assert view.yaml("a.yaml") is None and view.yaml("b.yaml") is None
    assert {s.path for s in view.skipped} == {"a.yaml", "b.yaml"}
