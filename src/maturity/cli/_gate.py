"""The gate's settings from flags and config, its verdict for one report, and the baseline ratchet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maturity.config import Settings
    from maturity.report import Report
    from maturity.verdict import Verdict


def gate_settings(
    settings: Settings,
    mins: list[str],
    require: list[str],
    baseline: Path | None,
    warn_only: bool,
    confirmed: bool = False,
) -> Settings:
    """The config file's gate with the command-line flags on top (per framework for --min).

    Framework ids are resolved (aliases too; an unknown id is a usage error), so one framework given
    twice on the command line, under two names, is an error too.
    """
    from maturity.errors import UserError
    from maturity.frameworks.registry import load_library
    from maturity.gate import parse_minimums

    library = load_library(settings.frameworks_dirs)
    gate = settings.gate.model_copy(deep=True)
    sources = dict(settings.sources)
    gate.min = {library.framework(fid).id: v for fid, v in gate.min.items()}
    given: dict[str, str] = {}
    for name, value in parse_minimums(mins).items():
        fid = library.framework(name).id
        if fid in given:
            raise UserError(f"--min {given[fid]} and --min {name} name one framework ({fid}); give it once")
        given[fid] = name
        gate.min[fid] = value
        sources[f"gate.min.{fid}"] = "command line"
    for pid in require:
        if pid not in gate.require:
            gate.require.append(pid)
            sources[f"gate.require.{pid}"] = "command line"
    if baseline is not None:
        gate.baseline, sources["gate.baseline"] = str(baseline), "command line"
    if warn_only:
        gate.warn_only, sources["gate.warn_only"] = True, "command line"
    if confirmed:
        gate.confirmed, sources["gate.confirmed"] = True, "command line"
    new = settings.model_copy(update={"gate": gate})
    new.sources = sources
    chosen = new.frameworks or [f.id for f in library.defaults()]
    wanted = list(dict.fromkeys([*chosen, *gate.min]))
    if new.frameworks or wanted != chosen:  # a minimum on a framework assessed only when selected
        new.frameworks = wanted
    return new


def baseline_file(path: Path, settings: Settings, cli: Path | None) -> Path:
    """--baseline, else gate.baseline (relative to its config file), else .maturity/baseline.json in PATH."""
    from maturity._paths import confined, repo_root
    from maturity.baseline import DEFAULT_FILE

    if cli is not None:
        return cli
    value = Path(settings.gate.baseline or DEFAULT_FILE)
    if not value.is_absolute():
        base = Path(settings.config_file).parent if settings.config_file and settings.gate.baseline else path
        value = base / value
    # from the repository's config, or the default: inside the repository
    return confined(value, repo_root(path), settings, "gate.baseline", "--baseline")


def verdict_for(
    path: Path, settings: Settings, report: Report, cli_baseline: Path | None, with_baseline: bool = True
) -> Verdict:
    """The gate applied to ``report`` (bad minimums or waivers raise a usage error, exit 2)."""
    from maturity import baseline as bl
    from maturity.frameworks.registry import load_library
    from maturity.gate import evaluate

    library = load_library(settings.frameworks_dirs)
    floor, file = None, None
    if with_baseline and (cli_baseline is not None or settings.gate.baseline):
        file = baseline_file(path, settings, cli_baseline)
        floor = bl.load(file)
    return evaluate(report, settings.gate, library.frameworks, library.practices, floor,
                    baseline_file=str(file) if file else None)  # fmt: skip


def update_baseline(path: Path, settings: Settings, report: Report, cli: Path | None) -> list[str]:
    """Record today's result as the new floor; the lines say where, and what it lowers."""
    from maturity import baseline as bl

    file = baseline_file(path, settings, cli)
    new = bl.from_report(report)
    lowered = bl.regressions(bl.load(file), new) if file.is_file() else []
    bl.save(file, new)
    figures = ", ".join(
        f"{f} level {v.level}" if v.scoring == "levels" else f"{f} score {v.score:g}"
        for f, v in new.frameworks.items()
    )
    lines = [f"baseline written: {file} ({figures})"]
    return lines + [
        f"note: the new floor is lower for {r.subject}: was {r.before}, now {r.now}" for r in lowered
    ]
