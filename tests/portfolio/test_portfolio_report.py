"""The portfolio of 30 generated results: HTML in headless Chromium, PDF through poppler, CSV, JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from portfolio_fixtures import generated, require_tool, save, synthetic, write_results

from maturity.portfolio.lift import lifts
from maturity.scan.models import Outcome

PROBE = """<script>
const vis = s => [...document.querySelectorAll(s)].filter(e => e.getBoundingClientRect().width > 50).length;
const r = {sw: document.documentElement.scrollWidth, iw: window.innerWidth, heat: vis('svg.heatmap'),
  cells: document.querySelectorAll('svg.heatmap rect').length, dist: vis('svg.distribution'),
  text: document.body.innerText};
const p = document.createElement('pre'); p.id = 'probe'; p.textContent = JSON.stringify(r);
document.body.appendChild(p);
</script></body>"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """30 results + one failed scan, the previous quarter's results, teams; every format in one run."""
    import os
    import sys

    root = tmp_path_factory.mktemp("portfolio")
    results = root / "results"
    write_results(results, 30)
    failure = {
        "schema_version": "1",
        "kind": "scan-failure",
        "target": {"path": "/srv/git/fraud/broken"},
        "error": "git clone failed: repository not found",
        "generated_at": "2026-01-15T09:00:00Z",
    }
    (results / "broken.json").write_text(json.dumps(failure))
    for i in range(0, 30, 3):  # last quarter, ten of them were scanned with everything absent
        before = synthetic.report({"version_control": Outcome.present}, Outcome.absent,
                                  path=f"/srv/git/platform/svc-{i:02d}")  # fmt: skip
        before.provenance.generated_at = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
        save(before, root / "previous" / f"svc-{i:02d}.json")
    teams = root / "teams.yaml"
    teams.write_text(
        "teams:\n  Platform: ['/srv/git/platform/*']\n  Fraud: ['/srv/git/fraud/*']\n  Search: ['svc-*']\n"
    )
    out = {ext: root / f"portfolio.{ext}" for ext in ("html", "pdf", "csv", "json", "md")}
    args = ["portfolio", str(results), "--teams", str(teams), "--previous", str(root / "previous"),
            "--org", "ACME Analytics"]  # fmt: skip
    for fmt, ext in (("html", "html"), ("pdf", "pdf"), ("csv", "csv"), ("json", "json"), ("markdown", "md")):
        args += ["-F", fmt, "-o", str(out[ext])]
    exe = Path(sys.executable).with_name("maturity")
    r = subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "NO_COLOR": "1"})  # fmt: skip
    assert r.returncode == 0, r.stderr
    return out


def test_html_in_the_browser_shows_heat_map_and_distribution(built: dict[str, Path]) -> None:
    chromium = require_tool("chromium")
    html = built["html"]
    copy = html.with_name("probe.html")
    copy.write_text(html.read_text(encoding="utf-8").replace("</body>", PROBE), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2000", "--dump-dom"]
    out = subprocess.run([chromium, *flags, copy.as_uri()], capture_output=True, text=True, timeout=90)
    found = re.search(r'<pre id="probe">(.*?)</pre>', out.stdout, re.S)
    assert found, out.stderr[-500:]
    import html as html_mod

    seen = json.loads(html_mod.unescape(found.group(1)))
    assert seen["sw"] <= seen["iw"], "horizontal overflow"
    assert seen["heat"] >= 1 and seen["cells"] >= 3 * 20, "the heat map is drawn (3 teams x practices)"
    assert seen["dist"] >= 4, "a level distribution per framework"
    text = seen["text"]
    for expected in ("Where the repositories stand", "Practices across the portfolio", "Most often missing",
                     "Movers since the previous period", "Every repository", "svc-29", "Could not be scanned",
                     "broken", "ACME Analytics", "Platform"):  # fmt: skip
        assert expected in text, expected


def test_pdf_pages_and_text(built: dict[str, Path], tmp_path: Path) -> None:
    pdf = built["pdf"]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    subprocess.run(
        [require_tool("pdftoppm"), "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 4 <= len(pages) <= 12
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                          text=True).stdout  # fmt: skip
    flat = " ".join(text.split())
    for expected in (
        "MLOps maturity portfolio",
        "Where the repositories stand",
        "Google MLOps",
        "Practices across the portfolio",
        "page 2 of",
        "svc-00",
        "Most often missing",
    ):
        assert expected in flat, expected


def test_csv_json_markdown(built: dict[str, Path]) -> None:
    rows = list(csv.DictReader(io.StringIO(built["csv"].read_text(encoding="utf-8"))))
    assert len(rows) == 31
    broken = next(r for r in rows if r["repository"] == "broken")
    assert broken["status"] == "failed" and "repository not found" in broken["error"]
    ok = next(r for r in rows if r["repository"] == "svc-29")
    assert ok["status"] == "ok" and ok["google_rating"].startswith("level") and ok["version_control"] == "met"
    assert ok["team"] == "Search"
    doc = json.loads(built["json"].read_text())
    assert doc["schema_version"] == "1" and doc["kind"] == "maturity-portfolio"
    assert len(doc["repositories"]) == 30 and len(doc["failures"]) == 1
    assert {t["team"] for t in doc["teams"]} == {"Platform", "Fraud", "Search"}
    assert doc["previous"] == 10 and doc["movers"], "platform repositories improved since last quarter"
    assert all(m["change"] == "up" and "/platform/" in m["repo"] for m in doc["movers"])
    google = next(d for d in doc["distributions"] if d["framework"] == "google")
    assert sum(b["count"] for b in google["buckets"]) == 30
    assert built["md"].read_text().startswith("# MLOps maturity portfolio")


def test_a_single_missing_practice_lifts_the_level() -> None:
    """Everything present but CI: CI alone lifts Google (and is counted as such in the portfolio)."""
    lib = synthetic._library()
    report = synthetic.report({"ci": Outcome.absent, "ci_runs_tests": Outcome.absent},
                              Outcome.present, answers=synthetic.yes_answers(lib), path="x")  # fmt: skip
    got = lifts(report, lib.frameworks)
    assert "google" in got.get("ci_runs_tests", set()) or "google" in got.get("ci", set())
    assert not any(p in got for p in ("unit_tests", "experiment_tracking")), "already met: never a lift"
    frozen = generated(0, 2)
    rating = frozen.framework("google")
    assert rating is not None
    rating.version = "other"  # a result rated against another definition is left out
    assert all("google" not in fids for fids in lifts(frozen, lib.frameworks).values())
