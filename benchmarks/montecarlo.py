"""Benchmark: ``summitry simulate``'s engine on the flagship scenario, 1 and 2 worker processes.

Times :func:`summitry.workflows.montecarlo.run_simulation` in-process (the scenario is loaded
once; the time includes starting the process pool for 2 workers) at 10,000 and 100,000 draws,
``--runs`` times each after one warm-up run, and prints the median wall-clock seconds and draws
per second as a Markdown table, plus one run of the soft-lines variant, where every draw needs
the package program (the LP path), then the flagship's probabilities with their seed. The fork
server started by the first 2-worker run (timed separately) is reused by later pools of the
same process. Usage::

    .venv/bin/python benchmarks/montecarlo.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from summitry.io.scenario import load_scenario
from summitry.report.montecarlo import render_text
from summitry.workflows.montecarlo import run_simulation

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--method", default="mc")
    parser.add_argument("--scenario", default="scenarios/putin-trump-talks.yaml")
    parser.add_argument("--lp-draws", type=int, default=2048)
    args = parser.parse_args()
    loaded = load_scenario(ROOT / args.scenario)
    run_simulation(loaded, draws=2048, seed=args.seed, method=args.method)  # warm-up: imports
    start = time.perf_counter()  # the first pool of a process also starts the fork server
    run_simulation(loaded, draws=10_000, seed=args.seed, workers=2, method=args.method)
    cold = time.perf_counter() - start
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.platform()}; method {args.method}, "
        f"seed {args.seed}, median of {args.runs} runs"
    )
    print(f"first 2-worker run of 10,000 draws (fork server start included): {cold:.2f} s")
    print()
    print("| draws | workers | median wall s | draws/s | package LPs |")
    print("|---:|---:|---:|---:|---:|")
    last = None
    for draws in (10_000, 100_000):
        for workers in (1, 2):
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                last = run_simulation(
                    loaded, draws=draws, seed=args.seed, workers=workers, method=args.method
                )
                times.append(time.perf_counter() - start)
            med = statistics.median(times)
            print(
                f"| {draws:,} | {workers} | {med:.2f} | {draws / med:,.0f} | "
                f"{last.simulation.tally.programs} |"
            )
    # the LP path: in the soft-lines ablation no draw is decided by the pre-screen
    soft = load_scenario(ROOT / "scenarios" / "putin-trump-talks.soft-lines.yaml")
    for workers in (1, 2):
        start = time.perf_counter()
        run = run_simulation(
            soft, draws=args.lp_draws, seed=args.seed, workers=workers, method=args.method
        )
        wall = time.perf_counter() - start
        print(
            f"| {args.lp_draws:,} (soft-lines variant, one run) | {workers} | {wall:.2f} | "
            f"{args.lp_draws / wall:,.0f} | {run.simulation.tally.programs} |"
        )
    if last is not None:
        print()
        print(render_text(last))


if __name__ == "__main__":
    main()
