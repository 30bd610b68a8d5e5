"""AWS infrastructure code (CloudFormation/SAM, CDK in Python and TypeScript) read once per view.

``model(repo)`` parses every candidate file once and caches the result per :class:`RepoView`: templates
are YAML/JSON files holding a ``Resources`` mapping of ``AWS::`` types (any file name), CDK Python is
every file importing ``aws_cdk``, CDK TypeScript the ``.ts``/``.js`` files of a CDK app (a folder with
``cdk.json``). Test folders, ``.github/`` and synthesized output (``cdk.out``) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from maturity.scan.parsers.aws import cdk_py, cdk_ts, cfn
from maturity.scan.parsers.aws.model import Res, Scope
from maturity.scan.paths import TEST_DATA_DIRS
from maturity.scan.repo import RepoView

__all__ = ["AwsModel", "Res", "Scope", "model"]


@dataclass
class AwsModel:
    scopes: list[Scope] = field(default_factory=list)
    cdk_apps: list[str] = field(default_factory=list)  # cdk.json files

    def resources(self, *types: str) -> list[Res]:
        """Every resource of ``types`` (of any type when none is given) once; a CDK construct can sit in
        several scopes."""
        seen: dict[tuple[str, int, str, str], Res] = {}
        for scope in self.scopes:
            for r in scope.resources:
                if r.type in types or not types:
                    seen.setdefault((r.path, r.line, r.type, r.id), r)
        return sorted(seen.values(), key=lambda r: (r.path, r.line))


def _kept(path: str) -> bool:
    parts = path.lower().split("/")
    if parts[0] == ".github" or {"cdk.out", "node_modules"} & set(parts) or TEST_DATA_DIRS & set(parts[:-1]):
        return False
    name = parts[-1]
    return not (name.startswith("test_") or name.endswith(("_test.py", ".test.ts", ".spec.ts", ".d.ts")))


_JSON_NAMES = re.compile(r"template|stack|cfn|cloudformation|sam|pipeline|infra", re.IGNORECASE)


def _template_name(path: str) -> bool:
    """Every YAML file is looked at (a cheap test first); JSON only when named like a template."""
    return not path.lower().endswith(".json") or bool(_JSON_NAMES.search(path))


def _ts_files(repo: RepoView, apps: list[str]) -> list[str]:
    roots = {a.rsplit("/", 1)[0] + "/" if "/" in a else "" for a in apps}
    files = repo.with_suffix(*cdk_ts.SUFFIXES)
    return [f for f in files if _kept(f) and any(f.startswith(r) for r in roots)]


def model(repo: RepoView) -> AwsModel:
    """The AWS resources the repository declares (cached per view)."""
    if repo in _CACHE:
        return _CACHE[repo]
    apps = [p for p in repo.named("cdk.json") if _kept(p)]
    found = AwsModel(cdk_apps=apps)
    templates = [f for f in repo.with_suffix(*cfn.SUFFIXES) if _kept(f) and _template_name(f)]
    found.scopes.extend(cfn.scopes(repo, templates))
    python = sorted({i.path for i in repo.imports.get("aws_cdk", []) if i.path.endswith(".py")})
    found.scopes.extend(cdk_py.scopes(repo, [p for p in python if _kept(p)]))
    found.scopes.extend(cdk_ts.scopes(repo, _ts_files(repo, apps)))
    _CACHE[repo] = found
    return found


_CACHE: WeakKeyDictionary[RepoView, AwsModel] = WeakKeyDictionary()
