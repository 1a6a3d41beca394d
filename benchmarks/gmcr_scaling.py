"""Scaling benchmark of the GMCR engine on synthetic conflicts (issue 3, ``gmcr.md`` section 8).

Conflicts: 2 or 3 DMs sharing 8-20 options as evenly as possible; preferences either random
strict rankings (a random permutation of the feasible states per DM, like gmcr-py's benchmark) or
random option-prioritisation statements; optionally random infeasible states (pairs of options
that exclude each other). Each configuration runs in a fresh subprocess ``--repeats`` times; the
table gives the median wall time per step and the median peak resident memory. SIM is timed up to
``--sim-max-options`` options (it is the one concept whose cost grows with both DMs' move counts).

Usage::

    python benchmarks/gmcr_scaling.py                    # the default grid, markdown table
    python benchmarks/gmcr_scaling.py --options 12 14 --dms 2 --repeats 5
    python benchmarks/gmcr_scaling.py --one 2 20 rank 0 0   # one run, JSON (used internally)
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from summitry.engines.gmcr.stability import analyse
from summitry.engines.gmcr.states import compile_conflict
from summitry.model.gmcr import And, Conflict, DecisionMaker, Expr, Lit, Option, Or
from summitry.rng import as_generator

# gmcr-py 0.4.1 figures from gmcr.md section 8 (one run each, shared 2-core VM): solve seconds
# for all five concepts, "-" where the 420 s cap stopped the run.
GMCR_PY_SOLVE_S = {
    (2, 8, "rank"): 0.2000,
    (2, 10, "rank"): 3.1715,
    (2, 12, "rank"): 37.8119,
    (3, 8, "rank"): 0.9448,
    (3, 10, "rank"): 4.6549,
    (3, 12, "rank"): 102.2637,
    (2, 8, "prio"): 0.1264,
    (2, 10, "prio"): 2.4879,
    (2, 12, "prio"): 45.0533,
    (3, 8, "prio"): 0.5458,
    (3, 10, "prio"): 3.8290,
    (3, 12, "prio"): 63.7549,
}


def synthetic(n_dms: int, n_options: int, prefs: str, infeasible: bool, seed: int) -> Conflict:
    """A random conflict; ``prefs`` is ``rank`` (rankings are set later) or ``prio``."""
    rng = as_generator(seed)
    sizes = [n_options // n_dms + (1 if k < n_options % n_dms else 0) for k in range(n_dms)]
    options: list[Option] = []
    dms: list[DecisionMaker] = []
    pos = 0
    for k, size in enumerate(sizes):
        options.extend(Option(name=f"o{pos + j}", dm=k) for j in range(size))
        statements: list[Expr] = []
        if prefs == "prio":
            for _ in range(int(rng.integers(4, 9))):
                lits = [
                    Lit(int(o), bool(rng.integers(2)))
                    for o in rng.choice(n_options, int(rng.integers(1, 3)), replace=False)
                ]
                conj = And(tuple(lits))
                if rng.random() < 0.3:
                    other = Lit(int(rng.integers(n_options)), bool(rng.integers(2)))
                    statements.append(Or((conj, other)))
                else:
                    statements.append(conj)
        dms.append(
            DecisionMaker(
                name=f"D{k}", options=tuple(range(pos, pos + size)), statements=tuple(statements)
            )
        )
        pos += size
    bad: tuple[Expr, ...] = ()
    if infeasible:
        pairs = rng.choice(n_options, size=(max(1, n_options // 4), 2), replace=True)
        bad = tuple(And((Lit(int(a)), Lit(int(b)))) for a, b in pairs if a != b)
    return Conflict(options=tuple(options), decision_makers=tuple(dms), infeasible=bad)


def one_run(
    n_dms: int, n_options: int, prefs: str, infeasible: bool, seed: int, sim_max: int
) -> dict[str, Any]:
    """Time one configuration in this process; return timings (s) and peak RSS (MiB)."""
    t0 = time.perf_counter()
    c = compile_conflict(synthetic(n_dms, n_options, prefs, infeasible, seed))
    if prefs == "rank":
        rng = as_generator(seed + 1)
        pay = np.vstack([rng.permutation(c.size) + 1 for _ in range(n_dms)]).astype(np.int64)
        pay.setflags(write=False)
        c = replace(c, payoffs=pay)
    out: dict[str, Any] = {"states": c.size, "load_s": time.perf_counter() - t0}
    counts: dict[str, int] = {}
    concepts = ["nash", "gmr", "seq", "smr"] + (["sim"] if n_options <= sim_max else [])
    for concept in concepts:
        t = time.perf_counter()
        res = analyse(c, concepts=(concept,))
        out[f"{concept}_s"] = time.perf_counter() - t
        counts[concept] = int(res.equilibria(concept).shape[0])
    out["solve_s"] = sum(out[f"{x}_s"] for x in concepts)
    out["eq"] = counts
    out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return (
        f"{cpu}, {os.cpu_count()} logical CPUs, Python {platform.python_version()}, "
        f"numpy {np.__version__}, {platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dms", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--options", type=int, nargs="+", default=[8, 10, 12, 14, 16, 18, 20])
    parser.add_argument("--prefs", nargs="+", default=["rank", "prio"])
    parser.add_argument("--infeasible", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--sim-max-options", type=int, default=16)
    parser.add_argument("--one", nargs=5, metavar=("DMS", "OPTIONS", "PREFS", "INFEASIBLE", "SEED"))
    args = parser.parse_args(argv)
    if args.one:
        d, n, p, inf, seed = args.one
        print(
            json.dumps(one_run(int(d), int(n), p, bool(int(inf)), int(seed), args.sim_max_options))
        )
        return
    print(f"Machine: {machine()}  ")
    print(
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; median of {args.repeats} runs, "
        f"each in a fresh process; seed {args.seed}  "
    )
    print()
    print(
        "| DMs | options | prefs | infeasible | states | load s | Nash s | GMR s | SEQ s | "
        "SMR s | SIM s | all s | peak MiB | gmcr-py solve s | speed-up | equilibria "
        "(Nash/GMR/SEQ/SMR/SIM) |"
    )
    print("|" + "---|" * 16)
    for d in args.dms:
        for p in args.prefs:
            for inf in args.infeasible:
                for n in args.options:
                    runs = []
                    for r in range(args.repeats):
                        cmd = [
                            sys.executable,
                            __file__,
                            "--one",
                            str(d),
                            str(n),
                            p,
                            str(inf),
                            str(args.seed + r),
                            "--sim-max-options",
                            str(args.sim_max_options),
                        ]
                        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
                        runs.append(json.loads(done.stdout))

                    def med(key: str, runs: list[dict[str, Any]] = runs) -> str:
                        vals = [x[key] for x in runs if key in x]
                        return f"{statistics.median(vals):.3g}" if vals else "-"

                    solve = statistics.median(x["solve_s"] for x in runs)
                    base = GMCR_PY_SOLVE_S.get((d, n, p)) if not inf else None
                    speed = f"{base / solve:.0f}x" if base else "-"
                    eq = runs[0]["eq"]
                    eqs = "/".join(
                        str(eq.get(x, "-")) for x in ("nash", "gmr", "seq", "smr", "sim")
                    )
                    print(
                        f"| {d} | {n} | {p} | {'yes' if inf else 'no'} | "
                        f"{int(statistics.median(x['states'] for x in runs))} | {med('load_s')}"
                        f" | {med('nash_s')} | {med('gmr_s')} | {med('seq_s')} | {med('smr_s')}"
                        f" | {med('sim_s')} | {solve:.3g} | {med('peak_mib')} | "
                        f"{base if base else '-'} | {speed} | {eqs} |",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
