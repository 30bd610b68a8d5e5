"""Questions (data) and answers (what people said, with who and when)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

QID = r"^[a-z][a-z0-9_]*$"


class AnswerStatus(StrEnum):
    """What an answer means for the practices and criteria it informs."""

    yes = "yes"
    partial = "partial"
    no = "no"
    unknown = "unknown"
    not_applicable = "not_applicable"


class Choice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str
    label: str
    status: AnswerStatus | None = Field(
        default=None, description="what choosing this means for the criteria it informs"
    )


STATUS_CHOICES = (
    Choice(value="yes", label="Yes", status=AnswerStatus.yes),
    Choice(value="partial", label="Partly", status=AnswerStatus.partial),
    Choice(value="no", label="No", status=AnswerStatus.no),
    Choice(value="unknown", label="Don't know", status=AnswerStatus.unknown),
    Choice(value="not_applicable", label="Not applicable", status=AnswerStatus.not_applicable),
)


class Prefill(BaseModel):
    """Pre-select an answer from scan evidence: the practice whose status suggests it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    practice: str
    # when the scan already decides (present/absent), the question is not asked unless --ask-all
    decides: bool = Field(default=False)


class Inference(BaseModel):
    """What the evidence lets us infer a person would answer: ``value`` when the practices are present.

    The result is the status ``inferred`` (counted in the estimate, never in the confirmed rating), with
    the practices' proofs; an explicit answer always replaces it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str = Field(description="the answer the evidence implies")
    practices: list[str] = Field(min_length=1, description="practices the scan must prove present")
    match: Literal["all", "any"] = "all"
    because: str = Field(description="why this evidence implies that answer, in one sentence")


class When(BaseModel):
    """Ask only if another question has one of these answers (or a practice one of these statuses)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str | None = None
    practice: str | None = None
    is_: list[str] = Field(alias="in", min_length=1)

    @model_validator(mode="after")
    def _one(self) -> When:
        if (self.question is None) == (self.practice is None):
            raise ValueError("when needs exactly one of 'question' or 'practice'")
        return self


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=QID)
    text: str = Field(description="the question, as asked")
    help: str = Field(description="why it matters, one or two sentences")
    theme: str = Field(pattern=QID)
    type: Literal["status", "choice", "multi", "number"] = "status"
    choices: list[Choice] = Field(default_factory=list)
    practices: list[str] = Field(default_factory=list, description="practices this answer settles")
    prefill: Prefill | None = None
    infer: list[Inference] = Field(default_factory=list, description="answers the evidence implies")
    role: str | None = Field(default=None, description="who in the team should answer, e.g. 'ML engineer'")
    when: When | None = None
    version: int = Field(default=1, ge=1, description="bump when the meaning changes: asked again")

    @model_validator(mode="after")
    def _choices(self) -> Question:
        if self.type in ("choice", "multi") and not self.choices:
            raise ValueError(f"a {self.type} question needs choices")
        if self.type == "status" and self.choices:
            raise ValueError("a status question has the fixed choices yes/partial/no/unknown/n.a.")
        for rule in self.infer:
            if self.status_of(rule.value) is not AnswerStatus.yes:
                raise ValueError(f"infer value {rule.value!r} must be a choice whose status is yes")
        return self

    def options(self) -> list[Choice]:
        return list(STATUS_CHOICES) if self.type == "status" else list(self.choices)

    def status_of(self, value: object) -> AnswerStatus:
        """Map an answer value to a status (unknown when it carries none)."""
        for choice in self.options():
            if choice.value == value and choice.status is not None:
                return choice.status
        return AnswerStatus.unknown


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=QID)
    name: str


class Questionnaire(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    themes: list[Theme] = Field(default_factory=list)
    questions: list[Question]


class Confirmed(BaseModel):
    """One proof the person confirmed: the practice it proved and where (the line is for people)."""

    model_config = ConfigDict(extra="forbid")

    practice: str
    path: str
    line: int | None = None


class Answer(BaseModel):
    """One answer with its provenance."""

    model_config = ConfigDict(extra="forbid")

    value: str | float | list[str]
    note: str | None = Field(default=None, description="free text; required for not_applicable")
    evidence: str | None = Field(default=None, description="a link or path that backs the answer")
    who: str | None = None
    when: dt.datetime | None = None
    question_version: int = 1
    source: Literal["file", "cli", "interactive", "prefill", "default"] = "file"
    confirms: list[Confirmed] | None = Field(
        default=None,
        description="the scan's evidence this answer confirmed; when a later scan no longer finds any of "
        "these files as proof of a practice, the answer is stale: it no longer counts and is asked again",
    )


class Answers(BaseModel):
    """The answers in force for a run, by question id."""

    answers: dict[str, Answer] = Field(default_factory=dict)
    file: str | None = None

    def get(self, qid: str) -> Answer | None:
        return self.answers.get(qid)
