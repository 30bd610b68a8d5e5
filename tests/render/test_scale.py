"""The theme-by-phase scale of the AI Adoption Framework (``dimension_chart: scale``) in the HTML report."""

from __future__ import annotations

import re

import pytest
import synthetic

from maturity.render.html import render
from maturity.render.scale import build_scale, scale_for
from maturity.report import Report
from maturity.scan.models import Outcome

P = Outcome.present
# Automate reaches strategic (core and 2 of 3 supporting); Secure strategic by answer; Lead is held by a
# 'no' to the sponsor question; the other themes stay tactical.
PRACTICES = {
    "pipeline_orchestration": P,
    "ci_runs_tests": P,
    "automated_deployment": P,
    "monitoring": Outcome.absent,
}
ANSWERS = {"ai_data_access_controlled": "yes", "ml_mandate": "no"}


@pytest.fixture(scope="module")
def report() -> Report:
    return synthetic.report(PRACTICES, Outcome.unknown, answers=ANSWERS, frameworks=["ai-adoption", "google"])


def rows(html: str) -> dict[str, list[str]]:
    """Theme name -> the classes of its cells, from the scale table."""
    table = html[html.index('<table class="grid scale">') :]
    table = table[: table.index("</table>")]
    out = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:
        name = re.search(r'class="sc-theme"><b>(.*?)</b>', tr)
        assert name, tr
        out[name.group(1)] = re.findall(r'<td class="sc-(reached|current|next|later)"', tr)
    return out


def test_one_row_per_theme_with_its_phase_marked(report: Report) -> None:
    cells = rows(render(report))
    assert list(cells) == ["Learn", "Lead", "Access", "Scale", "Secure", "Automate"]
    assert cells["Automate"] == ["reached", "current", "next"]
    assert cells["Secure"] == ["reached", "current", "next"]
    assert cells["Learn"] == ["current", "next", "later"]


def test_each_row_says_its_phase_and_why(report: Report) -> None:
    rating = report.framework("ai-adoption")
    assert rating is not None
    scale = scale_for(rating)
    assert scale is not None
    by = {r.id: r for r in scale.rows}
    assert by["automate"].phase == "phase 2: Strategic"
    assert by["lead"].phase == "phase 1: Tactical"
    assert by["lead"].why == "Strategic needs: a leader sponsors ML with a mandate and a budget (not met)."
    assert "up to phase 3" in by["automate"].basis and by["lead"].basis == ""
    assert by["access"].why.startswith("Strategic needs: training data is versioned")
    # the strategic cell lists the theme's criteria with their status; tactical has none
    automate = by["automate"].cells
    assert [i.status for i in automate[1].items] == ["met", "met", "met", "unmet"]
    assert automate[1].items[0].core and not automate[1].items[1].core
    assert automate[0].items == [] and "no criteria" in automate[0].note


def test_the_scale_replaces_the_dimension_table_and_only_where_asked(report: Report) -> None:
    html = render(report)
    scorecard = html[html.index('id="scorecard"') : html.index('id="roadmap"')]
    assert scorecard.count('<table class="grid scale">') == 1
    assert 'class="grid dims"' not in scorecard  # neither google nor ai-adoption draws the table
    assert "✓</span> Training runs as an orchestrated pipeline" in scorecard
    default = synthetic.report(PRACTICES, Outcome.unknown, answers=ANSWERS)
    assert default.framework("ai-adoption") is None
    assert 'class="grid scale"' not in render(default)


def test_the_share_still_missing_is_explained() -> None:
    core_only = {
        "pipeline_orchestration": P,
        "ci_runs_tests": Outcome.absent,
        "automated_deployment": Outcome.absent,
    }
    rating = synthetic.report(core_only, Outcome.unknown, frameworks=["ai-adoption"]).framework("ai-adoption")
    assert rating is not None
    scale = build_scale(rating, [(1, "Tactical", 1.0), (2, "Strategic", 0.5), (3, "Transformational", 0.5)])
    assert scale is not None
    automate = next(r for r in scale.rows if r.id == "automate")
    assert (
        automate.why
        == "Strategic: the core is in place; 0 of 2 settled supporting criteria are met, 50% are needed."
    )
    assert build_scale(rating, []) is None


def test_its_steps_join_the_other_frameworks_roadmap() -> None:
    merged = synthetic.report({}, Outcome.absent, frameworks=["ai-adoption", "google", "five-stage"])
    step = next(s for s in merged.roadmap.steps if s.practice == "ci_runs_tests")
    assert {u.framework for u in step.unlocks} == {"ai-adoption", "google", "five-stage"}
    assert "ai-adoption:strategic.automate.ci" in step.criteria and "google:L2.ci_tests" in step.criteria
    asked = next(s for s in merged.roadmap.steps if s.question == "ai_learning_programme")
    assert asked.horizon == "confirm" and asked.role
