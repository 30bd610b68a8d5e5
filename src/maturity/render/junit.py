"""JUnit XML for CI test tabs: one test suite per framework, one test case per criterion.

Met and not-applicable criteria pass, unmet and partial ones fail, unknown ones are skipped (nothing
could tell), so a CI test tab shows exactly what holds each framework down.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from maturity.assess.models import CriterionResult, FrameworkRating, Status
from maturity.render import RenderOptions
from maturity.report import Report


def _case(fw: FrameworkRating, c: CriterionResult) -> tuple[ET.Element, str]:
    """The test case and its outcome: 'passed', 'failure' or 'skipped'."""
    case = ET.Element("testcase", classname=f"maturity.{fw.id}", name=f"{c.id}: {c.title}", time="0")
    where = f"{fw.level_label} {c.level}" if c.level is not None else f"section {c.section}"
    if c.status in (Status.unmet, Status.partial):
        failure = ET.SubElement(
            case, "failure", message=f"{c.title} is {c.status.value}", type=c.status.value
        )
        failure.text = f"{fw.name}, {where}: {c.title} is {c.status.value}.\nTo do: {c.roadmap}"
        return case, "failure"
    if c.status is Status.unknown:
        ET.SubElement(
            case, "skipped", message="unknown: nothing could tell; answer it with `maturity assess`"
        )
        return case, "skipped"
    if c.status is Status.not_applicable:
        ET.SubElement(case, "skipped", message="not applicable")
        return case, "skipped"
    return case, "passed"


def _suite(fw: FrameworkRating, timestamp: str) -> ET.Element:
    suite = ET.Element("testsuite", name=fw.id, timestamp=timestamp, hostname="maturity")
    counts = {"failure": 0, "skipped": 0, "passed": 0}
    for c in fw.criteria:
        case, outcome = _case(fw, c)
        suite.append(case)
        counts[outcome] += 1
    rating = f"level {fw.level}" if fw.scoring == "levels" else f"score {fw.score or 0:g}"
    props = ET.Element("properties")
    ET.SubElement(props, "property", name="rating", value=rating)
    ET.SubElement(props, "property", name="framework", value=fw.name)
    suite.insert(0, props)
    suite.set("tests", str(len(fw.criteria)))
    suite.set("failures", str(counts["failure"]))
    suite.set("errors", "0")
    suite.set("skipped", str(counts["skipped"]))
    suite.set("time", "0")
    return suite


def render(report: Report, options: RenderOptions) -> str:
    timestamp = report.provenance.generated_at.replace(microsecond=0, tzinfo=None).isoformat()
    root = ET.Element("testsuites", name="maturity")
    suites = [_suite(fw, timestamp) for fw in report.frameworks]
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.set("time", "0")
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
