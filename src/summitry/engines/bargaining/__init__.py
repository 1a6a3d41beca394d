"""Bargaining-range engine: zones of agreement, Nash and Kalai--Smorodinsky solutions, diagnosis."""

from summitry.engines.bargaining.analysis import Analysis, Verdict, Zone, analyse, diagnose, zone
from summitry.engines.bargaining.problem import BargainingProblem, problem_from_scenario
from summitry.engines.bargaining.solutions import kalai_smorodinsky, nash_bargaining, pareto_gap

__all__ = [
    "Analysis",
    "BargainingProblem",
    "Verdict",
    "Zone",
    "analyse",
    "diagnose",
    "kalai_smorodinsky",
    "nash_bargaining",
    "pareto_gap",
    "problem_from_scenario",
    "zone",
]
