"""Safe YAML with line numbers: validation errors become FILE:LINE: field: message.

``yaml.safe_load`` builds the data; ``yaml.compose`` of the same text keeps the node marks, which
map a pydantic error location (``levels.1.criteria.0.practices``) to the line a person should fix.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from maturity import _files
from maturity._shape import shape_problem
from maturity.errors import UserError

T = TypeVar("T")


class SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that keeps an impossible date (``2026-02-30``) as the string it is, for the
    scanned repository's files: PyYAML turns every ``YYYY-MM-DD``-shaped scalar into a date and raises
    ValueError (no line) on an impossible one, which would make the whole file unreadable. The tool's
    own files go through :func:`parse`, which reports such a date as FILE:LINE.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", SafeLoader.construct_yaml_timestamp)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=SafeLoader)


def safe_load_all(text: str) -> list[Any]:
    return list(yaml.load_all(text, Loader=SafeLoader))


def read_text(file: Path, error: type[UserError], cap: int = _files.FRAMEWORK_CAP, what: str = "file") -> str:
    """A regular file of at most ``cap`` bytes, as UTF-8 text (else ``error`` naming the file)."""
    return _files.read_text(file, cap, error, what)


def parse(text: str, file: str | Path, error: type[UserError]) -> tuple[Any, yaml.Node | None]:
    """Parse YAML safely; syntax errors raise ``error`` with the line of the problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML gives only its offset
        what = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        line = text.count("\n", 0, exc.position) + 1
        raise error(f"invalid YAML: character {what} is not allowed", file=file, line=line) from None
    except ValueError as exc:  # a value YAML reads but cannot build, e.g. the date 2027-13-45
        bad = _bad_scalar(node)
        where = bad.start_mark.line + 1 if bad is not None else None
        what = f"invalid date {bad.value!r}: " if bad is not None else "invalid value: "
        raise error(f"{what}{exc}", file=file, line=where) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(
            f"invalid YAML: {problem}",
            file=file,
            line=mark.line + 1 if mark is not None else None,
        ) from exc
    except RecursionError:
        raise error("invalid YAML: nested too deeply", file=file) from None
    problem = shape_problem(data)
    if problem is not None:
        raise error(f"invalid YAML: {problem}", file=file)
    return data, node


def _bad_scalar(node: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first timestamp scalar that cannot be built (a date like 2027-13-45). Each node is looked at
    once: an alias is the node it names, so an alias bomb is not expanded."""
    queue = deque([node] if node is not None else [])
    seen: set[int] = set()
    while queue:
        current = queue.popleft()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode) and current.tag == "tag:yaml.org,2002:timestamp":
            try:
                yaml.SafeLoader("").construct_yaml_timestamp(current)
            except ValueError:
                return current
        elif isinstance(current, yaml.MappingNode):
            queue.extend(n for pair in current.value for n in pair)
        elif isinstance(current, yaml.SequenceNode):
            queue.extend(current.value)
    return None


def line_for(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest node along ``loc`` (1-based), skipping union tags pydantic adds."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for key in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(key):
                    child = v
                    line = k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            child = node.value[key]
            line = child.start_mark.line + 1
        if child is None:
            continue  # e.g. the discriminator tag pydantic inserts into the location
        node = child
    return line


def format_loc(loc: tuple[int | str, ...]) -> str:
    """Dotted field path of a pydantic error location."""
    return ".".join(str(k) for k in loc)


def validate(
    adapter: TypeAdapter[T],
    data: Any,
    node: yaml.Node | None,
    file: str | Path,
    error: type[UserError],
) -> T:
    """Validate parsed data; the first error is raised as FILE:LINE: field: message."""
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        ctx = first.get("ctx", {})
        loc = tuple(first["loc"]) + tuple(getattr(ctx.get("error"), "loc", ()))  # LocatedError
        if first["type"] in ("union_tag_invalid", "union_tag_not_found"):
            loc += (str(ctx.get("discriminator", "")).strip("'"),)  # point at the tag field itself
        if isinstance(data, dict) and loc and loc[0] == data.get("scoring"):
            loc = loc[1:]  # the discriminator tag of a tagged union is not a field
        extra = len(exc.errors()) - 1
        msg = first["msg"].removeprefix("Value error, ") + (
            f" (and {extra} more error{'s' if extra > 1 else ''})" if extra else ""
        )
        raise error(msg, file=file, line=line_for(node, loc), field=format_loc(loc) or None) from exc


def load(file: Path, adapter: TypeAdapter[T], error: type[UserError]) -> tuple[T, yaml.Node | None]:
    text = read_text(file, error)
    data, node = parse(text, file, error)
    return validate(adapter, data, node, file, error), node
