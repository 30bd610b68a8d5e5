"""AWS CDK in TypeScript/JavaScript, read structurally into the AWS model.

CDK code in TypeScript is regular: constructs are ``new module.Class(scope, 'Id', { props })`` with an
object literal, modules come from ``import * as x from 'aws-cdk-lib/aws-x'`` (or ``@aws-cdk/aws-x``). This
reader finds each ``new`` expression, takes its balanced argument list (strings, template literals and
comments skipped) and parses the object literal into a mapping: nested literals, arrays, shorthand
properties and identifiers (as references); any other expression is kept as text. No TypeScript parser is
needed for that, and none is imported. A file is one scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from maturity.scan.parsers.aws.cdk_py import split_words
from maturity.scan.parsers.aws.constructs import TRIGGER_KEYS, construct_type, is_cdk_module
from maturity.scan.parsers.aws.model import ACTION, ALARM, PIPELINE, RULE, Res, Scope, norm, render, truthy
from maturity.scan.repo import RepoView

TS = "AWS CDK (TypeScript)"
SUFFIXES = (".ts", ".js", ".mjs")
MAX_TEXT = 2000
MAX_SPAN = 50_000  # a construct's arguments longer than this are cut (unbalanced input stays linear)
_STAR = re.compile(r"import\s+\*\s+as\s+(\w+)\s+from\s+['\"]([^'\"]+)['\"]")
_NAMED = re.compile(r"import\s*\{([^}]*)\}\s*from\s*['\"]([^'\"]+)['\"]")
_REQUIRE = re.compile(r"(?:const|let|var|import)\s+(\w+)\s*=\s*require\(\s*['\"]([^'\"]+)['\"]\s*\)")
_NEW = re.compile(r"\bnew\s+([A-Za-z_$][\w$.]*)\s*(?:<[^<>()]*>)?\s*\(")
_METHOD = re.compile(
    r"([A-Za-z_$][\w$.]*)\.(on[A-Z]\w*|addTarget|createAlarm|addStage|addWave|gitHub|codeCommit|connection|s3|ecr)\s*\("
)
_ASSIGNED = re.compile(r"(?:(?:const|let|var)\s+(\w+)(?:\s*:[^=;]+)?|this\.(\w+)|(\w+))\s*=\s*$")
_IDENT = re.compile(r"(?:this\.)?([A-Za-z_$][\w$]*)")
_NAME_REFS = re.compile(r"[A-Za-z_$][\w$]*")
_RULE_KEYS = frozenset({"target", "targets", "schedule", "eventpattern", "rulename"})


def scopes(repo: RepoView, paths: list[str]) -> Iterator[Scope]:
    for path in paths:
        text = repo.text(path)
        if not text or ("aws-cdk" not in text and "@aws-cdk" not in text):
            continue
        try:
            scope = _read(path, blank(text), blank(text, strings=True))
        except (RecursionError, ValueError):
            continue
        if scope.resources:
            yield scope


def _module(spec: str) -> str:
    """``aws-cdk-lib/aws-events`` or ``@aws-cdk/aws-events`` -> ``aws_events``; the root -> ``aws_cdk``."""
    return "aws_cdk" if spec == "aws-cdk-lib" else spec.rsplit("/", 1)[-1].replace("-", "_")


def _aliases(text: str) -> dict[str, tuple[str, str]]:
    """Local name -> (module, class or "")."""
    out: dict[str, tuple[str, str]] = {}
    for alias, spec in [*_STAR.findall(text), *_REQUIRE.findall(text)]:
        if is_cdk_module(spec):
            out[alias] = (_module(spec), "")
    for names, spec in _NAMED.findall(text):
        if not is_cdk_module(spec):
            continue
        for item in names.split(","):
            parts = item.split(" as ")
            name, local = parts[0].strip(), parts[-1].strip()
            if not local:
                continue
            root = _module(spec) == "aws_cdk"
            out[local] = (name, "") if root else (_module(spec), name)
    return out


def _read(path: str, text: str, code: str) -> Scope:
    """Constructs found in ``code`` (no comments, no string contents), read from ``text`` (no comments)."""
    aliases = _aliases(text)
    scope = Scope(path, TS)
    for m in _NEW.finditer(code):
        head, _, rest = m.group(1).partition(".")
        if head not in aliases:
            continue
        module, cls = aliases[head]
        parts = [p for p in ([cls] if cls else []) + rest.split(".") if p]
        if module == "aws_cdk" and parts:  # `import { aws_events as events }` then `cdk.aws_events.Rule`
            module, parts = parts[0], parts[1:]
        found = construct_type(module, parts[0]) if parts else None
        if found is None:
            continue
        res = _res(text, path, m.start(), m.end() - 1, found[0], parts[0])
        res.category, res.provider = found[1], found[2]
        if res.type == PIPELINE and module == "pipelines":
            res.props["_cdkpipelines"] = True
        scope.resources.append(res)
    scope.resources.extend(_methods(text, code, path, scope.resources))
    actions = [r for r in scope.resources if r.type == ACTION]
    for pipeline in scope.of_type(PIPELINE):
        pipeline.children = actions
    return scope


def _res(text: str, path: str, start: int, open_at: int, kind: str, cls: str) -> Res:
    end = balanced(text, open_at)
    args = split_top(text[open_at + 1 : end])
    props: dict[str, Any] = {}
    for arg in args:
        parsed = literal(arg)
        if isinstance(parsed, dict):
            props.update(parsed)
    ids = [a.strip()[1:-1] for a in args if a.strip()[:1] in ("'", '"', "`")]
    label = props.get("actionname") or props.get("stagename") or props.get("name")
    ident = ids[0] if ids else label if isinstance(label, str) else cls
    named = [render(v) for k, v in props.items() if k.endswith(("name", "description"))]
    before = _ASSIGNED.search(text[max(0, start - 200) : start])
    names = {n for n in before.groups() if n} if before else set()
    source = text[start : end + 1]
    return Res(
        type=kind,
        id=ident,
        path=path,
        line=text.count("\n", 0, start) + 1,
        props=props,
        source=TS,
        names=names,
        refs=set(_NAME_REFS.findall(source)) - {"this", "new"},
        words=split_words(ident, *named),
        text=source[:MAX_TEXT],
        automatic=all(truthy(props.get(k)) for k in TRIGGER_KEYS),
    )


def _methods(text: str, code: str, path: str, made: list[Res]) -> list[Res]:
    """Rules from ``x.onEvent({...})``, targets from ``rule.addTarget(...)``, alarms, CDK Pipelines stages."""
    out: list[Res] = []
    for m in _METHOD.finditer(code):
        receiver, method = m.group(1), m.group(2)
        last = receiver.split(".")[-1]
        if method == "addTarget":
            for rule in (r for r in made if r.type == RULE and last in r.names):
                call = text[m.start() : balanced(text, m.end() - 1) + 1]
                rule.attached.append(call[:MAX_TEXT])
                rule.refs |= set(_NAME_REFS.findall(call))
            continue
        res = _res(text, path, m.start(), m.end() - 1, RULE, method)
        if method.startswith("on") and set(res.props) & _RULE_KEYS:
            if "target" in res.props:
                res.props["targets"] = [res.props.pop("target")]
            res.props.setdefault("_event", method)
            out.append(res)
        elif method == "createAlarm":
            res.type = ALARM
            res.props.setdefault("metricname", receiver)
            out.append(res)
        elif method in ("addStage", "addWave") and any(
            r.type == PIPELINE and r.props.get("_cdkpipelines") and last in r.names for r in made
        ):
            inner = re.search(r"['\"]([\w -]+)['\"]", res.text)
            res.id = f"stage {inner.group(1)}" if inner else "CDK Pipelines stage"
            res.type, res.category, res.provider = ACTION, "Deploy", "CloudFormation"
            out.append(res)
        elif last == "CodePipelineSource" and method[0].islower() and not method.startswith("on"):
            res.id = f"CodePipelineSource.{method}"
            res.type, res.category, res.provider = ACTION, "Source", "CodePipelineSource"
            out.append(res)
    return out


def blank(text: str, strings: bool = False) -> str:
    """``text`` with comments (and string contents if ``strings``) replaced by spaces, offsets kept."""
    out, i, start = [], 0, 0
    while i < len(text):
        if text[i] in "'\"`":
            end = _skip_string(text, i)
            if strings and end - i > 2:
                out += [text[start : i + 1], re.sub(r"[^\n]", " ", text[i + 1 : end - 1])]
                start = end - 1
            i = end
        elif text.startswith(("//", "/*"), i):
            end = _skip_comment(text, i)
            out += [text[start:i], re.sub(r"[^\n]", " ", text[i:end])]
            i = start = end
        else:
            i += 1
    out.append(text[start:])
    return "".join(out)


def _skip_string(text: str, i: int) -> int:
    """Index after the string literal starting at ``text[i]``."""
    quote, i = text[i], i + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _skip_comment(text: str, i: int) -> int:
    if text.startswith("//", i):
        j = text.find("\n", i)
        return len(text) if j < 0 else j
    j = text.find("*/", i + 2)
    return len(text) if j < 0 else j + 2


def balanced(text: str, i: int, limit: int = MAX_SPAN) -> int:
    """Index of the bracket closing the one at ``text[i]`` (or where the search gives up)."""
    depth, stop = 0, min(len(text), i + limit)
    while i < stop:
        ch = text[i]
        if ch in "'\"`":
            i = _skip_string(text, i)
            continue
        if text.startswith(("//", "/*"), i):
            i = _skip_comment(text, i)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return stop


def split_top(text: str) -> list[str]:
    """``text`` split at commas outside brackets and strings."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch in "'\"`":
            i = _skip_string(text, i)
            continue
        if text.startswith(("//", "/*"), i):
            i = _skip_comment(text, i)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def literal(expr: str, depth: int = 0) -> Any:
    """A TypeScript expression as data: object/array literals, strings, numbers, booleans, references."""
    expr = re.sub(r"^(?:\s|//[^\n]*\n|/\*.*?\*/)+", "", expr, flags=re.DOTALL).strip()
    expr = re.sub(r"\s+as\s+[\w.<>\[\]]+$", "", expr)
    if depth > 30 or not expr:
        return expr
    if expr[0] == "{" and balanced(expr, 0) == len(expr) - 1:
        return _object(expr[1:-1], depth)
    if expr[0] == "[" and balanced(expr, 0) == len(expr) - 1:
        return [literal(p, depth + 1) for p in split_top(expr[1:-1])]
    if expr[0] in "'\"`" and _skip_string(expr, 0) == len(expr):
        return expr[1:-1]
    if re.fullmatch(r"-?\d+(?:\.\d+)?", expr):
        return float(expr) if "." in expr else int(expr)
    if expr in ("true", "false"):
        return expr == "true"
    ident = _IDENT.fullmatch(expr)
    if ident:
        return {"ref": ident.group(1)}
    call = re.match(r"[\w$.]*?(fromObject|fromSourceFilename)\s*\(", expr)
    if call and expr.endswith(")"):
        inner = literal(expr[call.end() : -1], depth + 1)
        return inner if call.group(1) == "fromObject" else {"buildspecfile": inner}
    return expr[:MAX_TEXT]


def _object(body: str, depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in split_top(body):
        part = part.strip()
        if part.startswith("..."):
            continue
        key, sep, rest = _key(part)
        if not key:
            continue
        out[norm(key)] = literal(rest, depth + 1) if sep else {"ref": key}
    return out


def _key(part: str) -> tuple[str, str, str]:
    m = re.match(r"\s*(?:'([^']*)'|\"([^\"]*)\"|([A-Za-z_$][\w$]*))\s*(:?)", part)
    if not m:
        return "", "", ""
    return (m.group(1) or m.group(2) or m.group(3) or ""), m.group(4), part[m.end() :]
