"""Sensitivity workflow: which uncertain inputs decide P(target), and what would have to change.

:func:`run_sensitivity` runs the methods of :mod:`summitry.engines.montecarlo.sensitivity`
(Sobol' indices, Morris screening, tornado table, inverse search) on a loaded scenario and
returns the JSON document ``summitry.sensitivity/1`` that the CLI, the report and the web
studio all use. Model runs go through the executors of :mod:`summitry.workflows.executors`
(in-process, a local process pool, or a Dask cluster); every design depends on the root seed
only and chunks are combined in order, so the document is identical for any executor and any
number of workers. It holds no timing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summitry import __version__
from summitry.engines.montecarlo.sampler import check_seed, sample_space
from summitry.engines.montecarlo.sensitivity import (
    ChunkMapper,
    Indicators,
    InverseResult,
    SensitivityError,
    Trial,
    column_names,
    competitors_of,
    indicator_names,
    inverse_search,
    morris,
    sobol,
    sobol_base,
    tornado,
)
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.rng import fresh_seed
from summitry.workflows.executors import open_executor

__all__ = ["JSON_FORMAT", "METHODS", "run_sensitivity", "sensitivity_file"]

JSON_FORMAT = "summitry.sensitivity/1"

METHODS = ("sobol", "morris", "tornado", "inverse")
"""The analyses, in the order they run and appear in the document."""


def _r(v: float) -> float:
    return float(round(v, 6)) + 0.0


def _pair(v: tuple[float, float]) -> list[float]:
    return [_r(v[0]), _r(v[1])]


def _methods(methods: Sequence[str]) -> tuple[str, ...]:
    if isinstance(methods, str):
        methods = (methods,)
    bad = [m for m in methods if m not in METHODS]
    if bad or not methods:
        got = bad[0] if bad else "nothing"
        raise SensitivityError(
            f"unknown sensitivity method {got!r}; expected one or more of "
            f"{', '.join(METHODS)}. Fix: pass e.g. --method sobol --method tornado"
        )
    return tuple(m for m in METHODS if m in methods)


def _trial(t: Trial) -> dict[str, Any]:
    return {
        "changes": [
            {"input": s.name, "from": _r(s.from_), "to": _r(s.to), "u": _r(s.u_to)}
            for s in t.changes
        ],
        "p": _r(t.p),
        "competitor_p": _r(t.competitor_p),
        "most_likely": t.most_likely,
    }


def _inverse(res: InverseResult) -> dict[str, Any]:
    return {
        "base_p": _r(res.base_p),
        "competitor": res.competitor,
        "competitor_p": _r(res.competitor_p),
        "already_most_likely": res.already,
        "single": [_trial(t) for t in res.single],
        "pair_inputs": list(res.pair_inputs),
        "pairs": [_trial(t) for t in res.pairs],
        "found": res.found,
    }


def run_sensitivity(
    loaded: LoadedScenario,
    *,
    draws: int,
    seed: int | None,
    target: str = "settlement",
    methods: Sequence[str] = METHODS,
    workers: int = 1,
    executor: str = "local",
    trajectories: int = 50,
    levels: int = 4,
    n_resamples: int = 999,
) -> dict[str, Any]:
    """Run the sensitivity analyses of a loaded scenario; the ``summitry.sensitivity/1`` dict.

    Parameters
    ----------
    loaded
        The scenario.
    draws
        Base sample size: the tornado's and the inverse search's common draws (those of
        ``simulate --method mc`` with the same seed); Sobol' uses the smallest power of 2 not
        below it.
    seed
        Root seed (``None``: a fresh one, recorded in the document).
    target
        Indicator name (``summitry.engines.montecarlo.simulate.Draws.indicators``).
    methods
        Any of :data:`METHODS`.
    workers, executor
        Where model runs go (:func:`summitry.workflows.executors.open_executor`).
    trajectories, levels
        Morris design.
    n_resamples
        Bootstrap resamples of the Sobol' intervals.

    Raises
    ------
    SensitivityError
        For an unknown target or method (the message lists the names available).
    """
    chosen = _methods(methods)
    root = fresh_seed() if seed is None else check_seed(seed)
    scenario = loaded.scenario
    names = indicator_names(scenario)
    if target not in names:
        raise SensitivityError(
            f"unknown target {target!r}; expected one of {', '.join(names)}. "
            "Fix: pass --target with one of these indicator names"
        )
    space = sample_space(scenario)
    labels = column_names(space)
    n_sobol = sobol_base(draws)
    doc: dict[str, Any] = {
        "format": JSON_FORMAT,
        "summitry": __version__,
        "scenario": {"id": scenario.id, "sha256": loaded.sha256},
        "seed": root,
        "target": target,
        "competitors": competitors_of(target, names),
        "draws": int(draws),
        "methods": list(chosen),
        "inputs": list(labels),
        "model_runs": {},
        "sobol": None,
        "morris": None,
        "tornado": None,
        "inverse": None,
    }
    if doc["competitors"] is not None:
        doc["competitors"] = list(doc["competitors"])
    func = Indicators(scenario, (target,))
    k = space.dim
    with open_executor(executor, workers=workers) as ex:
        mapper: ChunkMapper = ex.map
        if "sobol" in chosen:
            s = sobol(
                func, k, n=n_sobol, seed=root, names=labels, mapper=mapper, n_resamples=n_resamples
            )
            doc["model_runs"]["sobol"] = s.evaluations
            doc["sobol_design"] = {
                "n": s.n,
                "mean": _r(s.mean),
                "variance": _r(s.variance),
                "constant": s.constant,
            }
            doc["sobol"] = [
                {
                    "input": i.name,
                    "S1": _r(i.s1),
                    "S1_95": _pair(i.s1_ci),
                    "ST": _r(i.st),
                    "ST_95": _pair(i.st_ci),
                }
                for i in sorted(s.indices, key=lambda i: -i.st)
            ]
        if "morris" in chosen:
            m = morris(
                func,
                k,
                trajectories=trajectories,
                levels=levels,
                seed=root,
                names=labels,
                mapper=mapper,
            )
            doc["model_runs"]["morris"] = m.evaluations
            doc["morris_design"] = {
                "trajectories": m.trajectories,
                "levels": m.levels,
                "delta": _r(m.delta),
            }
            doc["morris"] = [
                {"input": e.name, "mu_star": _r(e.mu_star), "mu": _r(e.mu), "sigma": _r(e.sigma)}
                for e in sorted(m.effects, key=lambda e: -e.mu_star)
            ]
        if "tornado" in chosen:
            base_p, bars = tornado(scenario, target, draws=draws, seed=root, mapper=mapper)
            doc["model_runs"]["tornado"] = draws * (2 * k + 1)
            doc["base_p"] = _r(base_p)
            doc["tornado"] = [
                {
                    "input": b.name,
                    "low": {"u": _r(b.low_u), "value": _r(b.low_value), "p": _r(b.low_p)},
                    "high": {"u": _r(b.high_u), "value": _r(b.high_value), "p": _r(b.high_p)},
                    "swing": _r(b.swing),
                }
                for b in sorted(bars, key=lambda b: -b.swing)
            ]
        if "inverse" in chosen:
            inv = inverse_search(scenario, target, draws=draws, seed=root, mapper=mapper)
            doc["model_runs"]["inverse"] = inv.evaluations
            doc["inverse"] = _inverse(inv)
    return doc


def sensitivity_file(
    path: str | Path,
    *,
    draws: int,
    seed: int | None = None,
    target: str = "settlement",
    methods: Sequence[str] = METHODS,
    workers: int = 1,
    executor: str = "local",
) -> tuple[LoadedScenario, dict[str, Any]]:
    """Load a scenario file and run :func:`run_sensitivity`; the loaded scenario and the dict."""
    loaded = load_scenario(path)
    doc = run_sensitivity(
        loaded,
        draws=draws,
        seed=seed,
        target=target,
        methods=methods,
        workers=workers,
        executor=executor,
    )
    return loaded, doc
