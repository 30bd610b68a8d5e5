"""The roadmap: the next steps, each naming the criteria it satisfies and what it unlocks."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Unlock(BaseModel):
    framework: str
    target: str = Field(description="what this step moves towards, e.g. 'level 2' or 'section data'")
    criterion: str


class Step(BaseModel):
    id: str = Field(description="the practice id, or q:QUESTION for a criterion only answers settle")
    title: str
    practice: str | None = None
    question: str | None = None
    horizon: Literal["now", "next", "later"]
    effort: Literal["low", "medium", "high"]
    impact: int = Field(description="how many criteria across frameworks this step satisfies")
    criteria: list[str] = Field(description="FRAMEWORK:CRITERION ids this step satisfies")
    unlocks: list[Unlock] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list, description="steps to do first")
    why: str = ""
    how: list[str] = Field(default_factory=list)
    snippet: str | None = None
    status: str = Field(description="current status of the practice or question")


class Roadmap(BaseModel):
    steps: list[Step] = Field(default_factory=list)
