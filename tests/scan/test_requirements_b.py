"""Unit tests for the declared-dependency parser (scan/parsers/requirements.py)."""

from __future__ import annotations

from typing import Any

import pytest

from maturity.scan.parsers.requirements import declared, is_pinned, normalise, parse_requirement
from maturity.scan.repo import RepoView


def deps(files: dict[str, str | bytes]) -> dict[str, tuple[str, str, int | None, bool]]:
    found = declared(RepoView.from_dict(files)).dependencies
    return {d.name: (d.spec, d.path, d.line, d.pinned) for d in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pandas==2.1.0", ("pandas", "==2.1.0")),
        ("Scikit_Learn >= 1.3 ; python_version>'3.8'", ("scikit-learn", ">= 1.3")),
        ("requests[socks,security]==2.31  # pinned", ("requests", "==2.31")),
        ("torch @ https://download.pytorch.org/torch.whl", ("torch", "@ url")),
        ("-e .", None),
        ("--index-url https://x", None),
        ("git+https://github.com/a/b.git", ("b", "@ git HEAD")),
        ("git+https://github.com/a/b.git@0123abcd#egg=Bee", ("bee", "@ git")),
        ("peft @ git+https://github.com/h/peft.git@v0.3.0", ("peft", "@ git")),
        ("# comment", None),
        ("", None),
    ],
)
def test_parse_requirement(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_requirement(text) == expected


def test_normalise_and_pins() -> None:
    assert normalise("Zope.Interface__x") == "zope-interface-x"
    assert is_pinned("==1.0") and is_pinned("===1.0")
    assert not is_pinned(">=1.0") and not is_pinned("==1.*") and not is_pinned("") and not is_pinned("~=1.0")


def test_requirements_with_includes_and_lines() -> None:
    got = deps(
        {
            "requirements.txt": "# top\npandas==2.0\n\n-r extra/dev.in\nnumpy>=1\n",
            "extra/dev.in": "pytest\n",
        }
    )
    assert got["pandas"] == ("==2.0", "requirements.txt", 2, True)
    assert got["numpy"] == (">=1", "requirements.txt", 5, False)
    assert got["pytest"] == ("", "extra/dev.in", 1, False)


def test_hashed_requirements_are_a_lock_file() -> None:
    repo = RepoView.from_dict({"requirements.txt": "pandas==2.0 \\\n    --hash=sha256:abc\n"})
    assert declared(repo).lock_files == ["requirements.txt"]


def test_pyproject_pep621_groups_and_lock() -> None:
    pyproject = (
        '[project]\nname = "x"\ndependencies = [\n  "pandas>=2",\n]\n'
        '[project.optional-dependencies]\nml = ["torch==2.1"]\n'
        '[dependency-groups]\ndev = ["pytest>=8", {include-group = "x"}]\n'
    )
    got = deps({"pyproject.toml": pyproject})
    assert got["pandas"] == (">=2", "pyproject.toml", 4, False)
    assert got["torch"][3] is True and got["pytest"][3] is False
    locked = deps({"pyproject.toml": pyproject, "uv.lock": "version = 1\n"})
    assert all(v[3] for v in locked.values())


def test_poetry_pdm_pipfile_setup() -> None:
    got = deps(
        {
            "pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.11"\nrequests = "2.31.0"\n'
            'torch = {version = "^2.1"}\n[tool.poetry.group.dev.dependencies]\nruff = "*"\n'
            '[tool.pdm.dev-dependencies]\nlint = ["black==24.1"]\n',
            "Pipfile": '[packages]\nflask = "*"\nnumpy = "==1.26"\n',
            "setup.cfg": "[options]\ninstall_requires =\n    click>=8\n    rich==13.0\nzip_safe = False\n",
            "setup.py": 'setup(\n    install_requires=[\n        "typer",\n        "pyyaml==6.0",\n'
            "    ],\n)\n",
        }
    )
    assert "python" not in got
    assert got["requests"][3] is True and got["torch"][3] is False and got["ruff"][3] is False
    assert got["black"][3] is True
    assert got["flask"] == ("", "Pipfile", 2, False) and got["numpy"][3] is True
    assert got["click"] == (">=8", "setup.cfg", 3, False) and got["rich"][3] is True
    assert got["typer"] == ("", "setup.py", 3, False) and got["pyyaml"][2] == 4


def test_conda_environment() -> None:
    env = "dependencies:\n  - conda-forge::numpy=1.26.4\n  - scipy\n  - pip\n  - pip:\n    - mlflow==2.9\n"
    got = deps({"environment.yml": env})
    assert got["numpy"] == ("==1.26.4", "environment.yml", 2, True)
    assert got["scipy"][3] is False and got["mlflow"] == ("==2.9", "environment.yml", 6, True)
    assert "pip" not in got


def test_malformed_manifests_do_not_crash() -> None:
    repo = RepoView.from_dict({"pyproject.toml": "[project\n", "environment.yml": ": [", "Pipfile": b"\0\0"})
    assert declared(repo).dependencies == []


def test_line_of_a_name_is_not_a_longer_name() -> None:
    got = deps({"pyproject.toml": '[tool.poetry.dependencies]\ntorchvision = "0.16"\ntorch = "2.1"\n'})
    assert got["torch"][2] == 3 and got["torchvision"][2] == 2


def test_rye_and_pixi_lock_files() -> None:
    repo = RepoView.from_dict({"requirements-dev.lock": "x==1\n", "sub/pixi.lock": "version: 5\n"})
    assert declared(repo).lock_files == ["requirements-dev.lock", "sub/pixi.lock"]


@pytest.mark.parametrize(
    ("item", "pinned"),
    [
        ("numpy=1.26.4", True),
        ("numpy==1.26.4", True),
        ("numpy=1.26.4=py311_0", True),
        ("numpy 1.26.4", True),
        ("conda-forge::numpy=1.26.4", True),
        ("numpy=1.26", False),  # conda's single = is a prefix: any 1.26.x
        ("numpy==1.26", True),
        ("numpy=1.26=py311_0", True),
        ("numpy=1.26.*", False),
        ("numpy>=1.26", False),
        ("numpy<2", False),
        ("numpy", False),
    ],
)
def test_conda_pins(item: str, pinned: bool) -> None:
    env = f"name: env\ndependencies:\n  - {item}\n"
    got = deps({"conda_dependencies.yml": env})
    assert got["numpy"][1:] == ("conda_dependencies.yml", 3, pinned)


def test_conda_file_found_by_shape_not_name() -> None:
    files: dict[str, str | bytes] = {
        "ml/conda.yaml": "channels: [conda-forge]\ndependencies:\n  - pip:\n    - mlflow==2.9\n",
        "Chart.yaml": "name: app\ndependencies:\n  - name: redis\n    version: 1.0.0\n",
        "plugins.yml": "dependencies:\n  - auth\n",
        "compose.yml": "name: app\ndependencies: {a: 1}\n",
    }
    got = deps(files)
    assert got == {"mlflow": ("==2.9", "ml/conda.yaml", 4, True)}


def test_utf16_pip_freeze_is_read(make_repo: Any) -> None:
    """Windows ``pip freeze > requirements.txt`` writes UTF-16 with a byte order mark: still text."""
    freeze = "numpy==1.26.4\r\npandas==2.2.0\r\n".encode("utf-16")
    root = make_repo({"requirements.txt": freeze, "model.bin": b"\x00\x01binary"})
    repo = RepoView.open(root)
    assert [(d.name, d.pinned) for d in declared(repo).dependencies] == [("numpy", True), ("pandas", True)]
    assert repo.text("model.bin") is None


def test_dev_groups_and_tools_are_marked() -> None:
    pyproject = (
        '[project]\nname = "x"\ndependencies = ["torch>=2", "jupyterlab"]\n'
        '[project.optional-dependencies]\ntest = ["hypothesis"]\nserve = ["fastapi"]\n'
    )
    found = declared(RepoView.from_dict({"pyproject.toml": pyproject, "requirements-lint.txt": "x-check\n"}))
    dev = {d.name: d.dev for d in found.dependencies}
    assert dev == {"torch": False, "jupyterlab": True, "hypothesis": True, "fastapi": False, "x-check": True}
