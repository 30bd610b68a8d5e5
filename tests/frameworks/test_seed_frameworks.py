"""The five shipped frameworks: they load, and their shape matches the published frameworks."""

from __future__ import annotations

import pytest

from maturity.answers.models import Answers
from maturity.assess import assess
from maturity.frameworks.models import LevelsFramework, PointsFramework
from maturity.frameworks.registry import Library, load_library
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Target

SEEDS = ("google", "microsoft", "five-stage", "ml-test-score", "ai-adoption")
MTS_SECTIONS = {"data": "data", "model": "model", "infrastructure": "infra", "monitoring": "monitor"}


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def levels(lib: Library, fid: str) -> LevelsFramework:
    fw = lib.framework(fid)
    assert isinstance(fw, LevelsFramework)
    return fw


def test_every_seed_framework_loads_with_sources_and_version(lib: Library) -> None:
    assert set(SEEDS) <= set(lib.frameworks)
    for fid in SEEDS:
        fw = lib.frameworks[fid]
        assert fw.version.strip() and fw.short_name.strip()
        assert all(s.url.startswith("https://") and s.year for s in fw.sources)
        assert lib.origins[fid].endswith(f"{fid}.yaml")


def test_ml_test_score_has_28_items_in_4_sections_of_7(lib: Library) -> None:
    fw = lib.framework("ml-test-score")
    assert isinstance(fw, PointsFramework) and fw.aggregate == "min"
    assert [s.id for s in fw.sections] == list(MTS_SECTIONS)
    for s in fw.sections:
        prefix = MTS_SECTIONS[s.id]
        assert [c.id for c in s.items] == [f"{prefix}-{n}" for n in range(1, 8)]
        assert all(c.title.lower().startswith(f"{prefix} {n}:") for n, c in enumerate(s.items, start=1))
    assert len(fw.criteria()) == 28
    assert fw.version.startswith("2017")


def test_ml_test_score_titles_follow_the_2017_paper(lib: Library) -> None:
    fw = lib.framework("ml-test-score")
    titles = {c.id: c.title for c in fw.criteria()}
    # spot checks against the guarded mis-transcriptions (2016 wording, AIMA renumbering)
    assert "schema" in titles["data-1"] and "Dependency changes" in titles["monitor-1"]
    assert "simpler model" in titles["model-5"] and "inclusion" in titles["model-7"]
    assert "validated before serving" in titles["infra-4"] and "rolled back" in titles["infra-7"]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.0, "Research project"),
        (0.5, "Serious gaps likely"),
        (1.0, "Serious gaps likely"),
        (1.5, "First pass at production"),
        (2.0, "First pass at production"),
        (3.0, "Reasonably tested"),
        (3.5, "Strong"),
        (5.0, "Strong"),
        (5.5, "Exceptional"),
        (7.0, "Exceptional"),
    ],
)
def test_ml_test_score_bands(lib: Library, score: float, band: str) -> None:
    fw = lib.framework("ml-test-score")
    assert isinstance(fw, PointsFramework)
    found = fw.band_for(score)
    assert found is not None and found.name == band


def test_ml_test_score_bands_cover_0_to_7_without_gaps_or_overlaps(lib: Library) -> None:
    fw = lib.framework("ml-test-score")
    assert isinstance(fw, PointsFramework)
    assert [(b.above, b.up_to) for b in fw.bands] == [
        (None, 0),
        (0, 1),
        (1, 2),
        (2, 3),
        (3, 5),
        (5, None),
    ]
    for tenth in range(71):
        score = tenth / 10
        assert sum(b.contains(score) for b in fw.bands) == 1, score


