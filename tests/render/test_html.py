"""The HTML report: structure, charts, self-containment, escaping."""

from __future__ import annotations

import re

from synthetic import HOSTILE_NAME, HOSTILE_TEXT

from maturity.render import RenderOptions
from maturity.render.html import render
from maturity.report import Report

SECTIONS = ["cover", "summary", "scorecard", "roadmap", "appendix"]


def test_five_parts_in_order(mid: Report) -> None:
    html = render(mid)
    positions = [html.index(f'id="{s}"') for s in SECTIONS]
    assert positions == sorted(positions)
    for heading in ("Executive summary", "Scorecard", "Roadmap", "Appendix", "Methodology"):
        assert heading in html


def test_summary_names_levels_strengths_gaps_and_steps(mid: Report) -> None:
    html = render(mid)
    assert "Google MLOps level" in html and "Extra level" in html
    assert "Points " in html and "Strengths" in html and "Gaps" in html and "Next three steps" in html
    assert "criteria unknown" in html or "criteria settled" in html
    first = mid.roadmap.steps[0]
    summary = html[html.index('id="summary"') : html.index('id="scorecard"')]
    assert first.title in summary


def test_charts_are_inline_svg_with_minimum_marker(mid: Report) -> None:
    html = render(mid)
    scorecard = html[html.index('id="scorecard"') : html.index('id="roadmap"')]
    assert scorecard.count("<svg") >= 3
    assert 'class="chart radar"' in scorecard and 'class="chart bars"' in scorecard
    # the radar only appears next to the table it summarises
    assert scorecard.index("<table") < scorecard.index('class="chart radar"')
    points = mid.framework("points")
    assert points is not None and points.score == 1
    assert "minimum 1</text>" in scorecard and "stroke-dasharray" in scorecard


def test_self_contained_no_script_no_network(mid: Report) -> None:
    html = render(mid, RenderOptions(title="Q3 review", org="ACME Corp"))
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "url(" not in html and "@import" not in html
    assert "Q3 review" in html and "ACME Corp" in html


def test_logo_is_embedded_as_data_uri(mid: Report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    html = render(mid, RenderOptions(logo=str(logo)))
    assert 'src="data:image/png;base64,' in html


def test_hostile_repository_text_is_escaped(hostile: Report) -> None:
    html = render(hostile)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE_NAME not in html and HOSTILE_TEXT not in html


def test_levels_ladder_and_roadmap_groups(low: Report, high: Report) -> None:
    html = render(low)
    assert "you are here" in html and "Now" in html and "Later" in html
    assert 'class="unlocks"' in html and "Satisfies google:" in html
    assert "<wbr>" in html  # criterion ids wrap only after : . _ -, never mid-word
    done = render(high)
    assert "No open steps" in done
    assert "Every criterion of every level is met." in done
