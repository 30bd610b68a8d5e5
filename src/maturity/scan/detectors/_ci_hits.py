"""Every CI command classified once per view: what it does, by its own words or through what it calls.

A command counts by its words (``pytest``, ``kubectl apply``), through a make target, a repository script,
another CI config or a job spec it submits (``indirect``), or through the code of a Python program of the
repository it runs (``_ci_scripts``): ``python build/utils.py --mode deploy-model`` deploys when that function
calls ``endpoint.deploy(...)``. Commands in a step or job named as a test that run repository code are
scripted tests, and so are smoke trainings (tiny arguments such as ``--epochs 1``, or a test-named step).
"""

from __future__ import annotations

import posixpath
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace

from maturity.scan.detectors import _ci_scripts as scripts
from maturity.scan.detectors._commands import Kind, indirect, kinds, script_path, segments
from maturity.scan.models import Proof
from maturity.scan.parsers.ci import github, workflows
from maturity.scan.parsers.ci.model import Command, Job, Workflow, covers, first_doc
from maturity.scan.repo import RepoView

# a step or job that declares itself a test
TEST_NAME = re.compile(r"(?:^|[^a-z])(?:tests?|testing|smoke|e2e|integration)(?:[^a-z]|$)", re.IGNORECASE)
# steps that prepare a test run rather than run it, and programs that prepare rather than test
PREPARING = re.compile(
    r"^\s*(?:install|setup|set up|build|lint|upload|download|cache|prepare|configure)", re.I
)
_NOT_TESTS = re.compile(r"(?:^|/)(?:setup|install|download|prepare|build|generate|upload)[\w-]*\.(?:py|sh)$")
SMOKE_NAME = re.compile(
    r"(?:^|[^a-z])(?:tests?|testing|smoke|e2e|integration|checks?)(?:[^a-z]|$)", re.IGNORECASE
)
# training arguments that make a run a smoke test: one epoch/step, tiny images, dry runs, data limits
TINY = re.compile(
    r"(?:^|\s)(?:--?)?(?:[\w-]+\.)*(?:(?:num|max|n)[_-]?)?(?:epochs?|steps|iters?|iterations|train[_-]steps)"
    r"[=\s]+['\"]?[0-2](?![\w.])"
    r"|--?(?:img|imgsz|img[_-]size|image[_-]size)[=\s]+(?:[1-9]|[1-5]\d|6[0-4])(?!\d)"
    r"|fast[_-]dev[_-]run|--smoke\b|--dry[_-]run\b|--limit\b|limit_(?:train|val)_batches",
    re.IGNORECASE,
)
# commands that generate a project from a template
GENERATES = re.compile(r"^(?:cookiecutter|cruft\s+create|copier\s+(?:copy|run)|kedro\s+new)\b")
_EFFECT_KINDS = {scripts.DEPLOY: Kind.deploy, scripts.PIPELINE: Kind.pipeline, scripts.COMPILE: Kind.compile}


@dataclass(frozen=True)
class Hit:
    """A command of a given kind in a CI job, maybe reached through a make target, a script or a program."""

    workflow: Workflow
    job: Job
    path: str
    line: int
    text: str
    step: str = ""
    note: str = ""  # what a called program does ("build/utils.py:112 calls endpoint.deploy(...)")
    index: int = 0  # position of the command in its job (a compile before an upload)

    @property
    def triggers(self) -> set[str]:
        return self.workflow.job_triggers(self.job)

    def proof(self, detector_id: str, what: str) -> Proof:
        via = "" if self.path == self.workflow.path else f" (via {self.workflow.path}, job {self.job.name})"
        note = f"; {self.note}" if self.note else ""
        detail = f"{what}: {self.text[:100]}{note} [{self.workflow.system}, job {self.job.name}]{via}"
        return Proof(path=self.path, line=self.line or None, detector=detector_id, detail=detail)


Entry = tuple[Hit, Kind]


def hits(repo: RepoView, kind: Kind) -> list[Hit]:
    """Every CI command of ``kind`` (the first way it does so), following what it calls."""
    out: list[Hit] = []
    for group in classified(repo):
        out.extend([h for h, k in group if k == kind][:1])
    return out


def classified(repo: RepoView) -> list[list[Entry]]:
    """For each CI command that concerns the scanned project, every (hit, kind) it produces (cached)."""
    if repo not in _CACHE:
        _CACHE[repo] = [
            group
            for wf in workflows(repo)
            for job in wf.jobs
            for index, cmd in enumerate(job.commands)
            if covers(wf, cmd, repo.subdir) and (group := _entries(repo, wf, job, cmd, index))
        ]
    return _CACHE[repo]


def is_smoke(hit: Hit) -> bool:
    """A training run as a test: tiny arguments, a step or job named test/smoke/check, or a job that first
    generates a project from a template (the run tests the template, it does not produce a model)."""
    if TINY.search(hit.text) or SMOKE_NAME.search(hit.step) or SMOKE_NAME.search(hit.job.name):
        return True
    return any(GENERATES.match(c.text) for c in hit.job.commands)


