"""What a leader sees in the HTML (headless Chromium) and the PDF (poppler): words instead of a dash,
area names instead of ids, a radar that reads at print size, ids that never break mid-word, no
literal backticks, and the questions to confirm collapsed into one list grouped by who answers."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from reports_fixtures import require_tool
from terminal_fixture import PROJECT

PROBE = """<script>
function badBreaks(el) {  // a new line that starts after a letter or digit: a word broken in two
  const bad = [], walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let top = null, prev = ' ';
  while (walker.nextNode()) {
    const t = walker.currentNode;
    for (let i = 0; i < t.length; i++) {
      const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
      const box = r.getClientRects()[0], ch = t.data[i];
      if (!box || /\\s/.test(ch)) { prev = ch; continue; }
      if (top !== null && box.top > top + 2 && /[A-Za-z0-9]/.test(prev)) bad.push(el.textContent);
      top = box.top; prev = ch;
    }
  }
  return bad;
}
const ids = [...document.querySelectorAll('.cid, .crit')];
const radarText = document.querySelector('svg.radar text');
const roadmap = document.getElementById('roadmap');
const r = {
  cover: document.getElementById('cover').innerText,
  body: document.body.innerText,
  areas: [...document.querySelectorAll('table.areas tbody td:first-child')].map(td => td.innerText),
  radarFont: radarText ? radarText.getBoundingClientRect().height : 0,
  ids: ids.length, broken: ids.flatMap(badBreaks),
  roadmap: roadmap.innerText,
  groups: document.querySelectorAll('details.confirm').length,
  open: document.querySelectorAll('details.confirm[open]').length,
  code: [...document.querySelectorAll('#summary code')].map(c => c.innerText),
};
const p = document.createElement('pre'); p.id = 'probe'; p.textContent = JSON.stringify(r);
document.body.appendChild(p);
</script></body>"""


def probe(html: Path, width: int) -> dict[str, object]:
    import html as html_mod

    copy = html.with_name(f"probe-{width}-{html.name}")
    copy.write_text(html.read_text(encoding="utf-8").replace("</body>", PROBE), encoding="utf-8")
    out = subprocess.run(
        [require_tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
         f"--window-size={width},2000", "--dump-dom", copy.as_uri()],
        capture_output=True, text=True, timeout=90,
    )  # fmt: skip
    found = re.search(r'<pre id="probe">(.*?)</pre>', out.stdout, re.S)
    assert found, f"chromium printed no probe: {out.stderr[-500:]}"
    data: dict[str, object] = json.loads(html_mod.unescape(found.group(1)))
    return data


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """HTML, PDF and JSON of one fixture project, written by one `maturity report` run."""
    import os

    from reports_fixtures import _root_conftest

    root_conftest = _root_conftest()
    build_tree, git, maturity_cmd = root_conftest.build_tree, root_conftest.git, root_conftest.maturity_cmd
    root = tmp_path_factory.mktemp("readable")
    repo = root / "churn-model"
    repo.mkdir()
    build_tree(repo, PROJECT)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    out = {ext: root / f"report.{ext}" for ext in ("html", "pdf", "json")}
    args = [*maturity_cmd(), "report", str(repo)]
    for fmt in ("html", "pdf", "json"):
        args += ["-F", fmt, "-o", str(out[fmt])]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    out["stderr"] = root / "stderr.txt"
    out["stderr"].write_text(done.stderr, encoding="utf-8")
    return out


def test_report_says_what_it_wrote(reports: dict[str, Path]) -> None:
    said = reports["stderr"].read_text(encoding="utf-8")
    pages = re.search(r"Pages:\s+(\d+)", subprocess.run(
        [require_tool("pdfinfo"), str(reports["pdf"])], capture_output=True, text=True).stdout)  # fmt: skip
    assert pages
    kb = round(reports["pdf"].stat().st_size / 1024)
    assert f"wrote {reports['pdf']} (PDF, {pages.group(1)} pages, {kb} KB)" in said
    assert f"wrote {reports['html']} (HTML, " in said and f"wrote {reports['json']} (JSON, " in said


def test_html_reads_as_words_for_a_leader(reports: dict[str, Path]) -> None:
    seen = probe(reports["html"], 1280)
    cover = str(seen["cover"])
    five = next(f for f in json.loads(reports["json"].read_text())["frameworks"] if f["id"] == "five-stage")
    # a stage in words when none is reached; the stage's name when one is (training code: a pilot)
    assert ("Not yet at stage 1" if five["level"] is None else five["level_name"]) in cover
    assert not re.search(r"–\s*/\s*5", cover)
    assert "ML Test Score: 2017 (IEEE Big Data)" in cover and "(2017 (" not in cover
    areas = list(seen["areas"])  # type: ignore[call-overload]
    assert "Continuous integration" in areas and "Responsible AI" in areas
    assert not {"ci", "deps", "vcs", "responsible"} & set(areas)
    assert "`" not in str(seen["body"])  # commands are set as code, not in backticks
    assert "maturity assess" in list(seen["code"])  # type: ignore[call-overload]
    assert float(str(seen["radarFont"])) >= 11  # radar labels at the size of the table's text


def test_questions_to_confirm_are_one_collapsed_list(reports: dict[str, Path]) -> None:
    seen = probe(reports["html"], 1280)
    data = json.loads(reports["json"].read_text(encoding="utf-8"))
    confirm = [s for s in data["roadmap"]["steps"] if s["horizon"] == "confirm"]
    roles = {s["role"] for s in confirm}
    assert len(confirm) > 20 and seen["groups"] == len(roles) and seen["open"] == 0
    roadmap = str(seen["roadmap"])
    assert "Confirm with" not in roadmap  # collapsed: one line per role, the questions inside
    assert f"{len(confirm)} questions for {len(roles)} roles" in roadmap


def test_ids_never_break_mid_word_in_a_narrow_window(reports: dict[str, Path]) -> None:
    seen = probe(reports["html"], 480)
    assert int(str(seen["ids"])) > 50
    assert seen["broken"] == []


def pdf_words(pdf: Path, page: int) -> list[tuple[float, str]]:
    """(height in points, word) for every word on one page (pdftotext -bbox)."""
    out = subprocess.run(
        [require_tool("pdftotext"), "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', out)
    return [(float(y2) - float(y1), w) for y1, y2, w in words]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return text.split("\f")


def test_pdf_reads_at_print_size(reports: dict[str, Path], tmp_path: Path) -> None:
    pages = pdf_pages(reports["pdf"])
    text = "\f".join(pages)
    five = next(f for f in json.loads(reports["json"].read_text())["frameworks"] if f["id"] == "five-stage")
    stage = "Not yet at stage 1" if five["level"] is None else five["level_name"]
    assert stage in " ".join(pages[0].split()) and "(2017 (" not in text and "`" not in text
    scorecard = next(i for i, p in enumerate(pages, 1) if "Scorecard" in p and "Practices met" in p)
    words = pdf_words(reports["pdf"], scorecard)
    assert {"Responsible", "Dependencies", "Pipelines"} <= {w for _, w in words}
    small = [w for h, w in words if h < 7.5]
    assert not small, f"words too small to read on paper: {small}"  # the radar's labels were 4 pt
    subprocess.run([require_tool("pdftoppm"), "-png", "-r", "60", "-f", str(scorecard), "-l", str(scorecard),
                    str(reports["pdf"]), str(tmp_path / "scorecard")], check=True)  # fmt: skip
    (png,) = tmp_path.glob("scorecard*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_pdf_confirm_list_is_short_and_ids_are_whole(reports: dict[str, Path]) -> None:
    pages = pdf_pages(reports["pdf"])
    text = "\f".join(pages)
    section = text[text.index("Confirm (answers only)") : text.index("Appendix: every criterion")]
    assert "Confirm with" not in section and len(section.strip().splitlines()) < 45
    assert "ML engineer · " in section
    raw = subprocess.run([require_tool("pdftotext"), "-raw", str(reports["pdf"]), "-"], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    joined = re.sub(r"(?<=[:._-])\n", "", raw)  # a line may end only after : . _ or -
    data = json.loads(reports["json"].read_text(encoding="utf-8"))
    ids = [c["id"] for f in data["frameworks"] for c in f["criteria"]]
    missing = [i for i in ids if i not in joined]
    assert not missing, f"criterion ids broken mid-word in the PDF: {missing}"
