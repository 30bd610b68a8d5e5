"""JUnit XML for CI test tabs.

With a gate verdict (``maturity check``): one suite ``maturity gate`` with one test case per gate rule
(each minimum, required practice, waiver, the baseline, the previous result), failing exactly what fails
the gate; with ``junit_criteria``, one suite per framework follows whose criteria never fail (open ones
are skipped with their status). Without a verdict (``maturity scan``): one suite per framework, one test
case per criterion; met and not-applicable criteria pass, unmet and partial ones fail, unknown ones are
skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from maturity.assess.models import CriterionResult, FrameworkRating, Status
from maturity.render import RenderOptions
from maturity.report import Report
from maturity.verdict import Problem, Verdict


def _case(fw: FrameworkRating, c: CriterionResult, gated: bool = False) -> tuple[ET.Element, str]:
    """The test case and its outcome: 'passed', 'failure' or 'skipped' (never 'failure' when ``gated``)."""
    case = ET.Element("testcase", classname=f"maturity.{fw.id}", name=f"{c.id}: {c.title}", time="0")
    where = f"{fw.level_label} {c.level}" if c.level is not None else f"section {c.section}"
    if gated and c.status in (Status.unmet, Status.partial, Status.unknown):
        ET.SubElement(case, "skipped", message=f"{c.status.value}: not a gate rule ({where}; {c.roadmap})")
        return case, "skipped"
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


def _suite(
    name: str, timestamp: str, cases: list[tuple[ET.Element, str]], props: dict[str, str]
) -> ET.Element:
    suite = ET.Element("testsuite", name=name, timestamp=timestamp, hostname="maturity")
    properties = ET.SubElement(suite, "properties")
    for key, value in props.items():
        ET.SubElement(properties, "property", name=key, value=value)
    suite.extend(case for case, _ in cases)
    outcomes = [outcome for _, outcome in cases]
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(outcomes.count("failure")))
    suite.set("errors", "0")
    suite.set("skipped", str(outcomes.count("skipped")))
    suite.set("time", "0")
    return suite


def _framework_suite(fw: FrameworkRating, timestamp: str, gated: bool) -> ET.Element:
    rating = f"level {fw.level}" if fw.scoring == "levels" else f"score {fw.score or 0:g}"
    cases = [_case(fw, c, gated) for c in fw.criteria]
    return _suite(fw.id, timestamp, cases, {"rating": rating, "framework": fw.name})


def _rule_case(name: str, failure: str | None) -> tuple[ET.Element, str]:
    case = ET.Element("testcase", classname="maturity.gate", name=name, time="0")
    if failure is None:
        return case, "passed"
    ET.SubElement(case, "failure", message=failure.splitlines()[0], type="gate").text = failure
    return case, "failure"


def _gate_cases(verdict: Verdict) -> list[tuple[ET.Element, str]]:
    """One test case per rule: each minimum, required practice and waiver, and the baseline."""
    cases = []
    for p in verdict.problems:
        if p.kind in ("min", "required"):
            what = "minimum" if p.kind == "min" else "required practice"
            cases.append(_rule_case(f"{what} {p.subject}", "\n".join([p.message, *_held(p)])))
    for m in verdict.met:
        if m.kind in ("min", "required"):
            what = "minimum" if m.kind == "min" else "required practice"
            cases.append(_rule_case(f"{what} {m.subject}", None))
    for w in verdict.waivers:
        failure = f"waiver for {w.criterion} expired on {w.expires} (reason was: {w.reason})"
        cases.append(_rule_case(f"waiver {w.criterion}", failure if w.expired else None))
    since = [p.message for p in verdict.of_kind("regression") if " since the previous result" in p.subject]
    floor = [p.message for p in verdict.of_kind("regression") if p.message not in since]
    if verdict.baseline is not None:
        cases.append(_rule_case(f"baseline {verdict.baseline}", "\n".join(floor) or None))
    if verdict.previous is not None:
        cases.append(_rule_case(f"no regression since {verdict.previous}", "\n".join(since) or None))
    return cases


def _held(p: Problem) -> list[str]:
    lines = [f"held down by {h.criterion} ({h.status}): {h.title}" for h in p.holding]
    return lines + ([f"first step: {p.first_step.title}"] if p.first_step else [])


def render(report: Report, options: RenderOptions) -> str:
    timestamp = report.provenance.generated_at.replace(microsecond=0, tzinfo=None).isoformat()
    root = ET.Element("testsuites", name="maturity")
    gate = report.gate
    suites = []
    if gate is not None:
        figure = {
            "figure": gate.figure,
            "passed": str(gate.passed).lower(),
            "warn_only": str(gate.warn_only).lower(),
        }
        suites.append(_suite("maturity gate", timestamp, _gate_cases(gate), figure))
    if gate is None or options.junit_criteria:
        suites.extend(_framework_suite(fw, timestamp, gate is not None) for fw in report.frameworks)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    root.set("time", "0")
    root.extend(suites)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
