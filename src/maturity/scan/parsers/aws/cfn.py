"""CloudFormation and SAM templates (YAML or JSON) read into the AWS model.

YAML templates use intrinsic-function tags (``!Ref``, ``!GetAtt``, ``!Sub``...) that ``yaml.safe_load``
rejects: they are composed (no type resolution, so no tag is refused) and each tag becomes the long form
(``{"Ref": x}``, ``{"Fn::GetAtt": x}``). Scalars keep their line. A template is a mapping with a
``Resources`` mapping whose entries have a ``Type`` (``AWS::...``), whatever the file is called.
SAM function ``Events`` (Schedule, S3, EventBridge rules) become the event rules SAM generates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from maturity.scan.parsers.aws.model import (
    ACTION,
    FUNCTION,
    PIPELINE,
    RULE,
    STATE_MACHINE,
    Res,
    Scope,
    as_list,
    dig,
    mentions,
    norm,
    render,
    truthy,
)
from maturity.scan.parsers.yaml_lines import LStr
from maturity.scan.repo import RepoView

SUFFIXES = (".yaml", ".yml", ".json", ".template")
MAX_NODES = 200_000
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml composes ~10x faster when installed
CFN = "CloudFormation"
SAM = "AWS SAM"
_TYPES = {
    "AWS::Serverless::Function": FUNCTION,
    "AWS::Serverless::StateMachine": STATE_MACHINE,
    "AWS::Scheduler::Schedule": RULE,  # EventBridge Scheduler: a schedule with one target
}
_WORD_KEYS = ("name", "description", "pipelinename", "pipelinedescription", "functionname", "alarmname")


def scopes(repo: RepoView, paths: list[str]) -> Iterator[Scope]:
    """One scope per template among ``paths`` (other files are skipped quickly)."""
    for path in paths:
        text = repo.text(path)
        if not text or "Resources" not in text or ("AWS::" not in text and "Custom::" not in text):
            continue
        for doc in _documents(repo, path, text):
            try:
                scope = _template(path, doc, text)
            except RecursionError:
                continue
            if scope is not None:
                yield scope


def _documents(repo: RepoView, path: str, text: str) -> list[Any]:
    if path.lower().endswith(".json") or text.lstrip().startswith("{"):
        doc = repo.json(path)
        return [doc] if isinstance(doc, dict) else []
    try:
        nodes = list(yaml.compose_all(text, Loader=_LOADER))
        return [_located(n, [0]) for n in nodes if n is not None]
    except (yaml.YAMLError, ValueError, RecursionError):
        return []


def _located(node: yaml.Node, count: list[int]) -> Any:
    """A composed node as dicts/lists/:class:`LStr`, intrinsic tags turned into their long form."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise ValueError("template too large")
    if isinstance(node, yaml.ScalarNode):
        value: Any = LStr(node.value)
        value.line = node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        value = [_located(n, count) for n in node.value]
    else:
        value = {}
        for k, v in node.value:
            key = _located(k, count)
            if isinstance(key, str):
                value[key] = _located(v, count)
    tag = node.tag or ""
    if tag.startswith("!") and len(tag) > 1:
        name = tag[1:]
        if name == "GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {"Ref" if name in ("Ref", "Condition") else f"Fn::{name}": value}
    return value


MAX_DEPTH = 40  # deeper values are cut: no template needs them, and every reader stays shallow


