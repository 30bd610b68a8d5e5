"""The walker shared by YAML CI systems: commands under run/script/commands... keys, grouped into jobs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from maturity.scan.parsers.ci.model import (
    Command,
    Job,
    line_of,
    shell_lines,
)

CMD_KEYS = frozenset(
    {
        "run",
        "script",
        "scripts",
        "command",
        "commands",
        "cmd",
        "inlinescript",
        "bash",
        "pwsh",
        "powershell",
        "install",
        "before_install",
        "before_script",
        "after_success",
        "before_deploy",
    }
)


GROUP_KEYS = frozenset({"jobs", "pipelines", "phases", "stages", "steps", "branches", "tasks", "workflows"})


def walk(node: Any, keys: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Command]]:
    """Every command in a located YAML tree, with the path of mapping keys leading to it.

    A step's name (``name``/``displayName``/``label``, Cloud Build ``id``) is kept on its commands.
    """
    if isinstance(node, list):
        for item in node:
            yield from walk(item, keys)
        return
    if not isinstance(node, dict):
        return
    named = node.get("job") or node.get("deployment")
    if isinstance(named, str) and named not in keys:
        keys = (*keys, "jobs", named)  # Azure Pipelines: jobs are list items named by `job:`
    step = _step_name(node)
    for path, cmd in _node_commands(node, keys):
        yield path, replace(cmd, step=cmd.step or step)


def _node_commands(node: dict[str, Any], keys: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Command]]:
    if isinstance(node.get("args"), list) or "entrypoint" in node:
        yield from ((keys, c) for c in _argv(node))
    for key, value in node.items():
        if key.lower() in CMD_KEYS and not isinstance(value, dict):
            if key == "command" and isinstance(value, list) and isinstance(node.get("args"), list):
                continue  # already joined with args
            yield from (((*keys, key), c) for c in shell_lines(value, line_of(value)))
        elif key == "uses" and isinstance(value, str):
            yield keys, Command(_uses(node), line_of(value))
        elif key == "task" and isinstance(value, str):
            yield keys, Command(f"task: {value} {_params(node.get('inputs'))}".strip(), line_of(value))
        elif key == "template" and isinstance(value, str):  # Azure Pipelines: steps/jobs/stages template
            yield keys, Command(f"template: {value}", line_of(value))
        elif key.lower() in CMD_KEYS and isinstance(value, dict):
            yield from (((*keys, key), c) for c in shell_lines([value], line_of(value)))
        else:
            yield from walk(value, (*keys, key))


def _step_name(node: dict[str, Any]) -> str:
    """The name of a step: a mapping that holds a command itself (not a workflow's or a job's name)."""
    if not any(isinstance(k, str) and (k.lower() in CMD_KEYS or k in _STEP_KEYS) for k in node):
        return ""
    if isinstance(node.get("args"), list) or "entrypoint" in node:  # Cloud Build: `name` is the builder
        value = node.get("id") or ""
    else:
        value = node.get("displayName") or node.get("name") or node.get("label") or ""
    return str(value) if isinstance(value, str) else ""


_STEP_KEYS = frozenset({"uses", "task", "template", "args", "entrypoint"})
_SHELLS = ("bash", "sh", "/bin/bash", "/bin/sh", "pwsh", "powershell")


def _argv(node: dict[str, Any]) -> list[Command]:
    """Cloud Build / Tekton steps: ``entrypoint`` or ``command`` (or the builder image) plus ``args``.

    ``args: [-c, script]`` (a shell entrypoint, or a builder whose entrypoint is a shell) is a script of
    several lines; a builder image ``gcr.io/cloud-builders/gcloud`` or ``.../tfx-cli`` names its tool.
    """
    head = node.get("entrypoint") or node.get("command") or ""
    raw_args = node.get("args")
    args: list[Any] = raw_args if isinstance(raw_args, list) else []
    cwd = str(node.get("dir") or "")
    if args and args[0] == "-c" and len(args) > 1 and (not head or head in _SHELLS):
        return [replace(c, cwd=cwd) for c in shell_lines(args[1:], line_of(args[1]))]
    if not head and isinstance(node.get("name"), str) and "/" in node["name"]:
        head = _builder_tool(node["name"])
    parts = head if isinstance(head, list) else [head]
    words = [str(w) for w in [*parts, *args] if isinstance(w, str) and w]
    text = " ".join(words)
    for shell in ("bash -c ", "sh -c "):
        text = text.removeprefix(shell)
    return [Command(text, line_of(node.get("args") or head), cwd)] if text else []


def _builder_tool(image: str) -> str:
    """``gcr.io/cloud-builders/gcloud:latest`` -> ``gcloud``; a ``tfx-cli`` builder -> ``tfx``."""
    tool = image.rsplit("/", 1)[-1].split(":")[0].split("@")[0]
    return tool.removesuffix("-cli") if tool.endswith("-cli") else tool


def _uses(node: dict[str, Any]) -> str:
    return f"uses: {node['uses']} {_params(node.get('with'))}".strip()


def _params(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    return " ".join(f"{k}={v}" for k, v in value.items() if isinstance(v, str) and "\n" not in v)


def jobs(node: Any, system: str, path: str) -> dict[str, Job]:
    jobs: dict[str, Job] = {}
    for keys, cmd in walk(node):
        name = _job_name(keys)
        job = jobs.setdefault(name, Job(name, line=cmd.line))
        job.commands.append(cmd)
    return jobs


def _job_name(keys: tuple[str, ...]) -> str:
    for i, k in enumerate(keys):
        if k.lower() not in GROUP_KEYS:
            return k
        if i + 1 < len(keys) and keys[i + 1].lower() not in GROUP_KEYS:
            return keys[i + 1]
    return keys[0] if keys else "main"
