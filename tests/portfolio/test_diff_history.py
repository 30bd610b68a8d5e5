"""maturity diff (two results) and maturity history (recorded assessments), through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from portfolio_fixtures import git, save, synthetic

from maturity.portfolio.diff import diff
from maturity.scan.models import Outcome


def test_diff_names_what_was_gained_and_lost(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    low = synthetic.low("svc")
    better = synthetic.partial_team("svc")
    old, new = save(low, tmp_path / "base.json"), save(better, tmp_path / "head.json")
    d = diff(low, better)
    assert d.verdict in ("improved", "mixed")
    gained = {c.id for c in d.of("gained")}
    assert {"ci", "unit_tests", "experiment_tracking"} <= gained
    r = cli("diff", str(old), str(new), "-F", "markdown")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("### MLOps maturity: ")
    assert "**Gained**" in r.stdout and "Experiment tracking" in r.stdout
    assert "| Google MLOps |" in r.stdout
    back = cli("diff", str(new), str(old), "--fail-on-regression")
    assert back.returncode == 1 and "Lost" not in back.stdout and "practices lost" in back.stdout
    assert "maturity diff: regressed" in back.stdout or "mixed" in back.stdout


def test_diff_does_not_compare_a_changed_framework(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = synthetic.low("svc")
    new = synthetic.report(
        {"version_control": Outcome.present, "ci": Outcome.present}, Outcome.absent, path="svc"
    )
    google = new.framework("google")
    assert google is not None
    google.version = "2099.1"
    data = json.loads(cli("diff", str(save(old, tmp_path / "a.json")), str(save(new, tmp_path / "b.json")),
                          "-F", "json").stdout)  # fmt: skip
    fw = {f["framework"]: f for f in data["frameworks"]}
    assert fw["google"]["change"] == "not_comparable"
    assert any("google: the framework changed" in n and "2099.1" in n for n in data["notes"])
    assert not any(c["id"].startswith("google:") for c in data["criteria"])
    assert fw["microsoft"]["change"] in ("same", "up")


def test_diff_bad_input_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]")
    r = cli("diff", str(junk), str(junk))
    assert (
        r.returncode == 2 and "junk.json: not a maturity result" in r.stderr and "Traceback" not in r.stderr
    )
    r = cli("diff", str(tmp_path / "missing.json"), str(junk))
    assert r.returncode == 2 and "cannot read" in r.stderr


def test_record_then_history_and_trend(cli, make_repo) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo({"train.py": "import numpy\n"}, name="churn")
    plain = cli("scan", str(repo), "-F", "json")
    assert plain.returncode == 0 and not (repo / ".maturity").exists(), "a scan never writes without --record"
    first = cli("scan", str(repo), "--record", "-F", "json")
    assert first.returncode == 0, first.stderr
    assert "recorded:" in first.stderr
    (repo / "tests").mkdir()
    (repo / "tests/test_model.py").write_text("def test_fit():\n    assert model.fit(x) is not None\n")
    (repo / ".gitignore").write_text(".maturity/\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "tests")
    second = cli("scan", str(repo), "--record")
    assert second.returncode == 0, second.stderr
    records = sorted((repo / ".maturity/history").glob("*.json"))
    assert len(records) == 2
    commit = git(repo, "rev-parse", "HEAD").strip()
    # both scans can fall in the same second: the names then sort by commit, so tell them apart by commit
    newer = [r for r in records if r.name.endswith(f"-{commit[:10]}.json")]
    older = [r for r in records if r not in newer]
    assert len(newer) == 1 and len(older) == 1
    h = cli("history", str(repo))
    assert h.returncode == 0, h.stderr
    assert "Since the last assessment:" in h.stdout
    assert "Unit tests" in h.stdout and "not met → met" in h.stdout
    data = json.loads(cli("history", str(repo), "-F", "json").stdout)
    assert len(data["points"]) == 2 and data["since_last"]["verdict"] in ("improved", "mixed")
    # the results of earlier CI runs, given as files, read the same way
    md = cli("history", str(older[0]), str(newer[0]), "-F", "markdown")
    assert md.returncode == 0 and "## Assessment history" in md.stdout
    # the tests are deleted: reports say so since the last assessment, and check compares with it
    (repo / "tests/test_model.py").unlink()
    report = cli("report", str(repo), "-F", "markdown")
    assert report.returncode == 0, report.stderr
    assert "## Since the last assessment" in report.stdout and "Unit tests: met → not met" in report.stdout
    gate = cli("check", str(repo), "--previous", str(repo / ".maturity/history"))
    assert gate.returncode == 1
    assert "regression: practice unit_tests since the previous result" in gate.stdout
    assert cli("check", str(repo), "--previous", str(older[0])).returncode == 0


def test_history_without_records_says_how_to_record(cli, make_repo) -> None:  # type: ignore[no-untyped-def]
    r = cli("history", str(make_repo({"a.py": "x = 1\n"})))
    assert r.returncode == 2 and "--record" in r.stderr


def test_two_records_in_the_same_second_both_stay(make_repo) -> None:  # type: ignore[no-untyped-def]
    from maturity.pipeline import run
    from maturity.portfolio.history import load, record

    repo = make_repo({"train.py": "import numpy\n"}, name="same-second")
    report = run(repo)
    first, second = record(repo, report), record(repo, report)
    assert first != second and first.exists() and second.exists()
    assert len(load([repo])) == 2
