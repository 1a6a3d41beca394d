r"""Sampling every uncertain input of a scenario, reproducibly, in blocks.

Scheme
------
Let :math:`d` be the number of uncertainty specs in the scenario (document order, see
:func:`summitry.model.inputs.uncertain_inputs`) and :math:`r` the number of ratifiers. Each draw
is one point :math:`u \in (0, 1)^{d + r}`:

* column :math:`j < d` is mapped through the inverse CDF :math:`F_j^{-1}` of input :math:`j`'s
  marginal (inverse-transform sampling, Devroye 1986, ch. 2): uniform
  (``scipy.stats.uniform``), triangular (``scipy.stats.triang``), normal truncated to the
  field's allowed range where it has one (``scipy.stats.truncnorm``; e.g. a position to
  :math:`[0, 100]`, a probability to :math:`[0, 1]`, a cost to :math:`[0, \infty)`), beta
  rescaled to :math:`[lo, hi]` (``scipy.stats.beta``);
* column :math:`d + m` decides ratifier :math:`m`'s veto as a Bernoulli draw,
  :math:`V_m = [u_{d+m} < p_m]`, with :math:`p_m` its veto probability -- itself the drawn value
  when ``p_veto`` is uncertain (so :math:`P(V_m = 1) = E[p_m]`). The bargaining engine reads the
  veto as ``p_veto`` = 0 or 1 (conditions apply when :math:`\ge 0.5`).

Inputs are independent unless the scenario's ``correlations:`` block names some of them. The
uniforms come from one of three designs, always in blocks of :data:`BLOCK_SIZE` draws; draw
:math:`i` lies in block :math:`b = \lfloor i / B \rfloor`:

``mc``
    Plain Monte Carlo. Block :math:`b` uses a PCG64 generator seeded with the child
    ``SeedSequence(seed, spawn_key=(b,))`` -- the same as ``SeedSequence(seed).spawn(b + 1)[b]``
    -- and fills a ``(size, d + r)`` array row by row. Draw :math:`i` therefore depends on
    ``(seed, i)`` only: neither on the number of draws nor on how blocks are spread over
    workers.
``lhs``
    Replicated Latin hypercube (McKay, Beckman & Conover 1979): each block is an independent
    Latin hypercube of its size, seeded by the same child seed. A full block depends on
    ``(seed, b)`` only; a final partial block is a smaller hypercube.
``sobol``
    One scrambled Sobol' sequence (Owen 1998 scrambling, ``scipy.stats.qmc.Sobol``) seeded by
    the child ``SeedSequence(seed, spawn_key=(2**32 - 1,))``; block :math:`b` is points
    :math:`[bB, (b + 1)B)` of it, generated whole (``B`` is a power of 2, which keeps the balance
    properties) and cut when the final block is partial. Point :math:`i` depends on
    ``(seed, i)`` only.

Uniforms are clipped to :math:`[2^{-53}, 1 - 2^{-53}]` so that unbounded marginals stay finite.

Correlated inputs (Gaussian copula)
-----------------------------------
For the inputs :math:`c_1, \dots, c_k` listed under ``correlations:`` with matrix :math:`R`
(the correlation of their *normal scores* :math:`\Phi^{-1}(F_j(x_j))`), :func:`transform` maps
the design's uniforms before the inverse CDFs (Nelsen 2006, ch. 2; Iman & Conover 1982 induce
rank correlations through normal scores the same way):

.. math::

   z = \Phi^{-1}(u_{c}), \qquad z' = L z, \qquad u'_{c} = \Phi(z'),
   \qquad R = L L^{\top},

with :math:`L` the lower Cholesky factor (:func:`cholesky_psd`; semi-definite :math:`R` allowed).
Each :math:`z'_i` is standard normal, so every marginal is unchanged, and
:math:`\operatorname{corr}(z'_i, z'_j) = R_{ij}`; Spearman's rank correlation of the inputs is
then :math:`\frac{6}{\pi}\arcsin(R_{ij}/2)` and Kendall's :math:`\tau` is
:math:`\frac{2}{\pi}\arcsin R_{ij}` (Kruskal 1958). The map works on any design, so ``mc``,
``lhs`` and ``sobol`` all get it, and it is row by row with elementwise operations only (no
BLAS reductions), so a draw stays a function of ``(seed, i)`` alone, bit for bit, on any worker.
For ``lhs``/``sobol`` the correlated columns lose their one-dimensional stratification (the
first listed input keeps it, since :math:`z'_1 = z_1`).

References
----------
Devroye, L. (1986). *Non-Uniform Random Variate Generation*. Springer. doi:10.1007/978-1-4613-8643-8
McKay, M. D., Beckman, R. J., & Conover, W. J. (1979). A comparison of three methods for
selecting values of input variables in the analysis of output from a computer code.
*Technometrics* 21(2), 239-245. doi:10.2307/1268522
Owen, A. B. (1998). Scrambling Sobol' and Niederreiter-Xing points. *Journal of Complexity*
14(4), 466-489. doi:10.1006/jcom.1998.0487
Nelsen, R. B. (2006). *An Introduction to Copulas* (2nd ed.). Springer.
doi:10.1007/0-387-28678-0
Iman, R. L., & Conover, W. J. (1982). A distribution-free approach to inducing rank correlation
among input variables. *Communications in Statistics - Simulation and Computation* 11(3),
311-334. doi:10.1080/03610918208812265
Kruskal, W. H. (1958). Ordinal measures of association. *JASA* 53(284), 814-861.
doi:10.1080/01621459.1958.10501481
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from summitry.errors import SummitryError
from summitry.model.inputs import Path, uncertain_inputs
from summitry.model.scenario import Scenario
from summitry.model.uncertain import (
    BetaSpec,
    NormalSpec,
    RangeSpec,
    TriangularSpec,
    UncertainSpec,
    point,
)

__all__ = [
    "BLOCK_SIZE",
    "Method",
    "MonteCarloError",
    "Sample",
    "SampleSpace",
    "block_seed",
    "blocks",
    "check_seed",
    "cholesky_psd",
    "correlate",
    "field_bounds",
    "inverse_cdf",
    "sample",
    "sample_block",
    "sample_space",
    "transform",
    "uniforms",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

BLOCK_SIZE = 1024
"""Draws per block (a power of 2, for Sobol' balance). Part of the reproducibility scheme."""

_SOBOL_KEY = 2**32 - 1
_U_MIN = 2.0**-53


class MonteCarloError(SummitryError, ValueError):
    """A Monte Carlo option (draws, seed, method, eps, workers) is invalid."""


class Method(StrEnum):
    """Designs of the uniforms behind the draws."""

    MC = "mc"
    LHS = "lhs"
    SOBOL = "sobol"


def _method(method: str | Method) -> Method:
    try:
        return Method(method)
    except ValueError:
        raise MonteCarloError(
            f"unknown sampling method {method!r}; expected one of mc, lhs, sobol. "
            "Fix: pass --method mc, lhs or sobol"
        ) from None


def check_seed(seed: Any) -> int:
    """Return ``seed`` as an ``int`` after checking it is a non-negative integer."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise MonteCarloError(
            f"seed must be a non-negative integer, got {seed!r}. Fix: pass e.g. --seed 12345"
        )
    return int(seed)


def field_bounds(path: Path) -> tuple[float, float]:
    """The range a field allows (used to truncate normal marginals), by field path.

    Positions, issue values and ratifier conditions lie on :math:`[0, 100]`; probabilities
    (``p_veto``, compliance, trust) on :math:`[0, 1]`; saliences, capabilities, deal bonuses,
    costs and exposures are non-negative; anything else (side-deal values) is unbounded.
    """
    head = path[0] if path else None
    last = path[-1] if path else None
    inf = math.inf
    if head == "positions":
        return (0.0, inf) if path[3] == "salience" else (0.0, 100.0)
    if head == "issues":
        return 0.0, 100.0
    if head == "disagreement":
        return (0.0, 100.0) if path[1] == "outcome" else (0.0, inf)
    if head == "veto":
        return (0.0, 1.0) if last == "p_veto" else (0.0, 100.0)
    if head == "commitment":
        return (0.0, inf) if path[1] == "exposure" else (0.0, 1.0)
    if head in ("actors", "mediators"):
        return 0.0, inf
    if head == "outcome_model":
        if "terms" in path:
            return 0.0, 100.0
        unbounded = {"hazard_ratio", "unwilling_hazard_ratio", "exit_hazard_ratio"}
        unbounded |= {"leverage_cost", "start_month", "pr_bonus", "talk_cost"}
        return (0.0, inf) if unbounded & set(map(str, path)) else (0.0, 1.0)
    return -inf, inf


def inverse_cdf(spec: UncertainSpec, u: FloatArray, bounds: tuple[float, float]) -> FloatArray:
    r"""Map uniforms ``u`` through the inverse CDF of ``spec``'s distribution.

    A normal :math:`N(m, s^2)` is truncated to ``bounds`` =
    :math:`[l, h]`: :math:`F^{-1}(u) = m + s\,\Phi^{-1}(\Phi(\alpha) + u(\Phi(\beta) -
    \Phi(\alpha)))` with :math:`\alpha = (l - m)/s`, :math:`\beta = (h - m)/s`.
    """
    from scipy import stats

    u = np.asarray(u, dtype=float)
    if isinstance(spec, RangeSpec):
        lo, hi = spec.range
        return np.asarray(lo + (hi - lo) * u, dtype=float)
    if isinstance(spec, TriangularSpec):
        lo, mode, hi = spec.triangular
        if hi == lo:
            return np.full_like(u, lo)
        c = (mode - lo) / (hi - lo)
        return np.asarray(stats.triang.ppf(u, c, loc=lo, scale=hi - lo), dtype=float)
    if isinstance(spec, NormalSpec):
        m, s = spec.normal.mean, spec.normal.sd
        lo, hi = bounds
        if math.isinf(lo) and math.isinf(hi):
            return np.asarray(stats.norm.ppf(u, loc=m, scale=s), dtype=float)
        a, b = (lo - m) / s, (hi - m) / s
        return np.asarray(stats.truncnorm.ppf(u, a, b, loc=m, scale=s), dtype=float)
    if isinstance(spec, BetaSpec):
        p = spec.beta
        return np.asarray(stats.beta.ppf(u, p.a, p.b, loc=p.lo, scale=p.hi - p.lo), dtype=float)
    raise MonteCarloError(f"not an uncertainty spec: {spec!r}")  # pragma: no cover


@dataclass(frozen=True, slots=True, kw_only=True)
class SampleSpace:
    """What a scenario's draws are made of.

    Attributes
    ----------
    paths
        Field path of each uncertain input (columns of :attr:`Sample.values`).
    specs
        Its uncertainty spec.
    bounds
        Its field's allowed range (truncation of normal marginals).
    ratifiers
        Ratifier ids (columns of :attr:`Sample.vetoes`).
    p_veto
        For each ratifier, its fixed veto probability, or the column of its drawn one
        (``(None, col)``).
    corr_cols
        Columns of the correlated inputs (``correlations.inputs`` order); empty if none.
    corr_factor
        Lower Cholesky factor :math:`L` of their correlation matrix (rows of a tuple).
    """

    paths: tuple[Path, ...]
    specs: tuple[UncertainSpec, ...]
    bounds: tuple[tuple[float, float], ...]
    ratifiers: tuple[str, ...]
    p_veto: tuple[tuple[float | None, int | None], ...]
    corr_cols: tuple[int, ...] = ()
    corr_factor: tuple[tuple[float, ...], ...] = ()

    @property
    def dim(self) -> int:
        """Number of uniforms per draw: inputs plus one per ratifier."""
        return len(self.paths) + len(self.ratifiers)


def cholesky_psd(matrix: Any, *, tol: float = 1e-10) -> tuple[tuple[float, ...], ...]:
    r"""Lower Cholesky factor :math:`L` (:math:`R = LL^\top`) of a positive semi-definite matrix.

    The Cholesky-Banachiewicz recurrence in plain floating point with :func:`math.fsum`, so the
    factor is the same bit for bit on every machine (no LAPACK). A pivot within ``tol`` of 0
    (a semi-definite :math:`R`, e.g. two inputs correlated +1) gives a zero column.

    Raises
    ------
    MonteCarloError
        If ``matrix`` is not square and symmetric or is not positive semi-definite.

    Examples
    --------
    >>> cholesky_psd([[1.0, 0.6], [0.6, 1.0]])
    ((1.0, 0.0), (0.6, 0.8))
    """
    a = [[float(v) for v in row] for row in matrix]
    n = len(a)
    if any(len(row) != n for row in a) or any(
        a[i][j] != a[j][i] for i in range(n) for j in range(i)
    ):
        raise MonteCarloError(f"a correlation matrix must be square and symmetric, got {a}")
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = math.fsum(low[i][k] * low[j][k] for k in range(j))
            if i == j:
                pivot = a[i][i] - s
                if pivot < -tol:
                    raise MonteCarloError(
                        f"correlation matrix is not positive semi-definite (pivot {pivot:.3g} "
                        f"at row {i}); expected every eigenvalue >= 0. Fix: use the nearest "
                        "correlation matrix (Higham 2002)"
                    )
                low[i][i] = math.sqrt(pivot) if pivot > tol else 0.0
            elif low[j][j] > 0.0:
                low[i][j] = (a[i][j] - s) / low[j][j]
            elif abs(a[i][j] - s) > math.sqrt(tol):
                raise MonteCarloError(
                    f"correlation matrix is not positive semi-definite (row {i}, column {j}); "
                    "expected every eigenvalue >= 0. Fix: use the nearest correlation matrix "
                    "(Higham 2002)"
                )
    return tuple(tuple(row) for row in low)


def _correlation(
    scenario: Scenario, paths: tuple[Path, ...]
) -> tuple[tuple[int, ...], tuple[tuple[float, ...], ...]]:
    c = getattr(scenario, "correlations", None)
    if c is None:
        return (), ()
    col = {".".join(str(x) for x in p): j for j, p in enumerate(paths)}
    missing = [name for name in c.inputs if name not in col]
    if missing:
        raise MonteCarloError(
            f"correlations.inputs names {missing[0]!r}, which is not an uncertain input; "
            "expected one of the paths summitry simulate lists under inputs. Fix: correct the path"
        )
    return tuple(col[name] for name in c.inputs), cholesky_psd(c.matrix)


def sample_space(scenario: Scenario) -> SampleSpace:
    """Collect every uncertain input and every ratifier of ``scenario`` (and its correlations)."""
    found = uncertain_inputs(scenario)
    paths = tuple(p for p, _ in found)
    specs = tuple(s for _, s in found)
    col = {p: j for j, p in enumerate(paths)}
    rats = tuple(scenario.veto.ratifiers)
    p_veto: list[tuple[float | None, int | None]] = []
    for rid in rats:
        path: Path = ("veto", "ratifiers", rid, "p_veto")
        if path in col:
            p_veto.append((None, col[path]))
        else:
            p_veto.append((point(scenario.veto.ratifiers[rid].p_veto), None))
    corr_cols, corr_factor = _correlation(scenario, paths)
    return SampleSpace(
        paths=paths,
        specs=specs,
        bounds=tuple(field_bounds(p) for p in paths),
        ratifiers=rats,
        p_veto=tuple(p_veto),
        corr_cols=corr_cols,
        corr_factor=corr_factor,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Sample:
    """A block (or several) of draws.

    Attributes
    ----------
    space
        The inputs sampled.
    start
        Index of the first draw (block number times :data:`BLOCK_SIZE`).
    values
        ``(n, d)`` sampled values of the uncertain inputs.
    vetoes
        ``(n, r)`` Bernoulli veto of each ratifier.
    """

    space: SampleSpace
    start: int
    values: FloatArray
    vetoes: BoolArray

    def __len__(self) -> int:
        return int(self.values.shape[0])

    def draw(self, i: int) -> dict[Path, float]:
        """Draw ``i`` (0-based within this sample) as a field-path mapping for the engines.

        Each ratifier's ``p_veto`` path holds its Bernoulli veto as 0.0 or 1.0, replacing the
        drawn probability.
        """
        out: dict[Path, float] = {
            p: float(v) for p, v in zip(self.space.paths, self.values[i], strict=True)
        }
        for m, rid in enumerate(self.space.ratifiers):
            out["veto", "ratifiers", rid, "p_veto"] = 1.0 if self.vetoes[i, m] else 0.0
        return out


def block_seed(seed: int, block: int) -> np.random.SeedSequence:
    """Child seed of block ``block``: ``SeedSequence(seed, spawn_key=(block,))``."""
    return np.random.SeedSequence(seed, spawn_key=(block,))


def _sobol(dim: int, seed: int) -> Any:
    from scipy.stats import qmc

    gen = np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(_SOBOL_KEY,)))
    )
    try:
        return qmc.Sobol(dim, scramble=True, rng=gen)
    except TypeError:  # pragma: no cover - SciPy < 1.15
        return qmc.Sobol(dim, scramble=True, seed=gen)


def uniforms(
    dim: int, *, seed: int, block: int, size: int = BLOCK_SIZE, method: str | Method = Method.MC
) -> FloatArray:
    """The ``(size, dim)`` uniforms of block ``block`` under ``method`` (see module docstring)."""
    method = _method(method)
    seed = check_seed(seed)
    if not 0 < size <= BLOCK_SIZE:
        raise MonteCarloError(f"block size must be in 1..{BLOCK_SIZE}, got {size}")
    if dim == 0:
        return np.zeros((size, 0))
    if method is Method.MC:
        u = np.random.Generator(np.random.PCG64(block_seed(seed, block))).random((size, dim))
    elif method is Method.LHS:
        from scipy.stats import qmc

        gen = np.random.Generator(np.random.PCG64(block_seed(seed, block)))
        try:
            engine = qmc.LatinHypercube(dim, rng=gen)
        except TypeError:  # pragma: no cover - SciPy < 1.15
            engine = qmc.LatinHypercube(dim, seed=gen)
        u = engine.random(size)
    else:
        engine = _sobol(dim, seed)
        if block:
            engine.fast_forward(block * BLOCK_SIZE)
        u = engine.random(BLOCK_SIZE)[:size]
    out: FloatArray = np.clip(np.asarray(u, dtype=float), _U_MIN, 1.0 - _U_MIN)
    return out


def sample_block(
    space: SampleSpace,
    *,
    seed: int,
    block: int,
    size: int = BLOCK_SIZE,
    method: str | Method = Method.MC,
) -> Sample:
    """Draw block ``block`` (draws ``block * BLOCK_SIZE`` onwards) of ``space``."""
    u = uniforms(space.dim, seed=seed, block=block, size=size, method=method)
    return transform(space, u, start=block * BLOCK_SIZE)


def correlate(space: SampleSpace, u: FloatArray) -> FloatArray:
    r"""Apply the Gaussian copula of ``space``'s correlations to uniforms ``u`` (a copy).

    Columns :attr:`SampleSpace.corr_cols` become :math:`\Phi(L\,\Phi^{-1}(u_c))` (module
    docstring); the other columns are returned unchanged. Elementwise operations only, in a fixed
    order, so the result is the same bit for bit on every machine and worker.
    """
    u = np.array(u, dtype=float)
    if not space.corr_cols:
        return u
    from scipy.special import ndtr, ndtri

    cols = list(space.corr_cols)
    z = ndtri(u[:, cols])
    for i, row in enumerate(space.corr_factor):
        acc = np.zeros(u.shape[0])
        for j in range(i + 1):
            if row[j] != 0.0:
                acc = acc + row[j] * z[:, j]
        u[:, cols[i]] = ndtr(acc)
    out: FloatArray = np.clip(u, _U_MIN, 1.0 - _U_MIN)
    return out


def transform(space: SampleSpace, u: FloatArray, *, start: int = 0) -> Sample:
    """Map uniforms ``u`` of shape ``(n, space.dim)`` to a :class:`Sample`.

    Correlated columns first go through the Gaussian copula (:func:`correlate`). Column
    ``j < d`` becomes input ``j`` by its inverse CDF; column ``d + m`` decides ratifier
    ``m``'s veto, ``V_m = [u < p_m]`` (module docstring). Sensitivity analyses call this on
    their own designs, so every method sees the inputs through the same transformation.
    """
    d = len(space.paths)
    u = np.asarray(u, dtype=float)
    if u.ndim != 2 or u.shape[1] != space.dim:
        raise MonteCarloError(f"need uniforms of shape (n, {space.dim}), got {u.shape}")
    u = correlate(space, u)
    size = u.shape[0]
    values = np.empty((size, d))
    for j, (spec, bounds) in enumerate(zip(space.specs, space.bounds, strict=True)):
        values[:, j] = inverse_cdf(spec, u[:, j], bounds)
    vetoes = np.empty((size, len(space.ratifiers)), dtype=bool)
    for m, (fixed, col) in enumerate(space.p_veto):
        p = values[:, col] if col is not None else np.full(size, fixed)
        vetoes[:, m] = u[:, d + m] < p
    return Sample(space=space, start=start, values=values, vetoes=vetoes)


def blocks(draws: int) -> list[tuple[int, int]]:
    """``(block, size)`` of each block holding draws ``0 .. draws - 1``."""
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise MonteCarloError(
            f"the number of draws must be a positive integer, got {draws!r}. "
            "Fix: pass e.g. --draws 10000"
        )
    n_full, rest = divmod(int(draws), BLOCK_SIZE)
    out = [(b, BLOCK_SIZE) for b in range(n_full)]
    if rest:
        out.append((n_full, rest))
    return out


def sample(
    scenario: Scenario | SampleSpace,
    draws: int,
    *,
    seed: int,
    method: str | Method = Method.MC,
) -> Sample:
    """Draw ``draws`` samples of every uncertain input (and every ratifier's veto).

    Parameters
    ----------
    scenario
        The scenario, or its :func:`sample_space`.
    draws
        Number of draws, >= 1.
    seed
        Non-negative integer root seed; results depend on it only (module docstring).
    method
        ``"mc"``, ``"lhs"`` or ``"sobol"``.

    Returns
    -------
    Sample
        ``values`` of shape ``(draws, d)``, ``vetoes`` of shape ``(draws, r)``, with the paths.

    Raises
    ------
    MonteCarloError
        For a non-positive number of draws, a negative seed or an unknown method.
    """
    space = scenario if isinstance(scenario, SampleSpace) else sample_space(scenario)
    parts = [
        sample_block(space, seed=seed, block=b, size=size, method=method)
        for b, size in blocks(draws)
    ]
    return Sample(
        space=space,
        start=0,
        values=np.concatenate([p.values for p in parts]),
        vetoes=np.concatenate([p.vetoes for p in parts]),
    )
