"""Truth on a labelled corpus (not a test): practice accuracy and rating error against expert labels.

    python benchmarks/corpus_bench.py CORPUS_DIR [--labels FILE ...] [--only NAME ...] [--json OUT]

CORPUS_DIR holds materialized work trees named ``owner+name`` (``../shared/corpus/materialize.sh``).
Labels come from ``../shared/corpus/labels.yaml`` and ``benchmarks/corpus/repos/*.yaml`` unless ``--labels``
is given; a labelled repository without a work tree is listed as missing and left out.

Scoring rules (the scanners issue), so everyone computes the same figures:

- label keys are practice ids, except ``automated_training_trigger`` -> ``continuous_training`` and
  ``reproducibility_seed`` -> ``reproducibility``; ``notebooks_only`` and ``test_count_estimate`` are facts;
- ``ambiguous`` labels are left out; a scan status ``present`` or ``partial`` is positive, anything else
  negative;
- accuracy is over all scored labels, macro-F1 the mean of the per-practice F1;
- a "level-0 repository" is one an expert rates Google 0 and Microsoft 0.

Ratings: scan only, no answers. Per framework, exact matches and mean absolute error of the estimated level
against ``maturity.google_level`` / ``maturity.microsoft_level``, each disagreement with the criteria that
caused it; and the checks of the ratings issue (training code never below five-stage stage 1, no ML
Test Score of 0 for a repository rated Google 2).

``--framework ID`` (repeatable; ``all`` for every one) also assesses a framework that is not assessed by
default, such as ``ai-adoption``, and prints its level per repository (and per dimension): there are no
expert labels for it, so it is shown, not scored. The default frameworks' figures do not change.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from maturity import pipeline
from maturity.assess.models import FrameworkRating
from maturity.config import Settings
from maturity.errors import MaturityError
from maturity.frameworks.registry import load_library
from maturity.pipeline import Options, run
from maturity.report import Report
from maturity.scan.models import Evidence, Outcome, PracticeEvidence, Proof

HERE = Path(__file__).resolve().parent
# the steering repository's corpus sits beside this checkout (../shared); MATURITY_CORPUS_LABELS overrides it
SHARED = Path(
    os.environ.get("MATURITY_CORPUS_LABELS", HERE.parent.parent / "shared" / "corpus" / "labels.yaml")
)
OWN = HERE / "corpus" / "repos"
RENAME = {"automated_training_trigger": "continuous_training", "reproducibility_seed": "reproducibility"}
FACTS = {"notebooks_only", "test_count_estimate"}
LEVELS = {"google": "google_level", "microsoft": "microsoft_level"}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    def f1(self) -> float:
        if self.tp == 0:
            return 1.0 if self.fp == 0 and self.fn == 0 else 0.0
        p, r = self.tp / (self.tp + self.fp), self.tp / (self.tp + self.fn)
        return 2 * p * r / (p + r)


def load_labels(files: list[Path]) -> list[dict[str, Any]]:
    repos: list[dict[str, Any]] = []
    for f in files:
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        repos.extend(data["repos"] if isinstance(data, dict) and "repos" in data else [data])
    return repos


def label_of(entry: dict[str, Any]) -> bool | None:
    value = entry.get("present")
    return value if isinstance(value, bool) else None


def scan_repo(
    path: Path, oracle: dict[str, bool] | None = None, frameworks: list[str] | None = None
) -> Report:
    """Scan only, no answers. With ``oracle`` (practice -> label), the labelled practices take the expert's
    value instead of the scan's: the rating as it would be with perfect scanners for those practices."""
    settings = Settings(answers=".maturity/no-such-answers-corpus-bench.yaml", frameworks=frameworks or [])
    if oracle is None:
        return run(path, Options(settings=settings))
    real = pipeline.scan

    def labelled(*args: Any, **kwargs: Any) -> Evidence:
        evidence = real(*args, **kwargs)
        for pid, value in oracle.items():
            if pid in evidence.practices:
                proof = [Proof(path="(label)", detector="oracle", detail="expert label")] if value else []
                evidence.practices[pid] = PracticeEvidence(
                    id=pid, status=Outcome.present if value else Outcome.absent, evidence=proof,
                    reason=None if value else "expert label: absent",
                )  # fmt: skip
        return evidence

    pipeline.scan = labelled  # type: ignore[assignment]
    try:
        return run(path, Options(settings=settings))
    finally:
        pipeline.scan = real  # type: ignore[assignment]


