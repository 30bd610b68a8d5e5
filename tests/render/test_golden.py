"""Gold files for the Markdown and HTML reports of a hand-made report (no catalog, no detectors).

The report is written out in full in golden/report.json, so catalog or detector changes never
touch these files; only renderer and template changes do. The tool version is scrubbed (date and
paths are fixed in the input). On a mismatch the actual output is saved to tests/actual/ (compare,
then copy it over the gold file on purpose), or run with MATURITY_UPDATE_GOLDEN=1 to rewrite them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from maturity.render.html import render as render_html
from maturity.render.markdown import render as render_md
from maturity.report import Report

GOLDEN = Path(__file__).with_name("golden")
ACTUAL = Path(__file__).resolve().parents[1] / "actual"

INPUT = GOLDEN / "report.json"  # a hand-made report, written out in full


def scrub(text: str) -> str:
    text = re.sub(r"maturity \d+\.\d+\.\d+\S*", "maturity X.Y.Z", text)
    return text.replace('content="maturity X.Y.Z"', 'content="maturity X.Y.Z"')


@pytest.mark.parametrize(("name", "render"), [("report.md", render_md), ("report.html", render_html)])
def test_gold(name: str, render) -> None:  # type: ignore[no-untyped-def]
    actual = scrub(str(render(Report.model_validate_json(INPUT.read_text(encoding="utf-8")))))
    gold = GOLDEN / name
    if os.environ.get("MATURITY_UPDATE_GOLDEN"):
        gold.write_text(actual, encoding="utf-8")
    expected = gold.read_text(encoding="utf-8") if gold.exists() else ""
    if actual != expected:
        ACTUAL.mkdir(exist_ok=True)
        (ACTUAL / name).write_text(actual, encoding="utf-8")
        pytest.fail(
            f"{name} differs from the gold file; see tests/actual/{name} (MATURITY_UPDATE_GOLDEN=1 rewrites)"
        )
