"""The interactive code: one question at a time, in a terminal, with questionary (the confirm-all
screen is in :mod:`maturity.answers.confirm_screen`).

Keys: arrows (or 1-9) choose, Enter confirms; ``b`` goes back, ``s`` skips (the answer stays
unknown), ``?`` shows the help, ``q`` or Ctrl-C saves and quits. Ctrl-D (or a closed standard input)
raises ``EOFError``, which the session turns into a clear error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from maturity._text import clean
from maturity.answers.models import Answer, AnswerStatus, Question
from maturity.answers.questionnaire import Suggestion

if TYPE_CHECKING:
    from questionary import Question as QPrompt

BACK, SKIP, HELP, QUIT = "\x00back", "\x00skip", "\x00help", "\x00quit"
EXTRAS = ((BACK, "← back", "b"), (SKIP, "skip (leave unknown)", "s"), (HELP, "help (or ?)", "h"))
KEYS = "s skip · ? help · q quit"


def keys_help(can_go_back: bool) -> str:
    """The keys line: ``b back`` only where going back is possible (not on a session's first question)."""
    return f"b back · {KEYS}" if can_go_back else KEYS


BAR = 24


class QuitSession(Exception):
    """The person asked to stop (``q``) or pressed Ctrl-C; every answer given is already saved."""

    def __init__(self, interrupted: bool) -> None:
        super().__init__("interrupted" if interrupted else "quit")
        self.interrupted = interrupted


@dataclass(frozen=True)
class Reply:
    action: str  # "answer" | "back" | "skip"
    value: str | float | list[str] | None = None
    note: str | None = None


@dataclass(frozen=True)
class Context:
    """What the screen shows around a question."""

    position: int  # this question's number in the session (1-based)
    total: int  # questions in this session
    theme: str
    left: str = ""  # "about 6 minutes left"
    suggestion: Suggestion | None = None
    previous: Answer | None = None
    can_go_back: bool = False
    stale: str | None = None  # the confirmed proofs that are gone, when the answer is stale


def header(question: Question, ctx: Context) -> RenderableType:
    """Progress, theme and role, the question, then what the scan found (wrapped under its label)."""
    done = round(BAR * (ctx.position - 1) / ctx.total) if ctx.total else BAR
    top = Text(f"{ctx.position} of {ctx.total}" + (f", {ctx.left}" if ctx.left else ""), style="bold")
    top.append("  " + "━" * done, style="green")
    top.append("─" * (BAR - done), style="bright_black")
    role = f" · best answered by: {question.role}" if question.role else ""
    sub = Text(clean(ctx.theme + role), style="cyan")  # text from files: no control characters
    rows: list[tuple[str, str, str]] = []
    if ctx.suggestion is not None:
        rows += [("found", proof, "green") for proof in ctx.suggestion.proofs[:3]]
        if ctx.suggestion.reason:
            rows.append(("the scan", ctx.suggestion.reason, "yellow"))
        if ctx.previous is None:
            rows.append(("", "the scan's answer is pre-selected: Enter confirms it", "bright_black"))
    if ctx.stale:
        rows.append(("asked again", f"the evidence you confirmed is gone ({ctx.stale})", "yellow"))
    elif ctx.previous is not None and ctx.previous.question_version < question.version:
        rows.append(("asked again", f"this question changed since it was answered "
                     f"({_show(ctx.previous.value)})", "yellow"))  # fmt: skip
    return Group(top, sub, Text(clean(question.text), style="bold"), labelled(rows))


def labelled(rows: list[tuple[str, str, str]], indent: int = 2) -> RenderableType:
    """``label  text`` rows whose wrapped lines stay under the text, not at column 0."""
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True, style="bright_black")
    grid.add_column(overflow="fold")
    for label, value, style in rows:
        grid.add_row(f"{label}:" if label else "", Text(clean(value), style=style))
    return Padding(grid, (0, 0, 0, indent))


