"""A config file that exists and cannot be read is exit 2 with FILE:LINE, never a silently empty gate."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from maturity.config import Settings, load_settings
from maturity.errors import ConfigError

Cli = Callable[..., subprocess.CompletedProcess[str]]
BROKEN_TOML = '[project]\nname = "x"\n\n[tool.maturity.gate]\nmin = { google = 1 \nwarn_only = false\n'


def test_broken_pyproject_turns_nothing_off(cli: Cli, make_repo: Callable[..., Path]) -> None:
    repo = make_repo({"pyproject.toml": BROKEN_TOML})
    r = cli("check", str(repo), env={"CI": "", "GITHUB_ACTIONS": ""})
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"{repo / 'pyproject.toml'}:5: invalid TOML" in r.stderr and "PASSED" not in r.stdout
    show = cli("config", "show", str(repo))
    assert show.returncode == 2 and "(none: defaults)" not in show.stdout


@pytest.mark.parametrize(
    "text",
    [
        '[tool.maturity]\nframeworks = ["google"\n',  # the table itself
        '[tool]\nmaturity = { frameworks = ["google"] \n',  # a key of [tool]
        "tool.maturity.frameworks = [\n",  # a dotted key
    ],
)
def test_any_spelling_of_the_table_counts(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(ConfigError, match=r"pyproject\.toml:\d+: invalid TOML"):
        load_settings(tmp_path)


def test_a_broken_pyproject_without_the_table_is_not_a_config_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x\n')
    assert load_settings(tmp_path).config_file is None


@pytest.mark.parametrize(
    ("name", "text", "line", "field"),
    [
        (".maturity.yaml", "gate:\n  waivers:\n    - {criterion: 'g:L1.x', reason: r, expires: 2027-13-45}\n",
         3, "invalid date '2027-13-45'"),
        ("pyproject.toml", "[tool.maturity.gate]\nmin = { google = 1 }\nwaivers = [\n"
         "  { criterion = 'g:L1.x', reason = 'r', expires = 2027-13-45 },\n]\n", 4, "invalid TOML"),
        ("pyproject.toml", '[tool.maturity.gate]\nmin = { google = 1 }\nwaivers = [\n'
         '  { criterion = "g:L1.x", reason = "r", expires = "2027-13-45" },\n]\n', 4,
         "gate.waivers.0.expires"),
        ("pyproject.toml", '[tool.maturity]\nanswers = ".maturity/a.yaml"\n\n[tool.maturity.gate]\n'
         'warn_only = "sometimes"\n', 5, "gate.warn_only"),
        (".maturity.yaml", "gate:\n  min: {google: high}\n", 2, "gate.min.google"),
    ],
)  # fmt: skip
def test_errors_name_file_line_and_field(tmp_path: Path, name: str, text: str, line: int, field: str) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value).startswith(f"{tmp_path / name}:{line}: "), str(info.value)
    assert field in str(info.value)


@pytest.mark.parametrize("name", ["pyproject.toml", ".maturity.yaml"])
def test_duplicate_waivers_are_an_error_at_the_second(tmp_path: Path, name: str) -> None:
    if name == "pyproject.toml":
        text = ('[tool.maturity.gate]\nwaivers = [\n  { criterion = "google:L1.metadata", reason = "a" },\n'
                '  { criterion = "google:L1.metadata", reason = "b" },\n]\n')  # fmt: skip
    else:
        text = "gate:\n  waivers:\n    - {criterion: google:L1.metadata, reason: a}\n" \
               "    - {criterion: google:L1.metadata, reason: b}\n"  # fmt: skip
    (tmp_path / name).write_text(text)
    with pytest.raises(ConfigError, match=rf"{name}:4: gate\.waivers\.1\.criterion: duplicate waiver"):
        load_settings(tmp_path)


def test_internal_keys_are_neither_accepted_nor_published(tmp_path: Path) -> None:
    for key in ("config_file", "sources"):
        (tmp_path / ".maturity.yaml").write_text(f"{key}: x\n")
        with pytest.raises(ConfigError, match=key):
            load_settings(tmp_path)
    assert set(Settings.model_json_schema()["properties"]) == {
        "frameworks", "frameworks_dirs", "answers", "exclude", "skip", "gate",
    }  # fmt: skip


def test_which_config_wins_is_said(cli: Cli, make_repo: Callable[..., Path]) -> None:
    repo = make_repo({".maturity.yaml": "gate:\n  min: {google: 0}\n",
                      "pyproject.toml": "[tool.maturity.gate]\nmin = { google = 2 }\n"})  # fmt: skip
    r = cli("check", str(repo), "-f", "google", env={"CI": ""})
    assert r.returncode == 0, r.stdout + r.stderr  # .maturity.yaml wins: google >= 0
    note = f"note: config from {repo / '.maturity.yaml'}; {repo / 'pyproject.toml'} is ignored (keep one)"
    assert note in r.stderr
    data = json.loads(cli("config", "show", str(repo), "--json").stdout)
    assert data["config_file"].endswith(".maturity.yaml") and data["ignored"] == [
        str(repo / "pyproject.toml")
    ]


def test_a_nearer_config_wins_over_the_monorepo_root_quietly(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.maturity]\nframeworks = ['google']\n")
    project = tmp_path / "services" / "churn"
    project.mkdir(parents=True)
    (project / ".maturity.yaml").write_text("frameworks: [microsoft]\n")
    settings = load_settings(project)
    assert settings.frameworks == ["microsoft"] and settings.ignored_files == [
        str(tmp_path / "pyproject.toml")
    ]
