"""Kinds of declared dependencies: development tools, and snapshots of a whole environment.

Development tools are not what the project runs on.

A dependency is a development tool when its manifest or group is named for development (a test, dev,
lint, docs, typing, CI or build file or group: ``requirements-test.txt``, ``requirements/docs.txt``,
``ci_dependencies.yml``, ``[project.optional-dependencies] dev``), or when it is a known test runner,
linter, formatter, documentation builder, notebook front end or packaging tool.

A snapshot (``pip freeze``, ``conda env export``, ``poetry export``, pip-compile output) lists every
installed package, direct or not, each at one exact version: it works as a lock file, and a package it
lists was installed, not chosen. A requirements or conda file is a snapshot when all of at least 15 entries
are pinned and at least 4 of them are packages nobody declares directly (certifi, idna, urllib3, six...).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

DEV_NAME = re.compile(
    r"(?i)(^|[-_.])(tests?|testing|dev|devel|develop|development|lint|linting|docs?|style|format|ci|typing"
    r"|build)([-_.]|$)"
)
DEV_TOOLS = frozenset(
    (
        *("pytest", "pytest-cov", "pytest-mock", "pytest-xdist", "pytest-split", "pytest-asyncio"),
        *("coverage", "tox", "nox", "hypothesis", "pre-commit", "bandit"),
        *("black", "isort", "ruff", "flake8", "pylint", "mypy", "pyright", "yapf", "autopep8"),
        *("pycodestyle", "pydocstyle", "pyflakes"),
        *("sphinx", "sphinx-rtd-theme", "furo", "myst-parser", "nbsphinx", "jupyter-book"),
        *("mkdocs", "mkdocs-material", "mkdocstrings"),
        *("jupyter", "jupyterlab", "notebook", "ipykernel", "ipython", "ipywidgets", "nbconvert"),
        *("nbformat", "nbstripout"),
        *("twine", "wheel", "setuptools", "pip", "build", "bump2version", "commitizen"),
    )
)


def is_dev_file(path: str) -> bool:
    """A manifest of development tools (``requirements-test.txt``, ``requirements/docs.txt``...)."""
    return is_dev_group(PurePosixPath(path).stem.lower().removeprefix("requirements"))


def is_dev_group(name: str) -> bool:
    """A dependency group named for development (``dev``, ``test``, ``docs``, ``lint``...)."""
    return bool(DEV_NAME.search(name.lower()))


def is_dev_tool(name: str) -> bool:
    """A normalised package name of a development tool."""
    return name in DEV_TOOLS


# packages that arrive as dependencies of others: a list holding several of them is a snapshot
TRANSITIVE = frozenset(
    (
        *("certifi", "idna", "urllib3", "charset-normalizer", "chardet", "six", "packaging"),
        *("python-dateutil", "pytz", "tzdata", "typing-extensions", "attrs", "pyparsing", "markupsafe"),
        *("wrapt", "zipp", "importlib-metadata", "cffi", "pycparser"),
    )
)
SNAPSHOT_MIN = 15


def is_snapshot(names: list[str], pinned: list[bool]) -> bool:
    """A list of packages (normalised names, pinned or not) that records a whole environment."""
    return len(names) >= SNAPSHOT_MIN and all(pinned) and len(TRANSITIVE.intersection(names)) >= 4