def oracle_of(repo: dict[str, Any], reading: str) -> dict[str, bool]:
    out = {}
    for key, entry in repo.get("practices", {}).items():
        if key in FACTS:
            continue
        value = entry.get("present")
        if value == "ambiguous":
            value = entry.get(reading)
        if isinstance(value, bool):
            out[RENAME.get(key, key)] = value
    return out


def first_proof(report: Report, pid: str) -> str:
    entry = next((p for p in report.practices if p.id == pid), None)
    if entry is None or not entry.evidence:
        return entry.reason or "" if entry else "(no such practice)"
    p = entry.evidence[0]
    return f"{p.path}:{p.line}" if p.line else p.path


def holders(rating: FrameworkRating, expected: int) -> str:
    """The criteria between the estimate and the expected level (why they differ)."""
    got = rating.level if rating.level is not None else -1
    lo, hi = sorted((got, expected))
    crit = [c for c in rating.criteria if c.level is not None and lo < c.level <= hi]
    if got < expected:
        crit = [c for c in crit if c.status != "met" and c.status != "not_applicable"]
    else:
        crit = [c for c in crit if c.status in ("met", "not_applicable")]
    return ", ".join(f"{c.id}={c.status}" for c in crit[:8]) or "(share of supporting criteria)"


def chosen_frameworks(extra: list[str]) -> tuple[list[str], list[str]]:
    """(every framework to assess, the ones added by --framework); nothing added: ([], [])."""
    if not extra:
        return [], []
    lib = load_library()
    defaults = [f.id for f in lib.select([])]
    added = [f.id for f in lib.select(extra) if f.id not in defaults]
    return [*defaults, *added], added


def level_line(rating: FrameworkRating) -> str:
    """'phase 2: Strategic (estimated; confirmed 1); learn 1, lead 1, ...' for one repository."""

    def fig(level: int | None) -> str:
        return "below" if level is None else str(level)

    head = f"{rating.level_label} {fig(rating.level)}: {rating.level_name}"
    if rating.confirmed_level != rating.level:
        head += f" (estimated; confirmed {fig(rating.confirmed_level)})"
    dims = ", ".join(f"{d.id} {fig(d.level)}" for d in rating.dimensions)
    return f"{head}; {dims}" if dims else head


