"""Workflows over scenarios already loaded (from text, e.g. the web editor), not from a path.

:func:`analysis_and_simulation` runs the point
analysis and the Monte Carlo of one scenario and returns their JSON documents
(``summitry.analysis/1`` and ``summitry.simulation/1``) and text, as stored for a web run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from summitry.io.scenario import LoadedScenario
from summitry.workflows.bargaining import analyze_loaded

__all__ = ["analysis_and_simulation"]


def analysis_and_simulation(
    loaded: LoadedScenario,
    *,
    draws: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The point analysis and the Monte Carlo of ``loaded`` as JSON-ready data and text.

    Returns ``{"analysis": ..., "analysis_text": ..., "simulation": ..., "simulation_text":
    ...}``; the simulation is identical to ``summitry simulate --draws D --seed S``.
    """
    from summitry.report.bargaining import render_text as analysis_text
    from summitry.report.bargaining import to_dict as analysis_dict
    from summitry.report.montecarlo import render_text as sim_text
    from summitry.report.montecarlo import to_dict as sim_dict
    from summitry.workflows.montecarlo import run_simulation

    bargaining = analyze_loaded(loaded)
    mc = run_simulation(loaded, draws=draws, seed=seed, progress=progress)
    return {
        "analysis": analysis_dict(bargaining),
        "analysis_text": analysis_text(bargaining),
        "simulation": sim_dict(mc),
        "simulation_text": sim_text(mc),
    }
