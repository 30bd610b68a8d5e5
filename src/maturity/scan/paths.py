"""Path rules the scan engine applies to every detector's findings."""

from __future__ import annotations

import functools

TEST_DATA_DIRS = frozenset(
    {"tests", "test", "testing", "testdata", "test_data", "fixtures", "__fixtures__", "unittests"}
    | {"integration_tests"}
)
TEST_CODE_SUFFIXES = (".py", ".ipynb")


@functools.lru_cache(maxsize=1 << 18)
def is_test_data(path: str) -> bool:
    """A non-code file (YAML, JSON, text...) under a test or fixtures folder: test data, not proof of use."""
    parts = path.lower().split("/")
    if parts[-1].endswith(TEST_CODE_SUFFIXES) or parts[0].startswith("."):
        return False  # tool and CI configuration (.github/actions/test/action.yml) is no test data
    return any(p in TEST_DATA_DIRS for p in parts[:-1])
