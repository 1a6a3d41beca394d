r"""Outcome probabilities over a scenario's uncertain inputs: classify draws, count, bound.

Classification of one draw (Fearon 1995; Putnam 1988), in this order:

``settlement``
    The comprehensive package's zone of agreement (every issue free) is a deal: every
    signatory strictly gains over its acceptance threshold, within every hard red line and every
    *applied* ratifier condition (:func:`summitry.engines.bargaining.zone`).
``limited_only``
    No settlement, but at least one side deal (a separable side issue, e.g. a prisoner
    exchange) is feasible: every party's drawn gain :math:`v_{ij} > 0`. Limited deals over a
    *subset* of the bargaining issues are not counted here yet (they need the subset search of
    :func:`~summitry.engines.bargaining.analyse`, too slow per draw).
``nothing``
    Neither.

Evaluation is in two stages. A vectorised pre-screen over all draws of a block computes, for each
issue :math:`k`, the intersection :math:`[L_k, H_k]` of every signatory's hard red line and every
applied ratifier condition (a ratifier applies its conditions when its Bernoulli veto is 1). If
:math:`L_k > H_k` for any :math:`k`, the lines contradict each other, the package is infeasible
and no LP is solved. Only the remaining draws build their problem
(:func:`~summitry.engines.bargaining.problem_from_scenario`) and solve the package LP.

Intervals for a probability :math:`p` estimated by :math:`\hat p = k/n` (level
:math:`1 - \alpha`, :math:`z = \Phi^{-1}(1 - \alpha/2)`):

* Wilson (1927): :math:`\frac{\hat p + z^2/2n}{1 + z^2/n} \pm \frac{z}{1 + z^2/n}
  \sqrt{\hat p(1 - \hat p)/n + z^2/4n^2}`;
* Jeffreys (Brown, Cai & DasGupta 2001): the :math:`\alpha/2` and :math:`1 - \alpha/2`
  quantiles of :math:`\mathrm{Beta}(k + 1/2, n - k + 1/2)`, with lower bound 0 when
  :math:`k = 0` and upper bound 1 when :math:`k = n`;
* Monte Carlo standard error :math:`\sqrt{\hat p(1 - \hat p)/n}`.

For ``lhs`` and ``sobol`` designs the draws are not independent; these binomial intervals are
then conservative (stratification does not increase the variance of a mean of a bounded
indicator in practice, Owen 2013 ch. 10) rather than exact.

Stopping rule: blocks are taken in order; after each block, stop when the widest 95% Wilson
interval of the three outcome categories is narrower than :math:`\varepsilon`, or when the
maximum number of draws is reached. Blocks may be *computed* in parallel and ahead of the
check; the ones past the stopping point are discarded, so the result does not depend on how
many were computed at once.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*JASA* 22(158), 209-212. doi:10.1080/01621459.1927.10502953
Brown, L. D., Cai, T. T., & DasGupta, A. (2001). Interval estimation for a binomial proportion.
*Statistical Science* 16(2), 101-133. doi:10.1214/ss/1009213286
Fearon, J. D. (1995). Rationalist explanations for war. *International Organization* 49(3),
379-414. doi:10.1017/S0020818300033324
Putnam, R. D. (1988). Diplomacy and domestic politics. *International Organization* 42(3),
427-460. doi:10.1017/S0020818300027697
Owen, A. B. (2013). *Monte Carlo theory, methods and examples*. https://artowen.su.domains/mc/
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from summitry.engines.bargaining import (
    BargainingProblem,
    nash_bargaining,
    problem_from_scenario,
    zone,
)
from summitry.engines.bargaining.analysis import DEAL_EPS
from summitry.engines.montecarlo.horizon import PER_DRAW, Horizon, compile_horizon, months
from summitry.engines.montecarlo.sampler import (
    BLOCK_SIZE,
    Method,
    MonteCarloError,
    Sample,
    SampleSpace,
    _method,
    blocks,
    check_seed,
    sample_block,
    sample_space,
)
from summitry.engines.montecarlo.terms import Term as _Term
from summitry.engines.montecarlo.terms import terms
from summitry.model.inputs import Path
from summitry.model.scenario import Scenario
from summitry.model.uncertain import point

__all__ = [
    "CATEGORIES",
    "BlockTask",
    "Draws",
    "Estimate",
    "Mapper",
    "Screen",
    "Simulation",
    "Tally",
    "classify_sample",
    "estimate",
    "evaluate_block",
    "evaluate_sample",
    "jeffreys_interval",
    "run_block",
    "screen",
    "simulate",
    "summarise",
    "wilson_interval",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

CATEGORIES = ("settlement", "limited_only", "nothing")
"""Outcome categories of one draw, in the order of the classification."""

_TOL = 1e-9  # same tolerance as the bargaining engine's contradiction test

NBS_PER_BLOCK = 4
"""Nash bargaining points computed per block: the first settled draws of the block."""


# --------------------------------------------------------------------------- pre-screen


@dataclass(frozen=True, slots=True)
class _Line:
    """A hard red line: ``acceptable [lo, hi]`` or a reservation read against the ideal."""

    issue: int
    lo: _Term
    hi: _Term
    reservation: _Term | None = None
    ideal: _Term | None = None


@dataclass(frozen=True, slots=True)
class _Condition:
    ratifier: int
    issue: int
    lo: _Term
    hi: _Term


@dataclass(frozen=True, slots=True)
class Screen:
    """Everything the vectorised pre-screen and the side-deal test need, compiled once."""

    issues: tuple[str, ...]
    lines: tuple[_Line, ...]
    conditions: tuple[_Condition, ...]
    side_ids: tuple[str, ...]
    side_terms: tuple[tuple[_Term, ...], ...]

    def box(self, s: Sample) -> tuple[FloatArray, FloatArray]:
        """Per draw and issue, the intersection ``(L, H)`` of hard lines and applied bounds."""
        n, K = len(s), len(self.issues)
        lo, hi = np.zeros((n, K)), np.full((n, K), 100.0)
        for line in self.lines:
            if line.reservation is not None and line.ideal is not None:
                r = line.reservation.of(s.values)
                up = line.ideal.of(s.values) > 50
                l_, h_ = np.where(up, r, 0.0), np.where(up, 100.0, r)
            else:
                l_, h_ = line.lo.of(s.values), line.hi.of(s.values)
            lo[:, line.issue] = np.maximum(lo[:, line.issue], l_)
            hi[:, line.issue] = np.minimum(hi[:, line.issue], h_)
        for c in self.conditions:
            on = s.vetoes[:, c.ratifier]
            l_ = np.where(on, c.lo.of(s.values), 0.0)
            h_ = np.where(on, c.hi.of(s.values), 100.0)
            lo[:, c.issue] = np.maximum(lo[:, c.issue], l_)
            hi[:, c.issue] = np.minimum(hi[:, c.issue], h_)
        return lo, hi

    def blocked(self, s: Sample) -> BoolArray:
        """``(n, K)``: issue ``k`` of draw ``i`` has contradictory lines (``L > H``)."""
        lo, hi = self.box(s)
        return np.asarray(lo > hi + _TOL, dtype=bool)

    def side_feasible(self, s: Sample) -> BoolArray:
        """``(n, S)``: every party of side issue ``j`` gains strictly (``v > 0``)."""
        out = np.zeros((len(s), len(self.side_ids)), dtype=bool)
        for j, parts in enumerate(self.side_terms):
            if parts:
                out[:, j] = np.all([t.of(s.values) > 0 for t in parts], axis=0)
        return out


def screen(scenario: Scenario, space: SampleSpace) -> Screen:
    """Compile the pre-screen of ``scenario`` (mirrors ``problem_from_scenario``'s hard box)."""
    term = terms(space)

    issues = tuple(scenario.issues)
    lines: list[_Line] = []
    for aid in scenario.veto.signatories:
        for k, iid in enumerate(issues):
            pos = scenario.positions.get(aid, {}).get(iid)
            if pos is None or not pos.hard:
                continue
            loc = ("positions", aid, iid)
            if pos.acceptable is not None:
                lines.append(
                    _Line(
                        issue=k,
                        lo=term((*loc, "acceptable", 0), pos.acceptable[0]),
                        hi=term((*loc, "acceptable", 1), pos.acceptable[1]),
                    )
                )
            elif pos.reservation is not None:
                lines.append(
                    _Line(
                        issue=k,
                        lo=_Term(None, 0.0),
                        hi=_Term(None, 100.0),
                        reservation=term((*loc, "reservation"), pos.reservation),
                        ideal=term((*loc, "ideal"), pos.ideal),
                    )
                )
    conditions: list[_Condition] = []
    for m, rid in enumerate(space.ratifiers):
        rat = scenario.veto.ratifiers[rid]
        for iid, b in rat.conditions.items():
            cloc: Path = ("veto", "ratifiers", rid, "conditions", iid)
            conditions.append(
                _Condition(
                    ratifier=m,
                    issue=issues.index(iid),
                    lo=term((*cloc, "min"), b.min, 0.0),
                    hi=term((*cloc, "max"), b.max, 100.0),
                )
            )
    side_ids = tuple(scenario.side_issues)
    side_terms = tuple(
        tuple(
            term(("side_issues", sid, "value", p, "value"), side.value[p].value)
            for p in side.parties
        )
        for sid, side in scenario.side_issues.items()
    )
    return Screen(
        issues=issues,
        lines=tuple(lines),
        conditions=tuple(conditions),
        side_ids=side_ids,
        side_terms=side_terms,
    )


# --------------------------------------------------------------------------- counting


@dataclass(frozen=True, slots=True, kw_only=True)
class Tally:
    """Counts over some draws; tallies of disjoint draws add up (``a + b``).

    Attributes
    ----------
    n
        Number of draws.
    outcomes
        Count of each of :data:`CATEGORIES`.
    side
        For each side issue, draws where its side deal is feasible.
    blocked
        For each issue, draws where its red lines and applied ratifier conditions contradict.
    any_blocked
        Draws with at least one blocked issue (decided by the pre-screen).
    programs
        Package LPs solved (draws the pre-screen could not decide).
    nbs_n, nbs_hist
        Draws whose Nash bargaining point was computed (at most :data:`NBS_PER_BLOCK` per
        block, the first settled draws of the block) and, per issue, the histogram of its
        value rounded to the 101 integer points 0..100.
    horizon, horizon_sq
        Sums of the per-draw conditional probabilities of
        :data:`~summitry.engines.montecarlo.horizon.PER_DRAW` and of their squares (empty when
        the scenario has no outcome model).
    """

    n: int
    outcomes: tuple[int, ...]
    side: tuple[int, ...]
    blocked: tuple[int, ...]
    any_blocked: int
    programs: int
    horizon: tuple[float, ...] = ()
    horizon_sq: tuple[float, ...] = ()
    nbs_n: int = 0
    nbs_hist: tuple[tuple[int, ...], ...] = ()

    def __add__(self, other: Tally) -> Tally:
        def add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
            return tuple(x + y for x, y in zip(a, b, strict=True))

        def addf(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
            return tuple(x + y for x, y in zip(a, b, strict=True))

        return Tally(
            n=self.n + other.n,
            outcomes=add(self.outcomes, other.outcomes),
            side=add(self.side, other.side),
            blocked=add(self.blocked, other.blocked),
            any_blocked=self.any_blocked + other.any_blocked,
            programs=self.programs + other.programs,
            horizon=addf(self.horizon, other.horizon),
            horizon_sq=addf(self.horizon_sq, other.horizon_sq),
            nbs_n=self.nbs_n + other.nbs_n,
            nbs_hist=tuple(add(a, b) for a, b in zip(self.nbs_hist, other.nbs_hist, strict=True))
            if self.nbs_hist and other.nbs_hist
            else self.nbs_hist or other.nbs_hist,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Draws:
    """Per-draw results of one :class:`Sample` (row ``i`` is draw ``sample.start + i``).

    Attributes
    ----------
    settled
        ``(n,)``: the comprehensive package has a zone of agreement.
    side
        ``(n, S)``: side deal ``j`` is feasible.
    blocked
        ``(n, K)``: issue ``k``'s red lines and applied ratifier conditions contradict.
    programs
        Package LPs solved (draws the pre-screen could not decide).
    """

    issues: tuple[str, ...]
    side_ids: tuple[str, ...]
    settled: BoolArray
    side: BoolArray
    blocked: BoolArray
    programs: int
    horizon: dict[str, FloatArray] | None = None
    nbs: FloatArray | None = None

    def __len__(self) -> int:
        return int(self.settled.shape[0])

    def categories(self) -> dict[str, BoolArray]:
        """One boolean array per :data:`CATEGORIES` entry; every draw is in exactly one."""
        limited = ~self.settled & self.side.any(axis=1)
        return {
            "settlement": self.settled,
            "limited_only": limited,
            "nothing": ~self.settled & ~limited,
        }

    def indicators(self) -> dict[str, NDArray[Any]]:
        """Every named per-draw quantity whose mean is a probability.

        The categories, ``side:ID`` and ``blocked:ISSUE`` (booleans) and, with an outcome
        model, the conditional probabilities of
        :data:`~summitry.engines.montecarlo.horizon.PER_DRAW` (floats in [0, 1]).
        """
        out: dict[str, NDArray[Any]] = dict(self.categories())
        out.update({f"side:{s}": self.side[:, j] for j, s in enumerate(self.side_ids)})
        out.update({f"blocked:{k}": self.blocked[:, j] for j, k in enumerate(self.issues)})
        out.update(self.horizon or {})
        return out

    def tally(self) -> Tally:
        """Counts over these draws."""
        cats = self.categories()
        return Tally(
            n=len(self),
            outcomes=tuple(int(cats[c].sum()) for c in CATEGORIES),
            side=tuple(int(c) for c in self.side.sum(axis=0)),
            blocked=tuple(int(c) for c in self.blocked.sum(axis=0)),
            any_blocked=int(self.blocked.any(axis=1).sum()),
            programs=self.programs,
            horizon=tuple(float(h.sum()) for h in (self.horizon or {}).values()),
            horizon_sq=tuple(float((h * h).sum()) for h in (self.horizon or {}).values()),
            nbs_n=0 if self.nbs is None else int(self.nbs.shape[0]),
            nbs_hist=()
            if self.nbs is None
            else tuple(
                tuple(int(c) for c in np.bincount(np.rint(col).astype(int), minlength=101))
                for col in np.clip(self.nbs, 0.0, 100.0).T
            ),
        )


def classify_sample(
    scenario: Scenario, s: Sample, scr: Screen | None = None, hz: Horizon | None = None
) -> Draws:
    """Classify every draw of ``s`` (module docstring), draw by draw.

    With an outcome model (``scenario.outcome_model``), also the per-draw conditional
    probabilities of the horizon outcomes (:mod:`summitry.engines.montecarlo.horizon`); the
    active mediators' leverage then raises the signatories' costs of conflict in the package
    programme too.
    """
    scr = scr if scr is not None else screen(scenario, s.space)
    hz = hz if hz is not None else compile_horizon(scenario, s.space)
    blocked = scr.blocked(s)
    settled = np.zeros(len(s), dtype=bool)
    full = frozenset(range(len(scr.issues)))
    undecided = np.flatnonzero(~blocked.any(axis=1))
    shift = hz.cost_shift(s) if hz is not None else None
    signatories = scenario.veto.signatories
    points: list[FloatArray] = []
    witnesses: list[FloatArray] = []
    programs = 0
    for i in undecided:
        draw = s.draw(int(i))
        if shift is not None and shift[i].any():
            draw = _with_cost_shift(scenario, draw, signatories, shift[i])
        problem = problem_from_scenario(scenario, draw)
        if certified(problem, witnesses):
            settled[i] = True
        else:
            z = zone(problem, full)
            programs += 1
            settled[i] = z.deal
            if z.deal and z.witness is not None:
                witnesses.insert(0, np.asarray(z.witness, dtype=float))
                del witnesses[_WITNESSES:]
        if settled[i] and len(points) < NBS_PER_BLOCK:
            sol = nash_bargaining(problem, full)
            if sol is not None:
                points.append(np.asarray(sol.x, dtype=float))
    side = scr.side_feasible(s)
    return Draws(
        issues=scr.issues,
        side_ids=scr.side_ids,
        settled=settled,
        side=side,
        blocked=blocked,
        programs=programs,
        horizon=None if hz is None else hz.evaluate(s, settled, np.asarray(side.any(axis=1))),
        nbs=np.array(points).reshape(len(points), len(scr.issues)),
    )


_WITNESSES = 8
"""Witnesses of recent deals kept per block to certify later draws without a programme."""


def certified(problem: BargainingProblem, witnesses: Sequence[FloatArray]) -> bool:
    r"""True when some witness ``x`` proves that ``problem`` has a comprehensive deal.

    ``x`` must lie in every hard line and applied ratifier bound, take an allowed value on every
    indivisible issue, and give every signatory a surplus
    :math:`\min_i U_i(x) - r_i > \varepsilon` (``DEAL_EPS``): then the max-min programme's
    optimum exceeds :math:`\varepsilon` too, so :func:`~summitry.engines.bargaining.zone`
    would answer ``deal`` and need not be solved. Failing the test proves nothing; the caller
    then solves the programme. Witnesses come from earlier draws of the same block (the
    block's draws are independent, so the result does not depend on workers).
    """
    if not witnesses:
        return False
    lo, hi = problem.hard_box()
    r = problem.raw_threshold
    for x in witnesses:
        if np.any(x < lo - 1e-9) or np.any(x > hi + 1e-9):
            continue
        if any(
            c is not None and min(abs(x[k] - v) for v in c) > 1e-9
            for k, c in enumerate(problem.choices)
        ):
            continue
        if float(np.min(problem.raw_utility(x) - r)) > DEAL_EPS:
            return True
    return False


def _with_cost_shift(
    scenario: Scenario,
    draw: dict[Path, float],
    signatories: tuple[str, ...],
    shift: FloatArray,
) -> dict[Path, float]:
    """``draw`` with each signatory's cost of conflict raised by ``shift`` (leverage)."""
    out = dict(draw)
    costs = scenario.disagreement.cost
    for aid, extra in zip(signatories, shift, strict=True):
        path: Path = ("disagreement", "cost", aid, "value")
        base = out.get(path, point(costs[aid].value) if aid in costs else 0.0)
        out[path] = float(base) + float(extra)
    return out


def evaluate_sample(scenario: Scenario, s: Sample, scr: Screen | None = None) -> Tally:
    """Classify every draw of ``s`` and count."""
    return classify_sample(scenario, s, scr).tally()


def evaluate_block(
    scenario: Scenario,
    *,
    seed: int,
    block: int,
    size: int = BLOCK_SIZE,
    method: str | Method = Method.MC,
) -> Tally:
    """Draw block ``block`` of ``scenario``'s inputs and classify it."""
    space, scr, hz = _compiled(scenario)
    s = sample_block(space, seed=seed, block=block, size=size, method=method)
    return classify_sample(scenario, s, scr, hz).tally()


_LAST: list[tuple[Scenario, SampleSpace, Screen, Horizon | None]] = []


def _compiled(scenario: Scenario) -> tuple[SampleSpace, Screen, Horizon | None]:
    """Sample space, pre-screen and outcome model of ``scenario``, compiled once per object.

    Scenarios are immutable, so the last one's compilation is kept (per process) and reused for
    its next block; a process pool's workers receive a new object per task and compile it.
    """
    if _LAST and _LAST[0][0] is scenario:
        return _LAST[0][1:]
    space = sample_space(scenario)
    entry = (scenario, space, screen(scenario, space), compile_horizon(scenario, space))
    _LAST[:] = [entry]
    return entry[1:]


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockTask:
    """One block of work, picklable for a process pool: ``run_block(task)``."""

    scenario: Scenario
    seed: int
    method: Method
    block: int
    size: int


def run_block(task: BlockTask) -> Tally:
    """Evaluate one :class:`BlockTask` (a top-level function, so executors can pickle it)."""
    return evaluate_block(
        task.scenario, seed=task.seed, block=task.block, size=task.size, method=task.method
    )


# --------------------------------------------------------------------------- intervals


def _z(level: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + level / 2.0))


def _check(k: float, n: float, level: float) -> None:
    if n < 1 or not 0 <= k <= n:
        raise MonteCarloError(f"need 0 <= k <= n and n >= 1, got k={k}, n={n}")
    if not 0 < level < 1:
        raise MonteCarloError(f"confidence level must be in (0, 1), got {level}")


def wilson_interval(k: float, n: float, level: float = 0.95) -> tuple[float, float]:
    r"""Wilson (1927) score interval for a binomial proportion (formula in module docstring).

    Examples
    --------
    >>> lo, hi = wilson_interval(0, 10)
    >>> (lo, round(hi, 4))
    (0.0, 0.2775)
    """
    _check(k, n, level)
    z = _z(level)
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == n else min(1.0, centre + half)
    return lo, hi


def jeffreys_interval(k: float, n: float, level: float = 0.95) -> tuple[float, float]:
    r"""Jeffreys interval: equal-tailed quantiles of :math:`\mathrm{Beta}(k + 1/2, n - k + 1/2)`.

    Brown, Cai & DasGupta (2001, §4.1.2): the lower bound is 0 when :math:`k = 0` and the upper
    bound 1 when :math:`k = n`.
    """
    from scipy import stats

    _check(k, n, level)
    a = (1.0 - level) / 2.0
    dist = stats.beta(k + 0.5, n - k + 0.5)
    lo = 0.0 if k == 0 else float(dist.ppf(a))
    hi = 1.0 if k == n else float(dist.ppf(1.0 - a))
    return lo, hi


@dataclass(frozen=True, slots=True, kw_only=True)
class Estimate:
    """A probability estimated from ``k`` of ``n`` draws, with 95% intervals.

    ``k`` and ``n`` are counts for events, expected counts for means of conditional
    probabilities (:func:`mean_estimate`, :func:`ratio_estimate`).
    """

    k: float
    n: float
    p: float
    se: float
    wilson: tuple[float, float]
    jeffreys: tuple[float, float]


RATIOS = (
    ("ceasefire_collapse_given_agreed", "O4_FAILED_CEASEFIRE", "ceasefire_agreed"),
    ("substantive_given_talks", "substantive", "talks_held"),
)
"""Conditional probabilities reported as ratios of sums: ``(name, numerator, denominator)``."""


def mean_estimate(total: float, squares: float, n: int, level: float = 0.95) -> Estimate:
    r"""Estimate a probability as the mean of per-draw conditional probabilities :math:`g_i`.

    :math:`\hat p = \bar g`; standard error :math:`s_g/\sqrt n` with the sample standard
    deviation :math:`s_g`. Since :math:`0 \le g_i \le 1`,
    :math:`\operatorname{Var} g \le p(1 - p)`: the binomial (Wilson, Jeffreys) intervals at
    :math:`k = n \hat p` are conservative for it, and those are the intervals reported.
    """
    p = min(max(total / n, 0.0), 1.0)
    var = max(squares / n - p * p, 0.0) * n / max(n - 1, 1)
    k = min(max(p * n, 0.0), float(n))
    return estimate(k, n, level, se=math.sqrt(var / n))


def ratio_estimate(num: float, den: float, level: float = 0.95) -> Estimate:
    r"""A conditional probability :math:`\sum_i g_i^{A \cap B} / \sum_i g_i^{B}`.

    The effective number of draws is :math:`\sum_i g_i^B` (expected draws in which the
    condition holds); intervals are binomial at that size. With no mass on the condition the
    estimate is undefined: ``p`` is NaN and the interval [0, 1].
    """
    if den <= 0:
        return Estimate(
            k=0.0, n=0.0, p=math.nan, se=math.nan, wilson=(0.0, 1.0), jeffreys=(0.0, 1.0)
        )
    p = min(max(num / den, 0.0), 1.0)
    k = p * den
    if den < 1:
        return Estimate(k=k, n=den, p=p, se=math.nan, wilson=(0.0, 1.0), jeffreys=(0.0, 1.0))
    return estimate(k, den, level)


def estimate(k: float, n: float, level: float = 0.95, *, se: float | None = None) -> Estimate:
    r"""Point estimate :math:`k/n`, Monte Carlo standard error, Wilson and Jeffreys intervals.

    ``se`` defaults to the binomial :math:`\sqrt{\hat p(1 - \hat p)/n}`.
    """
    p = k / n
    return Estimate(
        k=k,
        n=n,
        p=p,
        se=math.sqrt(p * (1 - p) / n) if se is None else se,
        wilson=wilson_interval(k, n, level),
        jeffreys=jeffreys_interval(k, n, level),
    )


# --------------------------------------------------------------------------- driver


@dataclass(frozen=True, slots=True, kw_only=True)
class Simulation:
    """Result of :func:`simulate`: outcome probabilities and what they rest on."""

    seed: int
    method: Method
    draws: int
    max_draws: int
    eps: float | None
    stopped_by: str
    inputs: tuple[Path, ...]
    ratifiers: tuple[str, ...]
    issues: tuple[str, ...]
    side_ids: tuple[str, ...]
    tally: Tally
    outcomes: dict[str, Estimate]
    side: dict[str, Estimate]
    blocked: dict[str, Estimate]
    horizon_months: float | None = None
    horizon: dict[str, Estimate] | None = None
    nbs: dict[str, dict[str, float]] | None = None

    @property
    def widest(self) -> float:
        """Width of the widest 95% Wilson interval of the outcome categories."""
        return max(e.wilson[1] - e.wilson[0] for e in self.outcomes.values())


def _widest(t: Tally) -> float:
    return max(hi - lo for lo, hi in (wilson_interval(k, t.n) for k in t.outcomes))


Mapper = Callable[[Callable[[BlockTask], Tally], Iterable[BlockTask]], Iterator[Tally]]


def simulate(
    scenario: Scenario,
    *,
    seed: int,
    max_draws: int,
    method: str | Method = Method.MC,
    eps: float | None = None,
    mapper: Mapper | None = None,
    blocks_per_round: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Simulation:
    """Run the Monte Carlo: draw blocks in order until the stopping rule holds.

    Parameters
    ----------
    scenario
        The scenario.
    seed
        Non-negative integer root seed (the sampler's scheme).
    max_draws
        Upper bound on the number of draws.
    method
        ``"mc"``, ``"lhs"`` or ``"sobol"``.
    eps
        Stop once the widest 95% Wilson interval of the outcome categories is narrower than
        ``eps`` (checked after each block); ``None`` runs ``max_draws``.
    mapper
        ``map``-like callable (``Executor.map``) evaluating :func:`run_block` over tasks, in
        order; default the built-in ``map``.
    blocks_per_round
        How many blocks are handed to ``mapper`` at once. The result does not depend on it.
    progress
        Called as ``progress(done, max_draws)`` after each block is counted; it may raise to
        cancel the run (the exception propagates, nothing is returned).

    Returns
    -------
    Simulation

    Raises
    ------
    MonteCarloError
        For bad ``max_draws``, ``seed``, ``method``, ``eps`` or ``blocks_per_round``.
    """
    seed = check_seed(seed)
    m = _method(method)
    plan = blocks(max_draws)
    if eps is not None and not (isinstance(eps, int | float) and 0 < eps < 1):
        raise MonteCarloError(
            f"eps must be a number in (0, 1), got {eps!r}. Fix: pass e.g. --eps 0.01"
        )
    if blocks_per_round < 1:
        raise MonteCarloError(f"blocks_per_round must be >= 1, got {blocks_per_round}")
    run = mapper if mapper is not None else map
    space = sample_space(scenario)
    scr = screen(scenario, space)
    total: Tally | None = None
    stopped_by = "max_draws"
    for start in range(0, len(plan), blocks_per_round):
        tasks = [
            BlockTask(scenario=scenario, seed=seed, method=m, block=b, size=size)
            for b, size in plan[start : start + blocks_per_round]
        ]
        done = False
        for t in run(run_block, tasks):
            total = t if total is None else total + t
            if progress is not None:
                progress(total.n, int(max_draws))
            if eps is not None and _widest(total) < eps:
                stopped_by, done = "eps", True
                break
        if done:
            break
    if total is None:  # pragma: no cover - blocks() returns at least one block
        raise MonteCarloError("no draws were evaluated")
    return summarise(
        total,
        seed=seed,
        method=m,
        max_draws=int(max_draws),
        eps=eps,
        stopped_by=stopped_by,
        space=space,
        scr=scr,
        horizon_months=months(scenario),
    )


def nbs_summary(tally: Tally, issues: tuple[str, ...]) -> dict[str, dict[str, float]] | None:
    """Per issue: mean and 5/25/50/75/95% quantiles of the Nash bargaining point.

    From the histograms of :class:`Tally` (1 scale point resolution); ``None`` when no draw had
    a zone.
    """
    if tally.nbs_n == 0:
        return None
    out: dict[str, dict[str, float]] = {}
    grid = np.arange(101, dtype=float)
    for iid, hist in zip(issues, tally.nbs_hist, strict=True):
        h = np.asarray(hist, dtype=float)
        cdf = np.cumsum(h) / h.sum()
        q = {f"q{int(a * 100):02d}": float(grid[np.searchsorted(cdf, a)]) for a in _QUANTILES}
        out[iid] = {"mean": float((grid * h).sum() / h.sum()), **q}
    return out


_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def summarise(
    tally: Tally,
    *,
    seed: int,
    method: Method,
    max_draws: int,
    eps: float | None,
    stopped_by: str,
    space: SampleSpace,
    scr: Screen,
    horizon_months: float | None = None,
) -> Simulation:
    """Turn counts into a :class:`Simulation` with estimates and intervals."""
    n = tally.n
    horizon: dict[str, Estimate] | None = None
    if tally.horizon:
        sums = dict(zip(PER_DRAW, tally.horizon, strict=True))
        squares = dict(zip(PER_DRAW, tally.horizon_sq, strict=True))
        horizon = {k: mean_estimate(sums[k], squares[k], n) for k in PER_DRAW}
        for name, num, den in RATIOS:
            horizon[name] = ratio_estimate(sums[num], sums[den])
    return Simulation(
        seed=seed,
        method=method,
        draws=n,
        max_draws=max_draws,
        eps=eps,
        stopped_by=stopped_by,
        inputs=space.paths,
        ratifiers=space.ratifiers,
        issues=scr.issues,
        side_ids=scr.side_ids,
        tally=tally,
        outcomes={c: estimate(k, n) for c, k in zip(CATEGORIES, tally.outcomes, strict=True)},
        side={s: estimate(k, n) for s, k in zip(scr.side_ids, tally.side, strict=True)},
        blocked={i: estimate(k, n) for i, k in zip(scr.issues, tally.blocked, strict=True)},
        horizon_months=horizon_months if horizon is not None else None,
        horizon=horizon,
        nbs=nbs_summary(tally, scr.issues),
    )
