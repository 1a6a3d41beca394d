"""Monte Carlo workflow: load a scenario, run :func:`~summitry.engines.montecarlo.simulate`.

Blocks of draws go through a :class:`concurrent.futures.Executor`: in-process when
``workers == 1``, else a :class:`~concurrent.futures.ProcessPoolExecutor` started with the
``forkserver`` context (``spawn`` where forkserver is unavailable), never ``fork`` (threads of
rich and of the caller must not be copied into children; Python 3.14 changes the default).
Because every block's draws depend on the seed and the block number only, and blocks are
combined in block order, the result is identical for any number of workers. A caller may pass
its own executor (anything with ``Executor.map``); the bargaining LP uses a fresh HiGHS instance
for every programme (:func:`summitry.engines.bargaining.lp.solve`), so thread pools are safe too.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from summitry.engines.montecarlo.sampler import Method, MonteCarloError, check_seed
from summitry.engines.montecarlo.simulate import Mapper, Simulation, simulate
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.rng import fresh_seed

__all__ = ["MonteCarloRun", "run_simulation", "simulate_file"]


@dataclass(frozen=True)
class MonteCarloRun:
    """A finished Monte Carlo run with what a report needs (timing is not part of the JSON)."""

    loaded: LoadedScenario
    simulation: Simulation
    workers: int
    seconds: float


_PRELOAD = ["summitry.engines.montecarlo.simulate", "scipy.stats"]
"""Modules the fork server imports once, so that each worker starts without importing them."""


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - platforms without fork


def run_simulation(
    loaded: LoadedScenario,
    *,
    draws: int,
    seed: int | None = None,
    workers: int = 1,
    method: str | Method = Method.MC,
    eps: float | None = None,
    executor: Executor | None = None,
) -> MonteCarloRun:
    """Run the Monte Carlo of a loaded scenario (``seed=None``: a fresh seed, recorded)."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise MonteCarloError(
            f"workers must be a positive integer, got {workers!r}. Fix: pass e.g. --workers 2"
        )
    root = fresh_seed() if seed is None else check_seed(seed)
    start = time.perf_counter()

    def run(mapper: Mapper | None) -> Simulation:
        return simulate(
            loaded.scenario,
            seed=root,
            max_draws=draws,
            method=method,
            eps=eps,
            mapper=mapper,
            # with a stopping rule, few blocks ahead of the check; else larger rounds
            blocks_per_round=(2 if eps is not None else 16) * workers,
        )

    if executor is not None:
        sim = run(executor.map)
    elif workers == 1:
        sim = run(None)
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            sim = run(pool.map)
    return MonteCarloRun(loaded, sim, workers, time.perf_counter() - start)


def simulate_file(
    path: str | Path,
    *,
    draws: int,
    seed: int | None = None,
    workers: int = 1,
    method: str | Method = Method.MC,
    eps: float | None = None,
) -> MonteCarloRun:
    """Load a scenario file and run its Monte Carlo (see :func:`run_simulation`)."""
    return run_simulation(
        load_scenario(path), draws=draws, seed=seed, workers=workers, method=method, eps=eps
    )
