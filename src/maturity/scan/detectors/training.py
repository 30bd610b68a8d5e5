"""Detectors for model training code and automated data pipelines.

Training is read from calls (``parsers.pyast``): ``fit`` on a model (an object built by an estimator
class such as ``RandomForestClassifier()``/``Sequential()``, or named like one: ``model``, ``clf``,
``learn``), a framework's training call (``trainer.fit``, ``Trainer(...).train()``, ``xgb.train``,
``learn.fine_tune``), a training loop (``.backward()`` and an optimizer ``step``), or a managed training
job (a SageMaker ``TrainingStep``/``Estimator.fit``, ``create_training_job``, a Vertex training job).
``scaler.fit``/``vectorizer.fit`` alone and code in comments or Markdown are not training.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
from maturity.scan.detectors._tools import is_weak_path, proof
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.parsers.pyast import Call, PyModule, dotted, iter_modules
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

DET = "training.code"
MAX_FILES = 6
NEEDLES = (
    ".fit(",
    "fit_one_cycle",
    "fine_tune(",
    ".train(",
    "backward(",
    "TrainingStep",
    "training_job",
    "TrainingJob",
    ".learn(",
    "nlp.update(",
    "cross_val",
)
# classes whose instances are models (``RandomForestClassifier()``, ``Sequential()``, ``XGBRegressor()``)
ESTIMATOR = re.compile(
    r"(Classifier|Regressor|Regression|Model|Net|SVC|SVR|KMeans|Neighbors|Forest|Boost\w*|Tree|NB|Ridge|Lasso"
    r"|ElasticNet|Perceptron|MLP\w*|Process\w*|Pipeline|Learner|Sequential|Prophet|ARIMA|SARIMAX|AutoML"
    r"|TabularPredictor|Estimator|XGBoost|SKLearn|PyTorch|TensorFlow|HuggingFace|LightGBM|CatBoost\w*|ALS"
    # tuners (Spark ML, scikit-learn) fit the model they wrap
    r"|Trainer|CrossValidator|TrainValidationSplit|SearchCV)$"
)
# objects named like a model, when nothing says what they were built from
MODEL_NAME = re.compile(
    r"(?i)^(\w*_)?(model|clf|classifier|regressor|estimator|learn|learner|net|network|pipe|pipeline|rf|xgb"
    r"|lgbm|lgb|gbm|gbr|gbc|svm|svc|knn|tree|forest|booster|trainer|automl|lr|logreg|reg|nn|mdl)(_\w*)?$"
)
# preprocessing objects that are fitted too: no model
TRANSFORMER = re.compile(
    r"(?i)scaler|encoder|vectori[sz]er|tokeni[sz]er|imputer|pca|tfidf|binarizer|normali[sz]er|discreti[sz]er"
    r"|selector|poly|transformer|featur|kbins|svd|umap|tsne|preprocess|column_trans|label"
)
OPTIMIZER = re.compile(r"(?i)\bopt|optim")
CROSS_VALIDATION = ("cross_val_score", "cross_validate", "cross_val_predict")
FIT_CALLS = ("fit", "fit_generator", "partial_fit")
FASTAI_FITS = ("fine_tune", "fit_one_cycle", "fit_flat_cos", "fit_sgdr")
BOOSTING_TRAIN = ("xgb", "xgboost", "lgb", "lightgbm", "catboost")
MANAGED_JOBS = (
    ("SageMaker TrainingStep", ("TrainingStep",)),
    ("SageMaker training job", ("create_training_job",)),
    ("Vertex AI training job", ("CustomTrainingJob", "CustomContainerTrainingJob", "CustomJob")),
    ("Vertex AI training job", ("CustomPythonPackageTrainingJob", "AutoMLTabularTrainingJob")),
)


@detector(
    id=DET,
    practices=["ml_training_code"],
    summary="Python files or notebooks that train a model: fit on a model object (an estimator class or a "
    "model-named object), trainer.fit / Trainer(...).train(), xgb/lgb.train, fastai fine_tune/fit_one_cycle, "
    "a training loop (loss.backward() and optimizer.step()), a SageMaker TrainingStep/Estimator.fit or a "
    "cloud training job.",
    inputs=["**/*.py", "**/*.ipynb"],
    limits="Training run only by a tool's command (spacy train, mlflow recipes) with no training code, or "
    "by scripts without a .py extension, is not seen; fitting a scaler or vectorizer alone is not training.",
)
def training_code(repo: RepoView) -> Iterator[Finding]:
    # scripts before notebooks; a handful of training files proves the practice, so parsing stops there
    code = [f for f in repo.with_suffix(".py") + repo.with_suffix(".ipynb") if not is_weak_path(f)]
    proofs: list[Proof] = []
    for mod in iter_modules(repo, NEEDLES, code):
        proofs += _training(mod)[:1]
        if len(proofs) >= MAX_FILES:
            break
    if proofs:
        message = f"code trains a model ({proofs[0].path}:{proofs[0].line})"
        yield finding("ml_training_code", DET, Outcome.present, message, proofs)
    else:
        why = "no Python file or notebook fits or trains a model (fit on a model, a trainer, a training loop)"
        yield finding("ml_training_code", DET, Outcome.absent, why)


def trains(mod: PyModule) -> bool:
    """Whether a parsed file trains a model (for other detectors: a scheduled file, a pipeline step)."""
    return bool(_training(mod))


def _training(mod: PyModule) -> list[Proof]:
    built = _built_models(mod)
    out: list[Proof] = []
    for call in mod.calls:
        what = _trains(call, built, mod)
        if what:
            out.append(proof(mod.path, call.line, DET, f"{what}: {call.text(80)}"))
    out += _training_loop(mod)
    return sorted(out, key=lambda p: p.line or 0)


def _trains(call: Call, built: dict[str, str], mod: PyModule) -> str | None:
    last, receiver = call.last, call.receiver
    if last in FIT_CALLS:
        return _fit_on_model(call, built)
    if last in FASTAI_FITS and receiver:
        return "fastai training"
    if last == "train" and receiver.rpartition(".")[2] in BOOSTING_TRAIN:
        return f"{receiver} training"
    if last == "train" and _is_trainer(call, built):
        return "trainer runs training"
    if last == "learn" and receiver and MODEL_NAME.match(receiver.rpartition(".")[2]):
        return "reinforcement learning"
    if last in CROSS_VALIDATION:
        return "cross-validation fits the model"
    if last == "update" and receiver == "nlp" and call.kw("losses") is not None:
        return "spaCy training update"
    for what, names in MANAGED_JOBS:
        if last in names and (last != "CustomJob" or mod.imports_any("google")):
            return what
    return None


def _fit_on_model(call: Call, built: dict[str, str]) -> str | None:
    node = call.node.func
    target = node.value if isinstance(node, ast.Attribute) else None
    if isinstance(target, ast.Call):  # LogisticRegression().fit(X, y)
        ctor = dotted(target.func).rpartition(".")[2]
        return f"{ctor} fitted" if ESTIMATOR.search(ctor) and not TRANSFORMER.search(ctor) else None
    name = dotted(target).rpartition(".")[2] if target is not None else ""
    if not name or TRANSFORMER.search(name):
        return None
    ctor = built.get(name, "")
    if "trainer" in name.lower() or ctor.endswith("Trainer"):
        return "trainer runs training"
    if ctor:
        return f"{ctor} fitted" if ESTIMATOR.search(ctor) and not TRANSFORMER.search(ctor) else None
    return "model fitted" if MODEL_NAME.match(name) else None


def _is_trainer(call: Call, built: dict[str, str]) -> bool:
    """``trainer.train()`` on an object built by a ``*Trainer`` class, or ``Trainer(...).train()``."""
    node = call.node.func
    target = node.value if isinstance(node, ast.Attribute) else None
    if isinstance(target, ast.Call):
        return dotted(target.func).endswith("Trainer")
    name = dotted(target).rpartition(".")[2] if target is not None else ""
    return built.get(name, "").endswith("Trainer") or name == "trainer"


def _built_models(mod: PyModule) -> dict[str, str]:
    """Variable -> class it was built from (``clf = RandomForestClassifier()`` -> RandomForestClassifier)."""
    out: dict[str, str] = {}
    for node in mod.nodes:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            ctor = dotted(node.value.func).rpartition(".")[2]
            if ctor[:1].isupper():
                for target in node.targets:
                    name = dotted(target).rpartition(".")[2]
                    if name:
                        out[name] = ctor
    return out


def _training_loop(mod: PyModule) -> list[Proof]:
    """``loss.backward()`` (or ``accelerator.backward(loss)``) and an optimizer ``step`` in one file."""
    backward = [c for c in mod.calls if c.last == "backward"]
    steps = [c for c in mod.calls if c.last == "step" and OPTIMIZER.search(c.text(200))]
    if backward and steps:
        return [
            proof(mod.path, backward[0].line, DET, f"training loop: {backward[0].text(60)} + optimizer step")
        ]
    return []


DETECTORS: list[Detector] = [training_code]
