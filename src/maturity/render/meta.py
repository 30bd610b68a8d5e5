"""Static framework metadata the report does not carry: level names (ladder) and sources (methodology)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class Meta:
    levels: list[tuple[int, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    description: str = ""


@cache
def _library_frameworks() -> dict[str, object]:
    from maturity.frameworks.registry import load_library

    try:
        return dict(load_library().frameworks)
    except Exception:  # metadata is a nicety: a broken library must not break a report
        return {}


def framework_meta(fid: str) -> Meta:
    from maturity.frameworks.models import LevelsFramework, PointsFramework

    fw = _library_frameworks().get(fid)
    if not isinstance(fw, (LevelsFramework, PointsFramework)):
        return Meta()
    sources = [{"title": s.title, "url": s.url, "publisher": s.publisher} for s in fw.sources]
    levels = [(lv.level, lv.name) for lv in fw.levels] if isinstance(fw, LevelsFramework) else []
    return Meta(levels=levels, sources=sources, description=fw.description)
