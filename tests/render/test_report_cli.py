"""`maturity report` input errors: clear messages, exit code 2, no partial files."""

from __future__ import annotations

from pathlib import Path


def test_bad_inputs_are_usage_errors(make_repo, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"schema_version": "1"}', encoding="utf-8")
    out = tmp_path / "r.html"
    result = cli("report", "--from", str(bad_json), "-F", "html", "-o", str(out))
    assert result.returncode == 2 and "not a maturity JSON report" in result.stderr
    assert not out.exists()
    not_image = tmp_path / "logo.txt"
    not_image.write_text("hello", encoding="utf-8")
    repo = make_repo({"a.py": "x = 1\n"})
    result = cli("report", str(repo), "--logo", str(not_image), "-o", str(out))
    assert result.returncode == 2 and "--logo must be an image" in result.stderr
    assert not out.exists() and "Traceback" not in result.stderr
    result = cli("report", str(repo), "-F", "sarif", "-o", str(out))
    assert result.returncode == 2 and "unknown --format 'sarif'" in result.stderr