def _show(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def label_of(question: Question, value: object) -> str:
    return next((c.label for c in question.options() if c.value == value), _show(value))


def ask(question: Question, ctx: Context, console: Console) -> Reply:
    """Ask until the person answers, skips or goes back; ``?`` shows the help and asks again."""
    console.print()
    console.print(header(question, ctx))
    while True:
        try:
            raw = _raw(question, ctx)
        except KeyboardInterrupt:
            raise QuitSession(interrupted=True) from None
        if raw is None:  # questionary returns None when its prompt is aborted
            raise EOFError
        if raw == HELP:
            console.print(Text(f"  {clean(question.help)}", style="cyan"))
            continue
        if raw == QUIT:
            raise QuitSession(interrupted=False)
        if raw in (BACK, SKIP):
            return Reply(action="back" if raw == BACK else "skip")
        needs_reason = isinstance(raw, str) and question.status_of(raw) is AnswerStatus.not_applicable
        note = _reason() if needs_reason else None
        return Reply(action="answer", value=raw, note=note)


def _raw(question: Question, ctx: Context) -> Any:
    if question.type == "number":
        return _number(question, ctx)
    default = ctx.previous.value if ctx.previous is not None else None
    if default is None and ctx.suggestion is not None:
        default = ctx.suggestion.value
    if question.type == "multi":
        return _checkbox(question, ctx, default if isinstance(default, list) else [])
    return _select(question, ctx, default if isinstance(default, str) else None)


def _extras(ctx: Context) -> list[tuple[str, str, str]]:
    extras = [e for e in EXTRAS if e[0] != BACK or ctx.can_go_back]
    return [*extras, (QUIT, "quit and save", "q")]


def _select(question: Question, ctx: Context, default: str | None) -> Any:
    import questionary

    options = question.options()
    values = {c.value for c in options}
    choices: list[Any] = [
        questionary.Choice(
            title=c.label
            + ("  (suggested by the scan)" if ctx.suggestion and ctx.suggestion.value == c.value else ""),
            value=c.value,
            shortcut_key=str(i) if i < 10 else False,
        )
        for i, c in enumerate(options, 1)
    ]
    choices.append(questionary.Separator("  ─────"))
    choices += [questionary.Choice(title=t, value=v, shortcut_key=k) for v, t, k in _extras(ctx)]
    last = min(len(options), 9)
    prompt = questionary.select(
        "Answer",
        choices=choices,
        default=default if default in values else None,
        use_shortcuts=True,
        instruction=f"(↑↓ Enter, or 1-{last} · {keys_help(ctx.can_go_back)})",
    )
    keys = {str(i): c.value for i, c in enumerate(options[:9], 1)}
    keys.update({k: v for v, _, k in _extras(ctx)})
    _bind(prompt, {**keys, "?": HELP})
    return prompt.unsafe_ask()


def _checkbox(question: Question, ctx: Context, default: list[str]) -> Any:
    import questionary

    choices = [
        questionary.Choice(title=c.label, value=c.value, checked=c.value in default)
        for c in question.options()
    ]
    prompt = questionary.checkbox(
        "Answer",
        choices=choices,
        instruction=f"(Space selects, Enter confirms · {keys_help(ctx.can_go_back)})",
    )
    _bind(prompt, {**{k: v for v, _, k in _extras(ctx)}, "?": HELP})
    return prompt.unsafe_ask()


def _number(question: Question, ctx: Context) -> Any:
    import questionary

    keys = {**{k: v for v, _, k in _extras(ctx)}, "?": HELP}
    default = ctx.previous.value if ctx.previous is not None else ""

    def valid(text: str) -> bool | str:
        if text.strip() in keys:
            return True
        try:
            float(text)
        except ValueError:
            return f"type a number (or {', '.join(keys)})"
        return True

    prompt = questionary.text(
        "Answer (a number)",
        default=_show(default),
        validate=valid,
        instruction=f"({keys_help(ctx.can_go_back)})",
    )
    text = prompt.unsafe_ask()  # a text prompt: Ctrl-D on an empty line raises EOFError itself
    if text is None:
        return None
    return keys.get(text.strip()) or float(text)


def _reason() -> str:
    import questionary

    prompt = questionary.text(
        "Why does it not apply? (one line, kept with the answer)",
        validate=lambda t: bool(t.strip()) or "a short reason is needed",
    )
    try:
        text = prompt.unsafe_ask()
    except KeyboardInterrupt:
        raise QuitSession(interrupted=True) from None
    if text is None:
        raise EOFError
    return str(text).strip()


def _bind(prompt: QPrompt, keys: dict[str, str]) -> None:
    """Keys that answer at once (marking the choice so the screen shows it), and Ctrl-D as EOF."""
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from questionary.prompts.common import InquirerControl

    bindings = prompt.application.key_bindings
    assert isinstance(bindings, KeyBindings)
    controls = [c for c in prompt.application.layout.find_all_controls() if isinstance(c, InquirerControl)]

    def factory(value: str) -> Any:
        def handler(event: KeyPressEvent) -> None:
            for ic in controls:
                for i, choice in enumerate(ic.choices):
                    if getattr(choice, "value", None) == value:
                        ic.pointed_at = i
                ic.is_answered = True
            event.app.exit(result=value)

        return handler

    for key, value in keys.items():
        bindings.add(key, eager=True)(factory(value))

    @bindings.add("c-d", eager=True)
    def _eof(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError())
