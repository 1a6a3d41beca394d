"""Bargaining workflows: validate a scenario, run the bargaining-range analysis, write results."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from summitry.engines.bargaining import Analysis, BargainingProblem, analyse, problem_from_scenario
from summitry.engines.bargaining.side import side_deal_feasible
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.model.uncertain import point

__all__ = ["BargainingRun", "analyze", "analyze_loaded", "validate"]


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
    run = analyze_loaded(load_scenario(path))
    return replace(run, seconds=time.perf_counter() - start)


def analyze_loaded(loaded: LoadedScenario) -> BargainingRun:
    """Run the point-estimate bargaining analysis of a loaded scenario (file or editor text)."""
    start = time.perf_counter()
    scenario = loaded.scenario
    problem = problem_from_scenario(scenario)
    analysis = analyse(problem)
    sides = {
        sid: side_deal_feasible({p: point(side.value[p].value) for p in side.parties})
        for sid, side in scenario.side_issues.items()
    }
    return BargainingRun(loaded, problem, analysis, sides, time.perf_counter() - start)
