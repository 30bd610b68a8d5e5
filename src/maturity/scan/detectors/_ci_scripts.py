"""What a Python program that CI runs does, read from its code with ``ast`` (each file parsed once per view).

A CI line ``python build/utils.py --mode deploy-model`` or ``run-pipeline --module-name pipelines.x.pipeline``
says little by itself; the program's calls say what it does: ``endpoint.deploy(model=...)`` deploys a model,
``pipeline.upsert(...)`` publishes a pipeline definition, ``aiplatform.PipelineJob(...).submit()`` runs one.
When an argument names one of the program's functions (``--mode deploy-model`` -> ``def deploy_model``),
only that function (and the module functions it calls) is read.
"""

from __future__ import annotations

import ast
import posixpath
import re
import weakref
from dataclasses import dataclass

from maturity.scan.parsers import pyast
from maturity.scan.repo import RepoView

DEPLOY, PIPELINE, RUN, COMPILE = "deploy", "pipeline", "run", "compile"
MAX_BYTES = 400_000


Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Effect:
    kind: str  # DEPLOY, PIPELINE (publishes a pipeline definition), RUN (runs a pipeline), COMPILE
    path: str
    line: int
    call: str  # what was found, e.g. "endpoint.deploy(model=...)"


_DEPLOY_ATTRS = frozenset(
    {"create_endpoint", "update_endpoint", "deploy_model", "deploy_from_model", "deploy_from_image",
     "create_deployment", "update_deployment"}
)  # fmt: skip
_PUBLISH_ATTRS = frozenset(
    {"upsert", "publish_pipeline", "upload_pipeline", "upload_pipeline_version", "create_recurring_run",
     "create_schedule"}
)  # fmt: skip
_RUN_ATTRS = frozenset({"create_run_from_pipeline_func", "create_run_from_pipeline_package"})
_PUBLISH_KW = frozenset({"name", "description", "version", "continue_on_step_failure"})
_COMPILE_NAME = re.compile(r"compile\w*pipeline|pipeline\w*compile", re.IGNORECASE)
_DAG_RUNNERS = frozenset({"KubeflowV2DagRunner", "KubeflowDagRunner"})
_TRAINING = re.compile(r"train|estimator|(?<![a-z])fit(?![a-z])|tuning|tuner|automl", re.IGNORECASE)


def program(repo: RepoView, words: list[str], base: str, cwd: str) -> str | None:
    """The repository Python file a command (split in words) runs: ``python x.py``, ``python -m pkg.mod``
    or a console script declared in setup.py/pyproject.toml; None when it runs nothing of the repository."""
    if not words:
        return None
    if words[0] in ("python", "py") and len(words) > 1:
        rest = [w for w in words[1:] if w not in ("-u", "-O", "-B")]
        if rest[:1] == ["-m"] and len(rest) > 1:
            return _module(repo, rest[1], base, cwd)
        return near(repo, base, cwd, rest[0]) if rest and rest[0].endswith(".py") else None
    candidates = console_scripts(repo).get(words[0], [])
    closest = sorted(candidates, key=lambda p: -len(posixpath.commonpath([p, base])) if base else 0)
    return closest[0] if closest else None


def near(repo: RepoView, base: str, cwd: str, name: str) -> str | None:
    name = name.strip("'\"").removeprefix("./")
    if not name or name.startswith(("$", "/", "-")):
        return None
    for folder in (posixpath.join(base, cwd), base, cwd, ""):
        candidate = posixpath.normpath(posixpath.join(folder, name)) if folder else posixpath.normpath(name)
        if repo.exists(candidate):
            return candidate
    return None


def _module(repo: RepoView, dotted: str, base: str, cwd: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z_]\w*(?:\.\w+)+|[A-Za-z_]\w*", dotted):
        return None
    stem = dotted.replace(".", "/")
    for name in (f"{stem}.py", f"{stem}/__main__.py", f"src/{stem}.py"):
        found = near(repo, base, cwd, name)
        if found:
            return found
    return None


_ENTRY = re.compile(r"['\"]\s*([\w.-]+)\s*=\s*([\w.]+)\s*:\s*\w+")


def console_scripts(repo: RepoView) -> dict[str, list[str]]:
    """Console script name -> the files it runs, from setup.py ``entry_points`` and pyproject
    ``[project.scripts]`` (``run-pipeline=pipelines.run_pipeline:main`` -> ``pipelines/run_pipeline.py``)."""
    if repo in _SCRIPTS:
        return _SCRIPTS[repo]
    out: dict[str, list[str]] = {}
    for setup in repo.named("setup.py"):
        text = repo.text(setup) or ""
        for name, target in _ENTRY.findall(text) if "console_scripts" in text else []:
            _add(repo, out, name, setup, target)
    for pyproject in repo.named("pyproject.toml"):
        project = (repo.toml(pyproject) or {}).get("project")
        scripts = project.get("scripts") if isinstance(project, dict) else None
        for name, target in scripts.items() if isinstance(scripts, dict) else []:
            if isinstance(target, str) and ":" in target:
                _add(repo, out, name, pyproject, target.split(":")[0].strip())
    _SCRIPTS[repo] = out
    return out


def _add(repo: RepoView, out: dict[str, list[str]], name: str, manifest: str, module: str) -> None:
    folder = posixpath.dirname(manifest)
    found = _module(repo, module, folder, "")
    if found:
        out.setdefault(name, []).append(found)


