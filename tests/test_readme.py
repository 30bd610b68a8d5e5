"""README.md is assembled from docs/readme/*.md and keeps the two setup commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_is_current() -> None:
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_readme.py"), "--check"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_readme_shows_the_two_setup_commands_and_the_screenshot() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
    image = "docs/report-page1.png"
    assert image in text and (ROOT / image).is_file()
