"""How fast maturity is, against its peers and against the cost of reading the files (not a test).

    python benchmarks/speed_bench.py [all|peers|startup|monorepo] [--corpus DIR] [--repos NAME ...]
                                     [--rounds N] [--sizes N ...] [--shapes NAME ...] [--work DIR]
    python benchmarks/speed_bench.py results --corpus DIR (--save DIR | --against DIR)

- ``peers``: ml-project-doctor and repo-review (with sp-repo-review) are installed into their own virtual
  environment (``--peers-venv``, default ``$XDG_CACHE_HOME/maturity-bench/peers``; never the project's), then
  each tool and ``maturity scan --format json`` run in turn on each repository (one interleaved run of
  ``--rounds`` rounds); prints the median wall time of each and maturity's ratio to each peer.
- ``startup``: ``maturity --help`` and ``--version`` against ``python -c pass`` (the same interpreter).
- ``monorepo``: synthetic repositories of ``--sizes`` files in each of ``--shapes`` (built once under
  ``--work``); the scan's time against the floor (``git ls-files`` plus one read of every file some
  detector's ``inputs`` select) and its peak RSS, worker processes included.
- ``results``: ``maturity scan --format json`` of every repository of the corpus saved to a folder, or
  compared with such a folder (timestamps aside): a speed-only change prints no difference.

Repositories come from a materialized corpus (``owner+name`` work trees, ``--corpus``, default
``/tmp/corpus``). The machines are shared: read the ratios of one run, not the absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from _measure import Run, load, median, run

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
MATURITY = str(BIN / "maturity")
REPOS = ["karpathy+nanoGPT", "GokuMohandas+Made-With-ML", "ultralytics+yolov5", "mlfoundations+open_clip"]
PEER_PACKAGES = ["ml-project-doctor", "repo-review[cli]", "sp-repo-review"]
TOOLS = ("maturity", "ml-project-doctor", "repo-review")
VOLATILE = {"generated_at"}


def cache_home() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


def peers_venv(where: Path | None) -> Path:
    """The peers' own virtual environment, created and filled on first use."""
    venv = where or cache_home() / "maturity-bench" / "peers"
    if not (venv / "bin" / "ml-project-doctor").exists() or not (venv / "bin" / "repo-review").exists():
        print(f"installing {', '.join(PEER_PACKAGES)} into {venv} ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *PEER_PACKAGES]
        subprocess.run(pip, check=True)
    return venv


def tool_commands(venv: Path, repo: Path) -> dict[str, list[str]]:
    return {
        "maturity": [MATURITY, "scan", "--format", "json", str(repo)],
        "ml-project-doctor": [str(venv / "bin" / "ml-project-doctor"), "-f", "json", str(repo)],
        "repo-review": [str(venv / "bin" / "repo-review"), "--format", "json", str(repo)],
    }


def compile_maturity() -> None:
    """Byte-compile maturity as ``pip install`` does for the peers: an editable install compiles on first
    import, which ``PYTHONDONTWRITEBYTECODE`` (set on some machines) prevents; every run would then pay for
    compiling ~190 modules that no installed copy pays for."""
    import maturity

    package = Path(maturity.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print(f"  byte-compiled {package} (PYTHONDONTWRITEBYTECODE is set here)")


def bench_peers(corpus: Path, names: list[str], rounds: int, venv: Path) -> None:
    repos = [corpus / n for n in names if (corpus / n).is_dir()]
    missing = [n for n in names if not (corpus / n).is_dir()]
    if missing:
        print(f"  not in {corpus}: {', '.join(missing)}")
    for repo in repos:  # one untimed run of each: files in the page cache, bytecode in place for all
        for cmd in tool_commands(venv, repo).values():
            run(cmd)
    times: dict[tuple[str, str], list[Run]] = {}
    for _ in range(rounds):  # interleaved: every tool on every repository, then again
        for repo in repos:
            for tool, cmd in tool_commands(venv, repo).items():
                times.setdefault((repo.name, tool), []).append(run(cmd))
    print(f"\n== Peers: median wall time of {rounds} interleaved rounds ({load()})")
    print(f"  {'repository':28} {'files':>5} {'maturity':>9} {'ml-p-doctor':>11} {'repo-review':>11}"
          "   maturity / doctor   maturity / repo-review")  # fmt: skip
    for repo in repos:
        m, d, r = (median([x.wall for x in times[(repo.name, t)]]) for t in TOOLS)
        listed = subprocess.run(["git", "-C", str(repo), "ls-files"], capture_output=True, text=True)
        files = len(listed.stdout.split())
        verdict = "ok" if m <= d else "SLOWER"
        print(f"  {repo.name[:28]:28} {files:5d} {m:8.3f}s {d:10.3f}s {r:10.3f}s"
              f"   {m / d:8.2f}x {verdict:6}   {m / r:8.2f}x")  # fmt: skip
        errors = [t for t in ("maturity",) if any(x.code not in (0, 1) for x in times[(repo.name, t)])]
        if errors:
            print(f"    maturity exited with an error on {repo.name}")


def bench_startup(rounds: int) -> None:
    cmds = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "maturity --help": [MATURITY, "--help"],
        "maturity --version": [MATURITY, "--version"],
    }
    times: dict[str, list[Run]] = {k: [] for k in cmds}
    for _ in range(rounds):
        for name, cmd in cmds.items():
            times[name].append(run(cmd, env={**os.environ, "COLUMNS": "100"}))
    base = median([r.wall for r in times["python -c pass"]])
    print(f"\n== Start-up: median wall time of {rounds} interleaved rounds ({load()})")
    for name, runs in times.items():
        wall = median([r.wall for r in runs])
        target = "" if name.startswith("python") else ("  ok (<= 8x)" if wall <= 8 * base else "  OVER 8x")
        print(f"  {name:20} {wall * 1000:7.1f} ms  {wall / base:5.1f}x python{target}")


def scan_json(repo: Path) -> dict[str, Any]:
    out = subprocess.run([MATURITY, "scan", "--format", "json", str(repo)], capture_output=True, text=True)
    return steady(json.loads(out.stdout))


def steady(data: dict[str, Any]) -> dict[str, Any]:
    """The report without what changes from one run to the next (its timestamp)."""
    for key in VOLATILE:
        data.get("provenance", {}).pop(key, None)
    return data


def differences(old: Any, new: Any, where: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in sorted(set(old) | set(new)):
            out += differences(old.get(k, "<missing>"), new.get(k, "<missing>"), f"{where}.{k}")
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        pairs = enumerate(zip(old, new, strict=True))
        return [d for i, (a, b) in pairs for d in differences(a, b, f"{where}[{i}]")]
    return [] if old == new else [f"{where}: {json.dumps(old)[:100]} -> {json.dumps(new)[:100]}"]


def bench_results(corpus: Path, save: Path | None, against: Path | None) -> int:
    repos = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith("."))
    changed = 0
    for repo in repos:
        data = scan_json(repo)
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{repo.name}.json").write_text(json.dumps(data, indent=1, sort_keys=True))
            continue
        assert against is not None
        old_file = against / f"{repo.name}.json"
        if not old_file.exists():
            print(f"  {repo.name}: no saved result")
            continue
        diffs = differences(steady(json.loads(old_file.read_text())), data)
        changed += bool(diffs)
        for d in diffs[:20]:
            print(f"  {repo.name}{d}")
    what = f"saved to {save}" if save else f"{changed} of {len(repos)} repositories differ from {against}"
    print(f"\n== Results: {len(repos)} repositories {what}")
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parts = ["all", "peers", "startup", "monorepo", "results"]
    ap.add_argument("part", nargs="?", default="all", choices=parts)
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/corpus"))
    ap.add_argument("--repos", nargs="*", default=REPOS)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--peers-venv", type=Path)
    ap.add_argument("--sizes", nargs="*", type=int, default=[10_000, 50_000, 100_000])
    ap.add_argument("--shapes", nargs="*", default=["mixed", "ml-teams"])
    ap.add_argument("--work", type=Path, help="keep the synthetic repositories here (reused by later runs)")
    ap.add_argument("--save", type=Path)
    ap.add_argument("--against", type=Path)
    args = ap.parse_args()
    if args.part == "results":
        if (args.save is None) == (args.against is None):
            ap.error("results needs --save DIR or --against DIR")
        return bench_results(args.corpus, args.save, args.against)
    compile_maturity()
    if args.part in ("all", "peers"):
        bench_peers(args.corpus, args.repos, args.rounds, peers_venv(args.peers_venv))
    if args.part in ("all", "startup"):
        bench_startup(args.rounds * 3)
    if args.part in ("all", "monorepo"):
        from monorepo import bench_monorepo

        bench_monorepo(args.sizes, args.shapes, args.work, max(1, args.rounds // 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
