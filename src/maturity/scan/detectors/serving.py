"""Detectors for the serving area: model serving (web APIs, serving frameworks) and load testing."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator

from maturity.scan.detectors._codesearch import matching_lines
from maturity.scan.detectors._found import present_or_absent
from maturity.scan.detectors._tools import (
    Tool,
    code_lines,
    find_code,
    find_text,
    importers,
    is_weak_path,
    manifests,
    proof,
    retag,
    tools_finding,
)
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

WEB = ("fastapi", "flask", "starlette", "litestar", "sanic", "aiohttp", "tornado", "falcon")
ROUTE = re.compile(
    r"@\w+\.(get|post|put|route|api_route|websocket)\s*\(|add_url_rule\s*\(|add_api_route\s*\("
    r"|^\s*@(get|post|put)\s*\(|\badd_(get|post)\s*\(|\bweb\.(get|post)\s*\("
)
PREDICT = re.compile(
    r"(?i)predict|inference|infer\b|invocations|classif|score|recommend|forecast|generate|process|parse|analy[sz]e"
)
MODEL_LOAD = re.compile(
    r"\b(joblib\.load|pickle\.loads?|cloudpickle\.load|torch\.load|torch\.jit\.load|load_model|load_learner"
    r"|from_pretrained|from_checkpoint|load_from_checkpoint|InferenceSession|saved_model\.load|xgb\.Booster|Booster\s*\(|load_state_dict"
    r"|mlflow\.\w+\.load_model|pipeline\s*\(\s*[\"'][\w-]+[\"']|SentenceTransformer\s*\(|YOLO\s*\(|spacy\.load\s*\()"
)
DEMO = ("gradio", "streamlit")
FRAMEWORKS = (
    Tool(
        "BentoML",
        (),
        (),
        ("**/bentofile.yaml",),
        r"@bentoml\.(service|api)\b|bentoml\.Service\s*\(|@svc\.api\b",
        ("bentoml",),
    ),
    Tool("Ray Serve", (), (), (), r"@serve\.deployment\b|\bserve\.run\s*\(", ("ray",)),
    Tool("SageMaker endpoint", (), (), (), r"\.deploy\s*\(|\bcreate_endpoint\s*\(", ("sagemaker",)),
    Tool(
        "SageMaker batch transform",
        (),
        (),
        (),
        r"\b(Transformer|TransformStep)\s*\(|\.transformer\s*\(",
        ("sagemaker",),
    ),
    Tool(
        "Databricks Model Serving",
        (),
        (),
        (),
        r"\.serving_endpoints\.(create|update_config|create_and_wait|update_config_and_wait)\s*\(",
        ("databricks",),
    ),
    Tool(  # batch scoring: a registered model applied to a table (mlflow's Spark UDF, Feature Store)
        "Spark batch scoring",
        (),
        (),
        (),
        r"\bmlflow\.pyfunc\.spark_udf\s*\(|\b(fe|fs|\w*feature_\w*client)\.score_batch\s*\(",
        ("mlflow", "databricks"),
    ),
    Tool("MLRun serving", (), (), (), r"\bV2ModelServer\b|\.set_topology\s*\(", ("mlrun",)),
    Tool("TorchServe", ("ts.torch_handler",), (), ("**/*.mar",), r"\bBaseHandler\b", ("ts",)),
    Tool("Triton", (), (), ("**/config.pbtxt",), r"\bTritonPythonModel\b", ("triton_python_backend_utils",)),
    Tool("KServe SDK", (), (), (), r"\bkserve\.(Model|ModelServer)\b|\bModelServer\s*\(", ("kserve",)),
    Tool("Seldon SDK", (), (), (), r"\bMLModel\b", ("mlserver",)),
    Tool(
        "Vertex AI endpoint",
        (),
        (),
        (),
        r"\bEndpoint\.create\s*\(|\bendpoint\.deploy\s*\(|\.deploy\s*\(\s*endpoint\s*="
        r"|\bBatchPredictionJob\.create\s*\(|\.batch_predict\s*\(",
        ("google",),
    ),
    Tool(
        "Azure ML online endpoint",
        (),
        (),
        (),
        r"\bManaged(Online|Batch)(Endpoint|Deployment)\s*\(|\bKubernetesOnline\w+\s*\(",
        ("azure",),
    ),
    Tool(
        "Azure ML web service (SDK v1)",
        (),
        (),
        (),
        r"\bModel\.deploy\s*\(|\b(Aci|Aks|Local)Webservice\.deploy_configuration\s*\(",
        ("azureml",),
    ),
)
CLI_SERVE = re.compile(
    r"mlflow\s+models\s+(serve|build-docker)|tensorflow/serving|torchserve\s+--start"
    r"|\btritonserver\s+--|bentoml\s+serve|seldonio/|seldon-core-microservice\b"
    r"|az\s+ml\s+(model\s+deploy|online-deployment\s+create|online-endpoint\s+create|batch-deployment\s+create)"
)
LOAD_TOOLS = re.compile(
    r"\bvegeta\s+attack|\bk6\s+run|\bartillery\s+run|\bab\s+-n\s+\d|\bhey\s+-n|\bwrk\s+-t"
)


@detector(
    id="serving.web_api",
    practices=["model_serving"],
    summary="A FastAPI/Flask/... app in one folder that both loads a model and exposes a prediction route.",
    inputs=["**/*.py"],
    limits="Model loading and route must be in the same folder; apps that receive a model by injection from "
    "elsewhere may be missed. A web app with no model is not model serving.",
)
def web_api(repo: RepoView) -> Iterator[Finding]:
    evidence: list[Proof] = []
    for path in importers(repo, WEB):
        if is_weak_path(path) or not path.endswith(".py"):
            continue
        routes = matching_lines(repo, ROUTE, path)
        if not routes:
            continue
        predict = [(n, ln) for n, ln in _route_blocks(repo, path, routes) if PREDICT.search(ln)]
        loads = _model_loads(repo, path) if predict else []
        if predict and loads:
            evidence.append(
                proof(path, predict[0][0], "serving.web_api", f"prediction route: {predict[0][1].strip()}")
            )
            evidence.append(loads[0].model_copy(update={"detector": "serving.web_api"}))
    if evidence:
        yield Finding(
            practice="model_serving",
            outcome=Outcome.present,
            detector="serving.web_api",
            evidence=evidence[:6],
            message=f"web API serves a model ({evidence[0].path}:{evidence[0].line})",
        )


def _route_blocks(repo: RepoView, path: str, routes: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The route decorator line and the function definition that follows it."""
    lines = code_lines(repo, path)
    starts = {n for n, _ in routes}
    out: list[tuple[int, str]] = []
    for i, (n, text) in enumerate(lines):
        if n in starts:
            out.append((n, text))
            if i + 1 < len(lines):
                out.append((n, lines[i + 1][1]))
    return out


