"""Monte Carlo workflow: load a scenario, run :func:`~summitry.engines.montecarlo.simulate`.

Blocks of draws go through an executor opened by :func:`summitry.workflows.executors.open_executor`:
``"local"`` (in-process for one worker, a forkserver process pool for more) or
``"dask://HOST:PORT"`` (a Dask distributed cluster). Because every block's draws depend on the
seed and the block number only, and blocks are combined in block order, the result is identical
for any executor and any number of workers. A caller may also pass its own executor (anything
with an in-order ``map``, e.g. a :class:`concurrent.futures.Executor`); the bargaining LP uses a
fresh HiGHS instance for every programme (:func:`summitry.engines.bargaining.lp.solve`), so
thread pools are safe too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from summitry.engines.montecarlo.sampler import Method, MonteCarloError, check_seed
from summitry.engines.montecarlo.simulate import Simulation, simulate
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.rng import fresh_seed
from summitry.workflows.executors import DEFAULT_TIMEOUT, Mapper, open_executor

__all__ = ["MonteCarloRun", "Progress", "run_simulation", "simulate_file"]

Progress = Callable[[int, int], None]
"""``progress(done, max_draws)``, called after each block is counted."""


@dataclass(frozen=True)
class MonteCarloRun:
    """A finished Monte Carlo run with what a report needs (timing is not part of the JSON)."""

    loaded: LoadedScenario
    simulation: Simulation
    workers: int
    seconds: float
    executor: str = "local"


def run_simulation(
    loaded: LoadedScenario,
    *,
    draws: int,
    seed: int | None = None,
    workers: int = 1,
    method: str | Method = Method.MC,
    eps: float | None = None,
    executor: str | Mapper = "local",
    progress: Progress | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> MonteCarloRun:
    """Run the Monte Carlo of a loaded scenario (``seed=None``: a fresh seed, recorded).

    Parameters
    ----------
    loaded
        The scenario.
    draws
        Number of draws (the maximum with ``eps``).
    seed
        Root seed; ``None`` draws a fresh one (stored in the result).
    workers
        Local worker processes (1: in-process); must be 1 with a Dask executor.
    method, eps
        Sampling design and stopping rule (:func:`~summitry.engines.montecarlo.simulate`).
    executor
        ``"local"``, ``"dask://HOST:PORT"``, or an object with an in-order ``map``.
    progress
        ``progress(done, max_draws)`` after each block.
    timeout
        Seconds to wait for a Dask scheduler (and its first worker).

    Raises
    ------
    MonteCarloError
        For bad options.
    summitry.workflows.executors.ExecutorError
        For a malformed executor spec, an unreachable Dask scheduler or a missing dask install.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise MonteCarloError(
            f"workers must be a positive integer, got {workers!r}. Fix: pass e.g. --workers 2"
        )
    root = fresh_seed() if seed is None else check_seed(seed)
    start = time.perf_counter()

    def run(mapper: Mapper | None, slots: int) -> Simulation:
        return simulate(
            loaded.scenario,
            seed=root,
            max_draws=draws,
            method=method,
            eps=eps,
            mapper=mapper.map if mapper is not None else None,
            # with a stopping rule, few blocks ahead of the check; else larger rounds
            blocks_per_round=(2 if eps is not None else 16) * slots,
            progress=progress,
        )

    if not isinstance(executor, str):
        sim = run(executor, workers)
        return MonteCarloRun(loaded, sim, workers, time.perf_counter() - start, "custom")
    with open_executor(executor, workers=workers, timeout=timeout) as ex:
        sim = run(ex, ex.workers)
        name, slots = str(ex.spec), ex.workers
    return MonteCarloRun(loaded, sim, slots, time.perf_counter() - start, name)


def simulate_file(
    path: str | Path,
    *,
    draws: int,
    seed: int | None = None,
    workers: int = 1,
    method: str | Method = Method.MC,
    eps: float | None = None,
    executor: str = "local",
    progress: Progress | None = None,
) -> MonteCarloRun:
    """Load a scenario file and run its Monte Carlo (see :func:`run_simulation`)."""
    return run_simulation(
        load_scenario(path),
        draws=draws,
        seed=seed,
        workers=workers,
        method=method,
        eps=eps,
        executor=executor,
        progress=progress,
    )
