"""The foundation end to end: install, help, version, scan JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys


def test_help_and_version(cli):
    r = cli("--help")
    assert r.returncode == 0, r.stderr
    assert "scan" in r.stdout
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("maturity ")


def test_python_dash_m(cli):
    r = subprocess.run([sys.executable, "-m", "maturity", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "scan" in r.stdout


def test_help_does_not_import_heavy_modules():
    code = (
        "import sys\n"
        "from maturity.cli import app\n"
        "from typer.testing import CliRunner\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "heavy = [m for m in ('weasyprint', 'git', 'jinja2') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_scan_json_contract(cli, make_repo):
    repo = make_repo({"train.py": "import numpy\n"})
    r = cli("scan", str(repo), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == "1"
    assert doc["tool"]["name"] == "maturity"
    assert set(doc["target"]) >= {"path", "git"}
    assert set(doc["target"]["git"]) == {"commit", "branch", "dirty"}
    assert doc["target"]["git"]["branch"] == "main"
    ids = [p["id"] for p in doc["practices"]]
    assert len(ids) == len(set(ids)) and "version_control" in ids
    for p in doc["practices"]:
        assert p["status"] in {"present", "partial", "absent", "unknown", "not_applicable"}
        for e in p["evidence"]:
            assert set(e) >= {"path", "line", "detector", "detail"}
            assert not e["path"].startswith("/")
    for f in doc["frameworks"]:
        assert "level" in f or "score" in f
        for c in f["criteria"]:
            assert c["status"] in {"met", "partial", "unmet", "unknown", "not_applicable"}
            assert isinstance(c["because"], list)


def test_not_a_folder_is_a_usage_error(cli, tmp_path):
    r = cli("scan", str(tmp_path / "missing"))
    assert r.returncode == 2
    assert "not a folder" in r.stderr
    assert "Traceback" not in r.stderr