def _entries(repo: RepoView, wf: Workflow, job: Job, cmd: Command, index: int) -> list[Entry]:
    source = cmd.path or wf.path
    base = github.project_root(wf.path) if wf.system == "GitHub Actions" else posixpath.dirname(source)
    own = Hit(wf, job, source, cmd.line, cmd.text, cmd.step, "", index)
    out: list[Entry] = [(own, k) for k in kinds(cmd.text)]
    found, ran = _programs(repo, own, base, cmd.cwd)
    out.extend(found)
    # a repository shell script is a program too ("Run tests: ./run_examples.sh")
    ran = ran or next((p for seg in segments(cmd.text) if (p := script_path(repo, seg, base, cmd.cwd))), "")
    if _scripted_test(ran, cmd.step or job.name) and all(k != Kind.tests for _, k in out):
        out.append((replace(own, note=f"scripted test: {ran} in '{cmd.step or job.name}'"), Kind.tests))
    for path, line, text in indirect(repo, cmd.text, base, cwd=cmd.cwd):
        hit = Hit(wf, job, path, line, text, cmd.step, "", index)
        out.extend((hit, k) for k in kinds(text))
        out.extend(_programs(repo, hit, posixpath.dirname(path), "")[0])
    smoke = [
        (replace(h, note="smoke training run as a test"), Kind.tests) for h, k in out if k == Kind.training
    ]
    out.extend(entry for entry in smoke if is_smoke(entry[0]))
    return out


def _scripted_test(program: str, name: str) -> bool:
    """A repository program run by a step (or job) that declares itself a test, e.g. 'Test detection'."""
    return bool(
        program and TEST_NAME.search(name) and not PREPARING.match(name) and not _NOT_TESTS.search(program)
    )


def _programs(repo: RepoView, hit: Hit, base: str, cwd: str) -> tuple[list[Entry], str]:
    """Entries from the repository programs a command runs and the files it hands to a platform, and the
    first program it runs ("" when none)."""
    out: list[Entry] = []
    ran: list[str] = []
    for seg in segments(hit.text):
        words = seg.split()
        path = scripts.program(repo, words, base, cwd)
        if path is not None and path not in ran:
            ran.append(path)
            out.extend(_effects(repo, hit, path, words, base, cwd))
        declared = _declared(repo, seg, words, base, cwd)
        if declared:
            out.append((replace(hit, note=declared), Kind.pipeline))
    return out, ran[0] if ran else ""


def _effects(repo: RepoView, hit: Hit, path: str, words: list[str], base: str, cwd: str) -> Iterator[Entry]:
    for effect in scripts.effects(repo, path, words[1:]):
        note = f"{path}:{effect.line} calls {effect.call}"
        if effect.kind == scripts.RUN:
            yield replace(hit, note=note), Kind.pipeline
            if scripts.trains(repo, path, words[1:], base, cwd):
                yield replace(hit, note=f"{note}, a training pipeline"), Kind.training
        else:
            yield replace(hit, note=note), _EFFECT_KINDS[effect.kind]


def _declared(repo: RepoView, seg: str, words: list[str], base: str, cwd: str) -> str:
    """What a file the command hands to a platform declares: an Azure ML pipeline job, bundle jobs."""
    if seg.startswith("az ml job create"):
        spec = next((words[i + 1] for i, w in enumerate(words[:-1]) if w in ("--file", "-f")), "")
        path = scripts.near(repo, base, cwd, spec) if spec else None
        doc = first_doc(repo, path) if path else None
        if doc and (doc.get("type") == "pipeline" or "pipelineJob" in str(doc.get("$schema", ""))):
            return f"{path} is an Azure ML pipeline job"
    if seg.startswith("databricks bundle deploy"):
        return _bundle_jobs(repo, base)
    return ""


def _bundle_jobs(repo: RepoView, base: str) -> str:
    """The jobs a Databricks Asset Bundle deploys (databricks.yml and the resource files it includes)."""
    bundle = scripts.near(repo, base, "", "databricks.yml") or scripts.near(repo, base, "", "databricks.yaml")
    doc = first_doc(repo, bundle) if bundle else None
    if bundle is None or doc is None:
        return ""
    folder = posixpath.dirname(bundle)
    raw = doc.get("include")
    includes: list[object] = raw if isinstance(raw, list) else []
    files = [bundle] + [
        f for inc in includes if isinstance(inc, str) for f in repo.glob(posixpath.join(folder, inc))
    ]
    names: list[str] = []
    for f in files[:50]:
        resources = (first_doc(repo, f) or {}).get("resources")
        for key in ("jobs", "pipelines"):
            found = resources.get(key) if isinstance(resources, dict) else None
            names.extend(str(n) for n in (found if isinstance(found, dict) else {}))
    return f"bundle {bundle} deploys jobs: {', '.join(names[:4])}" if names else ""


_CACHE: weakref.WeakKeyDictionary[RepoView, list[list[Entry]]] = weakref.WeakKeyDictionary()
