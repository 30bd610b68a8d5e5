"""The shipped frameworks and questionnaires are parsed once per installation (user cache).

Every test points ``XDG_CACHE_HOME`` at its own temporary folder.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from maturity import _cache
from maturity.frameworks import registry
from maturity.frameworks.registry import Library, load_library


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("MATURITY_NO_CACHE", raising=False)
    monkeypatch.setattr(_cache, "_MEMORY", {})  # as a new process
    return tmp_path / "xdg" / "maturity"


def dump(lib: Library) -> tuple[object, ...]:
    return (
        lib.catalog.model_dump(),
        {k: f.model_dump() for k, f in lib.frameworks.items()},
        {k: q.model_dump() for k, q in lib.questions.items()},
        lib.origins,
    )


def test_the_second_load_reads_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_library()
    (entry,) = cache.glob("library-*.pickle")
    assert oct(entry.stat().st_mode & 0o777) == oct(0o600)
    monkeypatch.setattr(_cache, "_MEMORY", {})

    def no_parsing(*args: object) -> Library:
        raise AssertionError("parsed again")

    monkeypatch.setattr(registry, "_load_shipped", no_parsing)
    second = load_library()
    assert dump(second) == dump(first)
    assert second is not first and second.frameworks["google"] is not first.frameworks["google"]


def test_the_cache_holds_what_parsing_gives(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_library()
    monkeypatch.setattr(_cache, "_MEMORY", {})
    cached = load_library()
    monkeypatch.setenv("MATURITY_NO_CACHE", "1")
    assert dump(cached) == dump(load_library())


def test_a_changed_file_is_a_new_entry(tmp_path: Path, cache: Path) -> None:
    f = tmp_path / "google.yaml"
    f.write_text("id: google\n")
    before = _cache.key_of("library", [f])
    f.write_text("id: google\nname: changed\n")
    assert _cache.key_of("library", [f]) != before


def test_a_damaged_entry_is_parsed_again(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = dump(load_library())
    (entry,) = cache.glob("library-*.pickle")
    entry.write_bytes(b"not a pickle")
    monkeypatch.setattr(_cache, "_MEMORY", {})
    assert dump(load_library()) == good
    assert isinstance(pickle.loads(entry.read_bytes()), Library)


def test_without_a_writable_cache_the_library_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(_cache, "_MEMORY", {})
    assert "google" in load_library().frameworks


def test_old_entries_are_pruned(cache: Path) -> None:
    for i in range(12):
        _cache.write_atomically(cache / f"library-{i:032x}.pickle", b"x")
    assert len(list(cache.glob("library-*.pickle"))) == _cache.KEEP


def test_a_scan_writes_the_cache_not_the_repository(cli, make_repo, tmp_path: Path) -> None:
    repo = make_repo({"train.py": "import mlflow\nmlflow.log_metric('m', 1)\n"})
    xdg = tmp_path / "scan-cache"
    for _ in range(2):
        r = cli("scan", str(repo), "--format", "json", env={"XDG_CACHE_HOME": str(xdg)})
        assert r.returncode == 0, r.stderr
    assert len(list((xdg / "maturity").glob("library-*.pickle"))) == 1
    status = subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain", "--ignored"], capture_output=True, text=True
    )
    assert status.stdout == ""


def test_the_library_comes_from_the_cache_in_a_new_process(cache: Path) -> None:
    code = (
        "import maturity.frameworks.registry as r\n"
        "def fail(*a): raise SystemExit('parsed again')\n"
        "r._load_shipped = fail\n"
        "print(len(r.load_library().frameworks))\n"
    )
    env = {**os.environ}
    load_library()  # fills the cache of this test
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 4
