"""What an id means: a practice, a criterion (FRAMEWORK:CRITERION), a question, a framework or a detector.

Every explanation is built from data (the catalog, the frameworks, the questionnaires) and from the
detector registry, so ``maturity explain``, the HTML appendix and ``docs/practices.md`` cannot drift
from the code. An explanation is a plain dict of fixed sections (JSON-ready).
"""

from __future__ import annotations

from typing import Any

from maturity.errors import UserError
from maturity.frameworks.registry import AnyFramework, Library
from maturity.scan.registry import Detector


def detectors_for(practice: str, detectors: list[Detector]) -> list[dict[str, Any]]:
    """How we detect it: every detector that can prove this practice, with its inputs and limits."""
    return [
        {"id": d.id, "summary": d.summary, "inputs": list(d.inputs), "limits": d.limits}
        for d in detectors
        if practice in d.practices
    ]


def criteria_needing(practice: str | None, question: str | None, library: Library) -> list[dict[str, str]]:
    """Which framework criteria need this practice (or question), with the level or section."""
    out = []
    for fw in library.frameworks.values():
        for c in fw.criteria():
            if (practice and practice in c.practices) or (question and question in c.questions):
                out.append({"ref": f"{fw.id}:{c.id}", "title": c.title, "where": where(fw, c.id)})
    return out


def where(fw: AnyFramework, cid: str) -> str:
    if fw.scoring == "levels":
        lv = fw.level_of(cid)
        return f"{fw.short_name or fw.name} {fw.level_label} {lv.level} ({lv.name})"
    return f"{fw.short_name or fw.name} section {fw.section_of(cid).name}"


def explain_practice(pid: str, library: Library, detectors: list[Detector]) -> dict[str, Any]:
    p = library.practices[pid]
    return {
        "kind": "practice",
        "id": p.id,
        "name": p.name,
        "area": p.area,
        "what": p.summary,
        "why": p.why,
        "detected_by": detectors_for(pid, detectors),
        "adopt": {
            "how": list(p.how),
            "effort": p.effort.value,
            "requires": list(p.requires),
            "links": [{"title": lk.title, "url": lk.url} for lk in p.links],
            "snippet": p.snippet,
        },
        "questions": [{"id": q.id, "text": q.text} for q in library.questions.values() if pid in q.practices],
        "criteria": criteria_needing(pid, None, library),
    }


def explain_question(qid: str, library: Library) -> dict[str, Any]:
    q = library.questions[qid]
    return {
        "kind": "question",
        "id": q.id,
        "name": q.text,
        "what": q.text,
        "why": q.help,
        "type": q.type,
        "choices": [c.value for c in q.options()],
        "settles": list(q.practices),
        "criteria": criteria_needing(None, qid, library),
        "answer": f"maturity assess --answer {q.id}=VALUE",
    }


def explain_criterion(ref: str, library: Library) -> dict[str, Any]:
    fid, _, cid = ref.partition(":")
    fw = library.framework(fid)
    crit = next((c for c in fw.criteria() if c.id == cid or cid in c.aliases), None)
    if crit is None:
        import difflib

        close = difflib.get_close_matches(cid, [c.id for c in fw.criteria()], n=3, cutoff=0.6)
        guess = f"; did you mean {' or '.join(f'{fw.id}:{c}' for c in close)}?" if close else ""
        raise UserError(
            f"framework {fw.id!r} has no criterion {cid!r}{guess}", hint=f"maturity frameworks show {fw.id}"
        )
    return {
        "kind": "criterion",
        "id": f"{fw.id}:{crit.id}",
        "name": crit.title,
        "what": crit.description or crit.title,
        "where": where(fw, crit.id),
        "needs": {"match": crit.match, "practices": list(crit.practices), "questions": list(crit.questions)},
        "why": f"Needed for {where(fw, crit.id)}"
        + (" (a supporting criterion)." if crit.role == "supporting" else "."),
        "source": crit.source,
        "adopt": {"how": [crit.roadmap]},
        "practices": [
            {"id": p, "name": library.practices[p].name, "what": library.practices[p].summary}
            for p in crit.practices
            if p in library.practices
        ],
    }


def explain_framework(fw: AnyFramework) -> dict[str, Any]:
    if fw.scoring == "levels":
        parts = [{"id": str(lv.level), "name": lv.name, "summary": lv.summary,
                  "criteria": [c.id for c in lv.criteria]} for lv in fw.levels]  # fmt: skip
    else:
        parts = [{"id": s.id, "name": s.name, "summary": s.description,
                  "criteria": [c.id for c in s.items]} for s in fw.sections]  # fmt: skip
    return {
        "kind": "framework",
        "id": fw.id,
        "name": fw.name,
        "what": fw.description.strip(),
        "version": fw.version,
        "scoring": fw.scoring,
        "parts": parts,
        "sources": [{"title": s.title, "url": s.url} for s in fw.sources],
    }


def explain_detector(d: Detector, library: Library) -> dict[str, Any]:
    names = library.practices
    return {
        "kind": "detector",
        "id": d.id,
        "name": d.id,
        "what": d.summary,
        "inputs": list(d.inputs),
        "limits": d.limits,
        "proves": [{"id": p, "name": names[p].name if p in names else p} for p in d.practices],
    }


