"""The roadmap: the next steps, each naming the criteria it satisfies and what it unlocks."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Horizon = Literal["now", "next", "later", "confirm"]

HORIZON_NAMES: dict[str, str] = {
    "now": "Now",
    "next": "Next",
    "later": "Later",
    "confirm": "Confirm (answers only)",
}

HORIZON_HELP: dict[str, str] = {
    "now": "the first steps towards the next level of each framework, prerequisites first",
    "next": "the rest of what the next level needs",
    "later": "steps towards the levels after that",
    "confirm": "questions only a person can settle, or confirm where the scan suggests the answer "
    "(minutes, not engineering work)",
}


class Unlock(BaseModel):
    framework: str
    target: str = Field(description="what this step moves towards, e.g. 'level 2' or 'section data'")
    criterion: str
    label: str = Field(default="", description="human label, e.g. 'Google MLOps level 1'")
    next: bool = Field(default=False, description="True when the target is the framework's next level")


class Step(BaseModel):
    id: str = Field(description="the practice id, or q:QUESTION for a criterion only answers settle")
    title: str
    practice: str | None = None
    question: str | None = None
    horizon: Horizon
    effort: Literal["low", "medium", "high"]
    impact: int = Field(description="how many criteria across frameworks this step satisfies")
    criteria: list[str] = Field(description="FRAMEWORK:CRITERION ids this step satisfies")
    unlocks: list[Unlock] = Field(default_factory=list)
    requires: list[str] = Field(default_factory=list, description="steps to do first")
    enables: list[str] = Field(default_factory=list, description="steps that need this one first")
    why: str = ""
    how: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list, description="concrete actions for this repository")
    tool: str | None = Field(default=None, description="a well-known tool that fits the stack found")
    file: str | None = Field(default=None, description="the file to add or change")
    snippet: str | None = None
    settle: list[str] = Field(default_factory=list, description="questions that record it if already done")
    status: str = Field(description="current status of the practice or question")
    rank: int = Field(default=0, description="0: needed for a next level; higher: later levels")
    effects: list[str] = Field(
        default_factory=list,
        description="what this step does for each level it touches ('1 of 4 missing for Google level 1')",
    )
    role: str | None = Field(default=None, description="for a question: who in the team should answer it")

    @property
    def targets(self) -> list[str]:
        """What this step does, precisely (``effects``); the labels it moves towards when not computed."""
        if self.effects:
            return list(self.effects)
        seen: dict[str, bool] = {}
        for u in sorted(self.unlocks, key=lambda u: (not u.next, u.label)):
            seen.setdefault(u.label or f"{u.framework} {u.target}", True)
        return list(seen)


class Roadmap(BaseModel):
    steps: list[Step] = Field(default_factory=list)
    stack: dict[str, str] = Field(default_factory=dict, description="what the scan found: ci, tracker, ...")

    def by_horizon(self, horizon: str) -> list[Step]:
        return [s for s in self.steps if s.horizon == horizon]
