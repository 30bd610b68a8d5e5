"""The roadmap stage: Assessment + catalog -> Roadmap."""

from maturity.roadmap.planner import plan

__all__ = ["plan"]
