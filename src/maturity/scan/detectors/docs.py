"""Detectors for the docs area: a README with real content, a documentation site."""

from __future__ import annotations

import re
from collections.abc import Iterator

from maturity.scan.detectors._found import finding
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import Detector, detector
from maturity.scan.repo import RepoView

_SECTION = re.compile(
    r"^(?:#{1,4}\s*|\s*)(?:[\d.]+\s*)?(?:install\w*|setup|set\s*up|getting\s+started|quick\s*start|usage|how\s+to\s+"
    r"(?:use|run)|running|train\w*|requirements|prerequisites|development|reproduc\w*|deploy\w*|evaluation|inference)\b.*$"
    r"|^[ \t]*(?:\.\.\s+)?(?:install\w*|usage|getting started|quick\s*start)\s*\n[=\-~^]{3,}",
    re.IGNORECASE | re.MULTILINE,
)
MIN_LINES = 10


def readmes(repo: RepoView) -> list[str]:
    """READMEs of the project: in the scanned subfolder first, then at the root."""
    found = [
        p for p in repo.glob("README*", "*/README*") if p.rsplit("/", 1)[-1].lower().startswith("readme")
    ]
    if repo.subdir:
        own = list(repo.glob(f"{repo.subdir}/README*"))
        return own + [p for p in found if "/" not in p]
    return [p for p in found if "/" not in p] or found[:1]


def doc_site(repo: RepoView) -> list[Proof]:
    out = [
        Proof(path=p, detector="docs.site", detail="MkDocs site")
        for p in repo.named("mkdocs.yml", "mkdocs.yaml")
    ]
    out += [
        Proof(path=p, detector="docs.site", detail="Sphinx docs")
        for p in repo.glob("**/docs/conf.py", "**/docs/source/conf.py")
    ]
    pages = repo.glob("docs/**/*.md", "docs/**/*.rst", "doc/**/*.md", "doc/**/*.rst")
    if len(pages) >= 2:
        out.append(Proof(path=pages[0], detector="docs.site", detail=f"docs folder with {len(pages)} pages"))
    return out


@detector(
    id="docs.readme",
    practices=["documentation"],
    summary=f"A README with at least {MIN_LINES} lines of content and a setup/usage/training section, or a "
    "documentation site (MkDocs, Sphinx, a docs/ folder); a short README is partial.",
    inputs=["README*", "docs/**", "mkdocs.yml"],
    limits="Quality and accuracy of the text are not judged, only its presence and structure.",
)
def readme(repo: RepoView) -> Iterator[Finding]:
    site = doc_site(repo)
    best: Proof | None = None
    weak: Proof | None = None
    for path in readmes(repo):
        text = repo.text(path) or ""
        lines = [ln for ln in text.splitlines() if ln.strip()]
        m = _SECTION.search(text)
        if len(lines) >= MIN_LINES and m and best is None:
            detail = f"README ({len(lines)} lines) with section: {m.group(0).strip()[:60]}"
            best = Proof(
                path=path, line=text.count("\n", 0, m.start()) + 1, detector="docs.readme", detail=detail
            )
        elif lines and weak is None:
            weak = Proof(path=path, detector="docs.readme", detail=f"README with {len(lines)} line(s)")
    proofs = ([best] if best else []) + site
    if proofs:
        yield finding(
            "documentation", "docs.readme", Outcome.present, f"documentation in {proofs[0].path}", proofs
        )
    elif weak:
        why = "the README is short or has no setup/usage section"
        yield finding("documentation", "docs.readme", Outcome.partial, why, [weak])
    else:
        why = "no README with content and no docs site"
        yield finding("documentation", "docs.readme", Outcome.absent, why)


DETECTORS: list[Detector] = [readme]
