"""Benchmark: wall and CPU time of ``summitry analyze`` on the flagship scenario (whole command).

Runs the installed command as a subprocess ``--runs`` times and reports the median wall-clock and
CPU seconds, next to the time of merely starting Python and importing the CLI, so that the
analysis's own share is visible on a noisy machine. Usage::

    .venv/bin/python benchmarks/analyze_flagship.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scenario", default="scenarios/putin-trump-talks.yaml")
    args = parser.parse_args()
    cases = {
        "python + import summitry CLI": [sys.executable, "-c", "import summitry.cli.main"],
        f"summitry analyze {args.scenario}": [str(BIN / "summitry"), "analyze", args.scenario],
        "summitry analyze (soft-lines variant)": [
            str(BIN / "summitry"),
            "analyze",
            "scenarios/putin-trump-talks.soft-lines.yaml",
        ],
    }
    print(
        f"machine: {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    for name, cmd in cases.items():
        _run(cmd)  # warm the file cache
        samples = [_run(cmd) for _ in range(args.runs)]
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(f"{name}: median wall {wall:.2f} s, median CPU {cpu:.2f} s ({args.runs} runs)")


if __name__ == "__main__":
    main()
