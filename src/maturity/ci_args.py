"""``python -m maturity.ci_args ARGS...``: run ``maturity ARGS...`` plus the arguments in ``$MATURITY_ARGS``.

The CI wrappers (the GitHub Action, the GitLab template) take extra arguments as one string. It is
split as a shell splits words (quotes and backslashes), but never glob-expanded nor variable-expanded:
``--exclude "legacy/**" --answer "owner=Data team"`` reaches maturity as four arguments. Unbalanced
quotes are a usage error (exit 2).
"""

from __future__ import annotations

import os
import shlex
import sys


def split(text: str) -> list[str]:
    """Shell-like words of ``text`` (no globbing, no variables); ValueError on unbalanced quotes."""
    return shlex.split(text, comments=False, posix=True)


def main() -> None:
    raw = os.environ.get("MATURITY_ARGS", "")
    try:
        extra = split(raw)
    except ValueError as exc:
        sys.stderr.write(f"error: MATURITY_ARGS: {exc} in {raw!r}\n")
        sys.exit(2)
    sys.argv = ["maturity", *sys.argv[1:], *extra]
    from maturity.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
