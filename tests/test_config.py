"""[tool.maturity] and .maturity.yaml: skip with reasons, bad config is a clear exit 2."""

from __future__ import annotations

import json


def test_skip_marks_practice_not_applicable_with_reason(cli, make_repo):
    repo = make_repo(
        {
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.maturity.skip]\n'
            'model_serving = "batch scoring only; no online service"\n',
        }
    )
    r = cli("scan", str(repo), "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    serving = next(p for p in doc["practices"] if p["id"] == "model_serving")
    assert serving["status"] == "not_applicable"
    assert serving["reason"] == "batch scoring only; no online service"


def test_yaml_config_selects_frameworks(cli, make_repo):
    repo = make_repo({".maturity.yaml": "frameworks: [google]\n"})
    doc = json.loads(cli("scan", str(repo), "--format", "json").stdout)
    assert [f["id"] for f in doc["frameworks"]] == ["google"]


def test_invalid_config_names_file_and_field(cli, make_repo):
    repo = make_repo({".maturity.yaml": "skip: [not, a, table]\n"})
    r = cli("scan", str(repo))
    assert r.returncode == 2
    assert ".maturity.yaml" in r.stderr and "skip" in r.stderr
    assert "Traceback" not in r.stderr


def test_broken_yaml_config_reports_line(cli, make_repo):
    repo = make_repo({".maturity.yaml": "frameworks:\n  - google\n bad: [\n"})
    r = cli("scan", str(repo))
    assert r.returncode == 2
    assert ".maturity.yaml:3" in r.stderr or ".maturity.yaml:4" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_framework_is_usage_error(cli, make_repo):
    repo = make_repo({"a.py": ""})
    r = cli("scan", str(repo), "--framework", "nope")
    assert r.returncode == 2
    assert "unknown framework 'nope'" in r.stderr
