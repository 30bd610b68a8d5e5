"""Waivers with discipline: unused and soon-expiring ones are warned about, an optional maximum length,
and an expired one is a problem that points at its config line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from maturity.config import Gate, load_settings
from maturity.errors import ConfigError
from maturity.frameworks.registry import Library
from maturity.gate import evaluate, explain
from maturity.report import Report

TODAY = dt.date(2026, 6, 1)
Assess = Callable[..., Report]


def waiver(criterion: str, expires: str | None = None) -> dict[str, object]:
    return {"criterion": criterion, "reason": "later", **({"expires": expires} if expires else {})}


def test_unused_and_expiring_soon_waivers_are_warned(assess_repo: Assess, library: Library) -> None:
    report = assess_repo(["gate_tracking=yes"])
    gate = Gate.model_validate({"min": {"tiny": 3}, "waivers": [
        waiver("tiny:L3.serving", "2026-06-20"),   # used, expires in 19 days
        waiver("tiny:L2.tracking", "2026-12-31"),  # met anyway: unused
        waiver("tinyscore:a1", "2026-12-31"),      # its framework has no minimum: unused
    ]})  # fmt: skip
    result = evaluate(report, gate, library.frameworks, library.practices, today=TODAY)
    assert result.passed
    assert [w.used for w in result.waivers] == [True, False, False]
    text = "\n".join(explain(result))
    assert "! waiver for tiny:L3.serving expires on 2026-06-20 (in 19 days)" in text
    assert "! waiver for tiny:L2.tracking is unused" in text and "! waiver for tinyscore:a1 is unused" in text
    assert len(result.warnings) == 3


def test_maximum_waiver_length(assess_repo: Assess, library: Library) -> None:
    report = assess_repo([])
    long = Gate.model_validate({"min": {"tiny": 3}, "max_waiver_days": 90,
                                "waivers": [waiver("tiny:L3.serving", "2026-12-31")]})  # fmt: skip
    with pytest.raises(
        ConfigError, match=r"runs to 2026-12-31, more than 90 days .* latest allowed today is 2026-08-30"
    ):
        evaluate(report, long, library.frameworks, today=TODAY)
    open_ended = Gate.model_validate({"max_waiver_days": 90, "waivers": [waiver("tiny:L3.serving")]})
    with pytest.raises(ConfigError, match="needs an expiry date"):
        evaluate(report, open_ended, library.frameworks, today=TODAY)
    ok = Gate.model_validate({"max_waiver_days": 90, "waivers": [waiver("tiny:L3.serving", "2026-08-30")]})
    assert evaluate(report, ok, library.frameworks, today=TODAY).passed


def test_waiver_errors_and_expiry_point_at_the_config_line(
    assess_repo: Assess, library: Library, tmp_path: Path
) -> None:
    report = assess_repo(["gate_tracking=yes"])
    (tmp_path / "pyproject.toml").write_text(
        "[tool.maturity.gate]\nmin = { tiny = 3 }\nwaivers = [\n"
        '  { criterion = "tiny:L3.serving", reason = "r", expires = 2026-05-01 },\n'
        '  { criterion = "tiny:L9.nothing", reason = "r" },\n]\n'
    )
    gate = load_settings(tmp_path).gate
    with pytest.raises(
        ConfigError, match=r"pyproject\.toml:5: gate\.waivers: waiver 'tiny:L9\.nothing': tiny has no"
    ):
        evaluate(report, gate, library.frameworks, today=TODAY)
    gate.waivers.pop()
    result = evaluate(report, gate, library.frameworks, today=TODAY)
    (expired,) = result.of_kind("expired-waiver")
    assert (expired.file, expired.line) == (str(tmp_path / "pyproject.toml"), 4)
    assert (expired.wanted, expired.got, expired.reason) == ("2026-05-01", "expired", "r")
