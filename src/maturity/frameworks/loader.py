"""Load and validate the practice catalog and framework files.

Every problem is a :class:`FrameworkError` located at FILE:LINE with the field path; nothing here
raises a traceback at a user. Cross-references (practice ids, question ids) are checked against the
catalog and the questionnaires when they are given.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter

from maturity import _yaml
from maturity.errors import FrameworkError
from maturity.frameworks.models import Catalog, Framework, LevelsFramework, PointsFramework

FRAMEWORK_ADAPTER: TypeAdapter[LevelsFramework | PointsFramework] = TypeAdapter(Framework)
CATALOG_ADAPTER: TypeAdapter[Catalog] = TypeAdapter(Catalog)
CATALOG_FILE = "practices.yaml"


def load_catalog(file: Path) -> Catalog:
    catalog, node = _yaml.load(file, CATALOG_ADAPTER, FrameworkError)
    ids = {p.id for p in catalog.practices}
    for i, p in enumerate(catalog.practices):
        for j, req in enumerate(p.requires):
            if req not in ids:
                raise FrameworkError(
                    f"unknown practice {req!r}",
                    file=file,
                    line=_yaml.line_for(node, ("practices", i, "requires", j)),
                    field=f"practices.{i}.requires.{j}",
                )
    return catalog


def load_framework(
    file: Path,
    practices: Collection[str] | None = None,
    questions: Collection[str] | None = None,
) -> LevelsFramework | PointsFramework:
    """Read, validate and cross-check one framework file."""
    text = _yaml.read_text(file, FrameworkError)
    return load_framework_text(text, file, practices, questions)


def load_framework_text(
    text: str,
    file: str | Path = "<string>",
    practices: Collection[str] | None = None,
    questions: Collection[str] | None = None,
) -> LevelsFramework | PointsFramework:
    data, node = _yaml.parse(text, file, FrameworkError)
    if not isinstance(data, dict):
        raise FrameworkError("a framework file is a mapping (id, name, scoring, ...)", file=file, line=1)
    framework = _yaml.validate(FRAMEWORK_ADAPTER, data, node, file, FrameworkError)
    check_references(framework, data, node, file, practices, questions)
    return framework


def check_references(
    framework: LevelsFramework | PointsFramework,
    data: dict[str, Any],
    node: yaml.Node | None,
    file: str | Path,
    practices: Collection[str] | None,
    questions: Collection[str] | None,
) -> None:
    """Every practice and question a criterion names must exist."""
    if isinstance(framework, LevelsFramework):
        groups = [("levels", i, "criteria", lv.criteria) for i, lv in enumerate(framework.levels)]
    else:
        groups = [("sections", i, "items", s.items) for i, s in enumerate(framework.sections)]
    for top, i, key, criteria in groups:
        for j, crit in enumerate(criteria):
            for kind, known, refs in (
                ("practice", practices, crit.practices),
                ("question", questions, crit.questions),
            ):
                if known is None:
                    continue
                for k, ref in enumerate(refs):
                    if ref not in known:
                        loc = (top, i, key, j, f"{kind}s", k)
                        raise FrameworkError(
                            f"unknown {kind} {ref!r} (criterion {crit.id})",
                            file=file,
                            line=_yaml.line_for(node, loc),
                            field=".".join(map(str, loc)),
                        )