def print_added(added: list[str], rows: dict[str, list[tuple[str, str]]]) -> None:
    if not added:
        return
    print("\n== Frameworks added with --framework (scan only, no answers, no expert labels)")
    for fid in added:
        print(f"{fid}:")
        for name, line in rows[fid]:
            print(f"  {name}: {line}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--labels", type=Path, nargs="*")
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--json", type=Path, help="write per-repository figures here")
    ap.add_argument(
        "--framework",
        action="append",
        default=[],
        help="also assess this framework (repeatable; 'all' for every one); prints its level per repository",
    )
    ap.add_argument(
        "--oracle",
        choices=["strict", "lenient"],
        help="rate with the labelled practices taken from the labels (ambiguous: the given reading), "
        "the others from the scan: what the frameworks give with perfect scanners",
    )
    args = ap.parse_args()
    try:
        frameworks, added = chosen_frameworks(args.framework)
    except MaturityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    added_rows: dict[str, list[tuple[str, str]]] = defaultdict(list)
    files = args.labels or [SHARED, *sorted(OWN.glob("*.yaml"))]
    repos = load_labels(files)
    tallies: dict[str, Tally] = defaultdict(Tally)
    level0_fp: list[str] = []
    rating_rows: dict[str, list[tuple[str, int, int | None, str]]] = defaultdict(list)
    checks: list[str] = []
    missing: list[str] = []
    out: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for repo in repos:
        name = repo["id"]
        if args.only and not any(o in name for o in args.only):
            continue
        path = args.corpus / name
        if not path.is_dir():
            missing.append(name)
            continue
        report = scan_repo(path, oracle_of(repo, args.oracle) if args.oracle else None, frameworks)
        status = {p.id: p.status.value for p in report.practices}
        mat = repo.get("maturity", {})
        level0 = mat.get("google_level") == 0 and mat.get("microsoft_level") == 0
        for key, entry in repo.get("practices", {}).items():
            if key in FACTS:
                continue
            pid = RENAME.get(key, key)
            label = label_of(entry)
            if label is None or pid not in status:
                continue
            got = status[pid] in ("present", "partial")
            t = tallies[pid]
            if got and label:
                t.tp += 1
            elif got:
                t.fp += 1
                t.errors.append(f"  false present  {name}: {status[pid]} {first_proof(report, pid)}")
                if level0:
                    level0_fp.append(f"{name}:{pid}")
            elif label:
                t.fn += 1
                t.errors.append(f"  false absent   {name}: {status[pid]} ({first_proof(report, pid)})")
            else:
                t.tn += 1
        row: dict[str, Any] = {"repo": name, "levels": {}}
        for fid in added:
            rating = report.framework(fid)
            if rating is not None and rating.scoring == "levels":
                added_rows[fid].append((name, level_line(rating)))
                row.setdefault("added", {})[fid] = {
                    "level": rating.level,
                    "confirmed": rating.confirmed_level,
                    "dimensions": {d.id: d.level for d in rating.dimensions},
                }
        for fid, key in LEVELS.items():
            rating = report.framework(fid)
            if rating is None or key not in mat:
                continue
            rating_rows[fid].append((name, mat[key], rating.level, holders(rating, mat[key])))
            row["levels"][fid] = {"expected": mat[key], "estimated": rating.level}
        five = report.framework("five-stage")
        training = status.get("ml_training_code") == "present"
        if five is not None and training and five.level is None:
            checks.append(f"  {name}: has training code but is below five-stage stage 1")
        mts = report.framework("ml-test-score")
        if mts is not None and mat.get("google_level") == 2 and not mts.score:
            checks.append(f"  {name}: rated Google 2 by the expert, ML Test Score {mts.score}")
        out.append(row)

    print(f"corpus: {len(out)} repositories scanned in {time.perf_counter() - t0:.1f} s", end="")
    print(f"; labelled but not materialized: {', '.join(missing)}" if missing else "")
    print("\n== Practices (present/partial = positive; ambiguous labels left out)")
    print(f"{'practice':26} {'tp':>3} {'fp':>3} {'fn':>3} {'tn':>3}  {'prec':>5} {'rec':>5} {'f1':>5}")
    for pid in sorted(tallies):
        t = tallies[pid]
        prec = t.tp / (t.tp + t.fp) if t.tp + t.fp else 1.0
        rec = t.tp / (t.tp + t.fn) if t.tp + t.fn else 1.0
        print(f"{pid:26} {t.tp:3} {t.fp:3} {t.fn:3} {t.tn:3}  {prec:5.2f} {rec:5.2f} {t.f1():5.2f}")
    total = sum(t.tp + t.fp + t.fn + t.tn for t in tallies.values())
    correct = sum(t.tp + t.tn for t in tallies.values())
    macro = sum(t.f1() for t in tallies.values()) / max(len(tallies), 1)
    print(f"\naccuracy {correct / max(total, 1):.3f} ({correct}/{total})   macro-F1 {macro:.3f}")
    print(f"false presents on level-0 repositories: {len(level0_fp)} {' '.join(level0_fp)}")
    print("\n== Errors (with the scan's first proof or reason)")
    for pid in sorted(tallies):
        for e in tallies[pid].errors:
            print(f"{pid}: {e.strip()}")
    print("\n== Ratings (scan only, no answers): estimated level against the expert's")
    for fid, rows in rating_rows.items():
        exact = sum(1 for _, want, got, _ in rows if got == want)
        mae = sum(abs((got if got is not None else -1) - want) for _, want, got, _ in rows) / max(
            len(rows), 1
        )
        print(f"{fid}: exact {exact}/{len(rows)} ({exact / max(len(rows), 1):.0%})   MAE {mae:.2f}")
        for name, want, got, why in rows:
            if got != want:
                print(f"  {name}: expert {want}, estimated {got}; {why}")
    print("\n== Rating checks")
    print("\n".join(checks) if checks else "  all pass")
    print_added(added, added_rows)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