def test_google_levels_0_to_2_and_level_0_is_the_default(lib: Library) -> None:
    fw = levels(lib, "google")
    assert [lv.level for lv in fw.levels] == [0, 1, 2]
    assert fw.levels[0].criteria == []
    ids = {c.id for c in fw.criteria()}
    assert {"L1.orchestrated_pipeline", "L1.continuous_training", "L1.data_validation"} <= ids
    # source control is compatible with level 0 (analyst note, S1): it never counts towards a level
    for c in fw.criteria():
        assert "version_control" not in c.practices, c.id
    # a registry upload is too: a registry and git alone do not lift a team out of level 0
    given = ("version_control", "model_registry")
    ev = Evidence(
        target=Target(path=".", root="/tmp/x"),
        practices={
            pid: PracticeEvidence(id=pid, status=Outcome.present if pid in given else Outcome.absent)
            for pid in lib.practices
        },
    )
    assert assess([fw], ev, Answers(), lib.questions).frameworks[0].level == 0
    # the core of level 1 is an automated pipeline whose runs are recorded; its components are supporting
    core = {c.id for c in fw.levels[1].criteria if c.role == "core"}
    assert core == {"L1.orchestrated_pipeline", "L1.metadata"}


def test_microsoft_five_levels_four_dimensions(lib: Library) -> None:
    fw = levels(lib, "microsoft")
    assert [lv.level for lv in fw.levels] == [0, 1, 2, 3, 4]
    assert [d.id for d in fw.dimensions] == [
        "people",
        "model_creation",
        "model_release",
        "application_integration",
    ]
    assert fw.levels[0].criteria == []
    for lv in fw.levels:
        for c in lv.criteria:
            assert c.dimension is not None
            assert c.id.startswith(f"L{lv.level}.{c.dimension}."), c.id
    used = {c.dimension for c in fw.criteria()}
    assert used == {d.id for d in fw.dimensions}


def test_microsoft_people_are_questions_not_evidence(lib: Library) -> None:
    fw = levels(lib, "microsoft")
    people = [c for c in fw.criteria() if c.dimension == "people"]
    assert people and all(c.questions and not c.practices for c in people)


def test_five_stage_stages_1_to_5(lib: Library) -> None:
    fw = levels(lib, "five-stage")
    assert [lv.level for lv in fw.levels] == [1, 2, 3, 4, 5]
    assert fw.levels[0].name == "Successful ML pilot"
    assert fw.levels[-1].name == "Full automation and monitoring"
    assert all(c.questions and not c.practices for c in fw.levels[0].criteria)
    assert all(c.id.startswith(f"S{lv.level}.") for lv in fw.levels for c in lv.criteria)


@pytest.mark.parametrize("fid", SEEDS)
def test_every_reference_exists_and_every_criterion_has_a_roadmap(lib: Library, fid: str) -> None:
    for c in lib.framework(fid).criteria():
        assert set(c.practices) <= set(lib.practices), c.id
        assert set(c.questions) <= set(lib.questions), c.id
        assert len(c.roadmap.split()) >= 8, f"{fid}:{c.id} needs a concrete roadmap"


def test_ml_test_score_questions_use_the_0_half_1_scale(lib: Library) -> None:
    fw = lib.framework("ml-test-score")
    for c in fw.criteria():
        assert c.questions, c.id
        q = lib.questions[c.questions[0]]
        statuses = {opt.status.value for opt in q.options() if opt.status is not None}
        assert {"yes", "partial", "no", "unknown"} <= statuses, q.id


@pytest.mark.parametrize(
    ("unit_tests", "ci_runs_tests", "level"),
    [
        ("absent", "present", 1),  # CI runs the examples as scripted tests: automated tests of the code
        ("present", "absent", 1),  # unit tests in the repository
        ("absent", "absent", 0),  # builds only: the supporting half is not met
    ],
)
def test_microsoft_level_1_needs_automated_tests_of_any_kind(
    lib: Library, unit_tests: str, ci_runs_tests: str, level: int
) -> None:
    """The overview's level-1 technology is 'automated tests for application code': unit tests in the
    repository or tests that CI runs."""
    given = {"ci": "present", "version_control": "present", "model_tests": "absent"}
    given |= {"unit_tests": unit_tests, "ci_runs_tests": ci_runs_tests}
    practices = {
        pid: PracticeEvidence(id=pid, status=Outcome(given.get(pid, "unknown"))) for pid in lib.practices
    }
    evidence = Evidence(target=Target(path=".", root="/tmp/x"), practices=practices)
    rating = assess([lib.framework("microsoft")], evidence, Answers(), lib.questions).frameworks[0]
    assert rating.level == level
