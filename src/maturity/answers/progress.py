"""What the questionnaire says around the questions: how long, who for, and what the answers changed."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from maturity.answers.models import Question
from maturity.assess.models import FrameworkRating

SECONDS_PER_QUESTION = 30  # reading, thinking, one key: measured on the shipped questionnaire
SECONDS_PER_SUGGESTION = 5  # reading one line of the confirm-all screen


def duration(questions: int, suggestions: int = 0) -> str:
    """'about 6 minutes', 'about a minute', 'under a minute'."""
    seconds = questions * SECONDS_PER_QUESTION + suggestions * SECONDS_PER_SUGGESTION
    if seconds < 45:
        return "under a minute"
    minutes = math.ceil(seconds / 60)
    return "about a minute" if minutes == 1 else f"about {minutes} minutes"


def left(remaining: int) -> str:
    """'about 6 minutes left' for ``remaining`` questions including the one on screen."""
    return "the last one" if remaining <= 1 else f"{duration(remaining)} left"


def roles(questions: Iterable[Question]) -> str:
    """'ML engineer 11, data scientist 6, team lead 4' (most first)."""
    counts = Counter(q.role or "anyone in the team" for q in questions)
    return ", ".join(f"{role} {n}" for role, n in counts.most_common())


def figure(f: FrameworkRating, confirmed: bool = True) -> str:
    """A rating's confirmed (or estimated) figure in words: 'level 1', 'below stage 1', '0.5 of 7'."""
    if f.scoring == "points":
        score = f.confirmed_score if confirmed else f.score
        return f"{score or 0:g} of {f.max_score or 0:g}"
    level = f.confirmed_level if confirmed else f.level
    if level is None:
        first = min((c.level for c in f.criteria if c.level is not None), default=1)
        return f"below {f.level_label} {first}"
    return f"{f.level_label} {level}"


def changes(before: list[FrameworkRating], after: list[FrameworkRating], given: int) -> RenderableType:
    """Per framework: the confirmed figure before this session's answers and after them."""
    if not given:
        return Text("No answer given in this session: the ratings are unchanged.", style="bright_black")
    was = {f.id: f for f in before}
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    moved = 0
    for f in after:
        old = was.get(f.id)
        now = figure(f)
        if old is None:
            continue
        then = figure(old)
        line = Text(f"{then} → {now}", style="green") if then != now else Text(f"{now} (unchanged)")
        moved += then != now
        estimate = figure(f, confirmed=False)
        if estimate != now:
            line.append(f"; estimate {estimate}", style="bright_black")
        grid.add_row(f.short_name, line)
    title = (
        f"What your {given} answer(s) changed in the confirmed rating:"
        if moved
        else f"Your {given} answer(s) did not move a confirmed figure:"
    )
    return Group(Text(title, style="bold"), Padding(grid, (0, 0, 0, 2)))
