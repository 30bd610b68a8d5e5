"""A small ML project (real files, real git) whose scan shows every kind of row: proven, partial,
absent, unknown, and an estimate that rests on inferences. Used by the terminal snapshots and the
report tests."""

from __future__ import annotations

CI = """name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: python -m pytest -q
  deploy:
    runs-on: ubuntu-latest
    needs: test
    steps:
      - uses: actions/checkout@v4
      - run: kubectl apply -f k8s/
"""
TRAIN = """import mlflow
from sklearn.linear_model import LogisticRegression


def train(X, y):
    with mlflow.start_run():
        model = LogisticRegression().fit(X, y)
        mlflow.log_metric("accuracy", model.score(X, y))
    return model
"""
TEST = """from train import train


def test_train_learns():
    model = train([[0], [1]], [0, 1])
    assert model.predict([[1]])[0] == 1
"""

PROJECT: dict[str, str | bytes] = {
    ".github/workflows/ci.yml": CI,
    "train.py": TRAIN,
    "tests/test_train.py": TEST,
    "requirements.txt": "mlflow==2.14.1\nscikit-learn==1.5.1\n",
    "Dockerfile": "FROM python:3.11-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\n",
}
