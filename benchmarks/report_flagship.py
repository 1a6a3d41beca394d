"""Benchmark: ``summitry report`` on the flagship, 10,000 draws (issue 5: <= 30 s on 2 cores).

Runs the command ``make run`` uses -- the flagship with 10,000 draws, seed 20261129 and the
what-if variants (every ``putin-trump-talks.v*.yaml`` and the best case; the soft-lines
ablation is left out: each of its draws solves a package LP, docs/benchmarks.md "Monte Carlo")
-- as a separate process (start-up and imports included), ``--runs`` times for 1 and 2
workers, and prints the median wall-clock seconds as a Markdown table, then the phase timings
of one in-process run (bargaining, GMCR, Monte Carlo, variants, sensitivity, document) and the
report's size. The CPU column (user + system time of the command and its worker processes)
shows what the run costs when the machine is shared with other work. Pin it to two cores with
``taskset -c 0,1``. Usage::

    .venv/bin/python benchmarks/report_flagship.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "putin-trump-talks.yaml"


def variants() -> list[Path]:
    """The variant files ``make run`` passes (best case and V1-V4b)."""
    stem = SCENARIO.with_suffix("")
    found = [*ROOT.glob(f"scenarios/{stem.name}.v*.yaml")]
    best = ROOT / "scenarios" / f"{stem.name}.best-case.yaml"
    return sorted([*found, *([best] if best.is_file() else [])])


def command(out: Path, draws: int, seed: int, workers: int) -> list[str]:
    """The ``summitry report`` command line."""
    cmd = [str(Path(sys.executable).with_name("summitry")), "report", str(SCENARIO)]
    cmd += ["--draws", str(draws), "--seed", str(seed), "--workers", str(workers)]
    for v in variants():
        cmd += ["--variants", str(v)]
    return [*cmd, "--out", str(out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261129)
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"machine: {platform.machine()}, {cpus} usable CPUs, Python "
        f"{platform.python_version()}, {platform.platform()}; {args.draws} draws, seed "
        f"{args.seed}, {len(variants())} variants, median of {args.runs} runs"
    )
    print()
    print("| workers | median wall s | min | max | median CPU s (user + sys) |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for workers in (1, 2):
            times, cpu = [], []
            for _ in range(args.runs):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(
                    command(out, args.draws, args.seed, workers),
                    check=True,
                    capture_output=True,
                    cwd=ROOT,
                )
                times.append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            print(
                f"| {workers} | {statistics.median(times):.1f} | {min(times):.1f} | "
                f"{max(times):.1f} | {statistics.median(cpu):.1f} |"
            )
        html = out / "report.html"
        md = out / "report.md"
        print()
        print(f"report.html {html.stat().st_size:,} bytes, report.md {md.stat().st_size:,} bytes")

    from summitry.workflows.report import build_report, render_report

    start = time.perf_counter()
    run = build_report(SCENARIO, draws=args.draws, seed=args.seed, variants=variants())
    render_report(run, ("html", "md"))
    total = time.perf_counter() - start
    phases = ", ".join(f"{k} {v:.2f} s" for k, v in run.timings.items())
    print(f"in-process, 1 worker: {total:.1f} s ({phases}; imports and rendering the rest)")


if __name__ == "__main__":
    main()
