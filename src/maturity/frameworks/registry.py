"""Where frameworks come from, loaded together with the catalog and the questions.

Sources, in order: the built-in ``frameworks/`` folder, folders in ``MATURITY_FRAMEWORKS_PATH``
(``os.pathsep``-separated), installed packages (entry-point group ``maturity.frameworks``: a folder,
a file, or a callable returning either or a list), then ``--frameworks-dir``. A folder may hold
frameworks (``scoring:``) and questionnaires (``questions:``). Ids must be unique; ``all`` is reserved.

A run assesses the frameworks chosen (``--framework``, ``frameworks:`` in the configuration), or, when
none is chosen, every framework whose ``default`` is true; ``all`` chooses every framework.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from maturity import _files
from maturity._resources import data_dir
from maturity.answers.models import Question, Questionnaire
from maturity.answers.questionnaire import load_questionnaire, merge_questions
from maturity.errors import FrameworkError
from maturity.frameworks.loader import CATALOG_FILE, load_catalog, load_framework
from maturity.frameworks.models import Catalog, LevelsFramework, PointsFramework, Practice

ENTRY_POINT_GROUP = "maturity.frameworks"
ENV_PATH = "MATURITY_FRAMEWORKS_PATH"
ALL = "all"  # --framework all: every framework, including those assessed only when selected

AnyFramework = LevelsFramework | PointsFramework


@dataclass(frozen=True)
class Library:
    """Everything that is data: the catalog, the frameworks, the questions."""

    catalog: Catalog
    frameworks: dict[str, AnyFramework]
    questions: dict[str, Question]
    origins: dict[str, str] = field(default_factory=dict)  # framework id -> file it came from
    # the questionnaires the questions came from, in order (to merge more questionnaires in)
    sources: list[tuple[Path, Questionnaire]] = field(default_factory=list, repr=False, compare=False)

    @property
    def practices(self) -> dict[str, Practice]:
        return {p.id: p for p in self.catalog.practices}

    def framework(self, fid: str) -> AnyFramework:
        if fid in self.frameworks:
            return self.frameworks[fid]
        for f in self.frameworks.values():
            if fid in f.aliases:
                return f
        known = ", ".join(sorted(self.frameworks))
        raise FrameworkError(f"unknown framework {fid!r} (known: {known})")

    def defaults(self) -> list[AnyFramework]:
        """The frameworks assessed when none is chosen (``default: false`` ones only when selected)."""
        return [f for f in self.frameworks.values() if f.default]

    def select(self, ids: Iterable[str]) -> list[AnyFramework]:
        """The chosen frameworks in the order given; none chosen: the defaults; ``all``: every one."""
        ids = list(ids)
        if not ids:
            return self.defaults()
        chosen: list[AnyFramework] = []
        for i in ids:
            for f in list(self.frameworks.values()) if i == ALL else [self.framework(i)]:
                if f not in chosen:
                    chosen.append(f)
        return chosen


def framework_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    dirs = [data_dir("frameworks")]
    for part in os.environ.get(ENV_PATH, "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()))
    dirs.extend(_entry_point_paths())
    dirs.extend(Path(d) for d in extra)
    return dirs


def _entry_point_paths() -> list[Path]:
    out: list[Path] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            value = obj() if callable(obj) else obj
        except Exception as exc:
            raise FrameworkError(f"framework plugin {ep.name!r} ({ep.value}) failed to load: {exc}") from exc
        items = value if isinstance(value, (list, tuple)) else [value]
        out.extend(Path(str(v)) for v in items)
    return out


def _kind(file: Path) -> str:
    """'framework', 'questionnaire' or 'other', from a cheap look at the top-level keys."""
    try:
        fd, _ = _files.open_regular(str(file))
        try:
            head = _files.read_fd(fd, 65536).decode("utf-8")
        finally:
            os.close(fd)
    except (OSError, UnicodeDecodeError):
        return "framework"  # let the loader report the problem with the file name
    keys = {line.split(":", 1)[0].strip() for line in head.splitlines() if line and line[0].isalpha()}
    if "scoring" in keys:
        return "framework"
    if "questions" in keys:
        return "questionnaire"
    return "other"


def load_library(
    extra_dirs: Iterable[str | Path] = (),
    extra_files: Iterable[str | Path] = (),
) -> Library:
    """Load and cross-check the catalog, every framework and every questionnaire.

    The shipped files are read once per installation (:func:`shipped_library`); frameworks and
    questionnaires from other folders, plugins and ``extra_files`` are read on every call.
    """
    shipped = shipped_library()
    practice_ids = {p.id for p in shipped.catalog.practices}
    framework_files: list[Path] = []
    questionnaire_files: list[Path] = []
    for d in framework_dirs(extra_dirs)[1:]:
        if d.is_file():
            framework_files.append(d)
            continue
        if not d.is_dir():
            raise FrameworkError("frameworks folder does not exist", file=d)
        found = _classify(d)
        framework_files.extend(found[0])
        questionnaire_files.extend(found[1])
    framework_files.extend(Path(f) for f in extra_files)
    if not framework_files and not questionnaire_files:
        return shipped
    loaded = [(f, load_questionnaire(f, practice_ids)) for f in questionnaire_files]
    questions = merge_questions([*shipped.sources, *loaded])
    frameworks = dict(shipped.frameworks)
    origins = dict(shipped.origins)
    _add_frameworks(framework_files, practice_ids, set(questions), frameworks, origins)
    return Library(catalog=shipped.catalog, frameworks=frameworks, questions=questions, origins=origins)


def shipped_library() -> Library:
    """The catalog, frameworks and questionnaires shipped with maturity, parsed and validated once per
    installation: cached in the user cache under a hash of the files (:mod:`maturity._cache`)."""
    from maturity._cache import cached, key_of

    frameworks_dir = data_dir("frameworks")
    framework_files, extra_questionnaires = _classify(frameworks_dir)
    questionnaire_files = sorted(data_dir("questionnaires").glob("*.yaml")) + extra_questionnaires
    files = [frameworks_dir / CATALOG_FILE, *questionnaire_files, *framework_files]
    return cached(key_of("library", files), lambda: _load_shipped(questionnaire_files, framework_files))


def _load_shipped(questionnaire_files: list[Path], framework_files: list[Path]) -> Library:
    catalog = load_catalog(data_dir("frameworks") / CATALOG_FILE)
    practice_ids = {p.id for p in catalog.practices}
    loaded = [(f, load_questionnaire(f, practice_ids)) for f in questionnaire_files]
    questions = merge_questions(loaded)
    frameworks: dict[str, AnyFramework] = {}
    origins: dict[str, str] = {}
    _add_frameworks(framework_files, practice_ids, set(questions), frameworks, origins)
    return Library(catalog, frameworks, questions, origins, sources=loaded)


def _classify(folder: Path) -> tuple[list[Path], list[Path]]:
    """The framework files and the questionnaire files of a folder (the catalog aside), sorted."""
    frameworks: list[Path] = []
    questionnaires: list[Path] = []
    for f in sorted(folder.glob("*.y*ml")):
        if f.name == CATALOG_FILE:
            continue
        kind = _kind(f)
        if kind == "framework":
            frameworks.append(f)
        elif kind == "questionnaire":
            questionnaires.append(f)
    return frameworks, questionnaires


def _add_frameworks(
    files: list[Path],
    practice_ids: set[str],
    question_ids: set[str],
    frameworks: dict[str, AnyFramework],
    origins: dict[str, str],
) -> None:
    for f in files:
        fw = load_framework(f, practice_ids, question_ids)
        if fw.id == ALL or ALL in fw.aliases:
            raise FrameworkError(f"{ALL!r} is reserved (--framework all selects every framework)", file=f)
        if fw.id in frameworks:
            raise FrameworkError(f"framework id {fw.id!r} is already defined in {origins[fw.id]}", file=f)
        frameworks[fw.id] = fw
        origins[fw.id] = str(f)
