"""Google Cloud's AI Adoption Framework: its shape follows the whitepaper's scale, every criterion cites
its cell, and it is assessed only when selected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from maturity.errors import FrameworkError
from maturity.frameworks.models import LevelsFramework
from maturity.frameworks.registry import Library, load_library

ROOT = Path(__file__).resolve().parents[2]
THEMES = ["learn", "lead", "access", "scale", "secure", "automate"]  # the whitepaper's order (its contents)
PHASES = {1: "Tactical", 2: "Strategic", 3: "Transformational"}


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def fw(lib: Library) -> LevelsFramework:
    f = lib.framework("ai-adoption")
    assert isinstance(f, LevelsFramework)
    return f


def test_phases_are_levels_and_the_six_themes_are_dimensions(fw: LevelsFramework) -> None:
    assert {lv.level: lv.name for lv in fw.levels} == PHASES
    assert [d.id for d in fw.dimensions] == THEMES
    assert fw.level_label == "phase" and fw.dimension_chart == "scale"
    assert fw.sources[0].year == 2020 and "501423349" in fw.sources[0].url


def test_tactical_has_no_criteria_so_there_is_no_below(fw: LevelsFramework) -> None:
    assert fw.levels[0].criteria == []
    assert "below" in fw.levels[0].rationale


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("level", [2, 3])
def test_every_theme_has_a_core_criterion_at_strategic_and_transformational(
    fw: LevelsFramework, theme: str, level: int
) -> None:
    cell = [c for c in fw.levels[level - 1].criteria if c.dimension == theme]
    assert any(c.role == "core" for c in cell), f"{theme} x {PHASES[level]}"
    for c in cell:
        assert c.id.startswith(f"{PHASES[level].lower()}.{theme}."), c.id


def test_every_criterion_cites_its_cell_and_says_it_is_unverified(fw: LevelsFramework) -> None:
    for lv in fw.levels:
        for c in lv.criteria:
            theme = next(d.name for d in fw.dimensions if d.id == c.dimension)
            assert f"{theme} x {lv.name.lower()}" in c.source, c.id
            assert "pp. 20-34" in c.source and "unverified" in c.source, c.id
            assert c.roadmap.strip(), c.id


def test_the_header_keeps_the_research_note() -> None:
    head = (ROOT / "frameworks" / "ai-adoption.yaml").read_text(encoding="utf-8").split("\nid:")[0]
    assert "Research note" in head and "Scribd" in head and "UNVERIFIED" in head


def test_its_questions_live_in_their_own_file_with_a_role_and_no_inference(
    lib: Library, fw: LevelsFramework
) -> None:
    data = yaml.safe_load((ROOT / "questionnaires" / "ai-adoption.yaml").read_text(encoding="utf-8"))
    own = {q["id"] for q in data["questions"]}
    named = {q for c in fw.criteria() for q in c.questions}
    assert own <= named, f"questions no criterion uses: {sorted(own - named)}"
    assert named - own == {"ml_mandate", "managed_compute", "pipeline_cd"}  # reused from core.yaml
    for qid in own:
        q = lib.questions[qid]
        assert q.role and q.theme == "ai_adoption" and not q.infer, qid


def test_it_is_assessed_only_when_selected(lib: Library) -> None:
    default = [f.id for f in lib.select([])]
    assert "ai-adoption" not in default
    assert set(default) == {"google", "microsoft", "five-stage", "ml-test-score"}
    assert [f.id for f in lib.select(["ai-adoption"])] == ["ai-adoption"]
    assert [f.id for f in lib.select(["gcaf", "google", "ai-adoption"])] == ["ai-adoption", "google"]
    assert {f.id for f in lib.select(["all"])} == set(lib.frameworks)


def test_all_is_a_reserved_framework_id(tmp_path: Path) -> None:
    text = (ROOT / "frameworks" / "ai-adoption.yaml").read_text(encoding="utf-8")
    (tmp_path / "all.yaml").write_text(text.replace("\nid: ai-adoption\n", "\nid: all\n"), encoding="utf-8")
    with pytest.raises(FrameworkError, match="'all' is reserved"):
        load_library([tmp_path])
