r"""Status-quo analysis: which states are reachable from a status quo, and by which shortest paths.

Starting at the status quo :math:`s_0`, a breadth-first search over the states follows every
unilateral move of every mover (or only unilateral improvements, ``improve=True``), level by
level, vectorised over the frontier; it visits each state once, so the cost is
:math:`O(N \cdot \sum_E 2^{|m_E|})` and memory :math:`O(N)` (a graph search, not gmcr-py's
depth-5 tree, ``gmcr.md`` section 3). Parent pointers give a shortest path (fewest moves) to every
reachable state.

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

import numpy as np
from numpy.typing import NDArray

from summitry.engines.gmcr.reach import Mover, submasks
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


def reach_from(c: Compiled, movers: list[Mover], start: int, *, improve: bool) -> Reachability:
    """Breadth-first search from state index ``start`` over the movers' moves."""
    if not 0 <= start < c.size:
        raise ValueError(f"start state index {start} is not in 0..{c.size - 1}")
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
