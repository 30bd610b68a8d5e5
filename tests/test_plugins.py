"""Third-party detectors and frameworks through entry points; a broken plugin is reported, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

from maturity.scan.models import Outcome
from maturity.testing import load_framework_str, run_detector

PLUGIN = """
from maturity.scan.models import Finding, Outcome, Proof
from maturity.scan.registry import detector


@detector(id="inhouse.platform", practices=["model_serving"], summary="In-house serving platform file.")
def platform(repo):
    for path in repo.named("platform.yaml"):
        yield Finding(practice="model_serving", outcome=Outcome.present, detector="inhouse.platform",
                      evidence=[Proof(path=path, line=1, detector="inhouse.platform", detail="platform app")])


DETECTORS = [platform]


def broken():
    raise RuntimeError("boom")
"""

FRAMEWORK = """id: inhouse
name: In-house minimum
version: "1"
description: Our own bar.
sources: [{title: Wiki, url: "https://example.invalid/wiki"}]
scoring: levels
levels:
  - level: 0
    name: Start
    summary: nothing yet
  - level: 1
    name: Versioned
    summary: code is in git
    criteria:
      - id: L1.vcs
        title: Code is under version control
        practices: [version_control]
        roadmap: Put the code in git.
"""


def install_plugin(site: Path) -> dict[str, str]:
    """A fake installed distribution with entry points, importable through PYTHONPATH."""
    fw_dir = site / "inhouse_frameworks"
    fw_dir.mkdir()
    (fw_dir / "inhouse.yaml").write_text(FRAMEWORK)
    (site / "inhouse_plugin.py").write_text(PLUGIN + f"\nFRAMEWORKS = {str(fw_dir)!r}\n")
    dist = site / "inhouse_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: inhouse-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[maturity.detectors]\n"
        "inhouse = inhouse_plugin:DETECTORS\n"
        "broken = inhouse_plugin:broken\n"
        "missing = no_such_module:thing\n\n"
        "[maturity.frameworks]\n"
        "inhouse = inhouse_plugin:FRAMEWORKS\n"
    )
    return {"PYTHONPATH": str(site)}


def test_plugins_load_and_broken_ones_are_reported(cli, make_repo, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    env = install_plugin(site)
    repo = make_repo({"platform.yaml": "app: scorer\n"})
    r = cli("scan", str(repo), "--format", "json", "--framework", "inhouse", env=env)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    serving = next(p for p in doc["practices"] if p["id"] == "model_serving")
    assert serving["status"] == "present"
    assert serving["evidence"][0]["path"] == "platform.yaml"
    assert [f["id"] for f in doc["frameworks"]] == ["inhouse"]
    assert doc["frameworks"][0]["level"] == 1
    errors = "\n".join(doc["errors"])
    assert "broken" in errors and "boom" in errors
    assert "missing" in errors


def test_run_detector_helper_on_builtin_and_in_memory_files():
    findings = run_detector("vcs.git", files={"a.py": "print(1)\n"})
    assert findings[0].practice == "version_control"
    assert findings[0].outcome is Outcome.unknown  # an in-memory tree is not a git work tree


def test_load_framework_str_checks_references():
    fw = load_framework_str(FRAMEWORK)
    assert fw.id == "inhouse"
    bad = FRAMEWORK.replace("[version_control]", "[no_such_practice]")
    try:
        load_framework_str(bad, name="bad.yaml")
    except Exception as exc:
        assert "bad.yaml:17" in str(exc) and "no_such_practice" in str(exc)
    else:
        raise AssertionError("unknown practice accepted")
