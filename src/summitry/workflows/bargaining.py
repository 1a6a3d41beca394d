"""Bargaining workflows: validate a scenario, run the bargaining-range analysis, write results."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from summitry.engines.bargaining import Analysis, BargainingProblem, analyse, problem_from_scenario
from summitry.engines.bargaining.side import side_deal_feasible
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.model.uncertain import point

__all__ = ["BargainingRun", "analyze", "validate", "write_outputs"]


@dataclass(frozen=True)
class BargainingRun:
    """A finished bargaining analysis with everything a report needs."""

    loaded: LoadedScenario
    problem: BargainingProblem
    analysis: Analysis
    side_deals: dict[str, bool]
    seconds: float


def validate(path: str | Path) -> LoadedScenario:
    """Load and check a scenario or variant file (raises ``InputError`` when invalid)."""
    return load_scenario(path)


def analyze(path: str | Path) -> BargainingRun:
    """Run the point-estimate bargaining analysis of a scenario file."""
    start = time.perf_counter()
    loaded = load_scenario(path)
    scenario = loaded.scenario
    problem = problem_from_scenario(scenario)
    analysis = analyse(problem)
    sides = {
        sid: side_deal_feasible({p: point(side.value[p].value) for p in side.parties})
        for sid, side in scenario.side_issues.items()
    }
    return BargainingRun(loaded, problem, analysis, sides, time.perf_counter() - start)


def write_outputs(out_dir: str | Path, files: Mapping[str, str]) -> list[Path]:
    """Write every file completely or none: each goes to a temporary file, then is renamed."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            fd, tmp = tempfile.mkstemp(dir=target, prefix=f".{name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            staged.append((tmp, target / name))
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, final in staged:
        os.replace(tmp, final)
    return [final for _, final in staged]


def dumps(data: object) -> str:
    """Stable JSON text (sorted keys are not used: field order is part of the documented format)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
