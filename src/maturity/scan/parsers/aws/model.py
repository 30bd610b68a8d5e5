"""One model for AWS infrastructure code, whatever wrote it: CloudFormation/SAM, CDK Python, CDK TypeScript.

Each front-end (``cfn``, ``cdk_py``, ``cdk_ts``) turns a file into :class:`Scope` objects holding
:class:`Res` records: a resource with its CloudFormation type (CDK constructs are mapped to the type they
synthesize), its properties with normalized keys, the names other resources use to point at it, and the
names it points at. CodePipeline actions are :class:`Res` of the pseudo-type ``action`` carrying a
``category`` and ``provider``. Detectors read this model only; they never see the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ACTION = "action"  # pseudo-type of a CodePipeline action
RULE = "AWS::Events::Rule"
PIPELINE = "AWS::CodePipeline::Pipeline"
PROJECT = "AWS::CodeBuild::Project"
FUNCTION = "AWS::Lambda::Function"
STATE_MACHINE = "AWS::StepFunctions::StateMachine"
SM_PIPELINE = "AWS::SageMaker::Pipeline"
ALARM = "AWS::CloudWatch::Alarm"
TRAINING_TASK = "training-task"  # a Step Functions task that creates a SageMaker training job (CDK)

_KEY = re.compile(r"[^a-z0-9]")


def norm(key: str) -> str:
    """A property key comparable across CloudFormation (``EventPattern``) and CDK (``event_pattern``)."""
    return _KEY.sub("", key.lower())


@dataclass(eq=False)
class Res:
    """A declared resource (or pipeline action), normalized; compared by identity."""

    type: str
    id: str
    path: str
    line: int
    props: dict[str, Any]
    source: str
    names: set[str] = field(default_factory=set)  # how others refer to it (logical id, CDK variables)
    refs: set[str] = field(default_factory=set)  # names it refers to
    words: str = ""  # ids, names, descriptions around it (lower case): what it is for
    text: str = ""  # its source text (CDK constructs)
    category: str = ""  # actions: Source, Build, Test, Deploy, Invoke, Approval
    provider: str = ""  # actions: S3, CodeCommit, CodeBuild, CloudFormation, Lambda, Manual...
    automatic: bool = True  # source actions: whether a change starts the pipeline by itself
    children: list[Res] = field(default_factory=list)  # a pipeline's actions
    attached: list[str] = field(default_factory=list)  # CDK: calls given this rule (what they add to it)

    def get(self, *keys: str) -> Any:
        """The property at a path of keys (normalized), or None."""
        return dig(self.props, *keys)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Scope:
    """Resources that can refer to each other: one template, or one CDK function with what it calls."""

    path: str
    source: str
    resources: list[Res] = field(default_factory=list)

    def of_type(self, *types: str) -> list[Res]:
        return [r for r in self.resources if r.type in types]

    def named(self, names: set[str], *types: str) -> list[Res]:
        """Resources of ``types`` that one of ``names`` refers to."""
        return [r for r in self.resources if r.type in types and r.names & names]


def dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(norm(key))
    return value


def render(value: Any) -> str:
    """A value as text: references as ``${Name}``, joins joined, lists space-separated."""
    if isinstance(value, dict):
        if "ref" in value and len(value) == 1:
            return "${" + render(value["ref"]) + "}"
        if "fngetatt" in value:
            att = value["fngetatt"]
            return "${" + (".".join(render(a) for a in att) if isinstance(att, list) else render(att)) + "}"
        if "fnjoin" in value and isinstance(value["fnjoin"], list) and len(value["fnjoin"]) == 2:
            sep, items = value["fnjoin"]
            return render(sep).join(render(i) for i in items) if isinstance(items, list) else render(items)
        if "fnsub" in value:
            sub = value["fnsub"]
            return render(sub[0] if isinstance(sub, list) and sub else sub)
        return " ".join(f"{k} {render(v)}" for k, v in value.items())
    if isinstance(value, list):
        return " ".join(render(v) for v in value)
    return "" if value is None else str(value)


_SUB_NAME = re.compile(r"\$\{([A-Za-z0-9_]+)")


def mentions(value: Any) -> set[str]:
    """Logical ids a CloudFormation value refers to (Ref, GetAtt, ${Name} in Sub)."""
    out: set[str] = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            for k, item in v.items():
                if k == "ref" and isinstance(item, str):
                    out.add(item)
                elif k == "fngetatt":
                    first = item[0] if isinstance(item, list) and item else item
                    if isinstance(first, str):
                        out.add(first.split(".")[0])
                elif k == "fnsub":
                    text = item[0] if isinstance(item, list) and item else item
                    if isinstance(text, str):
                        out.update(_SUB_NAME.findall(text))
                    stack.append(item)
                else:
                    stack.append(item)
        elif isinstance(v, list):
            stack.extend(v)
    return out


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def truthy(value: Any, default: bool = True) -> bool:
    """A CloudFormation/CDK boolean (``'false'``, ``False``, ``NONE`` triggers are false)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = render(value).strip().lower()
    return text not in ("false", "0", "no", "none", "disabled") and not text.endswith(".none")
