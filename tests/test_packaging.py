"""The wheel ships the data folders, and the installed package finds them there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("maturity-*.whl")
    return whl


def test_wheel_contains_data_folders(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("frameworks", "questionnaires", "templates"):
        shipped = {n for n in names if n.startswith(f"maturity/_data/{folder}/")}
        in_repo = {
            f"maturity/_data/{folder}/{p.relative_to(ROOT / folder).as_posix()}"
            for p in (ROOT / folder).rglob("*")
            if p.is_file()
        }
        assert in_repo, folder
        assert in_repo <= shipped, in_repo - shipped
    assert "maturity/cli/__init__.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "maturity = maturity.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_wheel_uses_its_own_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = (
        "import maturity, maturity._resources as r\n"
        "from maturity.frameworks.registry import load_library\n"
        "lib = load_library()\n"
        "print(maturity.__file__)\n"
        "print(r.data_dir('frameworks'))\n"
        "print(len(lib.frameworks))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    module_file, data, count = out.stdout.split()
    assert module_file.startswith(str(target))
    assert data.startswith(str(target))
    assert int(count) >= 1
