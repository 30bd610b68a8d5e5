"""Gate configuration: file values, command-line overrides, sources, and the published JSON Schema."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from maturity.cli.check_cmd import gate_settings
from maturity.cli.init_cmd import starter
from maturity.config import Settings, load_settings
from maturity.errors import ConfigError
from maturity.report import Report

FW_DIR = Path(__file__).parent / "frameworks"

YAML_GATE = """gate:
  min: {google: 2, tiny: 1}
  require: [ci_runs_tests]
  waivers:
    - {criterion: "google:L1.pipeline", reason: moving to Airflow, expires: 2027-01-31}
"""


def test_yaml_gate_then_cli_overrides_per_framework(tmp_path: Path) -> None:
    shutil.copytree(FW_DIR, tmp_path / "frameworks")  # a repository's config names folders inside it
    (tmp_path / ".maturity.yaml").write_text(YAML_GATE + "frameworks_dirs: [frameworks]\n")
    settings = load_settings(tmp_path)
    assert settings.gate.min == {"google": 2, "tiny": 1}
    assert settings.gate.waivers[0].expires is not None
    assert settings.sources["gate.min"].endswith(".maturity.yaml")
    merged = gate_settings(settings, ["google=1"], ["version_control"], None, warn_only=True)
    assert merged.gate.min == {"google": 1, "tiny": 1}  # the flag wins for google only
    assert merged.gate.require == ["ci_runs_tests", "version_control"]
    assert merged.gate.warn_only
    assert merged.sources["gate.min.google"] == "command line"
    assert merged.sources["gate.warn_only"] == "command line"
    assert settings.gate.min["google"] == 2  # the file's settings are not modified


def test_pyproject_gate_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.maturity.gate]\nmin = { google = 1 }\nwarn_only = true\n")
    settings = load_settings(tmp_path)
    assert settings.gate.min == {"google": 1} and settings.gate.warn_only
    assert settings.sources["gate.warn_only"].endswith("pyproject.toml")
    assert settings.sources.get("gate.require") is None  # not in the file: a default


def test_unknown_gate_key_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / ".maturity.yaml").write_text("gate:\n  minimum: {google: 1}\n")
    with pytest.raises(ConfigError, match=r"gate\.minimum"):
        load_settings(tmp_path)


def test_starters_validate_against_the_published_schema(assess_repo: Callable[..., Report]) -> None:
    report = assess_repo(["gate_tracking=yes", "gate_a1=yes", "gate_b1=yes"])
    schema = Settings.model_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    toml, yml = starter(report, use_yaml=False), starter(report, use_yaml=True)
    for data in (tomllib.loads(toml)["tool"]["maturity"], yaml.safe_load(yml)):
        jsonschema.Draft202012Validator(schema).validate(data)
        assert Settings.model_validate(data).gate.min == {"tiny": 2, "tinyscore": 1}  # today's estimates
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate({"gate": {"min": {"google": "high"}}})
    # the commented waiver example names a real criterion once uncommented
    line = next(ln for ln in toml.splitlines() if ln.startswith("# waivers"))
    waiver = tomllib.loads(line.removeprefix("# "))["waivers"][0]
    fid, _, cid = waiver["criterion"].partition(":")
    rating = report.framework(fid)
    assert rating is not None and any(c.id == cid for c in rating.criteria)
