r"""Closed-form spatial baselines: compromise (weighted mean), weighted median, asymmetric NBS.

All functions work on one issue (1-D arrays over actors) or, through :func:`per_issue`, on an
``(actors, issues)`` matrix in which ``NaN`` positions mark actors absent from an issue.

Notes
-----
Compromise model (Van den Bos 1991; Achen 2006, ch. 4 and 10 in Thomson et al., *The European
Union Decides*):

.. math:: x_{CM} = \sum_i c_i s_i x_i / \sum_i c_i s_i

Weighted median (Black 1948): the smallest ideal :math:`x_k` whose cumulative weight reaches half
the total weight; on an exact tie (cumulative weight equal to half) the midpoint between that
ideal and the next one. It is the Condorcet winner among the ideals under symmetric single-peaked
preferences.

Asymmetric Nash bargaining solution (Nash 1950; Butler 2004, CMPS 21(3):159--177):

.. math:: x_{NBS} = \arg\max_x \sum_i c_i \log\big(u_i(x) - u_i(q)\big)

over the individually rational set (every gain positive), with quadratic loss
:math:`u_i(x) = -s_i (x - x_i)^2` or linear loss :math:`u_i(x) = -s_i |x - x_i|`. The salience is
a positive factor of every gain, so it drops out of the maximiser; the status quo ``q`` and the
utility curvature do not.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "NashUtility",
    "compromise",
    "kalai_smorodinsky",
    "nash_bargaining",
    "per_issue",
    "weighted_mean",
    "weighted_median",
]

FloatArray = NDArray[np.float64]


class NashUtility(StrEnum):
    """Loss function of the asymmetric Nash bargaining solution."""

    QUADRATIC = "quadratic"
    """:math:`u_i(x) = -s_i (x - x_i)^2`."""
    LINEAR = "linear"
    """:math:`u_i(x) = -s_i |x - x_i|`."""


def _clean(x: FloatArray, w: FloatArray) -> tuple[FloatArray, FloatArray]:
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if x.shape != w.shape or x.ndim != 1:
        raise ValueError(
            f"positions and weights must be 1-D of equal length; got {x.shape}, {w.shape}"
        )
    keep = ~np.isnan(x) & ~np.isnan(w)
    x, w = x[keep], w[keep]
    if np.any(w < 0):
        raise ValueError(f"weights must be >= 0; got {w[w < 0][0]!r}")
    return x, w


def weighted_mean(x: FloatArray, w: FloatArray) -> float:
    r"""Return :math:`\sum_i w_i x_i / \sum_i w_i` (``NaN`` entries are skipped).

    Parameters
    ----------
    x : array of float
        Positions of the actors on one issue.
    w : array of float
        Non-negative weights (capability, capability × salience, or ones).

    Returns
    -------
    float
        The weighted mean; ``nan`` when every weight is 0.

    Examples
    --------
    >>> weighted_mean(np.array([40.0, 80.0]), np.array([1.0, 2.0]))
    66.66666666666667
    """
    x, w = _clean(x, w)
    total = float(w.sum())
    if total <= 0:
        return float("nan")
    return float(np.dot(w, x) / total)


def weighted_median(x: FloatArray, w: FloatArray, *, tie: str = "midpoint") -> float:
    r"""Return the weighted median: the smallest ideal whose cumulative weight reaches half.

    With the ideals sorted, :math:`x_{med} = x_{(k)}` for the smallest ``k`` with
    :math:`\sum_{j \le k} w_{(j)} \ge \tfrac12 \sum_j w_j` (Black 1948). When that cumulative
    weight equals half exactly (to 1e-12 relative) both :math:`x_{(k)}` and the next distinct
    ideal are medians: ``tie="midpoint"`` (default; the convention of the Decide reference
    values) returns their midpoint, ``tie="lower"`` returns :math:`x_{(k)}` (the convention of the
    design note's closed-form table, section 4.1).

    Parameters
    ----------
    x, w : array of float
        Positions and non-negative weights of the actors (``NaN`` skipped).
    tie : {"midpoint", "lower"}
        Rule for an exact half-weight tie.

    Returns
    -------
    float
        The weighted median; ``nan`` when every weight is 0.

    Examples
    --------
    >>> weighted_median(np.array([70.0, 100.0]), np.array([1.0, 1.0]))
    85.0
    """
    x, w = _clean(x, w)
    total = float(w.sum())
    if total <= 0:
        return float("nan")
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    keep = ws > 0
    xs, ws = xs[keep], ws[keep]
    cum = np.cumsum(ws)
    half = total / 2.0
    tol = 1e-12 * total
    k = int(np.searchsorted(cum, half - tol, side="left"))
    if tie not in ("midpoint", "lower"):
        raise ValueError(f"tie must be 'midpoint' or 'lower'; got {tie!r}")
    if tie == "midpoint" and abs(cum[k] - half) <= tol:
        above = xs[xs > xs[k]]
        if above.size:
            return float((xs[k] + above[0]) / 2.0)
    return float(xs[k])


def compromise(x: FloatArray, c: FloatArray, s: FloatArray) -> float:
    r"""Return the compromise-model forecast :math:`\sum c_i s_i x_i / \sum c_i s_i`."""
    return weighted_mean(x, np.asarray(c, dtype=np.float64) * np.asarray(s, dtype=np.float64))


def _feasible_interval(x: FloatArray, q: float, k: int) -> tuple[float, float] | None:
    """Open interval of outcomes every actor strictly prefers to ``q`` (``None`` if empty)."""
    lo, hi = -np.inf, np.inf
    for xi in x:
        d = abs(q - xi)
        if d == 0:
            return None
        # |x - xi|^k < |q - xi|^k  <=>  |x - xi| < d  for both k = 1 and k = 2
        lo, hi = max(lo, xi - d), min(hi, xi + d)
    if lo >= hi:
        return None
    return float(lo), float(hi)


def nash_bargaining(
    x: FloatArray,
    c: FloatArray,
    q: float,
    *,
    utility: NashUtility | str = NashUtility.QUADRATIC,
) -> float:
    r"""Return the exact asymmetric Nash bargaining solution on one issue.

    Maximises :math:`N(x) = \sum_i c_i \log g_i(x)` with the gains over the status quo
    :math:`g_i(x) = |q - x_i|^k - |x - x_i|^k` (``k = 2`` quadratic, ``k = 1`` linear; the
    saliences multiply every gain and drop out). ``N`` is strictly concave on the individually
    rational interval :math:`\bigcap_i (x_i - |q - x_i|, x_i + |q - x_i|)`.

    Algorithm: quadratic -- the first-order condition
    :math:`\sum_i c_i (x - x_i)/g_i(x) = 0` has exactly one root in the interval (its left side
    rises from :math:`-\infty` to :math:`+\infty`), found by Brent's method to machine precision.
    Linear -- ``N'`` is monotone and jumps only at the ideals, so the maximiser is either an ideal
    where ``N'`` changes sign or the unique root of ``N'`` inside one segment between ideals.

    Parameters
    ----------
    x : array of float
        Ideal points (``NaN`` skipped).
    c : array of float
        Bargaining weights (capabilities), > 0.
    q : float
        Status quo / disagreement outcome.
    utility : NashUtility or {"quadratic", "linear"}
        Loss function.

    Returns
    -------
    float
        The solution; ``nan`` when no outcome is better than ``q`` for every actor (actors on
        both sides of ``q``, or an actor whose ideal is ``q``).

    References
    ----------
    Nash (1950), Econometrica 18(2):155--162. Butler (2004), "Modeling compromise at the
    international table", CMPS 21(3):159--177, doi:10.1080/07388940490487189.

    Examples
    --------
    >>> round(nash_bargaining(np.array([40.0, 80.0]), np.array([1.0, 1.0]), 0.0), 3)
    48.769
    """
    xs, cs = _clean(x, c)
    cs_pos = cs > 0
    xs, cs = xs[cs_pos], cs[cs_pos]
    if xs.size == 0:
        return float("nan")
    kind = NashUtility(utility)
    k = 2 if kind is NashUtility.QUADRATIC else 1
    box = _feasible_interval(xs, float(q), k)
    if box is None:
        return float("nan")
    lo, hi = box
    dq = np.abs(q - xs)

    def deriv(t: float) -> float:
        if k == 2:
            g = dq**2 - (t - xs) ** 2
            return float(np.sum(cs * (-2.0) * (t - xs) / g))
        g = dq - np.abs(t - xs)
        return float(np.sum(cs * (-np.sign(t - xs)) / g))

    if k == 2:
        eps = (hi - lo) * 1e-15
        a, b = lo + eps, hi - eps
        fa, fb = deriv(a), deriv(b)
        if fa <= 0:
            return a
        if fb >= 0:
            return b
        from scipy.optimize import brentq  # lazy: scipy.optimize takes ~1 s to import

        root: float = brentq(deriv, a, b, xtol=1e-13, rtol=4 * np.finfo(float).eps, maxiter=500)
        return float(root)
    return _linear_nash(xs, cs, dq, lo, hi, deriv)


def _linear_nash(
    xs: FloatArray,
    cs: FloatArray,
    dq: FloatArray,
    lo: float,
    hi: float,
    deriv: Callable[[float], float],
) -> float:
    """Maximise the linear-loss Nash product on ``(lo, hi)`` (see :func:`nash_bargaining`)."""
    knots = np.unique(np.concatenate(([lo, hi], xs[(xs > lo) & (xs < hi)])))
    for left, right in itertools.pairwise(knots):
        span = right - left
        a, b = left + span * 1e-12, right - span * 1e-12
        da, db = deriv(a), deriv(b)
        if da > 0 > db:
            # inside a segment every gain is affine: N' = sum c_i b_i / (a_i + b_i t)
            from scipy.optimize import brentq

            return float(brentq(deriv, a, b, xtol=1e-13, maxiter=500))
        if db >= 0:
            continue
        # derivative already negative at the start of the segment: the max is the left knot
        return float(left)
    return float(hi)


def kalai_smorodinsky(x: FloatArray, q: float) -> float:
    r"""Return the n-player Kalai--Smorodinsky point on one issue.

    With any symmetric power loss the normalised gain of actor ``i`` is
    :math:`1 - (|x - x_i|/|q - x_i|)^k`, so the max--min normalised gain is
    :math:`\arg\min_x \max_i |x - x_i|/|q - x_i|`, independent of capability, salience and ``k``.
    The objective is the upper envelope of V-shaped functions; its minimum lies where a
    decreasing branch meets an increasing one and is found exactly by checking those crossings.

    Returns ``nan`` when an actor's ideal equals ``q``.
    """
    xs = np.asarray(x, dtype=np.float64)
    xs = xs[~np.isnan(xs)]
    d = np.abs(q - xs)
    if xs.size == 0 or np.any(d == 0):
        return float("nan")
    best_t, best_v = float("nan"), np.inf
    candidates = list(xs)
    for i in range(xs.size):
        for j in range(xs.size):
            if xs[i] < xs[j]:
                # (t - x_i)/d_i = (x_j - t)/d_j
                candidates.append((xs[i] * d[j] + xs[j] * d[i]) / (d[i] + d[j]))
    for t in candidates:
        v = float(np.max(np.abs(t - xs) / d))
        if v < best_v - 1e-15:
            best_t, best_v = float(t), v
    return best_t


def per_issue(func: Callable[..., float], *columns: FloatArray, **kwargs: object) -> FloatArray:
    """Apply a one-issue function column by column to ``(actors, issues)`` matrices.

    Example: ``per_issue(compromise, X, C, S)`` gives the compromise forecast of every issue.
    """
    mats = [np.asarray(m, dtype=np.float64) for m in columns]
    n_issues = mats[0].shape[1]
    return np.array(
        [func(*(m[:, d] for m in mats), **kwargs) for d in range(n_issues)], dtype=np.float64
    )
