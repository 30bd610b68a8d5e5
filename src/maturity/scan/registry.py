"""Detectors: what they are, and the one place where the built-in ones are listed.

A detector proves practices, never scores. It declares the practice ids it can speak about and a
function ``detect(repo) -> Iterable[Finding]``. Built-ins are listed explicitly in ``builtin()``;
third parties add detectors through the entry-point group ``maturity.detectors`` (an object, a
list of objects, or a callable returning either).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points

from maturity.scan.models import Finding
from maturity.scan.repo import RepoView

DetectFn = Callable[[RepoView], Iterable[Finding]]

ENTRY_POINT_GROUP = "maturity.detectors"

# area modules, in the order their findings are listed; each exports DETECTORS
BUILTIN_MODULES = (
    "maturity.scan.detectors.vcs",
    "maturity.scan.detectors.ci",
    "maturity.scan.detectors.tests",
    "maturity.scan.detectors.validation",
    "maturity.scan.detectors.datachecks",
    "maturity.scan.detectors.training",
    "maturity.scan.detectors.dataprep",
    "maturity.scan.detectors.mlsdk",
    "maturity.scan.detectors.quality",
    "maturity.scan.detectors.deps",
    "maturity.scan.detectors.containers",
    "maturity.scan.detectors.versioning",
    "maturity.scan.detectors.tracking",
    "maturity.scan.detectors.orchestration",
    "maturity.scan.detectors.serving",
    "maturity.scan.detectors.deployment",
    "maturity.scan.detectors.monitoring",
    "maturity.scan.detectors.features",
    "maturity.scan.detectors.iac",
    "maturity.scan.detectors.platforms",
    "maturity.scan.detectors.platforms_cloud",
    "maturity.scan.detectors.platforms_mlrun",
    "maturity.scan.detectors.platforms_iac",
    "maturity.scan.detectors.platforms_k8s",
    "maturity.scan.detectors.aws",
    "maturity.scan.detectors.docs",
)


@dataclass(frozen=True)
class Detector:
    """A small, declarative evidence collector.

    ``id`` is ``area.tool_or_signal``; ``practices`` lists what it can prove; ``inputs`` describes
    the files it reads (globs, for docs and ``maturity explain``); ``summary`` is one line.
    """

    id: str
    practices: tuple[str, ...]
    summary: str
    detect: DetectFn
    inputs: tuple[str, ...] = field(default=())
    limits: str = ""


def detector(
    id: str, practices: Iterable[str], summary: str, inputs: Iterable[str] = (), limits: str = ""
) -> Callable[[DetectFn], Detector]:
    """Decorator: turn a function into a :class:`Detector` (no registration side effect).

    ``limits`` says honestly what the detector cannot see (it is published in the docs).
    """

    def wrap(fn: DetectFn) -> Detector:
        return Detector(
            id=id, practices=tuple(practices), summary=summary, detect=fn, inputs=tuple(inputs), limits=limits
        )

    return wrap


def builtin() -> list[Detector]:
    """The built-in detectors, in a stable order."""
    detectors: list[Detector] = []
    for name in BUILTIN_MODULES:
        detectors.extend(import_module(name).DETECTORS)
    return detectors


def plugins() -> tuple[list[Detector], list[str]]:
    """Detectors from installed plugins, and an error line for each plugin that failed to load."""
    found: list[Detector] = []
    errors: list[str] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
            if callable(obj) and not isinstance(obj, Detector):
                obj = obj()
            items = obj if isinstance(obj, (list, tuple)) else [obj]
            for item in items:
                if not isinstance(item, Detector):
                    raise TypeError(f"{item!r} is not a maturity Detector")
                found.append(item)
        except Exception as exc:  # a broken plugin is reported, never fatal
            errors.append(f"detector plugin {ep.name!r} ({ep.value}) failed to load: {exc}")
    return found, errors


def all_detectors() -> tuple[list[Detector], list[str]]:
    extra, errors = plugins()
    return builtin() + extra, errors
