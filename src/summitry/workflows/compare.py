r"""What-if comparison: a base scenario and its variants under the same seed.

Every scenario runs :func:`~summitry.workflows.montecarlo.run_simulation` with the same root
seed, draws and sampling method (common random numbers as far as the variants share inputs).
For each outcome probability the difference to the base is reported with a 95% interval

.. math:: \Delta = \hat p_v - \hat p_b \pm z \sqrt{se_v^2 + se_b^2},

the independent-samples interval, which is conservative when the common seed correlates the two
estimates positively.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summitry import __version__
from summitry.engines.montecarlo.sampler import Method
from summitry.io.scenario import load_scenario
from summitry.rng import fresh_seed
from summitry.workflows.montecarlo import Progress, run_simulation

__all__ = ["JSON_FORMAT", "compare_files", "delta", "probabilities"]

JSON_FORMAT = "summitry.comparison/1"

_Z95 = 1.959963984540054


def delta(variant: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """``{"dp", "diff95"}`` of two estimates in ``summitry.simulation/1`` form."""
    if variant["p"] is None or base["p"] is None:
        return {"dp": None, "diff95": None}
    dp = variant["p"] - base["p"]
    half = _Z95 * math.sqrt((variant["mc_se"] or 0.0) ** 2 + (base["mc_se"] or 0.0) ** 2)
    return {
        "dp": round(dp, 6) + 0.0,
        "diff95": [round(dp - half, 6) + 0.0, round(dp + half, 6) + 0.0],
    }


def probabilities(sim: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every estimate of a simulation, flat: horizon outcomes, groups, indicators, categories."""
    out: dict[str, dict[str, Any]] = {}
    h = sim.get("horizon")
    if h is not None:
        out.update(h["outcomes"])
        out.update(h["groups"])
        out.update(h["indicators"])
    out.update({f"zone:{k}": v for k, v in sim["outcomes"].items()})
    return out


def compare_files(
    base: str | Path,
    variants: Sequence[str | Path],
    *,
    draws: int,
    seed: int | None = None,
    workers: int = 1,
    method: str | Method = Method.MC,
    executor: str = "local",
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Simulate ``base`` and every variant with one seed; JSON ``summitry.comparison/1``.

    Returns
    -------
    dict
        ``seed``, ``draws``, ``base`` (``id``, ``file``, ``title``, ``simulation``) and
        ``variants`` (the same plus ``delta``: for every probability, the difference to the
        base and its 95% interval).
    """
    from summitry.report.montecarlo import to_dict

    root = fresh_seed() if seed is None else seed
    runs: list[dict[str, Any]] = []
    for path in (base, *variants):
        loaded = load_scenario(path)
        run = run_simulation(
            loaded,
            draws=draws,
            seed=root,
            workers=workers,
            method=method,
            executor=executor,
            progress=progress,
        )
        runs.append(
            {
                "id": loaded.scenario.id,
                "file": Path(path).name,
                "title": loaded.scenario.title,
                "simulation": to_dict(run),
            }
        )
    head, *rest = runs
    base_p = probabilities(head["simulation"])
    for entry in rest:
        var_p = probabilities(entry["simulation"])
        entry["delta"] = {k: delta(v, base_p[k]) for k, v in var_p.items() if k in base_p}
    return {
        "format": JSON_FORMAT,
        "summitry": __version__,
        "seed": head["simulation"]["seed"],
        "draws": draws,
        "method": str(method),
        "base": head,
        "variants": rest,
    }
