"""Benchmark: spatial models against the peers' recorded timings (docs/benchmarks.md).

Runs Stokman's exchange model on Decide's cop21 (15 actors x 13 issues) and copenhagen
(11 x 7) data for 10 rounds, in Decide-exact decimal arithmetic (the default, which reproduces
Decide's deterministic trajectories) and in binary floating point, plus the closed-form
baselines and the expected-utility model on the EU example. Prints a Markdown table with the
peers' timings recorded on a 2-core machine (design note bargaining-models.md §1.5): Decide
2025.3.1, model only (API), 10 rounds: cop21 17.5 s, copenhagen 2.7 s.

Usage: ``.venv/bin/python benchmarks/spatial_exchange.py [--repeat N]``
(needs ``../shared/peers/decide``).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from summitry.engines.spatial.eum import run_eum
from summitry.engines.spatial.exchange import run_exchange
from summitry.workflows.spatial import forecast, load_any, spatial_data

PEERS = Path(__file__).resolve().parents[1] / ".." / "shared" / "peers" / "decide"
DECIDE_MODEL_S = {"cop21": 17.5, "copenhagen": 2.7}


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Smallest wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    """Run the benchmarks and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, best of {args.repeat}"
    )
    print()
    print("| task | summitry | peer (recorded) | speed-up |")
    print("|---|---|---|---|")
    for name in ("cop21", "copenhagen"):
        scenario = load_any(PEERS / f"{name}.csv")
        d = spatial_data(scenario)
        for arith in ("decimal", "float"):
            t = best_of(
                lambda d=d, arith=arith: run_exchange(
                    d.positions,
                    d.salience,
                    d.power,
                    rounds=10,
                    arithmetic=arith,
                    sum_order=d.sum_order,
                ),
                args.repeat,
            )
            peer = DECIDE_MODEL_S[name]
            print(
                f"| exchange model, {name}, 10 rounds, {arith} | {t:.2f} s | Decide {peer} s "
                f"| {peer / t:.1f}x |"
            )
        t = best_of(
            lambda s=scenario: [forecast(s, m) for m in ("mean", "median", "nbs")], args.repeat
        )
        print(f"| mean + median + NBS, {name} | {t * 1000:.1f} ms | - | - |")
    c = np.array([0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08])
    x = np.array([4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0])
    s = np.array([80, 40, 20, 80, 60, 60, 90, 10, 100, 70]) / 100.0
    t = best_of(lambda: run_eum(x, c, s, rounds=10), args.repeat)
    print(f"| EUM, EU emissions (10 actors), 10 rounds | {t * 1000:.1f} ms | - | - |")


if __name__ == "__main__":
    main()
