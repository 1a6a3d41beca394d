r"""Global sensitivity of an outcome probability to every uncertain input of a scenario.

Everything works on the unit cube :math:`(0, 1)^{d + r}` of the sampler
(:mod:`summitry.engines.montecarlo.sampler`): column :math:`j < d` is input :math:`j` through its
inverse CDF, column :math:`d + m` decides ratifier :math:`m`'s veto (named ``veto:<ratifier>``).
The model output of a point :math:`u` is the indicator :math:`Y(u) = 1[\text{target}]` of a named
per-draw event (``"settlement"``, ``"side:H_POW"``, ``"blocked:T_DONBAS"``, ... -- the names of
``classify_sample(...).indicators()``), so :math:`E[Y] = P(\text{target})`. The indicator is a
deterministic function of :math:`u`, so every method below compares like with like.

Methods
-------
Sobol' indices (:func:`sobol`)
    First-order :math:`S_i = V[E(Y | U_i)] / V(Y)` and total :math:`S_{Ti} = E[V(Y | U_{\sim
    i})] / V(Y)` (Sobol' 1993, 2001), estimated by ``scipy.stats.sobol_indices``: two
    scrambled-Sobol' matrices :math:`A, B` (:math:`n \times k`) and the :math:`k` matrices
    :math:`A_B^{(i)}` (A with column :math:`i` from B); Saltelli et al. (2010, Table 2 (b)):
    :math:`\hat S_i = \frac1n \sum_j f(B)_j (f(A_B^{(i)})_j - f(A)_j) / \hat V`, Jansen (1999,
    Table 2 (f)): :math:`\hat S_{Ti} = \frac1{2n} \sum_j (f(A)_j - f(A_B^{(i)})_j)^2 / \hat V`,
    outputs centred by their mean (Sobol' & Levitan 1999). Cost :math:`n(k + 2)` model runs.
    95% intervals: BCa bootstrap over the :math:`n` rows (``SobolResult.bootstrap``).
Morris screening (:func:`morris`)
    :math:`r` one-at-a-time trajectories on a :math:`p`-level grid (Morris 1991), step
    :math:`\Delta = p / (2(p - 1))`; elementary effect :math:`EE_i = (f(x + \Delta e_i) -
    f(x)) / \Delta`; :math:`\mu^* = \frac1r \sum |EE_i|` (Campolongo, Cariboni & Saltelli
    2007), :math:`\mu`, and :math:`\sigma` the sample standard deviation of :math:`EE_i`.
    Cost :math:`r(k + 1)` model runs.
Tornado (:func:`tornado`)
    :math:`P(\text{target} | U_i = 0.1)` and :math:`P(\text{target} | U_i = 0.9)` -- input
    :math:`i` fixed at its 10th / 90th percentile -- on the *same* base draws for every input
    (common random numbers); swing = the absolute difference. Cost :math:`2nk` model runs.
Inverse search (:func:`inverse_search`)
    The smallest change of one input (then of a pair of the most influential inputs), measured
    as the distance :math:`|q - 1/2|` of the quantile :math:`q` at which it is fixed from its
    median, that makes the target the most likely outcome: its probability above every
    competitor's. A grid over :math:`q` from the median outwards in both directions finds the
    first success, bisection refines the crossing (all on common random numbers).

Every random design derives from one root seed through ``SeedSequence(seed, spawn_key=(S, k))``
with a key per method, and model runs are cut into fixed chunks whose results are put back in
order, so the numbers depend on the seed only -- not on the ``mapper`` (``Executor.map``)
evaluating the chunks nor on its number of workers.

References
----------
Campolongo, F., Cariboni, J., & Saltelli, A. (2007). An effective screening design for
sensitivity analysis of large models. *Environmental Modelling & Software* 22(10), 1509-1518.
doi:10.1016/j.envsoft.2006.10.004
Jansen, M. J. W. (1999). Analysis of variance designs for model output. *Computer Physics
Communications* 117(1-2), 35-43. doi:10.1016/S0010-4655(98)00154-4
Morris, M. D. (1991). Factorial sampling plans for preliminary computational experiments.
*Technometrics* 33(2), 161-174. doi:10.1080/00401706.1991.10484804
Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M., & Tarantola, S. (2010).
Variance based sensitivity analysis of model output. Design and estimator for the total
sensitivity index. *Computer Physics Communications* 181(2), 259-270.
doi:10.1016/j.cpc.2009.09.018
Saltelli, A., et al. (2008). *Global Sensitivity Analysis. The Primer*. Wiley.
doi:10.1002/9780470725184
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and their
Monte Carlo estimates. *Mathematics and Computers in Simulation* 55(1-3), 271-280.
doi:10.1016/S0378-4754(00)00270-6
Sobol', I. M., & Levitan, Y. L. (1999). On the use of variance reducing multipliers in Monte
Carlo computations of a global sensitivity index. *Computer Physics Communications* 117(1-2),
52-61. doi:10.1016/S0010-4655(98)00156-8
"""