def _model_loads(repo: RepoView, path: str) -> list[Proof]:
    """Where the app's own file loads a model, else the first load in its folder or the folder above."""
    own = find_code(repo, MODEL_LOAD, [path])
    if not own:
        folder = path.rpartition("/")[0]
        loads = _LoadsByFolder.of(repo)
        found = [p for p in (loads.first(folder), loads.first(folder.rpartition("/")[0])) if p is not None]
        own = sorted(found, key=lambda p: p.path)[:1]
    return retag(own, "", "loads a model")


class _LoadsByFolder:
    """The first model load (by path) of each folder's non-test .py files, found once per folder per view.

    A detector asking for each app's neighbours must not walk the repository once per app (quadratic on a
    monorepo): each folder is searched at most once.
    """

    _views: weakref.WeakKeyDictionary[RepoView, _LoadsByFolder] = weakref.WeakKeyDictionary()

    def __init__(self, repo: RepoView) -> None:
        self.repo = repo
        self.files: dict[str, list[str]] = {}
        for f in repo.with_suffix(".py"):
            if not is_weak_path(f):
                self.files.setdefault(f.rpartition("/")[0], []).append(f)
        self.found: dict[str, Proof | None] = {}

    @classmethod
    def of(cls, repo: RepoView) -> _LoadsByFolder:
        if repo not in cls._views:
            cls._views[repo] = cls(repo)
        return cls._views[repo]

    def first(self, folder: str) -> Proof | None:
        if folder not in self.found:
            self.found[folder] = None
            for f in self.files.get(folder, ()):
                hits = find_code(self.repo, MODEL_LOAD, [f])
                if hits:
                    self.found[folder] = hits[0]
                    break
        return self.found[folder]


