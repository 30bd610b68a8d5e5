"""JSON: the report as its stable contract (``schema_version``)."""

from __future__ import annotations

from typing import Any

from maturity.report import Report


def render(report: Report, options: Any = None) -> str:
    return report.model_dump_json(indent=2)
