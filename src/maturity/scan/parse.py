"""Turning a file's bytes into text and its text into data, for :class:`maturity.scan.repo.RepoView`:
byte-order marks, binary files, YAML/TOML/JSON (templates read as the file they generate), and data no
walker can safely recurse through refused where it is parsed."""

from __future__ import annotations

import codecs
import json
import tomllib
from typing import Any

import yaml

from maturity._shape import shape_problem
from maturity._yaml import safe_load, safe_load_all
from maturity.scan.parsers.yaml_lines import located
from maturity.scan.templates import has_template_tags, neutralise

BINARY_SNIFF = 8192


def decode(data: bytes) -> str | None:
    """Text of a file's bytes: UTF-16/32 when a byte order mark says so (Windows tools write
    ``pip freeze > requirements.txt`` in UTF-16), UTF-8 (invalid bytes replaced) otherwise; None when
    binary (a NUL byte in the first :data:`BINARY_SNIFF` bytes of a file without a UTF-16/32 mark)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\0" in data[:BINARY_SNIFF]:
        return None
    return data.decode("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8", errors="replace")


PARSE_ERRORS = (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError, RecursionError)


def load(text: str, kind: str) -> Any:
    """Parse; data no walker can safely recurse through (alias bombs, cycles) is an error, and values
    nested too deep are cut (:func:`maturity._shape.shape_problem`)."""
    value = _parse_text(text, kind)
    problem = None if kind == "toml" else shape_problem(value, cut=True)
    if problem is not None:
        raise ValueError(f"{problem} (not read)")
    return value


def _parse_text(text: str, kind: str) -> Any:
    if kind == "yaml":
        return safe_load(text)
    if kind == "yaml_all":
        return [d for d in safe_load_all(text) if d is not None]
    if kind == "yaml_located":
        return [located(n) for n in yaml.compose_all(text, Loader=yaml.SafeLoader) if n]
    return tomllib.loads(text) if kind == "toml" else json.loads(text)


def load_template(text: str, kind: str) -> Any:
    """Parse a template file with its ``{{ }}``/``{% %}`` tags neutralised; None if still malformed."""
    if not has_template_tags(text):
        return None
    plain = neutralise(text, quote=kind == "json")
    if plain == text:
        return None
    try:
        return load(plain, kind)
    except PARSE_ERRORS:
        return None


def first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
