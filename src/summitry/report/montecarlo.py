"""Monte Carlo results as stable JSON and plain text.

The JSON holds everything needed to reproduce the run (seed, method, draws, block size) and no
timing or worker count, so that runs with 1 or N workers give identical files.
"""

from __future__ import annotations

import math
from typing import Any

from summitry import __version__
from summitry.engines.montecarlo.horizon import CATEGORIES as HORIZON_CATEGORIES
from summitry.engines.montecarlo.horizon import GROUPS, LABELS
from summitry.engines.montecarlo.sampler import BLOCK_SIZE
from summitry.engines.montecarlo.simulate import (
    CATEGORIES,
    NBS_PER_BLOCK,
    Estimate,
    Simulation,
)
from summitry.workflows.montecarlo import MonteCarloRun

__all__ = ["JSON_FORMAT", "render_text", "to_dict"]

JSON_FORMAT = "summitry.simulation/1"

NOT_MODELLED = (
    "limited deals over a subset of the bargaining issues (only side deals count as limited)",
    "uncertainty in GMCR preferences (the graph model is analysed at its point values)",
)


def _r(v: float) -> float:
    return float(round(v, 6)) + 0.0


def _num(v: float) -> float | None:
    return None if math.isnan(v) else _r(v)


def _count(v: float) -> int | float:
    return v if isinstance(v, int) else _r(v)


def _est(e: Estimate) -> dict[str, Any]:
    return {
        "k": _count(e.k),
        "n": _count(e.n),
        "p": _num(e.p),
        "mc_se": _num(e.se),
        "wilson95": [_r(e.wilson[0]), _r(e.wilson[1])],
        "jeffreys95": [_r(e.jeffreys[0]), _r(e.jeffreys[1])],
    }


def _path(p: tuple[object, ...]) -> str:
    return ".".join(str(x) for x in p)


def to_dict(run: MonteCarloRun) -> dict[str, Any]:
    """The run as a JSON-ready dict (format ``summitry.simulation/1``)."""
    sim = run.simulation
    t = sim.tally
    return {
        "format": JSON_FORMAT,
        "summitry": __version__,
        "scenario": {"id": run.loaded.scenario.id, "sha256": run.loaded.sha256},
        "seed": sim.seed,
        "method": str(sim.method),
        "block_size": BLOCK_SIZE,
        "draws": sim.draws,
        "max_draws": sim.max_draws,
        "eps": sim.eps,
        "stopped_by": sim.stopped_by,
        "widest_wilson95": _r(sim.widest),
        "outcomes": {c: _est(sim.outcomes[c]) for c in CATEGORIES},
        "side_deals": {s: _est(e) for s, e in sim.side.items()},
        "issue_blocked": {i: _est(e) for i, e in sim.blocked.items()},
        "prescreen": {"decided_without_lp": t.any_blocked, "package_lps": t.programs},
        "inputs": [_path(p) for p in sim.inputs],
        "ratifiers_bernoulli": list(sim.ratifiers),
        "not_modelled": list(NOT_MODELLED),
        **({"horizon": _horizon(sim)} if sim.horizon is not None else {}),
        **(
            {
                "nbs": {
                    "draws": t.nbs_n,
                    "per_block": NBS_PER_BLOCK,
                    "issues": {k: {q: _r(v) for q, v in d.items()} for k, d in sim.nbs.items()},
                }
            }
            if sim.nbs is not None
            else {}
        ),
    }


def _horizon(sim: Simulation) -> dict[str, Any]:
    h = sim.horizon
    assert h is not None
    modal = max(HORIZON_CATEGORIES, key=lambda c: h[c].p)
    return {
        "months": _r(sim.horizon_months or 0.0),
        "outcomes": {c: _est(h[c]) for c in HORIZON_CATEGORIES},
        "groups": {g: _est(h[g]) for g in GROUPS},
        "modal": modal,
        "modal_group": max(GROUPS, key=lambda g: h[g].p),
        "indicators": {
            k: _est(e) for k, e in h.items() if k not in HORIZON_CATEGORIES and k not in GROUPS
        },
        "labels": dict(LABELS),
        "estimator": "mean of per-draw conditional probabilities; binomial intervals at k = n p",
    }


def _line(name: str, e: Estimate, width: int = 14) -> str:
    return (
        f"  {name:<{width}} {e.p:7.4f}  Wilson 95% [{e.wilson[0]:.4f}, {e.wilson[1]:.4f}]  "
        f"Jeffreys 95% [{e.jeffreys[0]:.4f}, {e.jeffreys[1]:.4f}]  MC s.e. {e.se:.4f}"
    )


def render_text(run: MonteCarloRun) -> str:
    """A plain-text summary; the seed comes first so that a run can be repeated."""
    sim = run.simulation
    s = run.loaded.scenario
    rate = sim.draws / run.seconds if run.seconds > 0 else float("inf")
    head = (
        f"{sim.draws} draws ({sim.method}, blocks of {BLOCK_SIZE}), {len(sim.inputs)} uncertain "
        f"inputs, {len(sim.ratifiers)} ratifier vetoes drawn as Bernoulli; stopped by "
        f"{sim.stopped_by}"
    )
    if sim.eps is not None:
        head += f" (eps {sim.eps:g}, widest interval {sim.widest:.4f})"
    out = [
        f"Monte Carlo of {s.id!r}: seed {sim.seed} (repeat with --seed {sim.seed})",
        head,
        (
            f"{run.workers} worker(s), {run.seconds:.2f} s, {rate:,.0f} draws/s; "
            f"{sim.tally.programs} package LPs, {sim.tally.any_blocked} draws decided by the "
            "pre-screen"
        ),
        "",
        "Outcome probabilities:",
        *(_line(c, sim.outcomes[c]) for c in CATEGORIES),
    ]
    if sim.side:
        out += ["", "Side deal feasible:", *(_line(k, e) for k, e in sim.side.items())]
    blocked = {k: e for k, e in sim.blocked.items() if e.k > 0}
    if blocked:
        out += [
            "",
            "Issue blocked by contradictory red lines / ratifier conditions:",
            *(_line(k, e) for k, e in blocked.items()),
        ]
    if sim.nbs is not None:
        out += [
            "",
            (
                f"Nash bargaining point where a zone exists ({sim.tally.nbs_n} draws, at most "
                f"{NBS_PER_BLOCK} per block): mean and 5/50/95% quantiles"
            ),
            *(
                f"  {k:<14} {d['mean']:6.1f}  [{d['q05']:.0f}, {d['q50']:.0f}, {d['q95']:.0f}]"
                for k, d in sim.nbs.items()
            ),
        ]
    if sim.horizon is not None:
        h = sim.horizon
        out += [
            "",
            f"By the horizon ({sim.horizon_months:.1f} months), outcome probabilities:",
            *(_line(c, h[c], 22) + f"  {LABELS[c]}" for c in HORIZON_CATEGORIES),
            *(_line(g, h[g], 22) for g in GROUPS),
            "Indicators:",
            *(
                _line(k, e, 32)
                for k, e in h.items()
                if k not in HORIZON_CATEGORIES and k not in GROUPS
            ),
        ]
    out += ["", "Not modelled: " + "; ".join(NOT_MODELLED) + "."]
    return "\n".join(out) + "\n"
