r"""Reachability primitives: extrema of a state value over a mover's unilateral moves.

For a mover :math:`E` (a DM or a coalition acting as one) with option mask :math:`m_E`,
:math:`R_E(x)` is the set of feasible states :math:`y \ne x` with :math:`x \oplus y \subseteq m_E`
(only :math:`E`'s options change), no irreversible option switched the forbidden way, and
both :math:`x` and :math:`y` perceived by :math:`E` (Fang, Hipel & Kilgour 1993, ch. 3;
gmcr-py's move rules, ``gmcr.md`` section 2.1). :math:`R^+_E(x) = \{y \in R_E(x) : y \succ_m x
\ \forall m \in E\}` are its unilateral improvements (UIs).

The primitives compute, for every state :math:`x` at once,

.. math::

    \operatorname{rmin}_E f(x) = \min_{y \in R_E(x) \cup \{x\}} f(y), \qquad
    \operatorname{rmax}_E f(x) = \max_{y \in R_E(x) \cup \{x\}} f(y), \qquad
    \operatorname{rmin}^+_E f(x) = \min_{y \in R^+_E(x)} f(y) \ (+\infty \text{ if none}).

Three exact algorithms are used, all with memory :math:`O(2^n)` or :math:`O(N)`:

* **cube transform** (no misperceptions): :math:`f` is laid on the :math:`2^n` cube (infeasible
  codes hold the neutral element) and reduced bit by bit over :math:`m_E`: a two-way option takes
  the extremum of both halves, a ``fwd`` option only towards Y, a ``back`` option only towards N.
  The cone of reachable codes is a product over bits, so this is exact in
  :math:`O(|m_E| \cdot 2^n)`.
* **row sort** (:math:`\operatorname{rmin}^+` of a single DM without irreversible options or
  misperceptions): the cube is reshaped so that each row holds the :math:`2^{|m_E|}` states that
  differ only in :math:`E`'s options; each row is sorted by :math:`P_E` and a suffix minimum over
  strictly better states is read off, in :math:`O(2^n \log 2^{|m_E|})`.
* **enumeration** (everything else, and whenever the cube would be much larger than the feasible
  set): for each of the :math:`2^{|m_E|}-1` non-empty submasks :math:`d` of :math:`m_E`, the
  targets :math:`x \oplus d` are looked up for all states at once, in :math:`O(N \cdot 2^{|m_E|})`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from summitry.engines.gmcr.states import Compiled

__all__ = [
    "Mover",
    "make_movers",
    "moves",
    "reach_max",
    "reach_min",
    "reach_min_improve",
    "submasks",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

CUBE_FACTOR = 16
"""Use the cube algorithms when 2^n <= CUBE_FACTOR * N or 2^n <= 2^16."""


@dataclass(frozen=True, slots=True)
class Mover:
    """An effective decision maker: one DM or a coalition moving jointly.

    Attributes
    ----------
    members : tuple of int
        DM indices.
    mask : int
        Union of the members' option masks.
    perceived : ndarray of bool or None
        States at least one member perceives (None: all).
    sequential : bool
        For a coalition: its moves are the states reachable by legal sequences of its members'
        unilateral moves (Kilgour et al. 2001) rather than any joint change of their options.
        Only :mod:`summitry.engines.gmcr.explicit` evaluates sequential coalitions.
    """

    members: tuple[int, ...]
    mask: int
    perceived: BoolArray | None
    sequential: bool = False


def make_movers(
    c: Compiled,
    groups: tuple[tuple[int, ...], ...] | None = None,
    *,
    sequential: bool = False,
) -> list[Mover]:
    """Build the movers of ``c`` (``groups``: DM partition, default the conflict's coalitions).

    ``sequential`` makes every coalition of two or more DMs move by legal sequences of its
    members' moves (see :class:`Mover`).
    """
    out: list[Mover] = []
    for group in groups if groups is not None else c.conflict.effective():
        mask = 0
        perceived: BoolArray | None = None
        for k in group:
            mask |= c.masks[k]
        percs = [c.perceived[k] for k in group]
        if all(p is not None for p in percs):
            perceived = np.zeros(c.size, dtype=bool)
            for p in percs:
                assert p is not None
                perceived |= p
        out.append(Mover(tuple(group), mask, perceived, sequential and len(group) > 1))
    return out


def submasks(mask: int) -> IntArray:
    """All non-empty submasks of ``mask`` (ascending)."""
    bits = [b for b in range(mask.bit_length()) if (mask >> b) & 1]
    out = np.zeros(1, dtype=np.int64)
    for b in bits:
        out = np.concatenate((out, out | np.int64(1 << b)))
    return np.sort(out[1:])


def _bits(mask: int) -> list[int]:
    return [b for b in range(mask.bit_length()) if (mask >> b) & 1]


def _use_cube(c: Compiled) -> bool:
    total = c.lookup.shape[0]
    return bool(total <= max(CUBE_FACTOR * c.size, 1 << 16))


def moves(c: Compiled, mover: Mover, *, improve: bool = False) -> Iterator[tuple[int, IntArray]]:
    """Yield ``(d, target)`` for each non-empty submask ``d`` of the mover's mask.

    ``target[x]`` is the index of :math:`x \\oplus d` when that is a legal move of the mover from
    state ``x`` (a UI when ``improve``), else -1.
    """
    codes = c.codes
    irr = mover.mask & (c.fwd | c.back)
    payoffs = c.payoffs
    for d in submasks(mover.mask):
        dd = np.int64(d)
        target = c.lookup[codes ^ dd].astype(np.int64)
        valid = target >= 0
        if irr & int(d):
            valid &= (codes & dd & np.int64(c.fwd)) == 0
            valid &= (~codes & dd & np.int64(c.back)) == 0
        if mover.perceived is not None:
            valid &= mover.perceived
            valid &= mover.perceived[np.where(valid, target, 0)]
        if improve:
            safe = np.where(valid, target, 0)
            for k in mover.members:
                valid &= payoffs[k][safe] > payoffs[k]
        yield int(d), np.where(valid, target, -1)


def _to_cube(c: Compiled, f: FloatArray, fill: float) -> FloatArray:
    cube = np.full(c.lookup.shape[0], fill, dtype=np.float64)
    cube[c.codes] = f
    return cube


def _cube_reduce(c: Compiled, mover: Mover, f: FloatArray, *, use_max: bool) -> FloatArray:
    fill = -np.inf if use_max else np.inf
    op = np.maximum if use_max else np.minimum
    cube = _to_cube(c, f, fill)
    for b in _bits(mover.mask):
        view = cube.reshape(-1, 2, 1 << b)
        both = op(view[:, 0, :], view[:, 1, :])
        if (c.fwd >> b) & 1:  # from N reach N or Y; from Y only Y
            view[:, 0, :] = both
        elif (c.back >> b) & 1:  # from Y reach Y or N; from N only N
            view[:, 1, :] = both
        else:
            view[:, 0, :] = both
            view[:, 1, :] = both
    return cube[c.codes]


def _enum_reduce(
    c: Compiled, mover: Mover, f: FloatArray, *, use_max: bool, improve: bool
) -> FloatArray:
    op = np.maximum if use_max else np.minimum
    acc = np.full(c.size, np.inf, dtype=np.float64) if improve else f.astype(np.float64, copy=True)
    neutral = -np.inf if use_max else np.inf
    padded = np.append(f.astype(np.float64), neutral)
    for _, target in moves(c, mover, improve=improve):
        acc = op(acc, padded[target])  # target -1 reads the neutral element
    return acc


def _rows(c: Compiled, mask: int) -> tuple[list[int], int]:
    n = c.n
    own_axes = [n - 1 - b for b in _bits(mask)]
    other_axes = [a for a in range(n) if a not in own_axes]
    return other_axes + sorted(own_axes), 1 << len(own_axes)


def _row_sort_min_improve(c: Compiled, k: int, mask: int, f: FloatArray) -> FloatArray:
    n = c.n
    perm, width = _rows(c, mask)
    shape = (2,) * n if n else (1,)

    def rows(cube: FloatArray) -> FloatArray:
        if n == 0:
            return cube.reshape(1, 1)
        return cube.reshape(shape).transpose(perm).reshape(-1, width)

    fr = rows(_to_cube(c, f, np.inf))
    pr = rows(_to_cube(c, c.payoffs[k].astype(np.float64), -np.inf))
    order = np.argsort(pr, axis=1, kind="stable")
    ps = np.take_along_axis(pr, order, axis=1)
    fs = np.take_along_axis(fr, order, axis=1)
    suffix = np.minimum.accumulate(fs[:, ::-1], axis=1)[:, ::-1]
    suffix = np.concatenate((suffix, np.full((suffix.shape[0], 1), np.inf)), axis=1)
    boundary = np.ones(ps.shape, dtype=bool)
    boundary[:, :-1] = ps[:, 1:] != ps[:, :-1]
    pos = np.where(boundary, np.arange(width), width)
    group_end = np.minimum.accumulate(pos[:, ::-1], axis=1)[:, ::-1]
    res_sorted = np.take_along_axis(suffix, group_end + 1, axis=1)
    res = np.empty_like(res_sorted)
    np.put_along_axis(res, order, res_sorted, axis=1)
    if n == 0:
        return res.reshape(-1)[c.codes]
    inverse = np.argsort(perm)
    permuted_shape = tuple(shape[a] for a in perm)
    cube = res.reshape(permuted_shape).transpose(inverse).reshape(-1)
    return cube[c.codes]


def reach_min(c: Compiled, mover: Mover, f: FloatArray) -> FloatArray:
    r""":math:`\min_{y \in R_E(x) \cup \{x\}} f(y)` for every state ``x``."""
    if mover.mask == 0:
        return f.astype(np.float64, copy=True)
    if mover.perceived is None and _use_cube(c):
        return _cube_reduce(c, mover, f, use_max=False)
    return _enum_reduce(c, mover, f, use_max=False, improve=False)


def reach_max(c: Compiled, mover: Mover, f: FloatArray) -> FloatArray:
    r""":math:`\max_{y \in R_E(x) \cup \{x\}} f(y)` for every state ``x``."""
    if mover.mask == 0:
        return f.astype(np.float64, copy=True)
    if mover.perceived is None and _use_cube(c):
        return _cube_reduce(c, mover, f, use_max=True)
    return _enum_reduce(c, mover, f, use_max=True, improve=False)


def reach_min_improve(c: Compiled, mover: Mover, f: FloatArray) -> FloatArray:
    r""":math:`\min_{y \in R^+_E(x)} f(y)` for every state ``x`` (:math:`+\infty` if no UI)."""
    if mover.mask == 0:
        return np.full(c.size, np.inf)
    if (
        len(mover.members) == 1
        and mover.perceived is None
        and not mover.mask & (c.fwd | c.back)
        and _use_cube(c)
    ):
        return _row_sort_min_improve(c, mover.members[0], mover.mask, f)
    return _enum_reduce(c, mover, f, use_max=False, improve=True)