def normalize(value: Any, depth: int = 0) -> Any:
    """Keys normalized (``detail-type`` -> ``detailtype``, ``Fn::GetAtt`` -> ``fngetatt``), values kept."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {norm(k): normalize(v, depth + 1) for k, v in value.items() if isinstance(k, str)}
    if isinstance(value, list):
        return [normalize(v, depth + 1) for v in value]
    return value


def _template(path: str, doc: Any, text: str) -> Scope | None:
    resources = doc.get("Resources") if isinstance(doc, dict) else None
    if resources is None and isinstance(doc, dict) and isinstance(doc.get("resources"), dict):
        resources = doc["resources"].get("Resources")  # Serverless Framework: raw CloudFormation
    if not isinstance(resources, dict):
        return None
    sam = "Serverless" in render(doc.get("Transform"))
    scope = Scope(path, SAM if sam else CFN)
    keys: dict[str, int] = {}
    for logical, body in resources.items():
        kind = body.get("Type") if isinstance(body, dict) else None
        if not isinstance(kind, str) or not kind.startswith(("AWS::", "Custom::")):
            continue
        line = _line(logical, text, keys)
        props = normalize(body.get("Properties")) or {}
        res = Res(
            type=_TYPES.get(str(kind), str(kind)),
            id=str(logical),
            path=path,
            line=line,
            props=props if isinstance(props, dict) else {},
            source=SAM if kind.startswith("AWS::Serverless::") else CFN,
            names={str(logical)},
            refs=mentions(props),
            words=_words(str(logical), props),
        )
        if res.type == PIPELINE:
            res.children = list(_actions(res))
        scope.resources.append(res)
        if kind.startswith("AWS::Serverless::"):
            raw = body.get("Properties")
            scope.resources.extend(_sam_events(res, raw.get("Events") if isinstance(raw, dict) else None))
    return scope if scope.resources else None


_JSON_KEY = re.compile(r'^\s*"([^"\n]+)"\s*:', re.MULTILINE)


def _line(logical: Any, text: str, keys: dict[str, int]) -> int:
    """A resource's line: from YAML marks, or the first ``"Key":`` line of a JSON template (indexed once)."""
    if isinstance(logical, LStr):
        return logical.line
    if not keys:
        line, pos = 1, 0
        for m in _JSON_KEY.finditer(text):
            line, pos = line + text.count("\n", pos, m.start()), m.start()
            keys.setdefault(m.group(1), line)
    return keys.get(str(logical), 1)


def _words(logical: str, props: Any) -> str:
    parts = [logical]
    if isinstance(props, dict):
        parts += [render(props.get(k)) for k in _WORD_KEYS if props.get(k) is not None]
    return " ".join(parts).lower()


def first_line(value: Any, default: int) -> int:
    """The line of the first located scalar in ``value``."""
    stack = [value]
    while stack:
        v = stack.pop(0)
        if isinstance(v, LStr):
            return v.line
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return default


def _actions(pipeline: Res) -> Iterator[Res]:
    """The actions of a CodePipeline resource, each with its category, provider and stage."""
    for stage in as_list(pipeline.get("stages")):
        stage_name = render(dig(stage, "name"))
        for action in as_list(dig(stage, "actions")):
            if not isinstance(action, dict):
                continue
            found = action.get("configuration")
            config: dict[str, Any] = found if isinstance(found, dict) else {}
            poll = config.get("pollforsourcechanges", config.get("detectchanges"))
            yield Res(
                type=ACTION,
                id=render(action.get("name")),
                path=pipeline.path,
                line=first_line(action, pipeline.line),
                props={**config, "stage": stage_name},
                source=pipeline.source,
                refs=mentions(config),
                words=f"{render(action.get('name'))} {stage_name}".lower(),
                category=render(dig(action, "actiontypeid", "category")),
                provider=render(dig(action, "actiontypeid", "provider")),
                automatic=truthy(poll),
            )


_SAM_EVENTS = {"schedule", "schedulev2", "cloudwatchevent", "eventbridgerule", "s3"}


def _sam_events(function: Res, raw: Any) -> Iterator[Res]:
    """The event rules SAM generates for a function's (or state machine's) ``Events``."""
    for name, event in raw.items() if isinstance(raw, dict) else ():
        event = normalize(event)
        kind = render(dig(event, "type")).lower()
        props = dig(event, "properties")
        if kind not in _SAM_EVENTS or not isinstance(props, dict):
            continue
        rule: dict[str, Any]
        if kind.startswith("schedule"):
            rule = {"scheduleexpression": props.get("schedule") or props.get("scheduleexpression")}
        elif kind == "s3":
            rule = {"eventpattern": {"source": ["aws.s3"], "detailtype": ["Object Created"]}}
        else:
            rule = {"eventpattern": props.get("pattern")}
        yield Res(
            type=RULE,
            id=f"{function.id}.{name}",
            path=function.path,
            line=first_line(event, function.line),
            props={**rule, "targets": [{"arn": {"ref": function.id}}]},
            source=SAM,
            refs={function.id},
            words=f"{name} {function.words}".lower(),
        )
