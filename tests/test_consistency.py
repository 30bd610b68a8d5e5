"""The data agrees with itself: practices, questions and criteria all have a use and a source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from maturity.frameworks.registry import Library, load_library
from maturity.scan.registry import builtin

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ("google", "microsoft", "five-stage", "ml-test-score", "ai-adoption")
THEMES = {"people_process", "data", "model_development", "release", "operations", "governance"}


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def criteria(lib: Library):  # type: ignore[no-untyped-def]
    return [(fid, c) for fid in SEEDS for c in lib.framework(fid).criteria()]


def test_every_practice_is_used_by_a_criterion_or_a_question(lib: Library) -> None:
    used = {p for _, c in criteria(lib) for p in c.practices}
    for q in lib.questions.values():
        used.update(q.practices)
        if q.prefill:
            used.add(q.prefill.practice)
        used.update(p for rule in q.infer for p in rule.practices)
    informational = {p.id for p in lib.catalog.practices if p.informational}
    unused = sorted(set(lib.practices) - used - informational)
    assert not unused, f"practices no framework or question uses: {unused}"


def test_every_question_informs_a_criterion_or_settles_a_practice(lib: Library) -> None:
    named = {q for fw in lib.frameworks.values() for c in fw.criteria() for q in c.questions}
    idle = sorted(qid for qid, q in lib.questions.items() if qid not in named and not q.practices)
    assert not idle, f"questions that inform nothing: {idle}"


def test_no_criterion_without_a_source(lib: Library) -> None:
    """A source: a question, or a practice that a built-in detector proves or a question settles."""
    proven = {p for d in builtin() for p in d.practices}
    settled = {p for q in lib.questions.values() for p in q.practices}
    orphans = [
        f"{fid}:{c.id}"
        for fid, c in criteria(lib)
        if not c.questions and not (set(c.practices) & (proven | settled))
    ]
    assert not orphans, f"criteria nothing can decide: {orphans}"


def test_criteria_without_practices_are_covered_by_questions(lib: Library) -> None:
    for fid, c in criteria(lib):
        if not c.practices:
            assert c.questions, f"{fid}:{c.id}"
            assert all(q in lib.questions for q in c.questions)


def test_question_ids_are_unique_across_files() -> None:
    ids: list[str] = []
    for f in sorted((ROOT / "questionnaires").glob("*.yaml")):
        ids.extend(q["id"] for q in yaml.safe_load(f.read_text(encoding="utf-8"))["questions"])
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def _declared(file: Path) -> dict[str, str]:
    return {t["id"]: t["name"] for t in yaml.safe_load(file.read_text(encoding="utf-8")).get("themes", [])}


def test_every_question_theme_is_declared_and_the_core_themes_are_the_six(lib: Library) -> None:
    core = _declared(ROOT / "questionnaires" / "core.yaml")
    assert set(core) == THEMES
    assert core["people_process"] == "People and process"
    assert core["operations"] == "Operations and monitoring"
    declared: dict[str, str] = {}
    for f in sorted((ROOT / "questionnaires").glob("*.yaml")):
        declared.update(_declared(f))
    assert {q.theme for q in lib.questions.values()} == set(declared), "every theme has questions"


def test_questionnaire_size_and_help(lib: Library) -> None:
    core = yaml.safe_load((ROOT / "questionnaires" / "core.yaml").read_text(encoding="utf-8"))["questions"]
    assert 40 <= len(core) <= 60
    for q in lib.questions.values():
        assert q.text.rstrip().endswith("?"), q.id
        assert 20 <= len(q.help) <= 240, q.id


def test_questions_about_observable_practices_can_be_prefilled(lib: Library) -> None:
    proven = {p for d in builtin() for p in d.practices}
    for q in lib.questions.values():
        for p in q.practices:
            if p in proven:
                assert q.prefill is not None and q.prefill.practice == p, q.id
