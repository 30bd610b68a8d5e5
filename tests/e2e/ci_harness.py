"""Run the CI setups the README documents as their CI systems would, on this machine.

* ``release_copy``: this checkout (tracked and untracked-not-ignored files) as a fresh git repository
  tagged ``v{version}`` and ``v{major}``: what a user's ``@v0``, ``rev: v0.1.0`` or git-ref install
  fetches. Served as a ``file://`` URL.
* ``run_action``: each ``run:`` step of ``action.yml`` through bash as the GitHub runner does: inputs
  substituted, a fresh ``$GITHUB_OUTPUT`` per step read back into ``steps.<id>.outputs``, and
  ``GITHUB_ACTION_PATH`` at the release copy. PATH holds the system Python only, never the test venv.
* ``run_gitlab_job``: the template's job merged with the README's override (GitLab merges included
  hashes), its ``before_script`` and ``script`` lines run in one bash, with a fresh venv as the image.
* ``readme_block``: a fenced block of the README's CI section, by its first line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CI_DOC = ROOT / "docs" / "readme" / "ci.md"
EXPR = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}  # fmt: skip


def version() -> str:
    found = re.search(r'__version__ = "([^"]+)"', (ROOT / "src" / "maturity" / "__init__.py").read_text())
    assert found
    return found.group(1)


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout  # fmt: skip


def release_copy(dest: Path) -> Path:
    """This checkout's files as a new repository at ``dest``, tagged like a release."""
    names = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, names):
        src = ROOT / name
        if src.is_file() and not src.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "release")
    tag = f"v{version()}"
    git(dest, "tag", "-a", tag, "-m", tag)
    git(dest, "tag", "-a", tag.split(".")[0], "-m", tag)
    return dest


def system_path() -> str:
    """PATH with the system Python (never the test venv) and the usual tools."""
    base = Path(getattr(sys, "_base_executable", sys.executable)).parent
    return os.pathsep.join([str(base), "/usr/local/bin", "/usr/bin", "/bin"])


def clean_env(**extra: str) -> dict[str, str]:
    """A runner's environment: no test venv on PATH, but the machine's package index and proxy settings."""
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "XDG_CONFIG_HOME")
    env = {k: v for k, v in os.environ.items()
           if k in keep or k.startswith(("PIP_", "VIRTUALENV_")) or k.lower().endswith("_proxy")}  # fmt: skip
    return {**env, "PATH": system_path(), "NO_COLOR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", **GIT_ENV,
            **extra}  # fmt: skip


def readme_block(first_line: str) -> str:
    """The README CI section's fenced block whose first line is ``first_line``."""
    for block in re.findall(r"```[a-z]*\n(.*?)```", CI_DOC.read_text(encoding="utf-8"), re.S):
        if block.splitlines()[0].strip() == first_line:
            return str(block)
    raise AssertionError(f"no block starting with {first_line!r} in {CI_DOC}")


def _substitute(text: str, context: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        if m.group(1).startswith("steps."):
            return context.get(m.group(1), "")  # an output never set is empty, as on GitHub
        assert m.group(1) in context, f"action.yml uses an expression this test does not know: {m.group(0)}"
        return context[m.group(1)]

    return EXPR.sub(value, text)


def _read_outputs(file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in file.read_text().splitlines() if "=" in line)


class ActionRun:
    def __init__(self) -> None:
        self.codes: list[int] = []
        self.outputs: dict[str, str] = {}
        self.step_outputs: dict[str, dict[str, str]] = {}
        self.stdout = ""
        self.stderr = ""
        self.summary = ""


def run_action(action: Path, repo: Path, tmp: Path, runner_temp: Path, inputs: dict[str, str]) -> ActionRun:
    """Run every step of ``action/action.yml`` in ``repo`` with these inputs (defaults for the rest)."""
    spec: dict[str, Any] = yaml.safe_load((action / "action.yml").read_text())
    assert spec["runs"]["using"] == "composite"
    unknown = set(inputs) - set(spec["inputs"])
    assert not unknown, f"inputs the action does not declare: {unknown}"
    context = {f"inputs.{k}": str(v.get("default", "")) for k, v in spec["inputs"].items()}
    context.update({f"inputs.{k}": v for k, v in inputs.items()})
    summary = tmp / "step_summary"
    summary.touch()
    env = clean_env(GITHUB_ACTIONS="true", CI="true", GITHUB_ACTION_PATH=str(action),
                    RUNNER_TEMP=str(runner_temp), GITHUB_STEP_SUMMARY=str(summary))  # fmt: skip
    run = ActionRun()
    for n, step in enumerate(spec["runs"]["steps"]):
        if run.codes and run.codes[-1] != 0 and "always()" not in str(step.get("if", "")):
            continue
        assert step["shell"] == "bash" and "run" in step
        output = tmp / f"github_output_{n}"
        output.touch()
        step_env = {**env, "GITHUB_OUTPUT": str(output),
                    **{k: _substitute(str(v), context) for k, v in step.get("env", {}).items()}}  # fmt: skip
        script = _substitute(step["run"], context)
        bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script]
        proc = subprocess.run(bash, cwd=repo, env=step_env, capture_output=True, text=True, timeout=600)
        run.codes.append(proc.returncode)
        run.stdout += proc.stdout
        run.stderr += proc.stderr
        if "id" in step:
            run.step_outputs[step["id"]] = _read_outputs(output)
            context.update({f"steps.{step['id']}.outputs.{k}": v for k, v in _read_outputs(output).items()})
    run.outputs = {name: _substitute(o["value"], context) for name, o in spec["outputs"].items()}
    run.summary = summary.read_text()
    return run


def _merge(base: Any, override: Any) -> Any:
    """GitLab's include merge: hashes deep-merged, anything else replaced."""
    if isinstance(base, dict) and isinstance(override, dict):
        return {**base, **{k: _merge(base.get(k), v) for k, v in override.items()}}
    return override


def gitlab_job(readme_yaml: dict[str, Any], release: Path) -> dict[str, Any]:
    """The `maturity` job: the template included (read at the pinned tag), merged with the README's job."""
    (include,) = readme_yaml["include"]
    m = re.fullmatch(
        r"https://raw\.githubusercontent\.com/maturity-dev/maturity/([^/]+)/(.+)", include["remote"]
    )
    assert m, include
    template = yaml.safe_load(git(release, "show", f"{m.group(1)}:{m.group(2)}"))
    job: dict[str, Any] = _merge(template["maturity"], readme_yaml.get("maturity", {}))
    return job


def run_gitlab_job(
    job: dict[str, Any], repo: Path, image: Path, **variables: str
) -> subprocess.CompletedProcess[str]:
    """before_script then script in one bash (as the runner does), ``image`` (a venv) providing python."""
    env = clean_env(**{**{k: str(v) for k, v in job["variables"].items()}, **variables})
    env["PATH"] = f"{image / 'bin'}{os.pathsep}{env['PATH']}"
    lines = [*job["before_script"], *job["script"]]
    script = "set -eo pipefail\n" + "\n".join(lines) + "\n"
    return subprocess.run(["bash", "--noprofile", "--norc", "-c", script], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip
