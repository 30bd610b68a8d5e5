"""The AI Adoption Framework as its user meets it: selected on the command line, its questions asked only
then, and its theme-by-phase scale in the PDF and in a browser."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from reports_fixtures import require_tool
from test_html_browser import check_layout

TRAIN = "from sklearn.linear_model import LogisticRegression\nLogisticRegression().fit([[0], [1]], [0, 1])\n"
PIPELINE = "import kfp\n\n@kfp.dsl.pipeline(name='train')\ndef pipeline():\n    pass\n"
FILES: dict[str, str | bytes] = {"train.py": TRAIN, "pipeline.py": PIPELINE}
ANSWERS = ["-a", "ai_data_access_controlled=yes", "-a", "ml_mandate=no", "-a", "ai_learning_programme=yes"]


def test_its_questions_are_asked_only_when_it_is_selected(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(FILES, name="team")
    plain = cli("assess", str(repo), "--no-input")
    assert plain.returncode == 0, plain.stderr
    assert "ai_learning_programme" not in plain.stdout + plain.stderr
    chosen = cli("assess", str(repo), "--no-input", "-f", "ai-adoption")
    assert chosen.returncode == 0, chosen.stderr
    open_questions = " ".join((chosen.stdout + chosen.stderr).split())
    assert "ai_learning_programme" in open_questions and "ai_cross_functional_teams" in open_questions
    # a theme whose next phase is out of reach (its practices are missing) asks nothing for that phase
    assert "ai_responsible_ai_practice" not in open_questions
    assert "feature_schema" not in open_questions  # an ML Test Score question: not needed here


def test_every_and_unknown_framework_selection(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(FILES, name="team")
    every = cli("scan", str(repo), "-f", "all", "-F", "json")
    assert every.returncode == 0, every.stderr
    assert '"id": "ai-adoption"' in every.stdout and '"id": "ml-test-score"' in every.stdout
    wrong = cli("scan", str(repo), "-f", "ai-adoptoin")
    assert wrong.returncode == 2 and "unknown framework 'ai-adoptoin'" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_the_pdf_tells_which_phase_each_theme_is_in_and_why(make_repo, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(FILES, name="team")
    pdf, html = tmp_path / "aaf.pdf", tmp_path / "aaf.html"
    result = cli("report", str(repo), "-f", "ai-adoption", *ANSWERS, "-F", "pdf", "-o", str(pdf),
                 "-F", "html", "-o", str(html))  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "Google Cloud AI Adoption Framework" in flat and "AI Adoption theme" in flat
    # the scale's first column: each theme's name, then the phase it is in, then why
    first = [re.split(r"\s{2,}", line.strip())[0] for line in text.splitlines()]
    themes = ("Learn", "Lead", "Access", "Scale", "Secure", "Automate")
    phases = {first[i]: first[i + 1] for i in range(len(first) - 1) if first[i] in themes}
    assert phases == {
        "Learn": "phase 1: Tactical",
        "Lead": "phase 1: Tactical",
        "Access": "phase 1: Tactical",
        "Scale": "phase 1: Tactical",
        "Secure": "phase 2: Strategic",
        "Automate": "phase 1: Tactical",
    }
    left = " ".join(" ".join(first).split())  # the first column, read down
    assert "Strategic needs: a leader sponsors ML with a mandate and a budget (not met)." in left
    assert "Strategic: the core is in place; none of its supporting criteria is settled yet." in left
    assert "Transformational needs: responsible AI is practised" in left
    seen = check_layout(html, (480, 1280))
    assert "AI Adoption phase 1: Tactical" in str(seen["summary"])


def test_a_minimum_on_it_assesses_it_next_to_the_defaults(make_repo, cli) -> None:  # type: ignore[no-untyped-def]
    repo = make_repo(FILES, name="team")
    short = cli("check", str(repo), "--min", "ai-adoption=2", "--min", "google=0")
    assert short.returncode == 1, short.stderr
    out = short.stdout + short.stderr
    assert "ai-adoption: phase 1 (Tactical" in out and "minimum 2" in out
    assert "✓ google: level 0" in out  # the default frameworks are still assessed
    met = cli("check", str(repo), "--min", "gcaf=1")  # an alias works too
    assert met.returncode == 0, met.stdout + met.stderr
    assert "✓ ai-adoption: phase 1 (Tactical" in met.stdout
