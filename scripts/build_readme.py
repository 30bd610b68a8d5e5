"""Assemble README.md from its parts (docs/readme/*.md): `python scripts/build_readme.py`.

The README is long; keeping each area's section next to the team that owns it stops it drifting.
A test checks that README.md is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = [
    "intro.md",
    "frameworks.md",
    "scanning.md",
    "scanning-ml-tools.md",
    "questionnaire.md",
    "reports.md",
    "ci.md",
    "portfolio.md",
    "security.md",
    "architecture.md",
]


def build() -> str:
    return "\n".join(
        (ROOT / "docs" / "readme" / p).read_text(encoding="utf-8").rstrip() + "\n" for p in PARTS
    )


def main() -> int:
    text = build()
    if "--check" in sys.argv:
        current = (ROOT / "README.md").read_text(encoding="utf-8")
        if current != text:
            print("README.md is stale: run python scripts/build_readme.py")
            return 1
        return 0
    (ROOT / "README.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