from __future__ import annotations

import math
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from summitry.engines.montecarlo.horizon import CATEGORIES as HORIZON_CATEGORIES
from summitry.engines.montecarlo.horizon import GROUPS as HORIZON_GROUPS
from summitry.engines.montecarlo.sampler import (
    MonteCarloError,
    SampleSpace,
    blocks,
    check_seed,
    sample_space,
    transform,
    uniforms,
)
from summitry.engines.montecarlo.simulate import CATEGORIES, classify_sample
from summitry.model.scenario import Scenario

__all__ = [
    "CHUNK",
    "GROUPS",
    "PARTITIONS",
    "ChunkMapper",
    "CubeFunction",
    "Indicators",
    "InverseResult",
    "MorrisEffect",
    "MorrisResult",
    "SensitivityError",
    "SobolIndex",
    "SobolResult",
    "Step",
    "TornadoBar",
    "Trial",
    "base_design",
    "column_names",
    "competitors_of",
    "evaluate",
    "indicator_names",
    "inverse_search",
    "morris",
    "sobol",
    "sobol_base",
    "tornado",
]

FloatArray = NDArray[np.float64]

CHUNK = 4096
"""Rows of the unit cube per evaluation task (results are concatenated in order)."""

PARTITIONS: tuple[tuple[str, ...], ...] = (CATEGORIES, HORIZON_CATEGORIES)
"""Indicator names that partition the draws (their per-draw values sum to 1): the bargaining
categories and the horizon outcomes O1-O7. A target in one of them competes with the others."""

GROUPS: dict[str, tuple[str, ...]] = dict(HORIZON_GROUPS)
"""Unions of partition members (``lasting_peace_proxy`` = O5 + O6): such a target competes with
the members outside it. Any other target competes with its complement."""

_U_MIN = 2.0**-53
_KEY = 0x5E45  # spawn_key prefix of the sensitivity designs (the sampler uses 1-tuples)
_SOBOL, _MORRIS, _TORNADO = 1, 2, 3
_BOOT_LOCK = threading.Lock()


class SensitivityError(MonteCarloError):
    """A sensitivity option (target, design size, levels) is invalid."""


CubeFunction = Callable[[FloatArray], FloatArray]
"""A model on the unit cube: ``(m, k)`` points -> ``(m, s)`` outputs, row by row."""


@dataclass(frozen=True, slots=True)
class _Chunk:
    func: CubeFunction
    u: FloatArray


def _run_chunk(chunk: _Chunk) -> FloatArray:
    out = np.asarray(chunk.func(chunk.u), dtype=float)
    return out.reshape(chunk.u.shape[0], -1)


ChunkMapper = Callable[[Callable[[_Chunk], FloatArray], Iterable[_Chunk]], Iterator[FloatArray]]
"""``map``-like callable (e.g. ``Executor.map``) that returns results in task order."""


def evaluate(func: CubeFunction, u: FloatArray, mapper: ChunkMapper | None = None) -> FloatArray:
    """``func`` over the rows of ``u`` in chunks of :data:`CHUNK` rows: an ``(m, s)`` array.

    Each row's output depends on that row only, and chunks are put back in order, so the
    result does not depend on ``mapper``.
    """
    u = np.asarray(u, dtype=float)
    tasks = [_Chunk(func, u[i : i + CHUNK]) for i in range(0, u.shape[0], CHUNK)]
    run = mapper if mapper is not None else map
    parts = list(run(_run_chunk, tasks))
    if not parts:
        return np.zeros((0, 1))
    return np.concatenate(parts, axis=0)


def _child(seed: int, method: int) -> np.random.Generator:
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(_KEY, method)))
    )


# --------------------------------------------------------------------------- the scenario model