def explain(ident: str, library: Library, detectors: list[Detector]) -> dict[str, Any]:
    """Look ``ident`` up as a criterion, practice, question, framework or detector (in that order)."""
    if ":" in ident:
        return explain_criterion(ident, library)
    if ident in library.practices:
        return explain_practice(ident, library, detectors)
    alias = next((p.id for p in library.catalog.practices if ident in p.aliases), None)
    if alias:
        return explain_practice(alias, library, detectors)
    if ident in library.questions:
        return explain_question(ident, library)
    fw = next((f for f in library.frameworks.values() if ident == f.id or ident in f.aliases), None)
    if fw is not None:
        return explain_framework(fw)
    det = next((d for d in detectors if d.id == ident), None)
    if det is not None:
        return explain_detector(det, library)
    close = suggest(ident, library, detectors)
    raise UserError(
        f"unknown id {ident!r}" + (f"; did you mean {' or '.join(close)}?" if close else ""),
        hint="give a practice (ci_runs_tests), a criterion (google:L2.ci), a question, a framework "
        "or a detector id; `maturity frameworks list` and docs/practices.md list them",
    )


def suggest(ident: str, library: Library, detectors: list[Detector], n: int = 3) -> list[str]:
    """Ids that contain ``ident`` (practices first) or look like it: ``drift`` -> ``drift_detection``."""
    import difflib

    groups = [
        [p.id for p in library.catalog.practices],
        list(library.questions),
        list(library.frameworks),
        [d.id for d in detectors],
        [f"{f.id}:{c.id}" for f in library.frameworks.values() for c in f.criteria()],
    ]
    key = ident.lower().replace("-", "_")
    out: list[str] = []
    for ids in groups:
        out += [i for i in ids if key in i.lower().replace("-", "_") and i not in out]
    if not out:
        every = [i for ids in groups for i in ids]
        out = difflib.get_close_matches(ident, every, n=n, cutoff=0.6)
    return out[:n]


def _detected_lines(e: dict[str, Any]) -> list[str]:
    found = e.get("detected_by") or []
    if not found:
        settle = (
            "the questions below settle it" if e.get("questions") else "an answer or configuration settles it"
        )
        return [f"  No detector proves this from a repository: {settle}."]
    lines = []
    for d in found:
        lines.append(f"  {d['id']}: {d['summary']}")
        if d["inputs"]:
            lines.append(f"    reads: {', '.join(d['inputs'])}")
        if d["limits"]:
            lines.append(f"    limits: {d['limits']}")
    return lines


def _adopt_lines(adopt: dict[str, Any]) -> list[str]:
    lines = [f"  - {h.strip()}" for h in adopt.get("how", [])]
    if adopt.get("effort"):
        lines.append(f"  effort: {adopt['effort']}")
    if adopt.get("requires"):
        lines.append(f"  first: {', '.join(adopt['requires'])}")
    lines += [f"  {lk['title']}: {lk['url']}" for lk in adopt.get("links", [])]
    if adopt.get("snippet"):
        lines += ["  starter:"] + [f"    {s}" for s in adopt["snippet"].rstrip().splitlines()]
    return lines


def to_text(e: dict[str, Any]) -> str:
    """Plain text with the fixed section headings (what, why, detect, adopt, questions, criteria)."""
    out = [f"{e['name']} ({e['kind']} {e['id']})", "", "What it is", f"  {e['what']}"]
    if e.get("why"):
        out += ["", "Why it matters", f"  {e['why']}"]
    if e["kind"] == "practice":
        out += ["", "How we detect it", *_detected_lines(e)]
    if e.get("source"):
        out += ["", "Source", f"  {e['source']}"]
    if e.get("adopt"):
        out += ["", "How to adopt it", *_adopt_lines(e["adopt"])]
    if e.get("questions"):
        out += ["", "Questions that can settle it"] + [f"  {q['id']}: {q['text']}" for q in e["questions"]]
    if e.get("needs"):
        n = e["needs"]
        out += ["", f"Needs ({n['match']} of)"] + [f"  practice {p}" for p in n["practices"]]
        out += [f"  question {q}" for q in n["questions"]]
    if e.get("criteria"):
        out += ["", "Criteria that need it"] + [
            f"  {c['ref']}: {c['title']} ({c['where']})" for c in e["criteria"]
        ]
    if e["kind"] == "criterion" and e.get("practices"):
        out += ["", "Practices (maturity explain ID for each)"]
        out += [f"  {p['id']}: {p['what']}" for p in e["practices"]]
    for key, title in (("parts", "Levels / sections"), ("proves", "Proves"), ("sources", "Sources")):
        for item in e.get(key) or []:
            if item is (e.get(key) or [None])[0]:
                out += ["", title]
            out.append(
                "  " + " ".join(str(item.get(k, "")) for k in ("id", "name", "title", "url") if item.get(k))
            )
    if e.get("inputs"):
        out += ["", "Reads", f"  {', '.join(e['inputs'])}"]
    if e.get("limits"):
        out += ["", "Limits", f"  {e['limits']}"]
    if e.get("answer"):
        out += ["", "Answer it", f"  {e['answer']}  (choices: {', '.join(e['choices'])})"]
    return "\n".join(out) + "\n"
