"""The Markdown report (pull requests, CI summaries): content and escaping."""

from __future__ import annotations

import re

from synthetic import HOSTILE_NAME

from maturity.render.markdown import md_escape, render, render_roadmap
from maturity.report import Report


def test_ratings_table_sections_and_roadmap(mid: Report) -> None:
    md = render(mid)
    assert md.startswith("# MLOps maturity assessment")
    assert "| Framework | Rating | Why | Coverage |" in md
    assert "**Google MLOps level" in md and "**Extra level" in md
    assert "### Points test framework: sections" in md and "(holds the score down)" in md
    assert "## Roadmap" in md and "### Now" in md
    assert "satisfies " in md and "<details>" in md
    assert "\n\n\n" not in md


def test_every_step_appears(mid: Report) -> None:
    md = render_roadmap(mid)
    for step in mid.roadmap.steps:  # questions to confirm: by id, grouped by who answers them
        assert (f"`{step.question}`" if step.horizon == "confirm" else md_escape(step.title)) in md
    assert "- **ML engineer** (" in md


def test_hostile_text_is_escaped(hostile: Report) -> None:
    md = render(hostile)
    assert not re.search(r"(?<!\\)<", md.replace("<details>", "").replace("</details>", "")
                         .replace("<summary>", "").replace("</summary>", ""))  # fmt: skip
    assert "\\<script\\>" in md and "\\<img src=x onerror=alert(1)\\>" in md
    assert "\\[link\\](javascript:alert(1))" in md and "\\*\\*bold\\*\\*" in md
    assert HOSTILE_NAME not in md


def test_markdown_is_not_html() -> None:
    assert md_escape("W&B and Weights & Biases") == "W&B and Weights & Biases"
    assert md_escape("&copy;") == "\\&copy;"  # an entity would render as a symbol
    assert md_escape("run `maturity assess` now") == "run `maturity assess` now"  # a code span stays
    assert md_escape("`a|b`") == "`a\\|b`"
    assert md_escape("one ` tick") == "one \\` tick"


def test_escape_keeps_tables_intact() -> None:
    assert md_escape("a|b\nc") == "a\\|b c"
    assert md_escape("snake_case_name") == "snake_case_name"
    assert md_escape("_lead") == "\\_lead"
