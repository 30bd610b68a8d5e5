"""The user cache: what the installation computes the same way on every run, kept between runs.

Entries live in ``$XDG_CACHE_HOME/maturity`` (``~/.cache/maturity`` by default), never in the scanned
repository. An entry's name carries a hash of everything it was computed from (file contents, the
versions of maturity, pydantic and Python), so a changed input is a new entry and a stale one is never
read. A missing, unreadable or corrupt entry is recomputed; a cache that cannot be written is skipped.
``MATURITY_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")

_MEMORY: dict[str, bytes] = {}  # entries already read by this process


def cache_dir() -> Path:
    from pathlib import Path

    return Path(cache_root())


def cache_root() -> str:
    """The cache folder as a string (the command line's fast path avoids importing pathlib)."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    home = os.path.expanduser("~")  # noqa: PTH111
    root = base if base and os.path.isabs(base) else os.path.join(home, ".cache")  # noqa: PTH117, PTH118
    return os.path.join(root, "maturity")  # noqa: PTH118


def key_of(kind: str, files: Iterable[Path]) -> str:
    """A hash of ``files`` (names and contents) and of the versions that shape what is cached."""
    import hashlib

    from pydantic import VERSION

    from maturity import __version__

    digest = hashlib.sha256(f"{kind}\0{__version__}\0{VERSION}\0{sys.version}".encode())
    for f in files:
        digest.update(f"\0{f}\0".encode())
        digest.update(f.read_bytes())
    return f"{kind}-{digest.hexdigest()[:32]}"


def cached(key: str, build: Callable[[], T]) -> T:
    """``build()``, or its result as cached under ``key`` (a fresh copy on every call)."""
    import pickle

    if os.environ.get("MATURITY_NO_CACHE"):
        return build()
    data = _MEMORY.get(key) or _read(cache_dir() / f"{key}.pickle")
    if data is not None:
        try:
            value: T = pickle.loads(data)
        except Exception:  # a corrupt or foreign entry: computed again below
            pass
        else:
            _MEMORY[key] = data
            return value
    value = build()
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    _MEMORY[key] = data
    write_atomically(cache_dir() / f"{key}.pickle", data)
    return value


def _read(file: Path) -> bytes | None:
    try:
        return file.read_bytes()
    except OSError:
        return None


KEEP = 8  # entries of one kind kept (several installations may share the cache)


def write_atomically(file: Path, data: bytes) -> None:
    """Write a cache entry atomically (temporary file + rename), readable by the user only; any failure
    is ignored. The oldest entries of the same kind (the name up to its last ``-``) beyond :data:`KEEP`
    are removed."""
    import tempfile
    from pathlib import Path

    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        kind, suffix = file.name.rsplit("-", 1)[0], file.suffix
        older = sorted(file.parent.glob(f"{kind}-*{suffix}"), key=lambda f: f.stat().st_mtime)
        for old in older[: max(0, len(older) - KEEP + 1)]:
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            Path(tmp).replace(file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
