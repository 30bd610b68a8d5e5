"""GitHub Actions workflow commands, step outputs, CI detection and the shields.io badge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from maturity import ci_env
from maturity.config import Gate
from maturity.frameworks.registry import Library
from maturity.gate import evaluate
from maturity.report import Report


def test_in_ci() -> None:
    assert ci_env.in_ci({"CI": "true"}) and ci_env.in_ci({"CI": "1"})
    assert not ci_env.in_ci({}) and not ci_env.in_ci({"CI": "false"}) and not ci_env.in_ci({"CI": "0"})
    assert ci_env.in_github_actions({"GITHUB_ACTIONS": "true"}) and not ci_env.in_github_actions({})


def test_command_escapes_data_and_properties() -> None:
    line = ci_env.command("error", "50% done\nnext", "a,b:c.py", 3, title="t")
    assert line == "::error file=a%2Cb%3Ac.py,line=3,title=t::50%25 done%0Anext"
    assert ci_env.command("warning", "m") == "::warning::m"
    assert ci_env.command("error", "m", "a.py") == "::error file=a.py,line=1::m"  # always a line
    assert (
        ci_env.command("error", "x\n::add-mask::y\n") == "::error::x%0A::add-mask::y"
    )  # one line, ends clean


def test_annotations_gate_problems_first_at_most_ten(
    assess_repo: Callable[..., Report], library: Library
) -> None:
    report = assess_repo([], {"README.md": "x\n", "pyproject.toml": "[project]\nname='x'\n"})
    gate = Gate(min={"tiny": 3, "tinyscore": 2}, require=[p.id for p in report.practices][:12])
    report.gate = evaluate(report, gate, library.frameworks, library.practices)
    lines = ci_env.workflow_commands(report)
    assert len(lines) == ci_env.MAX_ANNOTATIONS
    assert lines[0].startswith("::error file=") and "tiny is level 1" in lines[0]
    assert "tinyscore" in lines[1]
    assert all(line.startswith("::error ") and ",line=" in line for line in lines)
    report.gate.warn_only = True  # warn-only: the same annotations, as warnings
    assert all(line.startswith("::warning ") for line in ci_env.workflow_commands(report))


def test_outputs_and_github_output_file(
    tmp_path: Path, assess_repo: Callable[..., Report], library: Library
) -> None:
    report = assess_repo(["gate_tracking=yes"])
    report.gate = evaluate(report, Gate(min={"tiny": 2}), library.frameworks)
    values = ci_env.outputs(report)
    assert values == {"level-tiny": "2", "score-tinyscore": "0", "passed": "true", "problems": "0"}
    out = tmp_path / "github_output"
    out.write_text("earlier=1\n")
    assert ci_env.write_outputs(values, {"GITHUB_OUTPUT": str(out)}) == out
    assert out.read_text().splitlines() == ["earlier=1", "level-tiny=2", "score-tinyscore=0", "passed=true",
                                            "problems=0"]  # fmt: skip
    assert ci_env.write_outputs(values, {}) is None


def test_badge_json(assess_repo: Callable[..., Report], library: Library) -> None:
    report = assess_repo(["gate_tracking=yes"])
    badge = ci_env.badge_json(report, "MLOps")
    assert badge == {
        "schemaVersion": 1,
        "label": "MLOps",
        "message": "tiny L2 · tinyscore 0",
        "color": "yellow",
    }
    report.gate = evaluate(report, Gate(min={"tiny": 3}), library.frameworks)
    assert ci_env.badge_json(report, "MLOps")["color"] == "red"
