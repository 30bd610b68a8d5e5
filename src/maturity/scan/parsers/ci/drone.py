"""Drone: trigger events (cron, promote, tag)."""

from __future__ import annotations

from typing import Any

from maturity.scan.parsers.ci.generic import generic
from maturity.scan.parsers.ci.model import MANUAL, SCHEDULE, System, Workflow


def _drone_triggers(doc: dict[str, Any], wf: Workflow) -> None:
    if isinstance(doc.get("trigger"), dict):
        events = doc["trigger"].get("event")
        names = events if isinstance(events, list) else [events]
        mapping = {"cron": SCHEDULE, "promote": MANUAL, "custom": MANUAL, "tag": "tag"}
        wf.triggers = {mapping.get(str(e), str(e)) for e in names if isinstance(e, str)} or wf.triggers


SYSTEM = System("Drone", (".drone.yml", ".drone.yaml"), generic("Drone", {"push"}, _drone_triggers))