def column_names(space: SampleSpace) -> tuple[str, ...]:
    """Names of the cube's columns: dotted field paths, then ``veto:<ratifier>``."""
    return tuple(".".join(str(x) for x in p) for p in space.paths) + tuple(
        f"veto:{r}" for r in space.ratifiers
    )


@dataclass(frozen=True)
class Indicators:
    """The scenario as a :data:`CubeFunction`: named indicators of the classified draws.

    ``Indicators(scenario, names)(u)`` maps uniforms through the sampler's
    :func:`~summitry.engines.montecarlo.sampler.transform` (clipped to
    :math:`[2^{-53}, 1 - 2^{-53}]`), classifies the draws and returns one 0/1 column per name.
    Picklable, so process pools can run it.
    """

    scenario: Scenario
    names: tuple[str, ...]

    def __call__(self, u: FloatArray) -> FloatArray:
        space = sample_space(self.scenario)
        draws = transform(space, np.clip(u, _U_MIN, 1.0 - _U_MIN))
        found = classify_sample(self.scenario, draws).indicators()
        missing = [n for n in self.names if n not in found]
        if missing:
            raise _unknown(missing[0], tuple(found))
        if not self.names:
            return np.zeros((u.shape[0], 0))
        return np.column_stack([found[n] for n in self.names]).astype(float)


def _unknown(name: str, available: Sequence[str]) -> SensitivityError:
    return SensitivityError(
        f"unknown target {name!r}; expected one of {', '.join(available)}. "
        "Fix: pass --target with one of these indicator names"
    )


def indicator_names(scenario: Scenario) -> tuple[str, ...]:
    """Every indicator name the classification of ``scenario`` produces (median draw)."""
    space = sample_space(scenario)
    draws = transform(space, np.full((1, space.dim), 0.5))
    return tuple(classify_sample(scenario, draws).indicators())


def competitors_of(target: str, names: Sequence[str]) -> tuple[str, ...] | None:
    """The outcomes competing with ``target``: the rest of its partition (:data:`PARTITIONS`;
    for a group, :data:`GROUPS`, the members outside it), or ``None`` when the target competes
    with its complement (most likely iff ``p > 1/2``)."""
    for part in PARTITIONS:
        if not all(n in names for n in part):
            continue
        if target in part:
            return tuple(n for n in part if n != target)
        members = GROUPS.get(target, ())
        if members and set(members) <= set(part):
            return tuple(n for n in part if n not in members)
    return None


def base_design(dim: int, draws: int, seed: int) -> FloatArray:
    """The ``(draws, dim)`` plain Monte Carlo uniforms of ``simulate`` (same seed, same draws)."""
    seed = check_seed(seed)
    parts = [uniforms(dim, seed=seed, block=b, size=s, method="mc") for b, s in blocks(draws)]
    return np.concatenate(parts, axis=0)


# --------------------------------------------------------------------------- Sobol'


