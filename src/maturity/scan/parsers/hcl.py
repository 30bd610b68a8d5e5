"""Terraform (HCL native syntax) read as blocks with their arguments and lines.

A careful block reader, not an HCL evaluator: it knows strings (with ``${ }`` templates and nested
quotes), heredocs, the three comment styles and bracket nesting, and returns every block (``resource
"aws_sagemaker_endpoint" "x" { ... }``) with its labels, its arguments (a plain string literal's text, or
the expression's source text) and its nested blocks, each with a line. Why not python-hcl2: it would be a
new dependency (with lark) for every user, it is slow on large files, it raises on any syntax it does not
know (templated files, newer HCL features) and it gives no line numbers by default; detectors only need
block types, labels and arguments. One pass over the text, linear; malformed input never raises.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from maturity.scan.parsers.yaml_lines import LStr
from maturity.scan.repo import RepoView

MAX_DEPTH = 32
_TOKEN = re.compile(
    r"[ \t\r]*(?:(?P<nl>\n)|(?P<comment>\#[^\n]*|//[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<heredoc><<-?[ \t]*(?P<tag>[A-Za-z_]\w*)[ \t]*\r?\n)"
    r"|(?P<string>\"(?:[^\"\\\n$%]|\\.|[$%](?!\{))*\")"
    r"|(?P<quote>\")|(?P<ident>[A-Za-z_][\w-]*)"
    r"|(?P<open>[{\[(])|(?P<close>[}\])])|(?P<op>==|!=|>=|<=|=>)|(?P<eq>=)"
    r"|(?P<other>[^\s\"#/{}\[\]()=!<>A-Za-z_$%]+|.))",
    re.DOTALL,
)


@dataclass(frozen=True)
class Attr:
    """An argument: ``value`` is a plain string literal's text (``literal``) or the expression's source."""

    value: str
    line: int
    literal: bool = False


@dataclass
class Block:
    type: str
    labels: tuple[str, ...]
    line: int
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        attr = self.attrs.get(name)
        return attr.value if attr else None

    def children(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]

    def walk(self) -> Iterator[Block]:
        """This block and every block nested in it."""
        yield self
        for b in self.blocks:
            yield from b.walk()


class _Tok(NamedTuple):
    kind: str
    start: int
    end: int


def _string_end(text: str, pos: int) -> int:
    """The offset just after the string whose opening quote is at ``pos`` (templates may nest quotes)."""
    i, n = pos + 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == '"':
            return i + 1
        elif ch in "$%" and text.startswith("{", i + 1):
            i = _template_end(text, i + 2)
        elif ch == "\n":
            return i  # an unterminated string stops at the end of its line
        else:
            i += 1
    return n


def _template_end(text: str, i: int) -> int:
    depth, n = 1, len(text)
    while i < n and depth:
        ch = text[i]
        if ch == '"':
            i = _string_end(text, i)
            continue
        depth += {"{": 1, "}": -1}.get(ch, 0)
        i += 1
    return i


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos, n = 0, len(text)
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)
        if m is None:  # only blanks are left
            break
        kind = m.lastgroup or "other"
        start, end = m.start(kind), m.end()
        if kind == "quote":
            end, kind = _string_end(text, start), "string"
        elif kind == "heredoc":
            close = re.compile(r"^[ \t]*" + re.escape(m.group("tag")) + r"[ \t]*$", re.MULTILINE).search(
                text, end
            )
            end = close.end() if close else n
        if kind != "comment":
            out.append(_Tok(kind, start, end))
        pos = end
    return out


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def src(self, tok: _Tok) -> str:
        return self.text[tok.start : tok.end]

    def body(self, depth: int) -> tuple[dict[str, Attr], list[Block]]:
        attrs: dict[str, Attr] = {}
        blocks: list[Block] = []
        while self.i < len(self.toks):
            tok = self.toks[self.i]
            if tok.kind == "close":
                self.i += 1
                return attrs, blocks
            if tok.kind == "nl":
                self.i += 1
                continue
            if tok.kind != "ident":
                self.value()  # not an argument or a block: skip the line
                continue
            self.i += 1
            nxt = self.toks[self.i] if self.i < len(self.toks) else None
            if nxt is not None and nxt.kind == "eq":
                self.i += 1
                attrs[self.src(tok)] = self.value()
            else:
                block = self.block(tok, depth)
                if block is not None:
                    blocks.append(block)
        return attrs, blocks

    def block(self, head: _Tok, depth: int) -> Block | None:
        labels: list[str] = []
        while self.i < len(self.toks) and self.toks[self.i].kind in ("ident", "string"):
            labels.append(self.src(self.toks[self.i]).strip('"'))
            self.i += 1
        if self.i >= len(self.toks) or self.src(self.toks[self.i]) != "{":
            self.value()
            return None
        self.i += 1
        block = Block(self.src(head), tuple(labels), self.line(head.start))
        if depth < MAX_DEPTH:
            block.attrs, block.blocks = self.body(depth + 1)
        else:
            self.skip_block()
        return block

    def value(self) -> Attr:
        """The expression from here to the end of its line (brackets may span lines)."""
        first, depth, start = self.i, 0, self.i
        while self.i < len(self.toks):
            tok = self.toks[self.i]
            if depth == 0 and tok.kind in ("close", "nl"):
                break
            depth += 1 if tok.kind == "open" else -1 if tok.kind == "close" else 0
            self.i += 1
        if start >= self.i:
            return Attr("", self.line(self.toks[min(start, len(self.toks) - 1)].start) if self.toks else 1)
        first_tok, last_tok = self.toks[first], self.toks[self.i - 1]
        raw = self.text[first_tok.start : last_tok.end].strip()
        line = self.line(first_tok.start)
        closed = len(raw) > 1 and raw.endswith('"')
        if self.i - first == 1 and first_tok.kind == "string" and closed and "${" not in raw:
            return Attr(raw[1:-1].replace('\\"', '"'), line, literal=True)
        return Attr(raw, line)

    def skip_block(self) -> None:
        depth = 1
        while self.i < len(self.toks) and depth:
            kind = self.toks[self.i].kind
            depth += 1 if kind == "open" else -1 if kind == "close" else 0
            self.i += 1


def parse(text: str) -> list[Block]:
    """The top-level blocks of an HCL file (never raises; unreadable parts are skipped)."""
    try:
        return _Reader(text).body(0)[1]
    except RecursionError:  # pragma: no cover (nesting is capped at MAX_DEPTH)
        return []


_CACHE: weakref.WeakKeyDictionary[RepoView, list[tuple[str, Block]]] = weakref.WeakKeyDictionary()


def terraform_blocks(repo: RepoView) -> list[tuple[str, Block]]:
    """Every top-level block of every ``*.tf`` file, with its path (parsed once per view)."""
    if repo not in _CACHE:
        found: list[tuple[str, Block]] = []
        for path in repo.with_suffix(".tf"):
            text = repo.text(path) or ""
            if "{" in text:
                found.extend((path, b) for b in parse(text))
        _CACHE[repo] = found
    return _CACHE[repo]


def resources(repo: RepoView, *types: str) -> list[tuple[str, Block]]:
    """``resource`` blocks of the given types (all resources when none is given)."""
    wanted = set(types)
    return [
        (p, b)
        for p, b in terraform_blocks(repo)
        if b.type == "resource" and b.labels and (not wanted or b.labels[0] in wanted)
    ]


def to_dict(block: Block, repeated: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A block as a mapping (arguments as :class:`LStr` with their line; nested blocks as mappings, or as
    lists for the types in ``repeated``), so readers of JSON/YAML job shapes can read Terraform too."""
    out: dict[str, Any] = {}
    for name, attr in block.attrs.items():
        value = LStr(attr.value)
        value.line = attr.line
        out[name] = value
    for child in block.blocks:
        converted = to_dict(child, repeated)
        if child.type in repeated:
            out.setdefault(child.type, []).append(converted)
        else:
            out[child.type] = converted
    return out
