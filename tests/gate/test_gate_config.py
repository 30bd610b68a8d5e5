"""Gate configuration: file values, command-line overrides, sources, and the published JSON Schema."""

from __future__ import annotations

import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from maturity.cli.check_cmd import gate_settings
from maturity.cli.config_cmd import STARTER_TOML, STARTER_YAML
from maturity.config import Settings, load_settings
from maturity.errors import ConfigError

YAML_GATE = """gate:
  min: {google: 2, tiny: 1}
  require: [ci_runs_tests]
  waivers:
    - {criterion: "google:L1.pipeline", reason: moving to Airflow, expires: 2027-01-31}
"""


def test_yaml_gate_then_cli_overrides_per_framework(tmp_path: Path) -> None:
    (tmp_path / ".maturity.yaml").write_text(YAML_GATE)
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


def test_starters_validate_against_the_published_schema() -> None:
    schema = Settings.model_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for data in (tomllib.loads(STARTER_TOML)["tool"]["maturity"], yaml.safe_load(STARTER_YAML)):
        jsonschema.Draft202012Validator(schema).validate(data)
        Settings.model_validate(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate({"gate": {"min": {"google": "high"}}})
