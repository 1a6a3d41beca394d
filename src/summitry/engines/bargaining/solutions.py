r"""Bargaining solutions inside a non-empty zone: asymmetric Nash and Kalai--Smorodinsky.

Asymmetric Nash bargaining solution (Nash 1950; Kalai 1977 for the asymmetric form): with
bargaining powers :math:`\alpha_i` (capabilities normalised to sum to 1) and thresholds
:math:`r_i`,

.. math:: x^{N} = \arg\max_{x \in Z} \sum_i \alpha_i \log\bigl(U_i(x) - r_i\bigr).

The objective is concave in the surpluses, which are linear in the LP variables (:mod:`.lp`), so
it is maximised by damped Newton steps, each a convex QP over the exact zone constraints (HiGHS).

Kalai--Smorodinsky (Kalai & Smorodinsky 1975): with :math:`M_i = \max_{x \in Z} U_i(x)`, the point
of :math:`Z` maximising :math:`\lambda` subject to :math:`U_i(x) - r_i \ge \lambda (M_i - r_i)` for
all :math:`i` (an LP), refined lexicographically by the largest sum of utilities so that it is
Pareto-efficient with more than two actors.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from summitry.engines.bargaining.lp import Spec, solve
from summitry.engines.bargaining.problem import BargainingProblem

__all__ = ["Solution", "kalai_smorodinsky", "nash_bargaining", "pareto_gap"]

FloatArray = NDArray[np.float64]
_MAX_DISCRETE_COMBOS = 4096


@dataclass(frozen=True, slots=True)
class Solution:
    """A point of the zone with each signatory's utility (in its own units)."""

    x: FloatArray
    utility: FloatArray
    degenerate: bool = False


def _powers(p: BargainingProblem) -> FloatArray:
    cap = np.asarray(p.capability, dtype=float)
    total = cap.sum()
    if total <= 0:
        return np.full(p.n_actors, 1.0 / p.n_actors)
    out: FloatArray = cap / total
    return out


def _box(p: BargainingProblem, free: frozenset[int]) -> tuple[FloatArray, FloatArray]:
    lo, hi = p.hard_box()
    lo_all, hi_all = np.array(p.disagreement, dtype=float), np.array(p.disagreement, dtype=float)
    for k in free:
        lo_all[k], hi_all[k] = lo[k], hi[k]
    return lo_all, hi_all


def nash_bargaining(
    problem: BargainingProblem,
    free: frozenset[int],
    powers: FloatArray | None = None,
    *,
    limited: bool = False,
) -> Solution | None:
    """Asymmetric Nash bargaining solution over the zone of the issues in ``free``.

    Returns ``None`` when the zone is empty; a ``degenerate`` solution (the max--min point) when
    some signatory cannot gain anything in the zone.
    """
    alpha = _powers(problem) if powers is None else np.asarray(powers, dtype=float)
    discrete = [k for k in sorted(free) if problem.choices[k] is not None]
    options = [[(k, v) for v in problem.choices[k] or ()] for k in discrete]
    best: Solution | None = None
    best_value = -np.inf
    # indivisible issues: the Newton step needs continuous variables, so try every combination
    for fixed in itertools.islice(itertools.product(*options), _MAX_DISCRETE_COMBOS):
        start = solve(problem, Spec(free=free, objective="maxmin", fixed=fixed, limited=limited))
        if not start.feasible or start.value < -1e-7:
            continue
        if start.value <= 1e-7:
            candidate, value = Solution(start.x, problem.utility(start.x), degenerate=True), -np.inf
        else:
            res = solve(
                problem,
                Spec(
                    free=free,
                    objective="nash",
                    fixed=fixed,
                    weights_of_surplus=tuple(float(a) for a in alpha),
                    limited=limited,
                ),
            )
            x = res.x if res.feasible else start.x
            candidate, value = Solution(x, problem.utility(x)), float(res.value)
        if best is None or value > best_value:
            best, best_value = candidate, value
    return best


def kalai_smorodinsky(
    problem: BargainingProblem, free: frozenset[int], *, limited: bool = False
) -> Solution | None:
    """Kalai--Smorodinsky point of the zone of ``free`` (``None`` when the zone is empty)."""
    r = problem.raw_thresholds(limited)
    best = np.empty(problem.n_actors)
    for i in range(problem.n_actors):
        res = solve(problem, Spec(free=free, objective="actor", target=i, limited=limited))
        if not res.feasible:
            return None
        best[i] = problem.raw_utility(res.x)[i]
    span = best - r
    if np.any(span <= 1e-9):
        res = solve(problem, Spec(free=free, objective="maxmin", limited=limited))
        if not res.feasible:
            return None
        return Solution(res.x, problem.utility(res.x), degenerate=True)
    lam = solve(
        problem,
        Spec(
            free=free,
            objective="maxmin",
            weights_of_surplus=tuple(float(v) for v in span),
            limited=limited,
        ),
    )
    if not lam.feasible:
        return None
    floors = tuple((i, float(r[i] + lam.value * span[i] - 1e-9)) for i in range(problem.n_actors))
    final = solve(problem, Spec(free=free, objective="sum", raw_floor=floors, limited=limited))
    x = final.x if final.feasible else lam.x
    return Solution(x, problem.utility(x))


def pareto_gap(
    problem: BargainingProblem, free: frozenset[int], x: FloatArray, *, limited: bool = False
) -> float:
    """How much the sum of raw utilities can rise in the zone without lowering anyone's (>= 0)."""
    u = problem.raw_utility(x)
    floors = tuple((i, float(u[i] - 1e-9)) for i in range(problem.n_actors))
    res = solve(problem, Spec(free=free, objective="sum", raw_floor=floors, limited=limited))
    if not res.feasible:
        return 0.0
    return max(0.0, float(np.sum(problem.raw_utility(res.x)) - np.sum(u)))
