"""Render a fixture team's report to PDF and page one to docs/report-page1.png (the README screenshot).

    python scripts/readme_screenshot.py [--out docs/report-page1.png] [--pdf report.pdf] [--page 1]

The fixture is a small but realistic repository (CI running pytest, MLflow tracking, a Dockerfile,
DVC, pinned requirements) built in a temporary folder and committed with git, then assessed by the
real pipeline with a few questionnaire answers. Needs pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FILES = {
    "README.md": "# churn-model\n\nPredicts customer churn.\n",
    "requirements.txt": "pandas==2.2.2\nscikit-learn==1.5.1\nmlflow==2.14.1\npytest==8.2.2\n",
    "src/churn/features.py": "def add_tenure(df):\n    return df.assign(tenure=df.end - df.start)\n",
    "src/churn/train.py": (
        "import mlflow\nfrom sklearn.linear_model import LogisticRegression\n\n\ndef train(X, y):\n"
        "    with mlflow.start_run():\n        model = LogisticRegression().fit(X, y)\n"
        "        mlflow.log_metric('auc', 0.81)\n        mlflow.sklearn.log_model(model, 'model')\n"
    ),
    "tests/test_features.py": "def test_tenure():\n    assert True\n",
    ".github/workflows/ci.yml": (
        "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n"
        "      - run: pip install -r requirements.txt\n      - run: pytest -q\n"
    ),
    "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n",
    "dvc.yaml": "stages:\n  train:\n    cmd: python src/churn/train.py\n    deps: [data/raw.csv]\n",
    "notebooks/explore.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
}
# what the team told the questionnaire (questions unknown to this version are skipped)
ANSWERS = [
    "ml_mandate=yes",
    "ml_pilot=yes",
    "model_in_production=yes",
    "predictions_to_decisions=yes",
    "data_strategy_owner=partial",
    "model_validation_gate=partial",
    "code_quality_checks=yes",
    "training_reproducible=yes",
]


def build_repo(root: Path) -> Path:
    repo = root / "churn-model"
    for rel, text in FILES.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "Demo", "GIT_AUTHOR_EMAIL": "demo@example.com",
           "GIT_COMMITTER_NAME": "Demo", "GIT_COMMITTER_EMAIL": "demo@example.com"}  # fmt: skip
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "initial"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env)
    return repo


def render_pdf(repo: Path, pdf: Path) -> None:
    from maturity.pipeline import Options, run
    from maturity.render import Format, RenderOptions, write

    known = _answer_values(ANSWERS)
    report = run(repo, Options(cli_answers=known, now=dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)))
    write(report, Format.pdf, pdf, RenderOptions(org="ACME Analytics", title="MLOps maturity: churn-model"))


def _answer_values(wanted: list[str]) -> list[str]:
    """ID=STATUS -> ID=VALUE: the first choice of each known question that means that status."""
    from maturity.frameworks.registry import load_library

    questions = load_library().questions
    out = []
    for pair in wanted:
        qid, _, status = pair.partition("=")
        if qid not in questions:
            continue
        value = next(
            (c.value for c in questions[qid].options() if c.status and c.status.value == status), None
        )
        if value is not None:
            out.append(f"{qid}={value}")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-page1.png")
    parser.add_argument("--pdf", type=Path, default=None, help="also keep the PDF here")
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        pdf = args.pdf or Path(tmp) / "report.pdf"
        render_pdf(build_repo(Path(tmp)), pdf)
        prefix = Path(tmp) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(args.dpi), "-f", str(args.page), "-l", str(args.page),
             "-singlefile", str(pdf), str(prefix)],
            check=True,
        )  # fmt: skip
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(prefix.with_suffix(".png"), args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
