"""The code search that skips lines finds exactly what reading every code line finds.

Random Python-like files (docstrings opened and closed on other lines, triple quotes in comments and
strings, CRLF and form feeds) are searched both ways with patterns of every kind the detectors use.
"""

from __future__ import annotations

import random
import re

import pytest

from maturity.scan.detectors._codesearch import (
    code_lines,
    find_code,
    import_is_code,
    matching_lines,
    text_lines,
    whole_text_pattern,
)
from maturity.scan.detectors._strings import code_match
from maturity.scan.repo import RepoView

PIECES = [
    "import mlflow",
    "    from torch import nn",
    '"""Module docstring."""',
    '"""',
    "'''",
    'x = 1  # """ not a string',
    'y = """opens',
    "def fit(model):",
    '    """Docstring',
    "    return model.fit(x)  # fit",
    "# import commented",
    "",
    "   ",
    's = "#"; mlflow.log_metric("m", 1)',
    "z = '''q''' + '''",
    "torch.manual_seed(0)",
    'a = """x""" """',
    "\t'''  ''' '''",
    "r = 'mlflow.log_metric(1)'",
    "model.fit(X, y)",
    "seed=42; np.random.seed(42)",
]
PATTERNS = [
    r"^\s*import\b",
    r"\bmlflow\.log_metric\s*\(",
    r"\.fit\s*\(",
    r"(?i)SEED",
    r"manual_seed|random\.seed",
    r"\w+\s*=\s*\d",
    r"fit\(",
    r"x$",
    r"(?<![\w.])fit(?!\w)",
    r"'''",
]


def random_file(rng: random.Random) -> str:
    lines = [rng.choice(PIECES) for _ in range(rng.randint(1, 14))]
    breaks = rng.choice(["\n", "\n", "\r\n"])
    text = breaks.join(lines) + rng.choice(["", breaks])
    return text.replace("   ", "\x0c", 1) if rng.random() < 0.05 else text


def every_line(repo: RepoView, rx: re.Pattern[str], path: str) -> list[tuple[int, str]]:
    return [(n, line) for n, line in code_lines(repo, path) if rx.search(line)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_skipping_lines_finds_what_every_line_finds(pattern: str) -> None:
    rng = random.Random(pattern)
    rx = re.compile(pattern)
    for _ in range(400):
        text = random_file(rng)
        fast, slow = RepoView.from_dict({"a.py": text}), RepoView.from_dict({"a.py": text})
        assert matching_lines(fast, rx, "a.py") == every_line(slow, rx, "a.py"), text
        want = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1) if rx.search(ln)]
        assert text_lines(RepoView.from_dict({"a.py": text}), rx, "a.py") == want, text
        proofs = find_code(RepoView.from_dict({"a.py": text}), rx, ["a.py"])
        assert [p.line for p in proofs] == [n for n, ln in every_line(slow, rx, "a.py") if code_match(rx, ln)]


def test_an_import_in_a_docstring_is_not_code() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        text = random_file(rng)
        repo = RepoView.from_dict({"a.py": text})
        code = {n for n, _ in code_lines(RepoView.from_dict({"a.py": text}), "a.py")}
        for n, line in enumerate(text.splitlines(), start=1):
            if re.match(r"[ \t]*(import|from)\b", line):
                assert import_is_code(repo, "a.py", n) == (n in code), (text, n)


def test_patterns_that_see_beyond_a_line_are_searched_line_by_line() -> None:
    assert whole_text_pattern(re.compile(r"\.fit\s*\(")) is not None
    for pattern in (r"x$", r"(?<!a)b", r"a(?!b)", r"\Aimport"):
        assert whole_text_pattern(re.compile(pattern)) is None


def test_a_file_without_a_match_is_not_stripped() -> None:
    files = {"a.py": "import os\n" * 1000, "b.py": "import mlflow\nmlflow.log_metric('m', 1)\n"}
    repo = RepoView.from_dict(files)
    proofs = find_code(repo, r"mlflow\.log_metric\(", ["a.py", "b.py"])
    assert [(p.path, p.line) for p in proofs] == [("b.py", 2)]
    assert repo.work["lines stripped"] == 0  # neither file was split into code lines
    assert repo.work["lines searched"] == 1


def test_needles_are_read_from_the_patterns() -> None:
    """A Python whose regex parser changed shape would silently lose the literal prefilter: caught here."""
    from maturity.scan.detectors._needles import needles
    from maturity.scan.detectors.tracking import TRACKERS

    assert needles(re.compile(r"\bSummaryWriter\s*\(|TensorBoardLogger\s*\(")) == (
        "SummaryWriter",
        "TensorBoardLogger",
    )
    assert needles(re.compile(r"\bmlflow\.(\w+\.)?(log_\w+|start_run)")) == ("mlflow.",)
    assert needles(re.compile(r"(?i)mlflow")) == ()  # case-insensitive: searched as it is
    assert needles(re.compile(r"(ab)*c")) == ()  # nothing required is long enough
    with_calls = [t for t in TRACKERS if t.calls]
    assert sum(bool(needles(re.compile(t.calls or ""))) for t in with_calls) > len(with_calls) // 2


def test_other_line_breaks() -> None:
    from maturity.scan.detectors._codesearch import other_breaks

    slow = re.compile("\r(?!\n)|[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
    rng = random.Random(3)
    alphabet = ["a", "é", "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", " "]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert other_breaks(text) == bool(slow.search(text)), repr(text)
