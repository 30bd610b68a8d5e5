"""Are the project's own dependencies pinned? One verdict per RepoView, shared by pinning and reproducibility.

The project's own dependency files are the manifests outside documentation, examples, samples, tutorials,
contrib, tests and dev containers, and outside logged MLflow models (a folder with an ``MLmodel`` file holds
the environment a model was logged with). When those are all there is, they are judged anyway.

Manifests are grouped by folder (a ``requirements/``, ``env/`` or ``conda/`` folder belongs to its
parent): a group is a project or sub-project. A group is pinned when a lock file covers it or when nearly
all (90%) of its runtime dependencies are pinned to exact versions; development tools (test, lint, docs
files or groups, linters, notebook front ends) are left out unless a group declares nothing else.

- When the scanned folder itself declares runtime dependencies or holds a lock file, that group decides:
  pinned is ``present``, mostly pinned (75%) ``partial``, anything less ``absent``.
- Otherwise the repository is a collection of sub-projects: ``present`` when at least half of them are
  pinned, else ``absent``.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from maturity.scan.detectors._tools import is_test_path
from maturity.scan.models import Outcome, Proof
from maturity.scan.parsers.requirements import Dependency, declared
from maturity.scan.repo import RepoView

DET = "deps.pinning"
PINNED_SHARE = 0.9
MOSTLY_SHARE = 0.75
NOT_OWN = frozenset(
    {"docs", "doc", "documentation", "examples", "example", "samples", "sample", "tutorials", "tutorial"}
    | {"contrib", ".devcontainer"}
)
MANIFEST_DIRS = frozenset({"requirements", "requirements.d", "reqs", "env", "envs", "conda", "environment"})
_CACHE: weakref.WeakKeyDictionary[RepoView, Verdict] = weakref.WeakKeyDictionary()


@dataclass
class Group:
    """The dependency declarations and lock files of one folder (a project or sub-project)."""

    folder: str
    deps: list[Dependency] = field(default_factory=list)
    locks: list[str] = field(default_factory=list)

    @property
    def runtime(self) -> list[Dependency]:
        return [d for d in self.deps if not d.dev] or self.deps

    @property
    def share(self) -> float:
        deps = self.runtime
        return sum(d.pinned for d in deps) / len(deps) if deps else 0.0

    @property
    def pinned(self) -> bool:
        return bool(self.locks) or (bool(self.runtime) and self.share >= PINNED_SHARE)

    @property
    def dev_only(self) -> bool:
        return not self.locks and all(d.dev for d in self.deps)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    message: str
    proofs: list[Proof]
    declared: int = 0
    unpinned: int = 0


def verdict(repo: RepoView) -> Verdict:
    """Whether the project's own dependencies are locked or pinned (cached per view)."""
    if repo not in _CACHE:
        _CACHE[repo] = _judge(repo)
    return _CACHE[repo]


def _judge(repo: RepoView) -> Verdict:
    groups = _groups(repo)
    if not groups:
        return Verdict(Outcome.unknown, "no dependency declarations found", [])
    top = groups.get(repo.subdir or "") or groups.get("")
    if top is not None and (top.locks or any(not d.dev for d in top.deps)):
        return _project(top)
    voters = [g for g in groups.values() if not g.dev_only] or list(groups.values())
    return _project(voters[0]) if len(voters) == 1 else _collection(voters)


def _groups(repo: RepoView) -> dict[str, Group]:
    decl = declared(repo)
    mlflow_models = {PurePosixPath(p).parent.as_posix() for p in repo.named("MLmodel")}

    def own(path: str) -> bool:
        parts = PurePosixPath(path).parts[:-1]
        return not (is_test_path(path) or NOT_OWN & set(parts) or "/".join(parts) in mlflow_models)

    deps, locks = decl.dependencies, decl.lock_files
    if any(own(d.path) for d in deps) or any(own(f) for f in locks):
        deps, locks = [d for d in deps if own(d.path)], [f for f in locks if own(f)]
    groups: dict[str, Group] = {}
    for d in deps:
        folder = _folder(d.path)
        groups.setdefault(folder, Group(folder)).deps.append(d)
    for f in locks:
        folder = _folder(f)
        groups.setdefault(folder, Group(folder)).locks.append(f)
    return groups


def _folder(path: str) -> str:
    parent = PurePosixPath(path).parent
    if parent.name.lower() in MANIFEST_DIRS:
        parent = parent.parent
    return "" if str(parent) == "." else parent.as_posix()


def _project(g: Group) -> Verdict:
    deps = g.runtime
    loose = [d for d in deps if not d.pinned]
    if g.locks:
        proofs = [Proof(path=f, detector=DET, detail="lock file") for f in g.locks[:6]]
        return Verdict(Outcome.present, f"lock file: {', '.join(g.locks[:3])}", proofs, len(deps), len(loose))
    counted = f"{len(deps) - len(loose)} of {len(deps)} runtime dependencies pinned to exact versions"
    if not loose:
        proofs = _manifests(deps)
        return Verdict(Outcome.present, f"all {len(deps)} runtime dependencies pinned", proofs, len(deps), 0)
    example = f"{loose[0].name}{loose[0].spec or ' (any version)'} in {loose[0].path}"
    proofs = [_proof(d) for d in loose[:8]]
    if g.share >= PINNED_SHARE:
        return Verdict(Outcome.present, f"{counted} (not {example})", _manifests(deps), len(deps), len(loose))
    if g.share >= MOSTLY_SHARE:
        why = f"mostly pinned: {counted}; e.g. {example} is not"
        return Verdict(Outcome.partial, why, proofs, len(deps), len(loose))
    why = f"not pinned: only {counted} (e.g. {example}) and no lock file"
    return Verdict(Outcome.absent, why, [], len(deps), len(loose))


def _collection(groups: list[Group]) -> Verdict:
    pinned = sorted((g for g in groups if g.pinned), key=lambda g: g.folder)
    deps = [d for g in groups for d in g.runtime]
    loose = sum(1 for d in deps if not d.pinned)
    counted = f"{len(pinned)} of {len(groups)} sub-projects lock or pin their dependencies"
    if pinned and 2 * len(pinned) >= len(groups):
        proofs = [Proof(path=f, detector=DET, detail="lock file") for g in pinned for f in g.locks[:1]]
        proofs += _manifests([d for g in pinned if not g.locks for d in g.runtime])
        return Verdict(Outcome.present, counted, proofs[:8], len(deps), loose)
    shown = ", ".join(g.folder or "." for g in groups if not g.pinned)
    why = f"only {counted}; unpinned: {shown[:160]}"
    return Verdict(Outcome.absent, why, [], len(deps), loose)


def _manifests(deps: list[Dependency]) -> list[Proof]:
    """One proof per manifest: its first pinned dependency."""
    first: dict[str, Dependency] = {}
    for d in deps:
        if d.pinned:
            first.setdefault(d.path, d)
    return [_proof(d) for d in list(first.values())[:8]]


def _proof(d: Dependency) -> Proof:
    return Proof(path=d.path, line=d.line, detector=DET, detail=f"{d.name}{d.spec or ' (any version)'}")
