"""Static metadata the report does not carry: level names (ladder), sources (methodology), supporting
shares and how to draw the dimensions (the scale), and the display names of the catalog's practice areas."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class Meta:
    levels: list[tuple[int, str]] = field(default_factory=list)
    sources: list[dict[str, str]] = field(default_factory=list)
    description: str = ""
    shares: dict[int, float] = field(default_factory=dict)
    dimension_chart: str = "table"


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
    if not isinstance(fw, LevelsFramework):
        return Meta(sources=sources, description=fw.description)
    return Meta(
        levels=[(lv.level, lv.name) for lv in fw.levels],
        sources=sources,
        description=fw.description,
        shares={lv.level: lv.supporting_share for lv in fw.levels},
        dimension_chart=fw.dimension_chart,
    )


@dataclass(frozen=True)
class AreaName:
    name: str
    short: str
    order: int


@cache
def area_names() -> dict[str, AreaName]:
    """Area id -> display name, short chart label and display order, from the catalog."""
    from maturity._resources import data_dir
    from maturity.frameworks.loader import CATALOG_FILE, load_catalog

    try:
        areas = load_catalog(data_dir("frameworks") / CATALOG_FILE).areas
    except Exception:  # a nicety, as above: fall back to the ids
        return {}
    return {a.id: AreaName(a.name, a.short or a.name, i) for i, a in enumerate(areas)}


def area_name(area: str) -> AreaName:
    """The display name of an area; an id the catalog does not know reads as itself."""
    return area_names().get(area) or AreaName(area.replace("_", " ").capitalize(), area, len(area_names()))
