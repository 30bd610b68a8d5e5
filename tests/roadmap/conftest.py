"""Fixtures for roadmap tests: the shipped frameworks plus a small levels and a small points framework."""

from __future__ import annotations

import pytest
import synthetic

from maturity.frameworks.registry import Library


@pytest.fixture(scope="session")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return synthetic.extra_library(tmp_path_factory.mktemp("frameworks"))
