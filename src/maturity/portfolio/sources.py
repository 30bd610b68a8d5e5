"""What to scan: local paths and git URLs (``URL@ref``), and a unique result name for each.

A repositories file lists one path or git URL per line; blank lines and ``#`` comments are ignored,
and relative paths are relative to the file's folder. Git URLs are cloned shallowly into a temporary
folder that is removed after the scan; nothing is cloned over the network by the tests (they use
local ``file://`` repositories).
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from maturity import _files
from maturity.errors import UserError

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_SCP = re.compile(r"^[\w.-]+@[\w.-]+:")  # git@host:org/repo.git
CLONE_TIMEOUT = 600


@dataclass(frozen=True)
class Source:
    """One repository to scan."""

    spec: str = ""  # as the user wrote it
    kind: Literal["path", "git"] = "path"
    location: str = ""  # a folder, or a clone URL
    ref: str | None = None
    name: str = ""  # unique among the sources: the result file is NAME.json


def is_git_url(spec: str) -> bool:
    return bool(_SCHEME.match(spec) or _SCP.match(spec))


def split_ref(url: str) -> tuple[str, str | None]:
    """``URL@ref`` -> (URL, ref). Only an ``@`` inside the path separates a ref (``git@host:`` does not)."""
    scheme = _SCHEME.match(url)
    if scheme:
        path_start = url.find("/", scheme.end()) if not url[scheme.end() :].startswith("/") else scheme.end()
    elif _SCP.match(url):
        path_start = url.find(":") + 1
    else:
        path_start = 0
    at = url.rfind("@", path_start) if path_start >= 0 else -1
    if at < 0:
        return url, None
    return url[:at], url[at + 1 :] or None


def base_name(location: str) -> str:
    tail = re.split(r"[/:\\]", location.rstrip("/"))[-1] or "repository"
    tail = tail.removesuffix(".git") or "repository"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", tail).strip(".-") or "repository"


def parse(spec: str, base: Path | None = None) -> Source:
    spec = spec.strip()
    if is_git_url(spec):
        url, ref = split_ref(spec)
        return Source(spec=spec, kind="git", location=url, ref=ref)
    path = Path(spec).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    return Source(spec=spec, kind="path", location=str(path))


def read_repos_file(file: Path) -> list[Source]:
    """Sources listed in ``file``: one per line, ``#`` comments and blank lines ignored."""
    lines = _files.read_text(file, _files.CONFIG_CAP, UserError, "repositories file").splitlines()
    out = []
    for line in lines:
        text = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if text:
            out.append(parse(text, file.parent))
    if not out:
        raise UserError(
            "the repositories file lists no repository",
            file=file,
            hint="one path or git URL (optionally URL@ref) per line",
        )
    return out


def name_all(sources: list[Source]) -> list[Source]:
    """Give every source a unique name: its folder name, plus a short hash where two would collide."""
    bases = [base_name(s.location) for s in sources]
    counts = Counter(bases)
    out, seen = [], set()
    for s, b in zip(sources, bases, strict=True):
        name = b
        if counts[b] > 1:
            key = s.location if s.kind == "git" else str(Path(s.location).resolve())
            digest = hashlib.sha1(f"{key}@{s.ref or ''}".encode()).hexdigest()
            name = f"{b}-{digest[:8]}"
        if name in seen:
            raise UserError(f"{s.spec} is listed twice")
        seen.add(name)
        out.append(Source(spec=s.spec, kind=s.kind, location=s.location, ref=s.ref, name=name))
    return out


def clone(source: Source, into: Path) -> Path:
    """A shallow clone of ``source`` (at its ref, if any) into the folder ``into``; never prompts."""
    dest = into / source.name
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true"}
    if source.ref is None:
        steps = [["git", "clone", "-q", "--depth", "1", source.location, str(dest)]]
    else:
        steps = [
            ["git", "init", "-q", str(dest)],
            ["git", "-C", str(dest), "fetch", "-q", "--depth", "1", source.location, source.ref],
            ["git", "-C", str(dest), "checkout", "-q", "FETCH_HEAD"],
        ]
    for cmd in steps:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=CLONE_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UserError(f"git clone failed: {exc}", file=source.spec) from None
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or [f"git exited with {done.returncode}"]
            first = next((x for x in lines if x.startswith("fatal:")), lines[-1])
            raise UserError(f"git clone failed: {first.removeprefix('fatal: ')}", file=source.spec)
    return dest