@dataclass(frozen=True, slots=True, kw_only=True)
class SobolIndex:
    """First-order and total index of one column, each with its bootstrap interval."""

    name: str
    s1: float
    s1_ci: tuple[float, float]
    st: float
    st_ci: tuple[float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class SobolResult:
    """Result of :func:`sobol`. ``constant``: the output did not vary (all indices 0)."""

    n: int
    evaluations: int
    mean: float
    variance: float
    constant: bool
    indices: tuple[SobolIndex, ...]


def sobol_base(draws: int) -> int:
    """The Sobol' base sample size for ``draws``: the smallest power of 2 not below it."""
    blocks(draws)  # validates
    return 1 << max(0, math.ceil(math.log2(draws)))


def _ci(boot: Any, point: NDArray[np.float64], j: int) -> tuple[float, float]:
    lo = float(np.asarray(boot.confidence_interval.low)[j])
    hi = float(np.asarray(boot.confidence_interval.high)[j])
    dist = np.asarray(boot.bootstrap_distribution)[j]
    if np.ptp(dist) == 0.0:  # every resample gives the same value (an inert column)
        v = float(dist[0])
        return v, v
    if not (math.isfinite(lo) and math.isfinite(hi)):  # BCa undefined: percentile interval
        lo, hi = (float(x) for x in np.quantile(dist, [0.025, 0.975]))
    return lo, hi


def sobol(
    func: CubeFunction,
    dim: int,
    *,
    n: int,
    seed: int,
    names: Sequence[str] | None = None,
    mapper: ChunkMapper | None = None,
    n_resamples: int = 999,
    confidence: float = 0.95,
) -> SobolResult:
    r"""Sobol' first-order and total indices of ``func``'s first output on :math:`(0,1)^{dim}`.

    Parameters
    ----------
    func
        Model on the unit cube (:data:`CubeFunction`); its first output column is used.
    dim
        Number of columns :math:`k`.
    n
        Base sample size, a power of 2; the cost is :math:`n(k + 2)` model runs.
    seed
        Root seed: the scrambled Sobol' design and the bootstrap resamples derive from it.
    names
        Column names (default ``x0, x1, ...``).
    mapper
        ``Executor.map``-like evaluation of the chunks (results identical for any mapper).
    n_resamples, confidence
        BCa bootstrap of the indices (``scipy``'s ``SobolResult.bootstrap``).

    Returns
    -------
    SobolResult
        Indices in column order. When the output is constant, ``scipy``'s convention applies
        (all indices 0, intervals ``[0, 0]``) and ``constant`` is true.

    Notes
    -----
    Estimators: Saltelli et al. (2010) for :math:`S_i`, Jansen (1999) for :math:`S_{Ti}`, as
    implemented by ``scipy.stats.sobol_indices`` (module docstring).
    """
    from scipy import stats

    seed = check_seed(seed)
    if isinstance(n, bool) or not isinstance(n, int) or n < 2 or n & (n - 1):
        raise SensitivityError(
            f"the Sobol' base sample size must be a power of 2 >= 2, got {n!r}. "
            "Fix: pass e.g. --draws 1024"
        )
    labels = tuple(names) if names is not None else tuple(f"x{j}" for j in range(dim))
    rng = _child(seed, _SOBOL)
    if dim == 0:  # nothing is uncertain: no index to estimate
        y = evaluate(func, np.full((1, 0), 0.5), mapper)[:, 0]
        return SobolResult(
            n=n, evaluations=1, mean=float(y[0]), variance=0.0, constant=True, indices=()
        )

    seen: list[FloatArray] = []  # outputs in call order: f(A), f(B), f(A_B)

    def f(x: FloatArray) -> FloatArray:
        y = evaluate(func, np.ascontiguousarray(np.asarray(x).T), mapper)[:, 0]
        seen.append(y.copy())
        return y

    res = stats.sobol_indices(func=f, n=n, dists=[stats.uniform(0.0, 1.0)] * dim, rng=rng)
    f_ab = np.concatenate(seen[:2])  # A and B are independent: V(Y) is estimated on them
    variance = float(np.var(f_ab))
    mean = float(np.mean(f_ab))
    s1 = np.atleast_1d(np.asarray(res.first_order, dtype=float))
    st = np.atleast_1d(np.asarray(res.total_order, dtype=float))
    constant = variance == 0.0
    if constant:
        ci1 = [(0.0, 0.0)] * dim
        cit = [(0.0, 0.0)] * dim
    else:
        boot_seed = int(rng.integers(0, 2**32))
        with _BOOT_LOCK:
            state = np.random.get_state()  # noqa: NPY002
            try:
                # SobolResult.bootstrap draws from NumPy's legacy global RandomState:
                # seed it from our stream, and restore it afterwards.
                np.random.seed(boot_seed)  # noqa: NPY002
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # degenerate BCa on inert columns
                    boot = res.bootstrap(confidence_level=confidence, n_resamples=n_resamples)
            finally:
                np.random.set_state(state)  # noqa: NPY002
        ci1 = [_ci(boot.first_order, s1, j) for j in range(dim)]
        cit = [_ci(boot.total_order, st, j) for j in range(dim)]
    return SobolResult(
        n=n,
        evaluations=n * (dim + 2),
        mean=mean,
        variance=variance,
        constant=constant,
        indices=tuple(
            SobolIndex(name=labels[j], s1=float(s1[j]), s1_ci=ci1[j], st=float(st[j]), st_ci=cit[j])
            for j in range(dim)
        ),
    )


# --------------------------------------------------------------------------- Morris


@dataclass(frozen=True, slots=True, kw_only=True)
class MorrisEffect:
    """Elementary-effect statistics of one column (in unit-cube units)."""

    name: str
    mu: float
    mu_star: float
    sigma: float


@dataclass(frozen=True, slots=True, kw_only=True)
class MorrisResult:
    """Result of :func:`morris`, effects in column order."""

    trajectories: int
    levels: int
    delta: float
    evaluations: int
    effects: tuple[MorrisEffect, ...]


def _trajectory(rng: np.random.Generator, k: int, p: int) -> FloatArray:
    """One Morris (1991) trajectory: :math:`B^* = (J x^* + \\tfrac{\\Delta}{2}[(2B - J)D^* +
    J])P^*`, a ``(k + 1, k)`` matrix whose consecutive rows differ in one column by
    :math:`\\pm\\Delta`."""
    delta = p / (2.0 * (p - 1))
    starts = np.arange(p // 2) / (p - 1)  # levels x with x + delta <= 1
    x = rng.choice(starts, size=k)
    b = np.tril(np.ones((k + 1, k)), -1)
    d = np.diag(rng.choice([-1.0, 1.0], size=k))
    perm = np.eye(k)[rng.permutation(k)]
    j = np.ones((k + 1, k))
    out: FloatArray = (x[None, :] + (delta / 2.0) * ((2.0 * b - j) @ d + j)) @ perm
    return out


def morris(
    func: CubeFunction,
    dim: int,
    *,
    trajectories: int = 50,
    levels: int = 4,
    seed: int,
    names: Sequence[str] | None = None,
    mapper: ChunkMapper | None = None,
) -> MorrisResult:
    r"""Morris (1991) elementary-effects screening of ``func``'s first output on the unit cube.

    Parameters
    ----------
    func, dim, names, mapper
        As in :func:`sobol`.
    trajectories
        :math:`r`, the number of one-at-a-time trajectories (>= 2).
    levels
        :math:`p`, an even number of grid levels :math:`\{0, 1/(p-1), \dots, 1\}` (>= 2); the
        step is :math:`\Delta = p / (2(p - 1))`.
    seed
        Root seed of the trajectories.

    Returns
    -------
    MorrisResult
        Per column :math:`\mu`, :math:`\mu^* = \frac1r\sum_t |EE^{(t)}|` (Campolongo et al.
        2007) and :math:`\sigma` (sample s.d., ``ddof=1``) of the elementary effects
        :math:`EE = (f(x + \Delta e_i) - f(x)) / \Delta`. Cost :math:`r(k + 1)` model runs.
    """
    seed = check_seed(seed)
    if isinstance(trajectories, bool) or not isinstance(trajectories, int) or trajectories < 2:
        raise SensitivityError(f"Morris needs at least 2 trajectories, got {trajectories!r}")
    if isinstance(levels, bool) or not isinstance(levels, int) or levels < 2 or levels % 2:
        raise SensitivityError(f"Morris levels must be an even integer >= 2, got {levels!r}")
    labels = tuple(names) if names is not None else tuple(f"x{j}" for j in range(dim))
    rng = _child(seed, _MORRIS)
    if dim == 0:
        return MorrisResult(
            trajectories=trajectories,
            levels=levels,
            delta=levels / (2.0 * (levels - 1)),
            evaluations=0,
            effects=(),
        )
    design = np.stack([_trajectory(rng, dim, levels) for _ in range(trajectories)])
    y = evaluate(func, design.reshape(-1, dim), mapper)[:, 0].reshape(trajectories, dim + 1)
    dx = np.diff(design, axis=1)  # (r, k, k): one non-zero per step
    col = np.argmax(np.abs(dx), axis=2)  # (r, k): the column moved at each step
    step = np.take_along_axis(dx, col[..., None], axis=2)[..., 0]
    ee_steps = np.diff(y, axis=1) / step
    ee = np.empty((trajectories, dim))
    ee[np.arange(trajectories)[:, None], col] = ee_steps  # each column moves once per path
    return MorrisResult(
        trajectories=trajectories,
        levels=levels,
        delta=levels / (2.0 * (levels - 1)),
        evaluations=trajectories * (dim + 1),
        effects=tuple(
            MorrisEffect(
                name=labels[j],
                mu=float(np.mean(ee[:, j])),
                mu_star=float(np.mean(np.abs(ee[:, j]))),
                sigma=float(np.std(ee[:, j], ddof=1)),
            )
            for j in range(dim)
        ),
    )


# --------------------------------------------------------------------------- tornado


@dataclass(frozen=True, slots=True, kw_only=True)
class TornadoBar:
    """P(target) with one column fixed at a low and a high quantile (common random numbers).

    ``low_value`` / ``high_value``: the input's value there (for a veto column, the share of
    draws in which the ratifier vetoes).
    """

    name: str
    low_u: float
    low_value: float
    low_p: float
    high_u: float
    high_value: float
    high_p: float

    @property
    def swing(self) -> float:
        """:math:`|P_{high} - P_{low}|`."""
        return abs(self.high_p - self.low_p)


def _fixed(base: FloatArray, cols: Sequence[int], qs: Sequence[float]) -> FloatArray:
    u = base.copy()
    for c, q in zip(cols, qs, strict=True):
        u[:, c] = q
    return u


def _values(space: SampleSpace, base: FloatArray, col: int, q: float) -> float:
    d = len(space.paths)
    if col < d:
        row = np.full((1, space.dim), 0.5)
        row[0, col] = q
        return float(transform(space, np.clip(row, _U_MIN, 1 - _U_MIN)).values[0, col])
    s = transform(space, np.clip(_fixed(base, [col], [q]), _U_MIN, 1 - _U_MIN))
    return float(s.vetoes[:, col - d].mean())


def tornado(
    scenario: Scenario,
    target: str,
    *,
    draws: int,
    seed: int,
    low: float = 0.1,
    high: float = 0.9,
    mapper: ChunkMapper | None = None,
) -> tuple[float, tuple[TornadoBar, ...]]:
    """P(target) on the base draws and, per column, with that column fixed at ``low``/``high``.

    The base draws are :func:`base_design` (those of ``simulate`` with the same seed and
    ``method="mc"``); every column's two settings reuse them (common random numbers). Returns
    the base probability and the bars in column order. Cost ``draws * (2k + 1)`` runs.
    """
    space = sample_space(scenario)
    _check_target(scenario, target)
    func = Indicators(scenario, (target,))
    base = base_design(space.dim, draws, seed)
    k = space.dim
    stacked = np.concatenate(
        [base] + [_fixed(base, [c], [q]) for c in range(k) for q in (low, high)], axis=0
    )
    p = evaluate(func, stacked, mapper)[:, 0].reshape(2 * k + 1, draws).mean(axis=1)
    names = column_names(space)
    bars = tuple(
        TornadoBar(
            name=names[c],
            low_u=low,
            low_value=_values(space, base, c, low),
            low_p=float(p[1 + 2 * c]),
            high_u=high,
            high_value=_values(space, base, c, high),
            high_p=float(p[2 + 2 * c]),
        )
        for c in range(k)
    )
    return float(p[0]), bars


def _check_target(scenario: Scenario, target: str) -> tuple[str, ...]:
    names = indicator_names(scenario)
    if target not in names:
        raise _unknown(target, names)
    return names


# --------------------------------------------------------------------------- inverse search


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One input fixed at quantile ``u_to`` (value ``to``) instead of its median (``from_``)."""

    name: str
    u_to: float
    from_: float
    to: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Trial:
    """A change of one or two inputs and what it gives."""

    changes: tuple[Step, ...]
    p: float
    competitor_p: float
    most_likely: bool

    @property
    def size(self) -> float:
        """Sum over the changed inputs of :math:`|q - 1/2|` (quantile distance from median)."""
        return sum(abs(s.u_to - 0.5) for s in self.changes)


@dataclass(frozen=True, slots=True, kw_only=True)
class InverseResult:
    """Result of :func:`inverse_search`."""

    target: str
    base_p: float
    competitor: str
    competitor_p: float
    single: tuple[Trial, ...]
    pairs: tuple[Trial, ...]
    pair_inputs: tuple[str, ...]
    evaluations: int

    @property
    def already(self) -> bool:
        """The target is already the most likely outcome (nothing needs to change)."""
        return self.base_p > self.competitor_p

    @property
    def found(self) -> bool:
        """No change is needed, or some single change or pair makes the target most likely."""
        return self.already or any(t.most_likely for t in (*self.single, *self.pairs))


@dataclass(frozen=True)
class _Margin:
    """Evaluates settings of fixed columns on the common base draws (each setting once)."""

    func: Indicators
    base: FloatArray
    mapper: ChunkMapper | None
    complement: bool
    cache: dict[tuple[tuple[int, ...], tuple[float, ...]], FloatArray] = field(default_factory=dict)
    runs: list[int] = field(default_factory=lambda: [0])

    def probs(self, settings: Sequence[tuple[Sequence[int], Sequence[float]]]) -> FloatArray:
        """``(len(settings), 1 + C)`` probabilities of the target and each competitor."""
        keys = [(tuple(c), tuple(float(x) for x in q)) for c, q in settings]
        todo = list(dict.fromkeys(k for k in keys if k not in self.cache))
        if todo:
            u = np.concatenate([_fixed(self.base, c, q) for c, q in todo], axis=0)
            self.runs[0] += u.shape[0]
            y = evaluate(self.func, u, self.mapper)
            n = self.base.shape[0]
            means = y.reshape(len(todo), n, -1).mean(axis=1)
            self.cache.update(zip(todo, means, strict=True))
        if not keys:
            return np.zeros((0, len(self.func.names)))
        return np.stack([self.cache[k] for k in keys])

    def margin(self, p: FloatArray) -> FloatArray:
        """Target minus the strongest competitor (``1 - p`` for a complement)."""
        if self.complement:
            return np.asarray(p[:, 0] - (1.0 - p[:, 0]))
        return np.asarray(p[:, 0] - p[:, 1:].max(axis=1))

    def rival(self, p: FloatArray) -> FloatArray:
        """Probability of the strongest competitor."""
        if self.complement:
            return np.asarray(1.0 - p[:, 0])
        return np.asarray(p[:, 1:].max(axis=1))


def _q(d: float, t: float) -> float:
    return min(1.0, max(0.0, 0.5 + d * t))


def _search(
    m: _Margin,
    moves: Sequence[tuple[Sequence[int], Sequence[float]]],
    ts: Sequence[float],
    iters: int,
) -> list[float | None]:
    """For each move (columns, directions): the smallest distance ``t`` found with margin > 0,
    or ``None`` when even ``t = 1/2`` (the ends of the ranges) fails.

    The far end is evaluated first; a successful move is scanned on the grid ``ts`` from the
    median outwards and its first success refined by ``iters`` bisection steps.
    """

    def setting(cols: Sequence[int], dirs: Sequence[float], t: float) -> Any:
        return (cols, [_q(d, t) for d in dirs])

    far = m.margin(m.probs([setting(c, d, ts[-1]) for c, d in moves]))
    ok = [i for i, v in enumerate(far) if v > 0]
    out: list[float | None] = [None] * len(moves)
    if not ok:
        return out
    grid = m.margin(m.probs([setting(*moves[i], t) for i in ok for t in ts])).reshape(
        len(ok), len(ts)
    )
    brackets: dict[int, tuple[float, float]] = {}
    for i, row in zip(ok, grid, strict=True):
        g = int(np.flatnonzero(row > 0)[0])
        brackets[i] = (0.0 if g == 0 else ts[g - 1], ts[g])
    for _ in range(iters):  # all moves bisect together: one batch per step
        mids = {i: 0.5 * (lo + hi) for i, (lo, hi) in brackets.items()}
        vals = m.margin(m.probs([setting(*moves[i], mids[i]) for i in brackets]))
        for (i, (lo, hi)), v in zip(list(brackets.items()), vals, strict=True):
            brackets[i] = (lo, mids[i]) if v > 0 else (mids[i], hi)
    for i, (_, hi) in brackets.items():
        out[i] = hi
    return out


def inverse_search(
    scenario: Scenario,
    target: str,
    *,
    draws: int,
    seed: int,
    competitors: Sequence[str] | None = None,
    grid: int = 5,
    bisections: int = 5,
    pair_top: int = 4,
    mapper: ChunkMapper | None = None,
) -> InverseResult:
    r"""What would have to change for the target to become the most likely outcome.

    Parameters
    ----------
    scenario, target, draws, seed, mapper
        As in :func:`tornado` (the same base draws: common random numbers).
    competitors
        Competing outcome names; default the rest of the target's partition
        (:func:`competitors_of`), else the complement "not target".
    grid
        Grid points per direction: a column is fixed at :math:`q = 1/2 \pm t`,
        :math:`t = 0.5\,g/\text{grid}`, :math:`g = 1 \dots \text{grid}`.
    bisections
        Bisection steps on :math:`t` after the first grid success (resolution
        :math:`0.5 / (\text{grid}\, 2^{\text{bisections}})`, 0.003 by default).
    pair_top
        Pairs are searched among this many most influential columns (largest margin gain at
        the ends of the range, ties in column order), each moved in its better direction by a
        common distance :math:`t`.

    Returns
    -------
    InverseResult
        ``single``: per column, the smallest successful change (over both directions), or --
        when even the ends of its range (:math:`q = 0` or 1) fail -- the end giving the larger
        margin (``most_likely`` false); successes first by size, then failures by ``p``.
        ``pairs``: the same for pairs, searched only when no single change succeeds. The
        margin is :math:`P(\text{target}) - \max_c P(c)`; success means margin > 0.

    Notes
    -----
    Each direction costs 1 setting of ``draws`` model runs when its far end fails, else at
    most ``1 + grid + bisections``; settings are never evaluated twice.
    """
    space = sample_space(scenario)
    names = _check_target(scenario, target)
    rivals = tuple(competitors) if competitors is not None else competitors_of(target, names)
    for r in rivals or ():
        if r not in names:
            raise _unknown(r, names)
    if isinstance(grid, bool) or not isinstance(grid, int) or grid < 1:
        raise SensitivityError(f"grid must be a positive integer, got {grid!r}")
    func = Indicators(scenario, (target, *(rivals or ())))
    base = base_design(space.dim, draws, seed)
    m = _Margin(func, base, mapper, complement=rivals is None)
    labels = column_names(space)
    k = space.dim
    base_p = m.probs([((), ())])
    base_margin = float(m.margin(base_p)[0])
    rival_name = f"not {target}"
    if rivals:
        rival_name = rivals[int(np.argmax(base_p[0, 1:]))]

    def result(
        single: tuple[Trial, ...], pairs: tuple[Trial, ...], top: Sequence[int]
    ) -> InverseResult:
        return InverseResult(
            target=target,
            base_p=float(base_p[0, 0]),
            competitor=rival_name,
            competitor_p=float(m.rival(base_p)[0]),
            single=single,
            pairs=pairs,
            pair_inputs=tuple(labels[c] for c in top),
            evaluations=m.runs[0],
        )

    if base_margin > 0:  # already the most likely outcome: nothing to search
        return result((), (), ())

    def trial(cols: Sequence[int], qs: Sequence[float]) -> Trial:
        pr = m.probs([(cols, qs)])
        return Trial(
            changes=tuple(
                Step(
                    name=labels[c],
                    u_to=q,
                    from_=_values(space, base, c, 0.5),
                    to=_values(space, base, c, q),
                )
                for c, q in zip(cols, qs, strict=True)
            ),
            p=float(pr[0, 0]),
            competitor_p=float(m.rival(pr)[0]),
            most_likely=bool(m.margin(pr)[0] > 0),
        )

    def order(t: Trial) -> tuple[bool, float]:
        return (not t.most_likely, t.size if t.most_likely else -t.p)

    ts = [0.5 * g / grid for g in range(1, grid + 1)]
    moves = [([c], [s]) for c in range(k) for s in (1.0, -1.0)]
    found = _search(m, moves, ts, bisections)
    ends = m.margin(m.probs([([c], [_q(s, 0.5)]) for c in range(k) for s in (1.0, -1.0)]))
    ends = ends.reshape(k, 2)
    best_dir = np.where(ends[:, 1] > ends[:, 0], -1.0, 1.0)
    gain = ends.max(axis=1) - base_margin
    single: list[Trial] = []
    for c in range(k):
        pair = zip(found[2 * c : 2 * c + 2], (1.0, -1.0), strict=True)
        hits = [(t, s) for (t, s) in pair if t is not None]
        if hits:
            t, s = min(hits)
            single.append(trial([c], [_q(s, t)]))
        else:
            single.append(trial([c], [_q(float(best_dir[c]), 0.5)]))
    single.sort(key=order)

    top = [int(c) for c in np.argsort(-gain, kind="stable")[: max(0, pair_top)]]
    pairs: list[Trial] = []
    if not any(t.most_likely for t in single) and len(top) >= 2:
        pair_ids = [(a, b) for i, a in enumerate(top) for b in top[i + 1 :]]
        pmoves = [([a, b], [float(best_dir[a]), float(best_dir[b])]) for a, b in pair_ids]
        pfound = _search(m, pmoves, ts, bisections)
        for (cols, dirs), tp in zip(pmoves, pfound, strict=True):
            pairs.append(trial(cols, [_q(d, 0.5 if tp is None else tp) for d in dirs]))
        pairs.sort(key=order)
    return result(tuple(single), tuple(pairs), top)