@detector(
    id="serving.frameworks",
    practices=["model_serving"],
    summary="Serving frameworks: BentoML, Ray Serve, SageMaker endpoints, TorchServe, Triton, KServe, Seldon "
    "(SeldonDeployment/InferenceService manifests), MLflow/TF Serving commands; Gradio/Streamlit demos.",
    inputs=["**/*.py", "**/*.yaml", "**/bentofile.yaml", "**/config.pbtxt", "**/*.mar", "Dockerfile", "*.sh"],
    limits="Gradio/Streamlit demo apps count as partial (a demo UI, not a prediction API).",
)
def frameworks(repo: RepoView) -> Iterator[Finding]:
    found = tools_finding(repo, "model_serving", "serving.frameworks", FRAMEWORKS, None)
    extra: list[Proof] = []
    for kind in ("SeldonDeployment", "InferenceService", "ServingRuntime"):
        extra += retag(manifests(repo, kind), "serving.frameworks", "manifest")
    scripts = repo.glob("**/Dockerfile*", "**/*.sh", "**/Makefile", "**/*.yml", "**/*.yaml", "**/Procfile")
    extra += find_text(repo, CLI_SERVE, scripts, "serving.frameworks")
    torchserve = repo.named("config.properties")
    extra += find_text(repo, r"^\s*inference_address\s*=", torchserve, "serving.frameworks")
    if extra:
        evidence = extra[:6] + (found.evidence if found and found.outcome is Outcome.present else [])
        yield Finding(
            practice="model_serving",
            outcome=Outcome.present,
            detector="serving.frameworks",
            evidence=evidence,
            message=f"model server configured ({extra[0].detail})",
        )
    elif found:
        yield found
    else:
        yield from _demo(repo)


def _demo(repo: RepoView) -> Iterator[Finding]:
    for path in importers(repo, DEMO):
        loads = find_code(repo, MODEL_LOAD, [path]) if not is_weak_path(path) else []
        if loads:
            yield Finding(
                practice="model_serving",
                outcome=Outcome.partial,
                detector="serving.frameworks",
                evidence=retag(loads[:2], "serving.frameworks", "demo app loads a model"),
                message=f"an interactive demo app ({path}) loads a model; no prediction API or model server",
            )
            return
    yield Finding(
        practice="model_serving",
        outcome=Outcome.absent,
        detector="serving.frameworks",
        message="no web API that loads a model and no model server found",
    )


@detector(
    id="serving.load_tests",
    practices=["load_testing"],
    summary="Load tests: locustfiles (HttpUser), k6 scripts, vegeta/artillery/hey/wrk "
    "commands, JMeter plans.",
    inputs=["**/locustfile*.py", "**/*.js", "**/*.jmx", "**/*.sh", "Makefile", ".github/workflows/*.yml"],
    limits="Load tests run from another repository are not seen.",
)
def load_tests(repo: RepoView) -> Iterator[Finding]:
    evidence = retag(
        find_code(
            repo,
            r"class\s+\w+\s*\(\s*(locust\.)?(HttpUser|FastHttpUser|User)\b",
            importers(repo, ("locust",)),
        ),
        "serving.load_tests",
        "locust",
    )
    k6 = list(repo.search(r"from\s+['\"]k6(/http)?['\"]", repo.with_suffix(".js", ".ts")))
    evidence += [proof(m.path, m.line, "serving.load_tests", "k6 script") for m in k6]
    evidence += [proof(f, None, "serving.load_tests", "JMeter test plan") for f in repo.with_suffix(".jmx")]
    scripts = repo.glob("**/*.sh", "**/Makefile", ".github/workflows/*.yml", ".github/workflows/*.yaml")
    evidence += find_text(repo, LOAD_TOOLS, scripts, "serving.load_tests")
    yield present_or_absent(
        "load_testing",
        "serving.load_tests",
        evidence,
        f"load test in {evidence[0].path}" if evidence else "",
        "no locust, k6, vegeta, JMeter or similar load test",
    )


DETECTORS: list[Detector] = [web_api, frameworks, load_tests]
