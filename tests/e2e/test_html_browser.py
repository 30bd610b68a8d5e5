"""The HTML report opened in headless Chromium: what a person sees, charts drawn, nothing overflows.

The report itself has no JavaScript; the test renders a COPY with a probe script appended that
writes what the browser laid out (scroll width, visible text of the summary, drawn SVGs) into the
DOM, which ``--dump-dom`` then prints.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from reports_fixtures import (
    HOSTILE_FILES,
    LEVEL0_FILES,
    require_tool,
    save_high_report,
    save_mid_report,
    top_headline,
)

PROBE = """<script>
const r = {sw: document.documentElement.scrollWidth, iw: window.innerWidth,
  summary: document.getElementById('summary').innerText,
  cover: document.getElementById('cover').innerText,
  svgs: [...document.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 0).length,
  radar: (document.querySelector('svg.radar') || {getBoundingClientRect: () => ({width: 0})})
    .getBoundingClientRect().width,
  injected: document.querySelectorAll('img[onerror], body script').length - 1};
const p = document.createElement('pre'); p.id = 'probe'; p.textContent = JSON.stringify(r);
document.body.appendChild(p);
</script></body>"""


def probe(html: Path, width: int) -> dict[str, object]:
    chromium = require_tool("chromium")
    copy = html.with_name(f"probe-{width}-{html.name}")
    copy.write_text(html.read_text(encoding="utf-8").replace("</body>", PROBE), encoding="utf-8")
    out = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--window-size={width},2000",
         "--dump-dom", copy.as_uri()],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    found = re.search(r'<pre id="probe">(.*?)</pre>', out.stdout, re.S)
    assert found, f"chromium printed no probe: {out.stderr[-500:]}"
    import html as html_mod

    data: dict[str, object] = json.loads(html_mod.unescape(found.group(1)))
    return data


def check_layout(html: Path, widths: tuple[int, ...] = (1280,)) -> dict[str, object]:
    for width in widths:
        seen = probe(html, width)
        assert int(str(seen["sw"])) <= int(str(seen["iw"])), f"horizontal overflow at {width}px: {seen['sw']}"
    return seen


def test_level0_repository_in_the_browser(make_repo, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(LEVEL0_FILES, name="notebook-only")
    out = tmp_path / "level0.html"
    result = cli("report", str(repo), "--format", "html", "-o", str(out), "--org", "ACME")
    assert result.returncode == 0, result.stderr
    seen = check_layout(out, (480, 1280))
    summary = str(seen["summary"])
    assert "Executive summary" in summary and "Google MLOps" in summary
    assert "Next three steps" in summary and "Gaps" in summary
    assert "notebook-only" in str(seen["cover"]) and "ACME" in str(seen["cover"])
    assert int(str(seen["svgs"])) >= 1


def test_high_level_report_in_the_browser(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    saved = save_high_report(tmp_path)
    out = tmp_path / "high.html"
    result = cli("report", "--from", str(saved), "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    seen = check_layout(out)
    summary = str(seen["summary"])
    assert top_headline("google") in summary
    assert "Nothing left: every criterion is met." in summary


def test_mid_level_screenshot(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chromium = require_tool("chromium")
    out = tmp_path / "mid.html"
    assert (
        cli("report", "--from", str(save_mid_report(tmp_path)), "-F", "html", "-o", str(out)).returncode == 0
    )
    seen = check_layout(out)
    assert int(str(seen["svgs"])) >= 5  # a share bar per practice area, and the radar beside that table
    assert float(str(seen["radar"])) > 100
    png = tmp_path / "mid.png"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2000",
         f"--screenshot={png}", out.as_uri()],
        capture_output=True, timeout=60, check=True,
    )  # fmt: skip
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_hostile_repository_shows_escaped_in_the_browser(make_repo, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(HOSTILE_FILES, name="hostile")
    out = tmp_path / "hostile.html"
    assert cli("report", str(repo), "-F", "html", "-o", str(out)).returncode == 0, "report failed"
    text = out.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<img src=x" not in text
    seen = probe(out, 1280)
    assert seen["injected"] == 0, "hostile markup became live elements"
