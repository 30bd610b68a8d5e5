"""The PDF report through the CLI, read back with poppler (pdftoppm, pdftotext, pdfinfo)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from reports_fixtures import LEVEL0_FILES, require_tool, save_high_report, top_headline


def png(path: Path) -> Path:
    from PIL import Image  # installed with WeasyPrint

    Image.new("RGB", (40, 20), (36, 87, 197)).save(path)
    return path


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True
    )
    return out.stdout


def page_count(pdf: Path, tmp: Path) -> int:
    subprocess.run([require_tool("pdftoppm"), "-png", "-r", "50", str(pdf), str(tmp / "page")], check=True)
    return len(list(tmp.glob("page-*.png")))


def test_all_formats_in_one_run_for_a_level0_repo(make_repo, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(LEVEL0_FILES, name="notebook-only")
    logo = png(tmp_path / "logo.png")
    out = {ext: tmp_path / f"report.{ext}" for ext in ("html", "pdf", "md", "json")}
    args = [
        "report",
        str(repo),
        "--org",
        "ACME Analytics",
        "--logo",
        str(logo),
        "--title",
        "Quarterly review",
    ]
    for fmt, ext in (("html", "html"), ("pdf", "pdf"), ("markdown", "md"), ("json", "json")):
        args += ["--format", fmt, "-o", str(out[ext])]
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    assert out["pdf"].read_bytes()[:5] == b"%PDF-"
    assert 5 <= page_count(out["pdf"], tmp_path) <= 24
    text = pdf_text(out["pdf"])
    for expected in ("Quarterly review", "ACME Analytics", "Executive summary", "Google MLOps", "Roadmap"):
        assert expected in text
    assert "level 0" in text or "below" in text
    assert "page 2 of" in text and "notebook-only" in text
    data = json.loads(out["json"].read_text())
    assert data["schema_version"] == "1" and "steps" in data["roadmap"]
    assert out["md"].read_text().startswith("# Quarterly review")
    assert "data:image/png;base64," in out["html"].read_text()


def test_high_level_pdf_on_letter_paper(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "high.pdf"
    result = cli(
        "report", "--from", str(save_high_report(tmp_path)), "-F", "pdf", "-o", str(pdf), "--paper", "letter"
    )
    assert result.returncode == 0, result.stderr
    text = pdf_text(pdf)
    assert top_headline("google") in " ".join(text.split())
    info = subprocess.run([require_tool("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
    assert "612 x 792" in info  # US letter, in points


def test_pdf_needs_an_output_file(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("report", str(make_repo(LEVEL0_FILES)), "-F", "pdf")
    assert result.returncode == 2 and "binary" in result.stderr


def test_weasyprint_never_fetches_from_the_network() -> None:
    from maturity.render.pdf import offline_fetcher

    fetcher = offline_fetcher()
    for url in ("http://example.com/x.png", "https://example.com/a.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
