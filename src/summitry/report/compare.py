"""A comparison of a base scenario and its variants as a plain-text table."""

from __future__ import annotations

from typing import Any

from summitry.engines.montecarlo.horizon import CATEGORIES as HORIZON_CATEGORIES
from summitry.engines.montecarlo.horizon import GROUPS
from summitry.engines.montecarlo.simulate import CATEGORIES as ZONE_CATEGORIES
from summitry.workflows.compare import probabilities

__all__ = ["render_text"]

_ROWS = (
    *HORIZON_CATEGORIES,
    *GROUPS,
    "talks_held",
    "ceasefire_agreed",
    "ceasefire_collapse_given_agreed",
    "substantive_given_talks",
    *(f"zone:{c}" for c in ZONE_CATEGORIES),
)


def _p(e: dict[str, Any] | None) -> str:
    return "   -  " if e is None or e["p"] is None else f"{e['p']:.3f}"


def _d(d: dict[str, Any] | None) -> str:
    if d is None or d["dp"] is None:
        return ""
    lo, hi = d["diff95"]
    mark = "*" if lo > 0 or hi < 0 else " "
    return f"{d['dp']:+.3f}{mark}"


def render_text(data: dict[str, Any]) -> str:
    """Rows: outcome probabilities; columns: the base, then each variant with its difference.

    A ``*`` marks a difference whose 95% interval excludes 0.
    """
    base = data["base"]
    cols = [base, *data["variants"]]
    probs = [probabilities(c["simulation"]) for c in cols]
    rows = [r for r in _ROWS if any(r in p for p in probs)]
    out = [
        (
            f"What-if comparison, seed {data['seed']} (repeat with --seed {data['seed']}), "
            f"{data['draws']} draws each ({data['method']})"
        ),
        "",
        *(f"  [{i}] {c['id']}: {c['title']}" for i, c in enumerate(cols)),
        "",
        f"{'probability':<34}" + "".join(f"{f'[{i}]':>17}" for i in range(len(cols))),
    ]
    for r in rows:
        cells = [f"{_p(probs[0].get(r)):>17}"]
        for c, p in zip(cols[1:], probs[1:], strict=True):
            cells.append(f"{_p(p.get(r)) + ' ' + _d(c['delta'].get(r)):>17}")
        out.append(f"{r:<34}" + "".join(cells))
    out += [
        "",
        (
            "Variant columns: probability and difference to [0]; * = 95% interval of the "
            "difference excludes 0."
        ),
    ]
    return "\n".join(out) + "\n"
