"""docs/practices.md and docs/frameworks.md are generated; this fails when they are stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_current() -> None:
    for path, text in gen_docs().generate().items():
        assert path.exists(), f"{path.name} is missing: run `python scripts/gen_docs.py`"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run `python scripts/gen_docs.py`"
        )


def test_every_practice_and_framework_is_documented() -> None:
    from maturity.frameworks.registry import load_library

    lib = load_library()
    docs = {p.name: t for p, t in gen_docs().generate().items()}
    for pid in lib.practices:
        assert f"(`{pid}`)" in docs["practices.md"]
    for section in ("**What it is.**", "**Why it matters.**", "**How we detect it.**", "**How to adopt it**"):
        assert docs["practices.md"].count(section) == len(lib.practices)
    for fid in lib.frameworks:
        assert f"(`{fid}`)" in docs["frameworks.md"]
