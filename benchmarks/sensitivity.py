"""Benchmark: ``summitry sensitivity``'s methods on the flagship scenario, 1 and 2 workers.

Times :func:`summitry.workflows.sensitivity.run_sensitivity` in-process (the scenario is loaded
once) for each method alone, ``--runs`` times after one warm-up run, and prints the median
wall-clock seconds, the model runs and the runs per second as a Markdown table; then the Sobol'
wrapper on the Ishigami function (no scenario: the estimator's own cost, including the BCa
bootstrap). Usage::

    .venv/bin/python benchmarks/sensitivity.py --runs 3
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import time
from pathlib import Path

import numpy as np

from summitry.engines.montecarlo.sensitivity import sobol
from summitry.io.scenario import load_scenario
from summitry.workflows.sensitivity import METHODS, run_sensitivity

ROOT = Path(__file__).resolve().parents[1]


def _ishigami(u: np.ndarray) -> np.ndarray:
    x = -math.pi + 2.0 * math.pi * u
    return np.asarray(
        np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--draws", type=int, default=1024)
    parser.add_argument("--target", default="lasting_peace_proxy")
    parser.add_argument("--scenario", default="scenarios/putin-trump-talks.yaml")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    loaded = load_scenario(ROOT / args.scenario)
    run_sensitivity(loaded, draws=64, seed=args.seed, target=args.target)  # warm-up: imports
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, {platform.platform()}; {args.scenario}, target "
        f"{args.target}, {args.draws} draws, seed {args.seed}, median of {args.runs} runs"
    )
    print()
    print("| method | workers | model runs | median wall s | runs/s |")
    print("|---|---:|---:|---:|---:|")
    for method in METHODS:
        for workers in args.workers:
            times = []
            runs = 0
            for _ in range(args.runs):
                start = time.perf_counter()
                doc = run_sensitivity(
                    loaded,
                    draws=args.draws,
                    seed=args.seed,
                    target=args.target,
                    methods=[method],
                    workers=workers,
                )
                times.append(time.perf_counter() - start)
                runs = int(doc["model_runs"][method])
            med = statistics.median(times)
            print(f"| {method} | {workers} | {runs:,} | {med:.2f} | {runs / med:,.0f} |")
    print()
    print("| Ishigami, Sobol' n | model runs | median wall s (incl. 999-resample BCa bootstrap) |")
    print("|---:|---:|---:|")
    for n in (1024, 4096):
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            res = sobol(_ishigami, 3, n=n, seed=args.seed)
            times.append(time.perf_counter() - start)
        print(f"| {n} | {res.evaluations:,} | {statistics.median(times):.2f} |")


if __name__ == "__main__":
    main()
