"""maturity: measure MLOps maturity from a repository and a team's answers.

Public API (stable): :func:`maturity.pipeline.run`, the models re-exported here, and
:mod:`maturity.testing`. Everything else is internal and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
