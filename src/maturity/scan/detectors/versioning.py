"""Detectors for the versioning area."""

from __future__ import annotations

from maturity.scan.registry import Detector

DETECTORS: list[Detector] = []
