"""Detectors for the deployment area."""

from __future__ import annotations

from maturity.scan.registry import Detector

DETECTORS: list[Detector] = []
