r"""Status-quo analysis: which states are reachable from a status quo, and by which shortest paths.

Starting at the status quo :math:`s_0`, a breadth-first search over the states follows every
unilateral move of every mover (or only unilateral improvements, ``improve=True``), level by
level (a graph search, not gmcr-py's depth-5 tree, ``gmcr.md`` section 3). Parent pointers give
a shortest path (fewest moves) to every reachable state. Two implementations:

* **cube** (no misperceptions): each level is, per mover, one minimum over the *reverse* cone of
  every code (the codes whose moves can reach it), computed bit by bit on the :math:`2^n` cube;
  the minimised key is the source's code (any move) or :math:`P_E(x) 2^n + x` (improvements: the
  worst-off source is a valid one if any is), so a level costs :math:`O(|m_E| 2^n)`;
* **frontier** (everything else): for each submask of each mover's option mask, the targets of
  all frontier states at once, :math:`O(N \sum_E 2^{|m_E|})` in total.

Two consecutive moves by the same mover compose into one legal move of that mover (the move sets
are closed under composition: irreversibility is per option, feasibility and perception are
checked at the end points, and two successive improvements make an improvement), so a shortest
path never has a mover move twice in a row and the reachable set equals the set of states
reachable by legal sequences (Li, Hipel, Kilgour & Fang 2004; Xu, Kilgour, Hipel & Kemkes 2010,
who compute the same sets with matrices).

References
----------
Li, K. W., Hipel, K. W., Kilgour, D. M. & Fang, L. (2004) Preference uncertainty in the graph
model for conflict resolution. *IEEE Trans. SMC A* 34(4): 507-520.
Xu, H., Kilgour, D. M., Hipel, K. W. & Kemkes, G. (2010) Using matrices to link conflict evolution
and resolution in a graph model. *EJOR* 207(1): 318-329.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from summitry.engines.gmcr.reach import CUBE_FACTOR, Mover, submasks
from summitry.engines.gmcr.states import Compiled

__all__ = ["Reachability", "path_to", "reach_from"]

IntArray = NDArray[np.int64]


@dataclass(frozen=True, slots=True, kw_only=True)
class Reachability:
    """Breadth-first search result from one state.

    Attributes
    ----------
    start : int
        Index of the status quo.
    improve : bool
        Whether only unilateral improvements were followed.
    distance : ndarray of int64, shape (N,)
        Fewest moves from the start (-1: unreachable; 0 at the start).
    parent : ndarray of int64, shape (N,)
        Previous state on one shortest path (-1 at the start and unreachable states).
    mover : ndarray of int64, shape (N,)
        Mover (index into the movers list) making the last move of that path (-1 likewise).
    """

    start: int
    improve: bool
    distance: IntArray
    parent: IntArray
    mover: IntArray


def _targets(c: Compiled, mover: Mover, src: IntArray, d: int, improve: bool) -> IntArray:
    codes = c.codes[src]
    dd = np.int64(d)
    tgt = c.lookup[codes ^ dd].astype(np.int64)
    ok = tgt >= 0
    if d & (c.fwd | c.back):
        ok &= (codes & dd & np.int64(c.fwd)) == 0
        ok &= (~codes & dd & np.int64(c.back)) == 0
    safe = np.where(ok, tgt, 0)
    if mover.perceived is not None:
        ok &= mover.perceived[src] & mover.perceived[safe]
    if improve:
        for k in mover.members:
            ok &= c.payoffs[k][safe] > c.payoffs[k][src]
    return np.where(ok, tgt, -1)


def _reverse_cone_min(c: Compiled, mover: Mover, key: NDArray[np.float64]) -> NDArray[np.float64]:
    """For every code t: the minimum of ``key`` over the codes x whose moves can reach t.

    A ``fwd`` option can only go N -> Y, so a target with the option Y may come from N or Y and a
    target with N only from N (the reverse of :func:`summitry.engines.gmcr.reach.reach_min`).
    """
    cube = key.copy()
    for b in range(mover.mask.bit_length()):
        if not (mover.mask >> b) & 1:
            continue
        view = cube.reshape(-1, 2, 1 << b)
        both = np.minimum(view[:, 0, :], view[:, 1, :])
        if (c.fwd >> b) & 1:
            view[:, 1, :] = both
        elif (c.back >> b) & 1:
            view[:, 0, :] = both
        else:
            view[:, 0, :] = both
            view[:, 1, :] = both
    return cube


def _reach_cube(c: Compiled, movers: list[Mover], start: int, improve: bool) -> Reachability:
    """Level-synchronous search on the 2^n cube (no misperceptions): O(levels * k * 2^n)."""
    total = c.lookup.shape[0]
    n = c.n
    scale = float(1 << n)
    feasible = c.lookup >= 0
    dist_cube = np.full(total, -1, dtype=np.int64)
    parent_cube = np.full(total, -1, dtype=np.int64)
    who_cube = np.full(total, -1, dtype=np.int64)
    codes_all = np.arange(total, dtype=np.float64)
    start_code = int(c.codes[start])
    dist_cube[start_code] = 0
    frontier = np.zeros(total, dtype=bool)
    frontier[start_code] = True
    pay_cube = []
    for m in movers:
        k = m.members[0]
        pc = np.full(total, -np.inf)
        pc[c.codes] = c.payoffs[k]
        pay_cube.append(pc)
    level = 0
    while frontier.any():
        level += 1
        new_any = np.zeros(total, dtype=bool)
        for e, mover in enumerate(movers):
            if improve:
                key = np.where(frontier, pay_cube[e] * scale + codes_all, np.inf)
            else:
                key = np.where(frontier, codes_all, np.inf)
            best = _reverse_cone_min(c, mover, key)
            finite = np.isfinite(best)
            safe = np.where(finite, best, 0.0)
            if improve:
                src_pay = np.floor(safe / scale)
                src = safe - src_pay * scale
                ok = finite & (pay_cube[e] > src_pay)
            else:
                src = safe
                ok = finite
            new = ok & feasible & (dist_cube < 0) & ~new_any
            dist_cube[new] = level
            parent_cube[new] = src[new].astype(np.int64)
            who_cube[new] = e
            new_any |= new
        frontier = new_any
    idx = c.lookup
    parent = np.where(parent_cube[c.codes] >= 0, idx[np.maximum(parent_cube[c.codes], 0)], -1)
    return Reachability(
        start=start,
        improve=improve,
        distance=dist_cube[c.codes],
        parent=parent.astype(np.int64),
        mover=who_cube[c.codes],
    )


def reach_from(
    c: Compiled,
    movers: list[Mover],
    start: int,
    *,
    improve: bool,
    method: Literal["auto", "cube", "frontier"] = "auto",
) -> Reachability:
    """Breadth-first search from state index ``start`` over the movers' moves.

    Uses the cube search when no mover misperceives, every mover is a single DM (or
    ``improve`` is false) and the cube is not much larger than the feasible set; otherwise a
    frontier search over each mover's submasks (``method`` forces one; ``cube`` falls back to
    the frontier search where it does not apply). Both give the same distances.
    """
    if not 0 <= start < c.size:
        raise ValueError(f"start state index {start} is not in 0..{c.size - 1}")
    cube_ok = (
        all(m.perceived is None and not m.sequential for m in movers)
        and (not improve or all(len(m.members) == 1 for m in movers))
        and c.lookup.shape[0] <= max(CUBE_FACTOR * c.size, 1 << 16)
        and c.n <= 30
    )
    if cube_ok and method != "frontier":
        return _reach_cube(c, movers, start, improve)
    dist = np.full(c.size, -1, dtype=np.int64)
    parent = np.full(c.size, -1, dtype=np.int64)
    who = np.full(c.size, -1, dtype=np.int64)
    dist[start] = 0
    frontier = np.array([start], dtype=np.int64)
    subs = [submasks(m.mask) for m in movers]
    level = 0
    while frontier.size:
        level += 1
        found: list[IntArray] = []
        for e, mover in enumerate(movers):
            for d in subs[e]:
                tgt = _targets(c, mover, frontier, int(d), improve)
                new = (tgt >= 0) & (dist[np.where(tgt >= 0, tgt, 0)] < 0)
                if not new.any():
                    continue
                t_new = tgt[new]
                t_unique, first = np.unique(t_new, return_index=True)
                dist[t_unique] = level
                parent[t_unique] = frontier[new][first]
                who[t_unique] = e
                found.append(t_unique)
        frontier = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    return Reachability(start=start, improve=improve, distance=dist, parent=parent, mover=who)


def path_to(r: Reachability, target: int) -> list[tuple[int, int]] | None:
    """Shortest path to ``target`` as ``[(mover, state), ...]`` (``None`` if unreachable).

    The first pair is ``(-1, start)``; each later pair names the mover and the state it moved to.
    """
    if r.distance[target] < 0:
        return None
    path: list[tuple[int, int]] = []
    x = target
    while x != r.start:
        path.append((int(r.mover[x]), x))
        x = int(r.parent[x])
    path.append((-1, r.start))
    return path[::-1]
