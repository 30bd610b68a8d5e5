"""What a CI command does: run tests, train a model, deploy, publish an image, lint.

A command line is split at ``&&``, ``||``, ``;`` and ``|``; each segment is classified on its
leading words after environment assignments and wrappers (``poetry run``, ``uv run``, ``time``...),
so ``pip install pytest`` and ``echo pytest`` never count as running tests. Calls are
followed: a ``make``/``just`` target's recipe, a ``mise run`` task, a repository shell script.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum

from maturity.scan.parsers.ci import workflows
from maturity.scan.parsers.ci.model import script_commands
from maturity.scan.parsers.ci.walk import walk
from maturity.scan.repo import RepoView


class Kind(StrEnum):
    tests = "tests"
    training = "training"
    deploy = "deploy"
    publish = "publish"
    lint = "lint"
    pipeline = "pipeline"  # publishes, upserts or uploads a training pipeline definition
    compile = "compile"  # compiles a pipeline definition (to be uploaded by a later command)
    upload = "upload"  # copies a file to cloud storage or a pipeline service


_SPLIT = re.compile(r"\s*(?:&&|\|\||;|\|)\s*")
_ENV = re.compile(r"^(?:(?:export\s+)?[A-Za-z_]\w*=(?:\"[^\"]*\"|'[^']*'|\S*)\s+)+")
# an interpreter by path or variable: env/bin/python3.8, /usr/bin/python3, "$PYTHON" -m, ${python} -m
_INTERPRETER = re.compile(r"^(?:\S*/python[\d.]*|\"?\$\{?\w+\}?\"?(?=\s+-m\s))(?=\s|$)")
# ``uv run`` options that take a value (``uv run --extra cpu --group dev pytest``)
_UV_VALUE = (
    r"(?:extra|group|only-group|no-group|with|with-requirements|python|package|env-file"
    r"|directory|project|index)"
)
_WRAPPERS = re.compile(
    r"^(?:sudo|time|exec|nice|npx|xvfb-run(?:\s+-a)?|poetry\s+run|"
    rf"uv\s+run(?:\s+--{_UV_VALUE}[= ]\S+|\s+-p\s+\S+|\s+--\S+)*|pipenv\s+run|pdm\s+run|"
    r"hatch\s+run(?:\s+[\w-]+:)?|rye\s+run|pixi\s+run|(?:conda|mamba|micromamba)\s+run(?:\s+-[np]\s+\S+|"
    r"\s+--name\s+\S+|\s+--no-capture-output)*|(?:python[\d.]*|py)\s+-m\s+(?=coverage|pytest|unittest|nox|tox)|"
    r"coverage\s+run(?:\s+--?[\w-]+(?:=\S+)?)*\s+-m(?=\s+(?:pytest|unittest))|env)\s+"
)
PATTERNS: dict[Kind, re.Pattern[str]] = {
    Kind.tests: re.compile(
        r"^(?:pytest|py\.test|(?:tox|nox)(?!\s+(?:-\S+\s+)*-[es]\s*[\w-]*(?:lint|format|docs?|type|mypy|style|pre-commit)\w*(?:\s|$))|nosetests|nose2|ward|behave|hatch\s+test|pytest-\w+|"
        r"(?:python[\d.]*|py)\s+(?:-\w+\s+)*(?:-m\s+(?:pytest|unittest|nose2?|tox|nox)\b|"
        r"\S*(?:run_?tests?|runtests|manage)\.py(?:\s+test)?\b|setup\.py\s+test)|"
        r"(?:make|just|invoke|inv|task|poe|mise\s+(?:run|r)|npm\s+run|npm|yarn|hatch\s+run|pdm\s+run)\s+(?:-\S+\s+)*"
        r"(?!(?:install|setup|deps|requirements|build|clean)\b)[\w:.-]*test(?![\w.-]*requirements)[\w:.-]*|"
        r"(?:bash\s+|sh\s+|\./)(?:[\w.-]*/)*[\w.-]*test[\w.-]*\.sh)"
        r"(?:\s|$)"
    ),
    Kind.training: re.compile(
        r"^(?:(?:python[\d.]*|py)\s+(?:-\w+\s+)*(?:-m\s+)?(?:[\w.-]*/)*(?![\w.-]*test)[\w.-]*?(?<![A-Za-z])"
        r"(?:re)?(?:train|fit(?![a-z]))[\w.-]*"
        r"|dvc\s+(?:repro|exp\s+run)|mlflow\s+run|kedro\s+run|zenml\s+pipeline\s+run"
        r"|(?:make|just|invoke|task|mise\s+(?:run|r))\s+[\w:.-]*train[\w:.-]*|az\s+ml\s+job\s+create"
        r"|gcloud\s+ai(?:-platform)?\s+(?:custom-jobs\s+create|jobs\s+submit\s+training)"
        r"|aws\s+sagemaker\s+create-training-job)(?:\s|$)"
    ),
    Kind.deploy: re.compile(
        r"^(?:kubectl\s+(?:apply|set\s+image|rollout\s+restart|create|replace)|helm\s+(?:upgrade|install)"
        r"|helmfile\s+(?:apply|sync)|terraform\s+apply|terragrunt\s+(?:run-all\s+)?apply|pulumi\s+up"
        r"|databricks\s+bundle\s+deploy|az\s+deployment\s+(?:group|sub)\s+create"
        r"|gcloud\s+(?:(?:beta|alpha)\s+)?(?:run\s+deploy|app\s+deploy|functions\s+deploy|ai\s+endpoints\s+deploy-model"
        r"|ai-platform\s+versions\s+create"
        r"|container\s+clusters\s+get-credentials\s+\S+.*kubectl)"
        r"|aws\s+(?:sagemaker\s+(?:create-endpoint|update-endpoint)|ecs\s+update-service"
        r"|lambda\s+update-function-code|cloudformation\s+(?:deploy|create-stack|update-stack)|apprunner\s+\S+)"
        r"|cdk\s+deploy|sam\s+deploy|serverless\s+deploy|sls\s+deploy|fly(?:ctl)?\s+deploy|kustomize\s+build.*kubectl"
        r"|az\s+(?:ml\s+(?:(?:online|batch)-(?:deployment|endpoint)\s+(?:create|update)|model\s+deploy|service\s+update)|webapp\s+(?:deploy|up|create)"
        r"|containerapp\s+(?:update|up|create)|functionapp\s+deploy|aks\s+\S+)|heroku\s+container:release"
        r"|anyscale\s+service\s+(?:rollout|deploy)|modal\s+deploy"
        r"|bentoml\s+deploy|bentoctl\s+(?:deploy|apply)|mlflow\s+deployments\s+(?:create|update)"
        r"|(?:python[\d.]*|py)\s+(?:-\w+\s+)*(?:-m\s+)?(?:[\w.-]*/)*(?![\w.-]*test)[\w.-]*deploy[\w.-]*"
        r"|(?:make|just|invoke|task|mise\s+(?:run|r))\s+[\w:.-]*deploy[\w:.-]*|(?:bash\s+|sh\s+|\./)(?:[\w.-]*/)*[\w.-]*deploy[\w.-]*\.sh"
        r"|uses:\s+(?:google-github-actions/deploy-\w+|aws-actions/amazon-ecs-deploy-task-definition"
        r"|aws-actions/aws-cloudformation-github-deploy|azure/(?:webapps-deploy|k8s-deploy|functions-action"
        r"|container-apps-deploy-action|aml-deploy)|akhileshns/heroku-deploy)"
        r"|task:\s+(?:KubernetesManifest|HelmDeploy|AzureWebApp|AzureRmWebAppDeployment|AzureFunctionApp"
        r"|AzureContainerApps|AzureResourceManagerTemplateDeployment)@\d+|task:\s+Terraform\w*@\S+.*command=apply)"
        r"(?:\s|@|$)",
        re.IGNORECASE,
    ),
    Kind.publish: re.compile(
        r"^(?:docker\s+push|docker\s+buildx?\s+build\s.*--push|podman\s+push|gcloud\s+builds\s+submit\s.*--tag"
        r"|az\s+acr\s+build"
        r"|uses:\s+docker/build-push-action@\S+.*push=true|task:\s+Docker@\d.*command=(?:push|buildAndPush))"
        r"(?:\s|$)",
        re.IGNORECASE,
    ),
    Kind.pipeline: re.compile(
        r"^(?:tfx\s+pipeline\s+(?:create|update)|kfp\s+(?:--?\S+\s+\S+\s+)*pipeline\s+(?:upload|create)"
        r"|aws\s+sagemaker\s+(?:create|update)-pipeline|az\s+ml\s+schedule\s+create|gcloud\s+ai\s+pipelines?\s+\S+"
        r"|zenml\s+pipeline\s+(?:deploy|schedule)|mlflow\s+run\s.*(?:--backend|-b)\s+(?:databricks|kubernetes))"
        r"(?:\s|$)"
    ),
    Kind.compile: re.compile(
        r"^(?:dsl-compile(?:-v2)?|kfp\s+dsl\s+compile|tfx\s+pipeline\s+compile|(?:python[\d.]*\s+)?-m\s+kfp\.compiler)(?:\s|$)"
    ),
    Kind.upload: re.compile(
        r"^(?:gsutil\s+(?:-\S+\s+)*cp|gcloud\s+storage\s+cp|aws\s+s3\s+cp|az\s+storage\s+blob\s+upload"
        r"|kfp\s+(?:--?\S+\s+\S+\s+)*pipeline\s+upload)(?:\s|$)"
    ),
    Kind.lint: re.compile(
        r"^(?:ruff|flake8|pylint|black|isort|mypy|pre-commit\s+run|pyright|pycodestyle|pydocstyle|prospector"
        r"|(?:make|just|invoke|task|mise\s+(?:run|r)|nox\s+-s|tox\s+-e)\s+[\w:.,-]*(?:lint|format|check|style|typecheck)[\w:.-]*"
        # pytest plugins that lint: pytest-black, pytest-flake8, pytest-mypy, pytest-ruff, pytest-pylint...
        r"|(?:python\s+-m\s+)?py\.?test\s(?:[^;&|]*\s)?--(?:black|flake8|mypy|ruff|ruff-format|pylint|isort|pycodestyle"
        r"|codestyle|pydocstyle)(?=\s|$)"
        r"|uses:\s+(?:pre-commit/action|chartboost/ruff-action|astral-sh/ruff-action|psf/black))(?:\s|@|$)"
    ),
}


def segments(command: str) -> Iterator[str]:
    """The simple commands of a shell line, with env assignments and wrappers stripped."""
    for seg in _SPLIT.split(command.strip()):
        seg = _INTERPRETER.sub("python", _ENV.sub("", seg.strip()), count=1)
        for _ in range(4):
            stripped = _WRAPPERS.sub("", seg, count=1)
            if stripped == seg:
                break
            yield seg
            seg = stripped
        yield seg


def kinds(command: str) -> set[Kind]:
    """What a command does, from its own words."""
    out: set[Kind] = set()
    for seg in segments(command):
        in_docker = seg.startswith(("docker run", "docker compose run", "docker-compose run", "docker exec"))
        if in_docker and re.search(r"\s(pytest|tox|nox)(\s|$)|\s-m\s+(pytest|unittest)\b", seg):
            out.add(Kind.tests)
        found = {k for k, rx in PATTERNS.items() if rx.match(seg)}
        if Kind.tests in found and _COLLECT_ONLY.search(seg):
            found.discard(Kind.tests)  # `pytest --collect-only` lists tests, it runs none
        out |= found
    return out


_COLLECT_ONLY = re.compile(r"\s--(?:co|collect-only)(?:\s|$)")


_MAKE_CALL = re.compile(r"^(?:make|just)\s+(?:-\S+\s+)*([\w.-]+(?:\s+[\w.-]+)*)")
_MISE_CALL = re.compile(r"^mise\s+(?:run|r)\s+(?:-\S+\s+)*([\w:.-]+)")
_MISE_FILES = ("mise.toml", ".mise.toml", "mise/config.toml", ".config/mise.toml")
_SCRIPT_CALL = re.compile(r"^(?:bash\s+|sh\s+|source\s+|\./)?([\w./-]+\.sh)\b")


_YAML_REF = re.compile(r"(?:^|[\s=])([\w./-]+\.ya?ml)(?:\s|$)")
_ENTRYPOINT = re.compile(r"^\s*entrypoint:\s*['\"]?(.+?)['\"]?\s*$", re.MULTILINE)
Line = tuple[str, int, str]


def indirect(
    repo: RepoView, command: str, base: str = "", depth: int = 0, seen: set[Line] | None = None, cwd: str = ""
) -> list[Line]:
    """Lines (path, line, text) run through this command: make targets, repository scripts, another CI
    config it submits (``gcloud builds submit --config x.yaml``), and the ``entrypoint:`` of a job spec YAML
    it submits (Anyscale/Ray/Azure ML), followed up to 3 levels deep."""
    seen = set() if seen is None else seen
    out: list[Line] = []
    for seg in segments(command):
        for item in _called(repo, seg, base, cwd):
            if item in seen:
                continue
            seen.add(item)
            out.append(item)
            if depth < 2:
                out.extend(indirect(repo, item[2], base, depth + 1, seen, cwd))
    return out


def _called(repo: RepoView, seg: str, base: str, cwd: str = "") -> list[Line]:
    out: list[Line] = []
    m = _MAKE_CALL.match(seg)
    if m:
        for target in m.group(1).split():
            out.extend(_recipe(repo, _near(repo, base, "Makefile", cwd), target))
    m = _MISE_CALL.match(seg)
    if m:
        config = next((c for c in (_near(repo, base, f, cwd) for f in _MISE_FILES) if c), None)
        out.extend(mise_task(repo, config, m.group(1)))
    path = script_path(repo, seg, base, cwd)
    if path:
        out.extend((path, n, text) for n, text in script_commands(repo.text(path) or ""))
    if seg.startswith("uses: ./"):
        out.extend(_composite_action(repo, seg.split()[1].removeprefix("./").split("@")[0].rstrip("/")))
    configs = {wf.path: wf for wf in workflows(repo)} if ".y" in seg else {}
    for ref in _YAML_REF.findall(seg):
        spec = _near(repo, base, ref.removeprefix("./"), cwd)
        if spec in configs:
            out.extend((spec, c.line, c.text) for job in configs[spec].jobs for c in job.commands)
        elif spec:
            out.extend(
                (spec, hit.line, _ENTRYPOINT.sub(r"\1", hit.text)) for hit in repo.search(_ENTRYPOINT, [spec])
            )
    return out


def script_path(repo: RepoView, seg: str, base: str, cwd: str = "") -> str | None:
    """The repository shell script a simple command runs (``./run.sh``, ``bash scripts/x.sh``), if any."""
    m = _SCRIPT_CALL.match(seg)
    return _near(repo, base, m.group(1).removeprefix("./"), cwd) if m else None


def _composite_action(repo: RepoView, folder: str) -> list[Line]:
    """The ``run:`` lines of a local composite action (``uses: ./.github/actions/x``)."""
    for spec in (f"{folder}/action.yml", f"{folder}/action.yaml"):
        if repo.exists(spec):
            docs = repo.yaml_located(spec)
            runs = docs[0].get("runs") if docs and isinstance(docs[0], dict) else None
            return [(spec, c.line, c.text) for _, c in walk(runs)]
    return []


def _near(repo: RepoView, base: str, name: str, cwd: str = "") -> str | None:
    folders = [f"{base}/{cwd}" if base and cwd else base or cwd, base, cwd] if cwd else [base]
    for candidate in [f"{f}/{name}" for f in folders if f] + [name]:
        if repo.exists(candidate):
            return candidate
    return None


def mise_task(
    repo: RepoView, config: str | None, task: str, seen: frozenset[str] = frozenset()
) -> list[Line]:
    """The commands of a mise task (``[tasks.NAME]`` in mise.toml): its ``run`` lines, after the tasks it
    ``depends`` on, each with the line it is written on."""
    doc = repo.toml(config) if config else None
    tasks = doc.get("tasks") if doc else None
    spec = tasks.get(task) if isinstance(tasks, dict) else None
    if config is None or not isinstance(spec, dict) or task in seen or len(seen) > 20:
        return []
    out: list[Line] = []
    depends = spec.get("depends")
    for dep in depends if isinstance(depends, list) else [depends] if isinstance(depends, str) else []:
        if isinstance(dep, str):
            out.extend(mise_task(repo, config, dep.split()[0] if dep.split() else dep, seen | {task}))
    run = spec.get("run")
    lines = repo.lines(config)
    header = re.compile(rf"^\s*\[tasks\.(?:{re.escape(task)}|\"{re.escape(task)}\"|'{re.escape(task)}')\]")
    start = next((i for i, text in enumerate(lines) if header.match(text)), 0)
    for command in run if isinstance(run, list) else [run] if isinstance(run, str) else []:
        if not isinstance(command, str):
            continue
        for part in command.splitlines():
            part = part.strip()
            if not part or part.startswith("#"):
                continue
            at = next((i for i in range(start, len(lines)) if part in lines[i]), start)
            out.append((config, at + 1, part))
    return out


def _recipe(repo: RepoView, makefile: str | None, target: str) -> list[tuple[str, int, str]]:
    if makefile is None:
        return []
    out: list[tuple[str, int, str]] = []
    inside = False
    for n, line in enumerate(repo.lines(makefile), 1):
        if re.match(rf"^{re.escape(target)}\s*:(?!=)", line):
            inside = True
            continue
        if inside and line.startswith("\t"):
            out.append((makefile, n, line.strip().lstrip("@-")))
        elif inside and line.strip() and not line.startswith("#"):
            break
    return out
