"""Benchmark: Monte Carlo throughput on the local executor and on a Dask cluster, 1 and 2 workers.

For the flagship (``scenarios/putin-trump-talks.yaml``: every draw decided by the vectorised
pre-screen) and its soft-lines variant (``putin-trump-talks.soft-lines.yaml``: every draw solves
the package program, the LP/MIP-bound path), times
:func:`summitry.workflows.montecarlo.run_simulation` in-process with

* ``local``, 1 worker (in-process) and 2 worker processes (forkserver pool, started per run);
* ``dask://127.0.0.1:PORT`` with 1 and then 2 single-threaded ``dask worker`` processes
  (``--no-nanny``) of a ``dask scheduler`` started here on a free port (the client connects per
  run, as ``summitry simulate --executor`` does).

Each configuration gets one warm-up run (imports on the workers), then ``--runs`` timed runs;
the table shows the median draws per second and the ratio to local 1 worker. Every run's JSON
must equal the local 1-worker JSON byte for byte (the script stops otherwise). Usage::

    .venv/bin/python benchmarks/montecarlo_dask.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from summitry.io.output import dumps
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.report.montecarlo import to_dict
from summitry.workflows.montecarlo import run_simulation

ROOT = Path(__file__).resolve().parents[1]
DASK = Path(sys.executable).parent / "dask"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workers(address: str) -> int:
    code = (
        "import warnings; warnings.simplefilter('ignore'); from distributed import Client;"
        f"c = Client({address!r}, timeout=5, set_as_default=False);"
        "print(len(c.scheduler_info()['workers'])); c.close()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return int(out.stdout.strip() or -1)


class Cluster:
    """A local ``dask scheduler`` whose workers are added one by one; stopped on exit."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs: list[subprocess.Popen[bytes]] = []

    def _start(self, *args: str) -> None:
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        self.procs.append(
            subprocess.Popen(
                [str(DASK), *args],
                cwd=self.work,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )

    def start_scheduler(self) -> None:
        self._start("scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard")

    def add_worker(self) -> None:
        k = len(self.procs)
        self._start(
            "worker",
            self.address,
            "--nthreads",
            "1",
            "--no-nanny",
            "--no-dashboard",
            "--name",
            f"w{k}",
            "--local-directory",
            str(self.work / f"w{k}"),
        )
        want = k  # the scheduler is procs[0]
        deadline = time.monotonic() + 60
        while _workers(self.address) != want:
            if time.monotonic() > deadline:
                raise SystemExit(f"dask worker {k} did not join {self.address}")
            time.sleep(0.5)

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in reversed(self.procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


@contextmanager
def cluster(work: Path) -> Iterator[Cluster]:
    c = Cluster(work)
    try:
        c.start_scheduler()
        yield c
    finally:
        c.stop()


def _time(
    loaded: LoadedScenario, draws: int, seed: int, runs: int, reference: str | None, **kw: object
) -> tuple[float, str]:
    """Median wall seconds of ``runs`` runs after one warm-up; the JSON of the last run."""
    run_simulation(loaded, draws=min(draws, 2048), seed=seed, **kw)  # type: ignore[arg-type]
    times = []
    text = ""
    for _ in range(runs):
        start = time.perf_counter()
        result = run_simulation(loaded, draws=draws, seed=seed, **kw)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
        text = dumps(to_dict(result))
        if reference is not None and text != reference:
            bad = Path("/tmp") / "summitry-dask-bench-mismatch.json"
            bad.write_text(text, encoding="utf-8")
            bad.with_suffix(".ref.json").write_text(reference, encoding="utf-8")
            raise SystemExit(f"results differ from the local 1-worker run with {kw}: see {bad}")
    return statistics.median(times), text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--flagship-draws", type=int, default=102_400)
    parser.add_argument("--lp-draws", type=int, default=8192)
    parser.add_argument("--work", default="/tmp/summitry-dask-bench")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    cases = [
        ("flagship", "scenarios/putin-trump-talks.yaml", args.flagship_draws),
        ("soft-lines (LP path)", "scenarios/putin-trump-talks.soft-lines.yaml", args.lp_draws),
    ]
    loaded = {name: load_scenario(ROOT / path) for name, path, _ in cases}
    rows: dict[tuple[str, str], float] = {}
    refs: dict[str, str] = {}
    for name, _, draws in cases:
        t, refs[name] = _time(loaded[name], draws, args.seed, args.runs, None)
        rows[name, "local, 1 worker"] = draws / t
        t, _ = _time(loaded[name], draws, args.seed, args.runs, refs[name], workers=2)
        rows[name, "local, 2 workers"] = draws / t
    with cluster(work) as c:
        for n in (1, 2):
            c.add_worker()
            executor = f"dask://127.0.0.1:{c.port}"
            for name, _, draws in cases:
                t, _ = _time(
                    loaded[name], draws, args.seed, args.runs, refs[name], executor=executor
                )
                rows[name, f"Dask, {n} worker{'s' if n > 1 else ''}"] = draws / t
    print(
        f"# {time.strftime('%Y-%m-%d')}; {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
        f"seed {args.seed}, method mc, median of {args.runs} runs after a warm-up; "
        "JSON identical in every configuration"
    )
    print()
    print("| scenario | draws | executor | draws/s | vs local 1 |")
    print("|---|---:|---|---:|---:|")
    for name, _, draws in cases:
        base = rows[name, "local, 1 worker"]
        for (case, ex), rate in rows.items():
            if case == name:
                print(f"| {name} | {draws:,} | {ex} | {rate:,.0f} | {rate / base:.2f}x |")


if __name__ == "__main__":
    main()
