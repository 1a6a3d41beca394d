r"""Stability by the letter of the definitions, one state at a time (small models only).

This module restates the textbook definitions (Fang, Hipel & Kilgour 1993, ch. 4; Xu, Hipel,
Kilgour & Fang 2018, ch. 4) as direct searches over explicit move sets. It is independent of the
vectorised propagation in :mod:`summitry.engines.gmcr.stability`, which is checked against it
by the property tests, and it is what the fast engine falls back to for SMR of coalitions, whose
countermove condition does not reduce to a per-state value.

For a mover :math:`E` at state :math:`s` (members :math:`M_E`), a state :math:`t` is an
*improvement* if every member strictly prefers it, and a *sanction* if not every member strictly
prefers it to :math:`s` (ties sanction). The opponents :math:`H` reach, from :math:`s_1`:

* ``textbook``: every state of a legal sequence of moves by movers in :math:`H`, no mover moving
  twice in a row (:math:`R_H(s_1)`; :math:`R^+_H(s_1)` when every move is a UI of its mover);
* ``gmcr-py``: every state of a chain in which each mover of :math:`H` moves at most once
  (gmcr-py 0.4.1, ``gmcr.md`` section 2.2).

Concepts (:math:`s` stable for :math:`E` iff for every UI :math:`s_1 \in R^+_E(s)`):

* Nash: there is no UI;
* GMR: some :math:`s_2 \in R_H(s_1)` is a sanction;
* SEQ: some :math:`s_2 \in R^+_H(s_1)` is a sanction;
* SMR: some :math:`s_2 \in R_H(s_1)` is a sanction and no :math:`s_3 \in R_E(s_2)` is an
  improvement over :math:`s`;
* SIM: some joint move in which each opponent stays or takes one of its UIs from :math:`s`,
  combined with :math:`E`'s move to :math:`s_1`, ends in a feasible sanction.
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import Literal

from summitry.engines.gmcr.reach import Mover
from summitry.engines.gmcr.states import Compiled

__all__ = ["Rule", "neighbours", "opponent_reach", "stable_at"]

Rule = Literal["textbook", "gmcr-py"]


def _sequential(c: Compiled, mover: Mover, x: int, *, improve: bool) -> list[int]:
    """Moves of a coalition by legal sequences of its members' unilateral moves."""
    members = [Mover((k,), c.masks[k], c.perceived[k]) for k in mover.members]
    found: set[int] = set()
    seen: set[tuple[int, int]] = set()
    queue: deque[tuple[int, int]] = deque([(x, -1)])
    while queue:
        y, last = queue.popleft()
        for j, m in enumerate(members):
            if j == last:
                continue
            for z in neighbours(c, m, y):
                if z != x:
                    found.add(z)
                if (z, j) not in seen:
                    seen.add((z, j))
                    queue.append((z, j))
    out = sorted(found)
    if improve:
        out = [y for y in out if all(c.payoffs[k][y] > c.payoffs[k][x] for k in mover.members)]
    return out


def neighbours(c: Compiled, mover: Mover, x: int, *, improve: bool = False) -> list[int]:
    """State indices the mover can reach from state ``x`` in one move (its UIs if ``improve``)."""
    if mover.sequential:
        return _sequential(c, mover, x, improve=improve)
    if mover.perceived is not None and not mover.perceived[x]:
        return []
    code = int(c.codes[x])
    out: list[int] = []
    mask = mover.mask
    d = mask
    while d:
        y_code = code ^ d
        y = int(c.lookup[y_code])
        ok = y >= 0
        if ok and (code & d & c.fwd or ~code & d & c.back):
            ok = False
        if ok and mover.perceived is not None and not mover.perceived[y]:
            ok = False
        if ok and improve:
            ok = all(c.payoffs[k][y] > c.payoffs[k][x] for k in mover.members)
        if ok:
            out.append(y)
        d = (d - 1) & mask
    return out


def opponent_reach(
    c: Compiled, movers: list[Mover], start: int, *, improve: bool, rule: Rule
) -> set[int]:
    """States the movers can reach from ``start`` (``start`` excluded unless revisited)."""
    found: set[int] = set()
    if rule == "textbook":
        seen: set[tuple[int, int]] = set()
        queue: deque[tuple[int, int]] = deque([(start, -1)])
        while queue:
            x, last = queue.popleft()
            for j, mover in enumerate(movers):
                if j == last:
                    continue
                for y in neighbours(c, mover, x, improve=improve):
                    found.add(y)
                    if (y, j) not in seen:
                        seen.add((y, j))
                        queue.append((y, j))
        return found
    stack: list[tuple[int, frozenset[int]]] = [(start, frozenset())]
    visited: set[tuple[int, frozenset[int]]] = set()
    while stack:
        x, used = stack.pop()
        for j, mover in enumerate(movers):
            if j in used:
                continue
            for y in neighbours(c, mover, x, improve=improve):
                found.add(y)
                key = (y, used | {j})
                if key not in visited:
                    visited.add(key)
                    stack.append(key)
    return found


def _sanction(c: Compiled, mover: Mover, s: int, t: int) -> bool:
    return not all(c.payoffs[k][t] > c.payoffs[k][s] for k in mover.members)


def stable_at(
    c: Compiled, movers: list[Mover], e: int, s: int, concept: str, *, rule: Rule = "textbook"
) -> bool:
    """Whether state ``s`` is stable for mover ``movers[e]`` under ``concept``.

    ``concept`` is one of ``nash``, ``gmr``, ``seq``, ``smr``, ``sim``.
    """
    me = movers[e]
    others = [m for j, m in enumerate(movers) if j != e]
    uis = neighbours(c, me, s, improve=True)
    if concept == "nash" or not uis:
        return not uis
    if concept == "sim":
        code = int(c.codes[s])
        opts: list[list[int]] = []
        for m in others:
            deltas = [0] + [int(c.codes[y]) ^ code for y in neighbours(c, m, s, improve=True)]
            opts.append(deltas)
        for y in uis:
            base = int(c.codes[y])
            ok = False
            for combo in itertools.product(*opts):
                t = int(c.lookup[base ^ sum(combo)])
                if t >= 0 and _sanction(c, me, s, t):
                    ok = True
                    break
            if not ok:
                return False
        return True
    for y in uis:
        reach = opponent_reach(c, others, y, improve=concept == "seq", rule=rule)
        if concept in ("gmr", "seq"):
            if not any(_sanction(c, me, s, t) for t in reach):
                return False
        elif concept == "smr":
            good = False
            for t in reach:
                if not _sanction(c, me, s, t):
                    continue
                counter = neighbours(c, me, t)
                if all(_sanction(c, me, s, u) for u in counter):
                    good = True
                    break
            if not good:
                return False
        else:
            raise ValueError(f"unknown concept {concept!r}; expected nash, gmr, seq, smr or sim")
    return True
