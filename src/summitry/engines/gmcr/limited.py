r"""Limited-move stability :math:`L_h` for two decision makers (Kilgour 1985; Fang et al. 1993).

With horizon :math:`h` DM :math:`i` looks :math:`h` moves ahead, the DMs alternating, each
choosing the move whose anticipated end state it likes best. For DMs :math:`i` and :math:`j`:

.. math::

    G_0(i, s) = s, \qquad
    M_h(i, s) = \{ s_1 \in R_i(s) : G_{h-1}(j, s_1) \succ_i s \},

:math:`G_h(i, s) = s` when :math:`M_h(i, s) = \emptyset`, otherwise
:math:`G_h(i, s) = G_{h-1}(j, s^*)` with :math:`s^*` maximising
:math:`P_i(G_{h-1}(j, s_1))` over :math:`M_h(i, s)`. State :math:`s` is :math:`L_h` stable for
:math:`i` iff :math:`M_h(i, s) = \emptyset`. :math:`L_1` is Nash stability. The definition assumes
the best anticipated state is unique; when several moves tie, this implementation takes the one
leading to the lowest-numbered state (stated in every report), which can matter only with ties.

Each level is one vectorised pass over :math:`i`'s moves: :math:`O(h \cdot N \cdot 2^{k})` time and
:math:`O(N)` memory.

References
----------
Kilgour, D. M. (1985) Anticipation and stability in two-person non-cooperative games. In
*Dynamic Models of International Conflict* (Ward & Luterbacher, eds.), Lynne Rienner, 26-51.
Fang, L., Hipel, K. W. & Kilgour, D. M. (1993) *Interactive Decision Making*, Wiley, ch. 4.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from summitry.engines.gmcr.reach import make_movers, moves
from summitry.engines.gmcr.states import Compiled

__all__ = ["anticipated", "limited_move_stable"]

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def anticipated(c: Compiled, h: int) -> tuple[list[IntArray], list[BoolArray]]:
    r"""Return :math:`G_h(i, \cdot)` and the :math:`L_h` stability of each DM (two DMs only).

    Parameters
    ----------
    c : Compiled
        A conflict with exactly two decision makers and no coalitions.
    h : int
        Horizon, at least 1.

    Returns
    -------
    (list of ndarray, list of ndarray)
        Per DM: the anticipated state index from each state, and the stability flags.
    """
    movers = make_movers(c, ((0,), (1,)))
    if c.conflict.n_dms != 2:
        raise ValueError(
            f"limited-move stability is defined here for 2 decision makers, got {c.conflict.n_dms}"
        )
    if h < 1:
        raise ValueError(f"horizon must be at least 1, got {h}")
    ident = np.arange(c.size, dtype=np.int64)
    g = [ident.copy(), ident.copy()]  # G_0
    stable = [np.ones(c.size, dtype=bool), np.ones(c.size, dtype=bool)]
    for _ in range(h):
        new_g: list[IntArray] = []
        new_stable: list[BoolArray] = []
        for i in (0, 1):
            j = 1 - i
            pay = c.payoffs[i]
            best_val = np.full(c.size, np.iinfo(np.int64).min, dtype=np.int64)
            best_state = ident.copy()
            for _, target in moves(c, movers[i]):
                ok = target >= 0
                end = np.where(ok, g[j][np.where(ok, target, 0)], -1)
                val = np.where(ok, pay[np.where(ok, end, 0)], np.iinfo(np.int64).min)
                better = ok & (val > pay)
                take = better & ((val > best_val) | ((val == best_val) & (end < best_state)))
                best_val = np.where(take, val, best_val)
                best_state = np.where(take, end, best_state)
            moved = best_val > pay
            new_g.append(np.where(moved, best_state, ident))
            new_stable.append(~moved)
        g, stable = new_g, new_stable
    return g, stable


def limited_move_stable(c: Compiled, h: int) -> BoolArray:
    """:math:`L_h` stability flags, shape (2, N)."""
    return np.vstack(anticipated(c, h)[1])
