"""Benchmark: KTAB's spatial model of politics (SMP) against KTAB's recorded timings.

Runs summitry's deterministic SMP on KTAB's bundled inputs and prints a Markdown table beside
the wall times recorded for KTAB's C++ ``smpc`` (Debug build, KTAB's default) on a 2-core
machine (design note bargaining-models.md §2.4; ``../shared/peers/ktab/reference.json``).

Usage: ``.venv/bin/python benchmarks/spatial_smp.py [--repeat N] [--skip-a080]``
(needs ``../shared/peers/ktab``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from summitry.engines.spatial.smp import run_smp
from summitry.io.ktab import read_ktab

PEERS = Path(__file__).resolve().parents[1] / ".." / "shared" / "peers" / "ktab"


def main() -> None:
    """Run the benchmarks and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-a080", action="store_true", help="skip the 80-actor input")
    args = parser.parse_args()
    runs = json.loads((PEERS / "reference.json").read_text())["runs"]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, best of {args.repeat}"
    )
    print()
    print("| input | actors x dims | turns | summitry | KTAB smpc (recorded) | ratio |")
    print("|---|---|---|---|---|---|")
    for name, run in runs.items():
        if args.skip_a080 and name == "dummyData-a080.csv":
            continue
        data = read_ktab(PEERS / name)
        x = np.array([a.position for a in data.actors])
        s = np.array([a.salience for a in data.actors])
        c = np.array([a.capability for a in data.actors])
        best, turns = float("inf"), 0
        for _ in range(args.repeat if name != "dummyData-a080.csv" else 1):
            t0 = time.perf_counter()
            res = run_smp(x, s, c)
            best = min(best, time.perf_counter() - t0)
            turns = res.turns
        peer = float(run["wall_s"])
        print(
            f"| {name} | {len(data.actors)} x {len(data.dimensions)} | {turns} "
            f"(KTAB {run['turns']}) | {best:.2f} s | {peer:g} s | {peer / best:.1f}x faster |"
        )


if __name__ == "__main__":
    main()
