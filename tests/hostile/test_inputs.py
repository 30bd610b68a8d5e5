"""Files the tool reads besides the scanned code: config, answers, baseline, frameworks, history, YAML
that is a bomb, a cycle or too deep, impossible dates and control characters."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hostile_support import ANSWERS, Case, build, check_safe, run, snapshot

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
STEPS_BOMB = (
    "on: push\nx:\n  a: &a ["
    + ", ".join(["{run: pytest}"] * 9)
    + "]\n"
    + "".join(
        f"  {n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps: *i\n"
)
RECURSIVE = "a: &a [1, *a]\nb: &b {self: *b}\n"
DEEP_YAML = "x: " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_JSON = '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}"
EXPLOIT = "!!python/object/apply:os.system ['touch PWNED']\n"


def fifo(rel: str) -> object:
    def mutate(repo: Path, outside: Path) -> None:
        (repo / rel).unlink(missing_ok=True)
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(repo / rel)

    return mutate


def symlink(rel: str, target: str) -> object:
    def mutate(repo: Path, outside: Path) -> None:
        path = repo / rel
        if path.is_dir() and not path.is_symlink():
            import shutil

            shutil.rmtree(path)
        path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.replace("OUTSIDE", str(outside)))

    return mutate


def answers_with(extra: str) -> str:
    return ANSWERS + extra


def big_framework(repo: Path, outside: Path) -> None:
    body = "".join(
        f"  - {{level: {i}, name: L{i}, summary: filler text for level {i}}}\n" for i in range(250_000)
    )
    (repo / "fw").mkdir()
    (repo / "fw" / "big.yaml").write_text(f"id: big\nname: Big\nscoring: levels\nlevels:\n{body}")


TOML_CONFIG = "pyproject.toml"
CASES = [
    # configuration naming files outside the repository
    Case(
        "answers = /dev/zero",
        files={TOML_CONFIG: '[tool.maturity]\nanswers = "/dev/zero"\n'},
        codes=(2,),
        expect=("pyproject.toml: answers: /dev/zero is outside the repository",),
    ),
    Case(
        "baseline = /dev/zero",
        files={TOML_CONFIG: '[tool.maturity.gate]\nbaseline = "/dev/zero"\n'},
        command="check",
        codes=(2,),
        expect=("gate.baseline: /dev/zero is outside the repository",),
    ),
    Case(
        "baseline outside, --update-baseline",
        files={TOML_CONFIG: '[tool.maturity.gate]\nbaseline = "../x.json"\n'},
        command="check",
        args=("--update-baseline",),
        codes=(2,),
        expect=("is outside the repository",),
    ),
    Case(
        "frameworks_dirs outside",
        files={".maturity.yaml": "frameworks_dirs: [../outside/frameworks]\n"},
        codes=(2,),
        expect=("frameworks_dirs.0: ../outside/frameworks is outside the repository",),
    ),
    Case(
        "config symlinked out",
        mutate=symlink(".maturity.yaml", "OUTSIDE/.maturity.yaml"),
        codes=(2,),
        expect=(".maturity.yaml: a symlink to outside the repository",),
    ),
    Case("pyproject symlinked out", mutate=symlink("pyproject.toml", "OUTSIDE/pyproject.toml"), codes=(2,)),
    Case(
        ".maturity folder symlinked out",
        mutate=symlink(".maturity", "OUTSIDE"),
        codes=(2,),
        answers_kept=False,
        expect=(".maturity/answers.yaml is outside the repository",),
    ),
    Case(
        "answers file symlinked to /dev/zero",
        mutate=symlink(".maturity/answers.yaml", "/dev/zero"),
        codes=(2,),
        answers_kept=False,
    ),
    Case(
        "answers file is a FIFO",
        mutate=fifo(".maturity/answers.yaml"),
        codes=(2,),
        answers_kept=False,
        expect=("the answers file must be a regular file, not a FIFO",),
    ),
    Case("config is a FIFO", mutate=fifo(".maturity.yaml"), codes=(0,)),  # not a file: not a config
    Case(
        "history records symlinked out and a FIFO",
        mutate=lambda r, o: [
            symlink(".maturity/history/20260101T000000Z-abc.json", "OUTSIDE/x.json")(r, o),
            fifo(".maturity/history/20260102T000000Z-abc.json")(r, o),
        ],
    ),
    Case(
        "a 5 MiB .maturity.yaml",
        files={".maturity.yaml": "# " + "x" * (5 * 2**20) + "\n"},
        codes=(2,),
        expect=("the config file is larger than 1 MiB",),
    ),
    Case(
        "a 20 MiB framework file in the repository",
        files={".maturity.yaml": "frameworks_dirs: [fw]\n"},
        mutate=big_framework,
        codes=(2,),
        expect=("fw/big.yaml: the file is larger than 1 MiB",),
    ),
    Case(
        "a framework file that is a FIFO",
        files={".maturity.yaml": "frameworks_dirs: [fw]\n", "fw/README": ""},
        mutate=fifo("fw/acme.yaml"),
        codes=(2,),
        expect=("must be a regular file, not a FIFO",),
    ),
    # values PyYAML cannot turn into what they look like
    Case(
        "impossible date in the answers file",
        codes=(2,),
        answers_kept=False,
        files={".maturity/answers.yaml": ANSWERS.replace("'2026-01-15T10:00:00Z'", "2026-02-30")},
        expect=(".maturity/answers.yaml:8: invalid date '2026-02-30'",),
    ),
    Case(
        "impossible date in a waiver",
        command="check",
        codes=(2,),
        files={
            ".maturity.yaml": "gate:\n  waivers:\n    - criterion: google:L1.pipeline\n"
            "      reason: later\n      expires: 2026-02-30\n"
        },
        expect=(".maturity.yaml:5: invalid date '2026-02-30'",),
    ),
    Case(
        "impossible date in a TOML waiver",
        command="check",
        codes=(2,),
        files={
            TOML_CONFIG: '[tool.maturity.gate]\nwaivers = [{criterion = "google:L1.pipeline", '
            'reason = "x", expires = 2026-02-30}]\n'
        },
        expect=("pyproject.toml:2: invalid TOML: Invalid date or datetime",),
    ),
    Case(
        "control character in .maturity.yaml",
        codes=(2,),
        files={".maturity.yaml": "skip:\n  monitoring: \x1b[31mred\n"},
        expect=(".maturity.yaml:2: invalid YAML: character #x001b is not allowed",),
    ),
    Case(
        "impossible dates in scanned YAML",
        files={
            "k8s/job.yaml": "kind: CronJob\nstart: 2026-02-30\n",
            ".github/workflows/ci.yml": "on: push\nx: 2026-13-45\njobs:\n  t:\n"
            "    steps:\n      - run: pytest\n",
        },
    ),
    # YAML and JSON no walker can expand
    Case(
        "alias bomb in the answers file",
        codes=(2,),
        answers_kept=False,
        files={".maturity/answers.yaml": BOMB},
        expect=("aliases expand it to",),
    ),
    Case("alias bomb in .maturity.yaml", codes=(2,), files={".maturity.yaml": BOMB}),
    Case(
        "alias bombs in scanned YAML",
        files={
            "k8s/deploy.yaml": "kind: Deployment\n" + BOMB,
            "dvc.yaml": "stages:\n" + BOMB.replace("\n", "\n  ")[:-2],
            "environment.yml": BOMB + "dependencies: *i\n",
            ".pre-commit-config.yaml": BOMB + "repos: *i\n",
            ".gitlab-ci.yml": BOMB + "test:\n  script: *i\n",
            "mkdocs.yml": BOMB,
        },
    ),
    Case(
        "a nine-level alias bomb under steps: in a workflow",
        files={".github/workflows/bomb.yml": STEPS_BOMB},
        expect=(".github/workflows/bomb.yml: malformed YAML: aliases expand it to",),
    ),
    Case("150,000 import mlflow lines", files={"train.py": "import mlflow\n" * 150_000}),
    Case(
        "recursive aliases",
        files={
            "k8s/a.yaml": RECURSIVE,
            "dvc.yaml": "stages: &s {train: {cmd: *s}}\n",
            ".gitlab-ci.yml": RECURSIVE,
            ".github/workflows/r.yml": "on: push\njobs: &j\n  t:\n    steps: [*j]\n",
        },
    ),
    Case(
        "recursive alias in the answers file",
        codes=(2,),
        answers_kept=False,
        files={".maturity/answers.yaml": "schema_version: 1\nanswers: &a {x: *a}\n"},
    ),
    Case(
        "deeply nested YAML and JSON",
        files={
            "k8s/deep.yaml": DEEP_YAML,
            "deep.ipynb": DEEP_JSON,
            ".github/workflows/deep.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: "
            + "[" * 3000
            + "\n",
        },
    ),
    Case(
        "python tags", files={"k8s/x.yaml": EXPLOIT, "dvc.yaml": EXPLOIT, ".maturity.yaml": "skip: {a: b}\n"}
    ),
    Case(
        "python tag in the answers file",
        codes=(2,),
        answers_kept=False,
        files={".maturity/answers.yaml": EXPLOIT},
    ),
    Case(
        "a 1,500-deep -r include chain and an include loop",
        files={
            **{f"req/r{i}.txt": f"-r r{i + 1}.txt\nflask\n" for i in range(1500)},
            "req/r1500.txt": "numpy\n",
            "requirements.txt": "-r req/r0.txt\n-r requirements.txt\n",
        },
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_input_case(case: Case, tmp_path: Path) -> None:
    repo, _ = build(tmp_path, case)
    before = snapshot(tmp_path, skip=repo)
    # only runs that get past reading the settings produce reports
    result = run(repo, tmp_path / "out", case.command, *case.args, formats=2 not in case.codes)
    check_safe(result, repo, case)
    assert snapshot(tmp_path, skip=repo) == before, "something was written outside the repository"
    assert not (repo / "PWNED").exists()
