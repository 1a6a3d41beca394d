r"""Linear programmes over a bargaining problem, solved exactly with HiGHS (highspy).

Variables are the issue values :math:`x_k` plus, for linear loss, one epigraph variable
:math:`t_{ik} \ge |x_k - a_{ik}|` per signatory and salient issue, so that
:math:`U_i(x) \ge \sum_k w_{ik}(100 - t_{ik})` with equality at an optimum: the acceptance
constraint :math:`U_i(x) \ge r_i` is then exactly linear. Quadratic loss is handled by Kelley's
cutting planes: tangents of the concave :math:`u` over-estimate it, so an infeasible relaxation
proves infeasibility, and cuts are added at each candidate until it satisfies the true constraint.
Indivisible issues pick one anchor through binary selectors (a MILP).

Constraint *groups* (a red line, an actor's acceptance, a ratifier's condition) can be switched
off or relaxed with slack, which the diagnosis uses (irreducible infeasible subsets, smallest
changes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

import highspy
import numpy as np
from numpy.typing import NDArray

from summitry.engines.bargaining.problem import BargainingProblem

__all__ = ["Group", "LPResult", "Spec", "groups_of", "solve"]

FloatArray = NDArray[np.float64]
_MAX_CUT_ROUNDS = 60


@dataclass(frozen=True, slots=True)
class Group:
    """An identifiable constraint group: ``hard`` line n, ``accept`` of actor i, ``ratify`` n."""

    kind: str
    index: tuple[int, ...]


def groups_of(problem: BargainingProblem) -> list[Group]:
    """Every constraint group of ``problem`` (hard lines, acceptances, ratifier conditions)."""
    out = [Group("hard", (n,)) for n in range(len(problem.hard))]
    out += [Group("accept", (i,)) for i in range(problem.n_actors)]
    out += [Group("ratify", (n,)) for n in range(len(problem.ratifier_bounds))]
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Spec:
    """What to optimise and which constraints are active.

    Attributes
    ----------
    free
        Issues the agreement settles; the others stay at the disagreement outcome.
    objective
        ``"maxmin"``: maximise the smallest surplus ``U_i - r_i`` (each divided by its weight in
        ``weights_of_surplus``, if given);
        ``"issue"``: minimise (``sense=1``) or maximise (``-1``) ``x[target]``;
        ``"actor"``: maximise ``U_target``; ``"sum"``: maximise the sum of utilities;
        ``"slack"``: minimise the total slack of the relaxed groups;
        ``"nash"``: maximise ``sum_i alpha_i log(U_i - r_i)`` (alphas in ``weights_of_surplus``)
        by damped Newton steps, each a convex QP over the exact constraints.
    off
        Groups switched off. ``relax``: groups given a non-negative slack (cost 1 per unit).
    raw_floor
        Extra lower bounds on the raw 0-100 utility ``U_i`` (actor index -> value).
    fixed
        Issues fixed at a value (overrides ``free``).
    limited
        A limited deal that does not end the conflict (thresholds ``U_i(D)``), instead of a
        comprehensive settlement (thresholds ``r_i``).
    """

    free: frozenset[int]
    objective: str = "maxmin"
    target: int = 0
    sense: float = 1.0
    off: frozenset[Group] = frozenset()
    relax: frozenset[Group] = frozenset()
    raw_floor: tuple[tuple[int, float], ...] = ()
    fixed: tuple[tuple[int, float], ...] = ()
    limited: bool = False
    weights_of_surplus: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class LPResult:
    """Outcome of one programme: feasibility, optimum, the outcome vector and group slacks."""

    feasible: bool
    value: float
    x: FloatArray
    slack: dict[Group, float] = field(default_factory=dict)


class _Builder:
    def __init__(self) -> None:
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integer: list[int] = []
        self.meaning: list[tuple[str, int, int]] = []
        self.rows: list[dict[int, float]] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []

    def var(
        self,
        lo: float,
        hi: float,
        integer: bool = False,
        meaning: tuple[str, int, int] = ("", 0, 0),
    ) -> int:
        self.meaning.append(meaning)
        self.lb.append(lo)
        self.ub.append(hi)
        self.integer.append(1 if integer else 0)
        return len(self.lb) - 1

    def row(self, coef: dict[int, float], lo: float, hi: float) -> None:
        self.rows.append(coef)
        self.row_lo.append(lo)
        self.row_hi.append(hi)

    def solve(
        self, c: dict[int, float] | FloatArray, hessian: FloatArray | None = None
    ) -> tuple[bool, float, FloatArray]:
        """Minimise ``c.z (+ z'Hz/2)`` over the rows and bounds; return (optimal, value, z)."""
        n, m = len(self.lb), len(self.rows)
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, m
        if isinstance(c, dict):
            cost = np.zeros(n)
            for j, v in c.items():
                cost[j] += v
        else:
            cost = np.asarray(c, dtype=float)
        inf = highspy.kHighsInf
        lp.col_cost_ = cost
        lp.col_lower_ = np.clip(np.array(self.lb, dtype=float), -inf, inf)
        lp.col_upper_ = np.clip(np.array(self.ub, dtype=float), -inf, inf)
        lp.row_lower_ = np.clip(np.array(self.row_lo, dtype=float), -inf, inf)
        lp.row_upper_ = np.clip(np.array(self.row_hi, dtype=float), -inf, inf)
        # row-wise sparse matrix
        starts, index, value = [0], [], []
        for coef in self.rows:
            for j, v in coef.items():
                if v != 0.0:
                    index.append(j)
                    value.append(v)
            starts.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(value, dtype=float)
        if any(self.integer):
            lp.integrality_ = [
                highspy.HighsVarType.kInteger if t else highspy.HighsVarType.kContinuous
                for t in self.integer
            ]
        solver = _highs()
        if hessian is None:
            solver.passModel(lp)
        else:
            model = highspy.HighsModel()
            model.lp_ = lp
            hess = highspy.HighsHessian()
            hess.dim_ = n
            hess.format_ = highspy.HessianFormat.kTriangular
            lower = np.tril(hessian)
            h_start, h_index, h_value = [0], [], []
            for j in range(n):
                rows = np.nonzero(lower[j:, j])[0] + j
                h_index.extend(rows.tolist())
                h_value.extend(lower[rows, j].tolist())
                h_start.append(len(h_index))
            hess.start_ = np.array(h_start, dtype=np.int32)
            hess.index_ = np.array(h_index, dtype=np.int32)
            hess.value_ = np.array(h_value, dtype=float)
            model.hessian_ = hess
            solver.passModel(model)
        solver.run()
        if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return False, float("nan"), np.full(n, np.nan)
        x = np.asarray(solver.getSolution().col_value, dtype=float)
        return True, float(cost @ x), x


def _highs() -> highspy.Highs:
    """A fresh, silent HiGHS instance (60 microseconds): no state is shared between solves,
    so results do not depend on what was solved before, and threads may solve concurrently."""
    # the core class: the Python wrapper prints a banner on stdout when constructed
    solver: highspy.Highs = highspy._Highs()  # type: ignore[attr-defined]
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("qp_regularization_value", 1e-12)
    solver.setOptionValue("threads", 1)
    return solver


def _u_and_slope(x0: float, a: float) -> tuple[float, float]:
    """Quadratic issue utility ``100 - (x0 - a)^2 / 100`` and its derivative at ``x0``."""
    return 100.0 - (x0 - a) ** 2 / 100.0, -2.0 * (x0 - a) / 100.0


def solve(problem: BargainingProblem, spec: Spec) -> LPResult:
    """Solve one programme of ``spec`` over ``problem`` exactly (see module docstring)."""
    if spec.objective == "nash" and problem.quadratic:
        return _nash_quadratic(problem, spec)
    cuts: dict[tuple[int, int], list[float]] = {}
    for _ in range(_MAX_CUT_ROUNDS):
        result, violated = _solve_once(problem, spec, cuts)
        if not result.feasible or not violated:
            return result
        for key, x0 in violated:
            cuts.setdefault(key, []).append(x0)
    return result


def _damped_newton(
    b: _Builder,
    z: FloatArray,
    value: Callable[[FloatArray], float],
    derivatives: Callable[[FloatArray], tuple[FloatArray, FloatArray]],
) -> tuple[FloatArray, float]:
    """Maximise a concave ``value`` over the builder's polytope by damped Newton steps.

    ``derivatives`` gives the gradient and (positive semi-definite) Hessian of ``-value``. Each
    step minimises that second-order model over the exact linear constraints (a convex QP,
    rescaled so the largest diagonal entry is 1), then backtracks (Armijo, factor 1/2) until
    ``value`` rises enough; it stops when the model predicts or the step achieves no gain.
    """
    f = value(z)
    eye = np.eye(len(z))
    for _ in range(60):
        grad, hess = derivatives(z)
        scale = 1.0 / max(float(np.max(np.abs(np.diag(hess)))), 1e-300)
        ok, _, z_qp = b.solve(scale * grad - scale * hess @ z, scale * hess + 1e-12 * eye)
        if not ok:
            break
        step = z_qp - z
        slope = float(grad @ step)
        if -slope < 1e-13:
            break
        t = 1.0
        while t > 1e-10 and value(z + t * step) < f - 1e-4 * t * slope:
            t *= 0.5
        if t <= 1e-10:
            break
        z = z + t * step
        f_prev, f = f, value(z)
        if f - f_prev < 1e-13 * max(1.0, abs(f)):
            break
    return z, f


def _nash_quadratic(p: BargainingProblem, spec: Spec) -> LPResult:
    r"""Nash objective with quadratic loss: damped Newton directly on the issue values.

    :math:`s_i(x) = U_i(x) - r_i` is a concave quadratic, so :math:`-\sum_i \alpha_i \log s_i`
    has gradient :math:`-\sum_i \alpha_i \nabla s_i / s_i` and the positive semi-definite Hessian
    :math:`\sum_i \alpha_i (\nabla s_i \nabla s_i^T / s_i^2 - \nabla^2 s_i / s_i)`. Each step is
    a QP over the linear constraints (red lines, ratifier conditions, fixed issues); the
    logarithm keeps every acceptance constraint strictly satisfied along the Armijo line search.
    """
    start = solve(
        p, Spec(free=spec.free, objective="maxmin", fixed=spec.fixed, limited=spec.limited)
    )
    if not start.feasible or start.value <= 0:
        return start
    alpha = np.asarray(spec.weights_of_surplus or (1.0,) * p.n_actors, dtype=float)
    r = p.raw_thresholds(spec.limited)
    fixed = dict(spec.fixed)
    b = _Builder()
    for k in range(p.n_issues):
        if k in fixed:
            b.var(fixed[k], fixed[k])
        elif k in spec.free:
            b.var(0.0, 100.0)
        else:
            b.var(float(p.disagreement[k]), float(p.disagreement[k]))
    for h in p.hard:
        if h.issue in spec.free and h.issue not in fixed:
            _interval_rows(b, h.issue, h.lo, h.hi, None)
    for rb in p.ratifier_bounds:
        if rb.issue in spec.free and rb.issue not in fixed:
            _interval_rows(b, rb.issue, rb.lo, rb.hi, None)
    w, a = p.weight, p.ideal

    def value(x: FloatArray) -> float:
        s_ = p.raw_utility(x) - r
        return float(np.sum(alpha * np.log(s_))) if np.all(s_ > 0) else -np.inf

    def derivatives(x: FloatArray) -> tuple[FloatArray, FloatArray]:
        s_ = p.raw_utility(x) - r
        grad_s = w * (-2.0 * (x - a) / 100.0)  # (A, K)
        grad = -(alpha / s_) @ grad_s
        hess = (grad_s.T * (alpha / s_**2)) @ grad_s + np.diag((alpha / s_) @ (2.0 * w / 100.0))
        return grad, hess

    x, f = _damped_newton(b, np.array(start.x, dtype=float), value, derivatives)
    return LPResult(True, f, x)


def _nash_newton(
    p: BargainingProblem,
    b: _Builder,
    util_terms: list[tuple[dict[int, float], float]],
    raw_r: FloatArray,
    spec: Spec,
) -> tuple[bool, float, FloatArray]:
    r"""Maximise :math:`\sum_i \alpha_i \log s_i(z)` over the builder's polytope by damped Newton.

    Each step minimises the second-order model of the negated objective over the exact
    constraints (a convex QP solved by HiGHS), then backtracks (Armijo) along the step. The
    surpluses :math:`s_i = U_i - r_i` are linear in :math:`z`, so the Hessian is
    :math:`\sum_i \alpha_i g_i g_i^T / s_i^2`. Starts from the max--min point.
    """
    n = len(b.lb)
    alpha = np.asarray(spec.weights_of_surplus or (1.0,) * p.n_actors, dtype=float)
    G = np.zeros((p.n_actors, n))
    base = np.zeros(p.n_actors)
    for i, (coef, const) in enumerate(util_terms):
        for j, v in coef.items():
            G[i, j] += v
        base[i] = const - float(raw_r[i])
    start = Spec(free=spec.free, objective="maxmin", fixed=spec.fixed, limited=spec.limited)
    first = solve(p, start)
    if not first.feasible:
        return False, float("nan"), np.full(n, np.nan)
    z = np.empty(n)
    for j, (kind, i, k) in enumerate(b.meaning):
        x_k = float(first.x[k])
        a = float(p.ideal[i, k])
        z[j] = (
            x_k if kind == "x" else abs(x_k - a) if kind == "t" else 100.0 - (x_k - a) ** 2 / 100.0
        )
    lo, hi = np.array(b.lb), np.array(b.ub)
    z = np.clip(z, lo, hi)

    def value(zz: FloatArray) -> float:
        s_ = base + G @ zz
        return float(np.sum(alpha * np.log(s_))) if np.all(s_ > 0) else -np.inf

    def derivatives(zz: FloatArray) -> tuple[FloatArray, FloatArray]:
        s_ = base + G @ zz
        return -(alpha / s_) @ G, (G.T * (alpha / s_**2)) @ G

    z, f = _damped_newton(b, z, value, derivatives)
    return True, f, z


def _solve_once(
    p: BargainingProblem,
    spec: Spec,
    cuts: dict[tuple[int, int], list[float]],
) -> tuple[LPResult, list[tuple[tuple[int, int], float]]]:
    b = _Builder()
    fixed = dict(spec.fixed)
    box_lo, box_hi = np.zeros(p.n_issues), np.full(p.n_issues, 100.0)
    x_idx: list[int] = []
    for k in range(p.n_issues):
        if k in fixed:
            lo = hi = fixed[k]
        elif k in spec.free:
            lo, hi = 0.0, 100.0
        else:
            lo = hi = float(p.disagreement[k])
        box_lo[k], box_hi[k] = lo, hi
        x_idx.append(b.var(lo, hi, meaning=("x", 0, k)))
    # indivisible issues: x_k = sum_j z_kj v_j, sum_j z_kj = 1
    for k, values in enumerate(p.choices):
        if values is None or k not in spec.free or k in fixed:
            continue
        zs = [b.var(0.0, 1.0, integer=True) for _ in values]
        b.row({**dict(zip(zs, values, strict=True)), x_idx[k]: -1.0}, 0.0, 0.0)
        b.row(dict.fromkeys(zs, 1.0), 1.0, 1.0)
    slack: dict[Group, int] = {g: b.var(0.0, np.inf) for g in spec.relax}
    # red lines and ratifier conditions, only on settled issues
    for n, h in enumerate(p.hard):
        g = Group("hard", (n,))
        if g in spec.off or h.issue not in spec.free or h.issue in fixed:
            continue
        _interval_rows(b, x_idx[h.issue], h.lo, h.hi, slack.get(g))
    for n, rb in enumerate(p.ratifier_bounds):
        g = Group("ratify", (n,))
        if g in spec.off or rb.issue not in spec.free or rb.issue in fixed:
            continue
        _interval_rows(b, x_idx[rb.issue], rb.lo, rb.hi, slack.get(g))
    # utility expressions: U_raw_i >= const_i + sum coef * var
    raw_r = p.raw_thresholds(spec.limited)
    util_terms: list[tuple[dict[int, float], float]] = []
    for i in range(p.n_actors):
        coef: dict[int, float] = {}
        const = 0.0
        for k in range(p.n_issues):
            w = float(p.weight[i, k])
            if w == 0.0:
                continue
            a = float(p.ideal[i, k])
            if box_lo[k] == box_hi[k]:
                diff = box_lo[k] - a
                const += w * (100.0 - (diff * diff / 100.0 if p.quadratic else abs(diff)))
            elif p.quadratic:
                tv = b.var(-np.inf, 100.0, meaning=("u", i, k))  # tv <= u(x_k): tangents
                # a grid of tangents keeps the relaxation within 0.02 utility points from the
                # start; cuts at candidates then close the gap (Kelley 1960)
                grid = np.linspace(box_lo[k], box_hi[k], 41)
                pts = [*cuts.get((i, k), []), a, *grid]
                for x0 in pts:
                    u0, s0 = _u_and_slope(x0, a)
                    b.row({tv: 1.0, x_idx[k]: -s0}, -np.inf, u0 - s0 * x0)
                coef[tv] = coef.get(tv, 0.0) + w
            elif a <= box_lo[k]:  # |x - a| = x - a on the whole box: no epigraph variable
                const += w * (100.0 + a)
                coef[x_idx[k]] = coef.get(x_idx[k], 0.0) - w
            elif a >= box_hi[k]:  # |x - a| = a - x
                const += w * (100.0 - a)
                coef[x_idx[k]] = coef.get(x_idx[k], 0.0) + w
            else:
                t = b.var(0.0, np.inf, meaning=("t", i, k))  # t >= |x_k - a|
                b.row({t: 1.0, x_idx[k]: -1.0}, -a, np.inf)
                b.row({t: 1.0, x_idx[k]: 1.0}, a, np.inf)
                const += w * 100.0
                coef[t] = coef.get(t, 0.0) - w
        util_terms.append((coef, const))
    for i, (coef, const) in enumerate(util_terms):
        g = Group("accept", (i,))
        if g in spec.off:
            continue
        row = dict(coef)
        if g in slack:
            row[slack[g]] = 1.0
        b.row(row, float(raw_r[i]) - const, np.inf)
    for i, value in spec.raw_floor:
        coef, const = util_terms[i]
        b.row(dict(coef), value - const, np.inf)
    # objective
    c: dict[int, float] = {}
    if spec.objective == "maxmin":
        s = b.var(-np.inf, np.inf)
        members = tuple(range(p.n_actors))
        weights = spec.weights_of_surplus or (1.0,) * len(members)
        for i, wt in zip(members, weights, strict=True):
            coef, const = util_terms[i]
            # U_raw_i - r_i >= wt * s
            b.row({**coef, s: -wt}, float(raw_r[i]) - const, np.inf)
        c[s] = -1.0
    elif spec.objective == "issue":
        c[x_idx[spec.target]] = spec.sense
    elif spec.objective == "actor":
        for j, v in util_terms[spec.target][0].items():
            c[j] = c.get(j, 0.0) - v
    elif spec.objective == "sum":
        for coef, _ in util_terms:
            for j, v in coef.items():
                c[j] = c.get(j, 0.0) - v
    elif spec.objective == "slack":
        for j in slack.values():
            c[j] = 1.0
    if spec.objective == "nash":
        ok, value, z = _nash_newton(p, b, util_terms, raw_r, spec)
    else:
        ok, value, z = b.solve(c)
    x = z[x_idx] if ok else np.full(p.n_issues, np.nan)
    if spec.objective == "maxmin" and ok:
        value = -value
    result = LPResult(ok, value, x, {g: float(z[j]) for g, j in slack.items()} if ok else {})
    violated: list[tuple[tuple[int, int], float]] = []
    if ok and p.quadratic:
        true_u = p.issue_utility(x)
        for i, (coef, const) in enumerate(util_terms):
            approx = const + sum(v * z[j] for j, v in coef.items())
            exact = float(np.sum(p.weight[i] * true_u[i]))
            if approx - exact > 1e-9:
                for k in range(p.n_issues):
                    if p.weight[i, k] > 0 and box_lo[k] != box_hi[k]:
                        violated.append(((i, k), float(x[k])))
    return result, violated


def _interval_rows(b: _Builder, xj: int, lo: float, hi: float, s: int | None) -> None:
    if lo > 0.0:
        b.row({xj: 1.0, **({s: 1.0} if s is not None else {})}, lo, np.inf)
    if hi < 100.0:
        b.row({xj: 1.0, **({s: -1.0} if s is not None else {})}, -np.inf, hi)


def feasible_issue_ranges(
    problem: BargainingProblem, free: Iterable[int], base: Spec | None = None
) -> list[tuple[float, float]]:
    """For each settled issue, the ``[min, max]`` of its value over the zone (2 LPs per issue)."""
    free_set = frozenset(free)
    out: list[tuple[float, float]] = []
    for k in sorted(free_set):
        lo = solve(problem, _with(base, free_set, "issue", k, 1.0))
        hi = solve(problem, _with(base, free_set, "issue", k, -1.0))
        out.append((lo.value, -hi.value) if lo.feasible and hi.feasible else (np.nan, np.nan))
    return out


def _with(
    base: Spec | None, free: frozenset[int], objective: str, target: int, sense: float
) -> Spec:
    if base is None:
        return Spec(free=free, objective=objective, target=target, sense=sense)
    return replace(base, free=free, objective=objective, target=target, sense=sense)


def satisfied(
    problem: BargainingProblem, x: FloatArray, free: Sequence[int], tol: float = 1e-6
) -> bool:
    """Check a candidate agreement directly (no LP): red lines, ratifiers and acceptance."""
    free_set = set(free)
    for h in problem.hard:
        if h.issue in free_set and not h.lo - tol <= x[h.issue] <= h.hi + tol:
            return False
    for rb in problem.ratifier_bounds:
        if rb.issue in free_set and not rb.lo - tol <= x[rb.issue] <= rb.hi + tol:
            return False
    for k in range(problem.n_issues):
        if k not in free_set and abs(x[k] - problem.disagreement[k]) > tol:
            return False
        values = problem.choices[k]
        if values is not None and k in free_set and min(abs(x[k] - v) for v in values) > tol:
            return False
    return bool(np.all(problem.utility(x) >= problem.threshold - tol * problem.scale))
