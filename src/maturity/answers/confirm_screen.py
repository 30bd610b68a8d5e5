"""The confirm-all screen: everything the scan suggests, on one screen, confirmed with one key."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from maturity.answers.models import Question
from maturity.answers.prompt import QUIT, QuitSession, _bind, label_of
from maturity.answers.questionnaire import Suggestion


def confirm_all(
    items: list[tuple[Question, Suggestion]], console: Console, stale: dict[str, str] | None = None
) -> str:
    """The scan's suggestions on one screen: ``all`` (one key), ``review`` one by one, or ``skip``."""
    console.print()
    console.print(Text(f"The scan suggests {len(items)} answer(s). Confirm them all with Enter, "
                       "or review them one by one.", style="bold"))  # fmt: skip
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(justify="right", style="bright_black", no_wrap=True)
    grid.add_column(overflow="fold")
    for i, (q, s) in enumerate(items, 1):
        body = Text(q.text)
        body.append(f"\n→ {label_of(q, s.value)}", style="bold green")
        if q.role:
            body.append(f"  ({q.role})", style="cyan")
        if s.reason:
            body.append(f"\n{s.reason}", style="yellow")
        if s.proofs:
            more = f"  (+{len(s.proofs) - 1} more)" if len(s.proofs) > 1 else ""
            body.append(f"\nfound: {_clip(s.proofs[0])}{more}", style="green")
        if stale and q.id in stale:
            body.append(f"\nasked again: the evidence you confirmed is gone ({stale[q.id]})", style="yellow")
        grid.add_row(f"{i}.", body)
    console.print(Padding(grid, (0, 0, 0, 1)))
    return _confirm_menu(len(items))


def _clip(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _confirm_menu(n: int) -> str:
    import questionary

    options = [
        ("all", f"Confirm all {n}", "y"),
        ("review", "Review them one by one", "r"),
        ("skip", "Skip them for now (they stay estimated)", "s"),
        (QUIT, "quit and save", "q"),
    ]
    prompt = questionary.select(
        "The scan's answers",
        choices=[questionary.Choice(title=t, value=v, shortcut_key=k) for v, t, k in options],
        use_shortcuts=True,
        instruction="(Enter confirms all · r review · s skip · q quit)",
    )
    _bind(prompt, {k: v for v, _, k in options})
    try:
        raw = prompt.unsafe_ask()
    except KeyboardInterrupt:
        raise QuitSession(interrupted=True) from None
    if raw is None:
        raise EOFError
    if raw == QUIT:
        raise QuitSession(interrupted=False)
    return str(raw)
