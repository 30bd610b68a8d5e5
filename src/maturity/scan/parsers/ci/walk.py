"""The walker shared by YAML CI systems: commands under run/script/commands... keys, grouped into jobs."""

from __future__ import annotations

from collections.abc import Iterator
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
    """Every command in a located YAML tree, with the path of mapping keys leading to it."""
    if isinstance(node, list):
        for item in node:
            yield from walk(item, keys)
        return
    if not isinstance(node, dict):
        return
    named = node.get("job") or node.get("deployment")
    if isinstance(named, str) and named not in keys:
        keys = (*keys, "jobs", named)  # Azure Pipelines: jobs are list items named by `job:`
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
        elif key.lower() in CMD_KEYS and isinstance(value, dict):
            yield from (((*keys, key), c) for c in shell_lines([value], line_of(value)))
        else:
            yield from walk(value, (*keys, key))


def _argv(node: dict[str, Any]) -> list[Command]:
    """Cloud Build / Tekton steps: ``entrypoint`` or ``command`` (or the builder image) plus ``args``."""
    head = node.get("entrypoint") or node.get("command") or ""
    if not head and isinstance(node.get("name"), str) and "/" in node["name"]:
        head = node["name"].rsplit("/", 1)[-1].split(":")[0]
    parts = head if isinstance(head, list) else [head]
    raw_args = node.get("args")
    args: list[Any] = raw_args if isinstance(raw_args, list) else []
    words = [str(w) for w in [*parts, *args] if isinstance(w, str) and w]
    text = " ".join(words)
    if text.startswith(("bash -c ", "sh -c ")):
        text = text[8:] if text.startswith("bash") else text[6:]
    return [Command(text, line_of(node.get("args") or head))] if text else []


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
