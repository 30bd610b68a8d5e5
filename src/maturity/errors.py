"""Every error a user can cause, and the exit code it maps to.

The CLI has one handler (``maturity.cli``) that turns these into a message and an exit code:
0 ok, 1 gate not met, 2 usage or input error. Library code raises; it never prints or exits.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2


class MaturityError(Exception):
    """Base class; ``exit_code`` tells the CLI how to end."""

    exit_code = EXIT_USAGE


class UserError(MaturityError):
    """Bad input from the user: a file, a flag, a value. Optionally located at FILE:LINE and a field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class FrameworkError(UserError):
    """A framework file (or the practice catalog) is invalid."""


class QuestionnaireError(UserError):
    """A questionnaire file is invalid."""


class AnswersError(UserError):
    """The answers file is invalid, or an answer is missing where one is required."""


class ConfigError(UserError):
    """The [tool.maturity] table or .maturity.yaml is invalid."""


class InteractiveSessionError(UserError):
    """A prompt was needed but there is no terminal."""


class OutputError(UserError):
    """An output file (``-o``, a baseline, the job summary) could not be written."""


class GitError(UserError):
    """git failed on a repository (other than "not a git repository"): what git said, and the fix."""


class GateNotMet(MaturityError):
    """`maturity check` found an unmet minimum; the message lists each one."""

    exit_code = EXIT_GATE