def effects(repo: RepoView, path: str, args: list[str]) -> list[Effect]:
    """The effects of running ``path`` with ``args`` (deploys, publishes or runs a pipeline, compiles one)."""
    tree = _parse(repo, path)
    if tree is None:
        return []
    functions = {f.name: f for f in tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    chosen = [functions[a] for a in (w.strip("'\"").replace("-", "_") for w in args) if a in functions]
    if chosen:
        scope = [*chosen, *_callees(chosen, functions)]
        calls = [n for root in scope for n in ast.walk(root) if isinstance(n, ast.Call)]
    else:
        calls = [n for n in _nodes(repo, path) if isinstance(n, ast.Call)]
    found = [e for call in calls if (e := _effect(call, path)) is not None]
    names = {_name(c.func) for c in calls}
    if "PipelineJob" in names and names & {"submit", "run"}:
        line = next(c.lineno for c in calls if _name(c.func) == "PipelineJob")
        found.append(Effect(RUN, path, line, "aiplatform.PipelineJob(...).submit()"))
    if any(e.call.endswith(".upsert(...)") for e in found) and "start" in names:
        line = next(c.lineno for c in calls if _name(c.func) == "start")
        found.append(Effect(RUN, path, line, "pipeline.start()"))
    return found


def trains(repo: RepoView, path: str, args: list[str], base: str, cwd: str) -> bool:
    """Whether the program, or a module or file its arguments name, defines or starts training (modules are
    looked up from the CI config's folder and from the program's own package folders)."""
    roots = [base, *_ancestors(path)]
    named = [
        next((p for r in roots if (p := _module(repo, a, r, cwd) or near(repo, r, cwd, a))), None)
        for a in args
    ]
    paths = [path] + [p for p in named if p]
    return any(_defines_training(repo, p) for p in paths)


def _defines_training(repo: RepoView, path: str) -> bool:
    """A name in the file (function, class, attribute or variable) speaks of training (once per file)."""
    cache = _TRAINS.setdefault(repo, {})
    if path not in cache:
        cache[path] = any(_TRAINING.search(_name(n)) for n in _nodes(repo, path) if _named(n))
    return cache[path]


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), max(len(parts) - 3, 0), -1)]


def _named(node: ast.AST) -> bool:
    return isinstance(node, (ast.Name, ast.Attribute, ast.FunctionDef, ast.ClassDef))


def _effect(call: ast.Call, path: str) -> Effect | None:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    attr, kwargs = func.attr, {k.arg for k in call.keywords if k.arg}
    shown = f"{_name(func.value)}.{attr}(...)"
    if attr == "deploy" and (call.args or call.keywords):
        return Effect(DEPLOY, path, call.lineno, shown)
    if attr in _DEPLOY_ATTRS or (attr == "begin_create_or_update" and _deployment_target(func.value)):
        return Effect(DEPLOY, path, call.lineno, shown)
    pipeline_like = "pipeline" in shown.lower()
    if attr == "upsert" and not ("role_arn" in kwargs or pipeline_like):
        return None  # a vector store's index.upsert(vectors=...) is not a SageMaker pipeline
    if attr in _PUBLISH_ATTRS or (attr == "publish" and (kwargs & _PUBLISH_KW or pipeline_like)):
        return Effect(PIPELINE, path, call.lineno, shown)
    if attr in _RUN_ATTRS:
        return Effect(RUN, path, call.lineno, shown)
    if (attr == "compile" and _name(func.value) == "Compiler") or _COMPILE_NAME.search(attr):
        return Effect(COMPILE, path, call.lineno, shown)
    if attr == "run" and _name(func.value) in _DAG_RUNNERS:
        return Effect(COMPILE, path, call.lineno, f"{_name(func.value)}(...).run(...)")
    return None


def _deployment_target(node: ast.expr) -> bool:
    return _name(node) in ("online_deployments", "online_endpoints", "batch_deployments", "batch_endpoints")


def _callees(roots: list[Function], functions: dict[str, Function]) -> list[ast.AST]:
    called = {_name(n.func) for r in roots for n in ast.walk(r) if isinstance(n, ast.Call)}
    return [functions[c] for c in called if c in functions and functions[c] not in roots]


def _name(node: ast.AST) -> str:
    """The last name of a call target or receiver: ``a.b.C(...)`` -> ``C``, ``x.y`` -> ``y``."""
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return node.name
    return ""


def _parse(repo: RepoView, path: str) -> ast.Module | None:
    """The file's tree (parsed once per view by :mod:`~maturity.scan.parsers.pyast`) when it is a .py file
    under :data:`MAX_BYTES`."""
    mod = _parsed(repo, path)
    return mod.tree if mod is not None else None


def _nodes(repo: RepoView, path: str) -> list[ast.AST]:
    """Every node of the file's tree (walked once per view), or none."""
    mod = _parsed(repo, path)
    return mod.nodes if mod is not None else []


def _parsed(repo: RepoView, path: str) -> pyast.PyModule | None:
    if not path.endswith(".py") or len(repo.text(path) or "") >= MAX_BYTES:
        return None
    return pyast.module(repo, path)


_TRAINS: weakref.WeakKeyDictionary[RepoView, dict[str, bool]] = weakref.WeakKeyDictionary()
_SCRIPTS: weakref.WeakKeyDictionary[RepoView, dict[str, list[str]]] = weakref.WeakKeyDictionary()
