"""parsers.pyast: one parse per file, notebook cells with their .ipynb lines, hostile input never raises."""

from __future__ import annotations

import json

from maturity.scan.parsers.pyast import code_text, iter_modules, module, modules
from maturity.scan.registry import builtin
from maturity.scan.repo import RepoView


def _notebook(*cells: tuple[str, list[str]]) -> str:
    """A notebook written one source line per JSON line, as Jupyter does."""
    nb = {"cells": [{"cell_type": t, "source": src} for t, src in cells], "metadata": {}, "nbformat": 4}
    return json.dumps(nb, indent=1)


def test_calls_keywords_and_imports() -> None:
    code = "from kfp import dsl\nimport numpy as np\nx = dsl.Condition(a > 1, name='gate')\nnp.sum(x)\n"
    view = RepoView.from_dict({"p.py": code})
    mod = module(view, "p.py")
    assert mod is not None
    call = mod.named("Condition")[0]
    assert call.line == 3 and call.receiver == "dsl" and mod.origin(call) == "kfp.dsl.Condition"
    assert call.kw("name") is not None and call.arg(0) is not None
    assert mod.imports_any("kfp") and mod.imports_any("numpy") and not mod.imports_any("torch")
    assert module(view, "p.py") is mod  # parsed once per view


def test_notebook_lines_magics_and_broken_cells() -> None:
    text = _notebook(
        ("markdown", ["model.fit(X)\n"]),
        ("code", ["!pip install x \\\n", "    --quiet\n", "ID = !gcloud config get-value project\n"]),
        ("code", ["%%bash\n", "echo model.fit\n"]),
        ("code", ["def broken(:\n"]),
        ("code", ["%time y = 1\n", "model.fit(X, y)\n"]),
    )
    view = RepoView.from_dict({"nb.ipynb": text})
    assert "echo" not in code_text(view, "nb.ipynb")  # a %%bash cell is no Python
    mod = module(view, "nb.ipynb")
    assert mod is not None
    fit = mod.named("fit")
    assert len(fit) == 1
    raw_line = next(n for n, line in enumerate(text.splitlines(), 1) if '"model.fit(X, y)' in line)
    assert fit[0].line == raw_line


def test_needles_prefilter_and_unparsable_files() -> None:
    files = {"a.py": "x = 1\n", "b.py": "model.fit(X)\n", "c.py": "model.fit(\n", "d.py": "\0"}
    view = RepoView.from_dict(dict(files))
    assert [m.path for m in modules(view, (".fit(",))] == ["b.py"]
    assert next(iter_modules(view, ("x =",)), None) is not None
    assert module(view, "c.py") is None and module(view, "d.py") is None


def test_hostile_python_never_crashes_a_detector() -> None:
    deep = "x = " + "(" * 150 + "1" + ")" * 150 + "\n"
    long_chain = "assert " + " + ".join(["acc"] * 3000) + " > 0.9\nif model.predict(x): register_model(m)\n"
    view = RepoView.from_dict(
        {
            "deep.py": deep,
            "tests/test_long.py": "def test_x(model):\n    " + long_chain.replace("\n", "\n    "),
            "long.py": long_chain,
            "bad.ipynb": '{"cells": [{"cell_type": "code", "source": 5}, 3], "nbformat": 4}',
            "worse.ipynb": "{not json",
        }
    )
    for det in builtin():
        list(det.detect(view))  # no exception
