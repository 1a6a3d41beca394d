r"""Bargaining solutions inside a non-empty zone: asymmetric Nash and Kalai--Smorodinsky.

Asymmetric Nash bargaining solution (Nash 1950; Kalai 1977 for the asymmetric form): with
bargaining powers :math:`\alpha_i` (capabilities normalised to sum to 1) and thresholds
:math:`r_i`,

.. math:: x^{N} = \arg\max_{x \in Z} \sum_i \alpha_i \log\bigl(U_i(x) - r_i\bigr).

For linear loss the programme is written with epigraph variables :math:`t_{ik} \ge |x_k - a_{ik}|`
(smooth, concave objective over a polytope) and solved with SLSQP from the max--min point.

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
from scipy.optimize import LinearConstraint, minimize

from summitry.engines.bargaining.lp import Spec, solve
from summitry.engines.bargaining.problem import BargainingProblem

__all__ = ["Solution", "kalai_smorodinsky", "nash_bargaining", "pareto_gap"]

FloatArray = NDArray[np.float64]
_MAX_DISCRETE_COMBOS = 512


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
    combos: list[tuple[tuple[int, float], ...]] = [()]
    if discrete:
        options = [[(k, v) for v in problem.choices[k] or ()] for k in discrete]
        combos = [
            tuple(c) for c in itertools.islice(itertools.product(*options), _MAX_DISCRETE_COMBOS)
        ]
    r_raw = problem.raw_thresholds(limited)
    best: Solution | None = None
    best_value = -np.inf
    for fixed in combos:
        start = solve(problem, Spec(free=free, objective="maxmin", fixed=fixed, limited=limited))
        if not start.feasible or start.value < -1e-7:
            continue
        if start.value <= 1e-7:
            sol = Solution(start.x, problem.utility(start.x), degenerate=True)
            value = -np.inf
        else:
            x = _nbs_continuous(problem, free - {k for k, _ in fixed}, start.x, alpha, r_raw)
            surplus = problem.raw_utility(x) - r_raw
            value = float(np.sum(alpha * np.log(np.maximum(surplus, 1e-300))))
            sol = Solution(x, problem.utility(x))
        if best is None or value > best_value:
            best, best_value = sol, value
    return best


def _nbs_continuous(
    p: BargainingProblem, free: frozenset[int], x0: FloatArray, alpha: FloatArray, r: FloatArray
) -> FloatArray:
    ks = sorted(free)
    n_x = len(ks)
    lo, hi = _box(p, frozenset(ks))
    base = np.array(x0, dtype=float)
    if p.quadratic:

        def utilities(z: FloatArray) -> FloatArray:
            x = base.copy()
            x[ks] = z[:n_x]
            return p.raw_utility(x)

        def objective(z: FloatArray) -> float:
            s = np.maximum(utilities(z) - r, 1e-12)
            return -float(np.sum(alpha * np.log(s)))

        def gradient(z: FloatArray) -> FloatArray:
            x = base.copy()
            x[ks] = z[:n_x]
            s = np.maximum(p.raw_utility(x) - r, 1e-12)
            du = p.weight[:, ks] * (-2.0 * (x[ks] - p.ideal[:, ks]) / 100.0)
            return -np.asarray((alpha / s) @ du, dtype=float)

        res = minimize(
            objective,
            base[ks],
            jac=gradient,
            bounds=list(zip(lo[ks], hi[ks], strict=True)),
            method="SLSQP",
            options={"ftol": 1e-14, "maxiter": 500},
        )
        out = base.copy()
        out[ks] = np.clip(res.x, lo[ks], hi[ks])
        return out
    # linear loss: variables z = [x_free, t (A x n_x)], U_i = const_i + sum_k w_ik (100 - t_ik)
    n_a = p.n_actors
    fixed_mask = np.ones(p.n_issues, dtype=bool)
    fixed_mask[ks] = False
    const = np.sum(p.weight[:, fixed_mask] * p.issue_utility(base)[:, fixed_mask], axis=1)
    w = p.weight[:, ks]

    def surplus_of(z: FloatArray) -> FloatArray:
        t = z[n_x:].reshape(n_a, n_x)
        return np.asarray(const + np.sum(w * (100.0 - t), axis=1) - r, dtype=float)

    def objective_lin(z: FloatArray) -> float:
        return -float(np.sum(alpha * np.log(np.maximum(surplus_of(z), 1e-12))))

    def gradient_lin(z: FloatArray) -> FloatArray:
        s = np.maximum(surplus_of(z), 1e-12)
        g = np.zeros_like(z)
        g[n_x:] = ((alpha / s)[:, None] * w).ravel()
        return g

    rows = []
    for i in range(n_a):
        for j in range(n_x):
            for sign in (1.0, -1.0):
                row = np.zeros(n_x + n_a * n_x)
                row[n_x + i * n_x + j] = 1.0
                row[j] = -sign
                rows.append((row, -sign * p.ideal[i, ks[j]]))
    A = np.array([r_[0] for r_ in rows])
    lb = np.array([r_[1] for r_ in rows])
    t0 = np.abs(base[ks][None, :] - p.ideal[:, ks])
    z0 = np.concatenate([base[ks], t0.ravel()])
    bounds = list(zip(lo[ks], hi[ks], strict=True)) + [(0.0, 200.0)] * (n_a * n_x)
    res = minimize(
        objective_lin,
        z0,
        jac=gradient_lin,
        bounds=bounds,
        constraints=[LinearConstraint(A, lb, np.inf)],
        method="SLSQP",
        options={"ftol": 1e-14, "maxiter": 1000},
    )
    out = base.copy()
    out[ks] = np.clip(res.x[:n_x], lo[ks], hi[ks])
    # the true utility can only exceed the epigraph bound; keep the start if SLSQP failed
    if np.any(p.raw_utility(out) - r < -1e-6):
        return base
    return out


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
