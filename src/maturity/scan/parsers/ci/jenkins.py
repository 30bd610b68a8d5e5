"""Jenkins: Groovy Jenkinsfiles read line by line (sh/bat steps, cron triggers)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.parsers.ci.model import SCHEDULE, Command, Job, System, Workflow, shell_lines
from maturity.scan.repo import RepoView

_JENKINS_STEP = re.compile(
    r"(?:^|[\s{;(])(?:sh|bat|pwsh|powershell)\s*\(?\s*(?:script\s*:\s*)?('''|\"\"\"|'|\")(.*)$"
)


def jenkins(repo: RepoView, path: str) -> Iterator[Workflow]:
    lines = repo.lines(path)
    if not lines:
        return
    wf = Workflow("Jenkins", path, {"push"})
    job = Job("pipeline", line=1)
    block: str | None = None
    for n, raw in enumerate(lines, start=1):
        if block is not None:
            end = raw.find(block)
            job.commands.extend(Command(c.text, n) for c in shell_lines(raw if end < 0 else raw[:end]))
            block = block if end < 0 else None
            continue
        if re.search(r"\b(cron|pollSCM|parameterizedCron)\s*\(\s*['\"]", raw):
            wf.triggers.add(SCHEDULE)
            wf.trigger_lines.setdefault(SCHEDULE, n)
        m = _JENKINS_STEP.search(raw)
        if m is None or raw.lstrip().startswith("//"):
            continue
        quote, rest = m.group(1), m.group(2)
        if len(quote) == 3 and quote not in rest:
            block = quote
            rest = rest.strip()
        else:
            rest = rest.split(quote)[0]
        job.commands.extend(Command(c.text, n) for c in shell_lines(rest))
    wf.jobs.append(job)
    yield wf


SYSTEM = System("Jenkins", ("**/Jenkinsfile", "**/*.jenkinsfile", "**/Jenkinsfile.*"), jenkins)
