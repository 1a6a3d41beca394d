"""Monte Carlo results as stable JSON and plain text.

The JSON holds everything needed to reproduce the run (seed, method, draws, block size) and no
timing or worker count, so that runs with 1 or N workers give identical files.
"""

from __future__ import annotations

from typing import Any

from summitry import __version__
from summitry.engines.montecarlo.sampler import BLOCK_SIZE
from summitry.engines.montecarlo.simulate import CATEGORIES, Estimate
from summitry.workflows.montecarlo import MonteCarloRun

__all__ = ["JSON_FORMAT", "render_text", "to_dict"]

JSON_FORMAT = "summitry.simulation/1"

NOT_MODELLED = (
    "limited deals over a subset of the bargaining issues (only side deals count as limited)",
    "ceasefire survival (durable / failed ceasefire), mediators, talks as signalling",
    "correlated inputs, sensitivity analysis, what-if variants",
)


def _r(v: float) -> float:
    return float(round(v, 6)) + 0.0


def _est(e: Estimate) -> dict[str, Any]:
    return {
        "k": e.k,
        "n": e.n,
        "p": _r(e.p),
        "mc_se": _r(e.se),
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
    }


def _line(name: str, e: Estimate) -> str:
    return (
        f"  {name:<14} {e.p:7.4f}  Wilson 95% [{e.wilson[0]:.4f}, {e.wilson[1]:.4f}]  "
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
    out += ["", "Not modelled yet: " + "; ".join(NOT_MODELLED) + "."]
    return "\n".join(out) + "\n"
