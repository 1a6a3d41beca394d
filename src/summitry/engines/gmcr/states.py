r"""Feasible states, their gmcr-py numbers, payoffs and per-DM move data of a conflict.

States are bit vectors held as ``int64`` decimal codes (option :math:`i` has weight
:math:`2^i`). The feasible states are the codes :math:`0 \ldots 2^n - 1` that satisfy no
infeasibility condition, sorted ascending; state number :math:`k` (1-based, gmcr-py's "ordered"
number) is the :math:`k`-th smallest feasible code. A code is mapped back to its state index by a
lookup table of :math:`2^n` ``int32`` entries (:math:`n \le 24`), so nothing of size
:math:`N \times N` is ever built.

Payoffs (higher is better) follow gmcr-py (``gmcr.md`` sections 1.5-1.6):

* option prioritisation with statements :math:`\phi_0, \ldots, \phi_{L-1}` (most important
  first) ranks states lexicographically by :math:`(\phi_0(s), \ldots, \phi_{L-1}(s))`, i.e. by the
  raw score :math:`\sum_j 2^{L-1-j}\,[s \models \phi_j]`; the payoff is the dense rank of that
  score (lowest 1, ties share);
* a manual ranking :math:`G_0 \succ G_1 \succ \ldots` of tie groups gives
  :math:`P(s) = N - \text{position of the group holding } s`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from summitry.errors import ModelSizeError
from summitry.model.gmcr import Conflict, Expr, evaluate

__all__ = [
    "DEFAULT_MAX_OPTIONS",
    "DEFAULT_MAX_STATES",
    "Compiled",
    "RankingError",
    "compile_conflict",
    "lexicographic_payoffs",
]

Codes = NDArray[np.int64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

DEFAULT_MAX_OPTIONS = 24
"""Largest number of options accepted by default (2^24 candidate states)."""
DEFAULT_MAX_STATES = 1 << 21
"""Largest number of feasible states accepted by default (2,097,152)."""
_CHUNK = 1 << 20


class RankingError(ValueError):
    """A manual ranking does not list every feasible state exactly once."""

    def __init__(self, dm: int, group: int | None, message: str, states: list[int]) -> None:
        super().__init__(message)
        self.dm = dm
        self.group = group
        self.message = message
        self.states = states


@dataclass(frozen=True, slots=True, kw_only=True)
class Compiled:
    """A conflict turned into arrays: feasible codes, lookup, payoffs, masks.

    Attributes
    ----------
    conflict : Conflict
        The model.
    codes : ndarray of int64, shape (N,)
        Feasible decimal codes, ascending (index k = state number k + 1).
    lookup : ndarray of int32, shape (2**n,)
        State index of each code, -1 when infeasible.
    payoffs : ndarray of int64, shape (n_dms, N)
        Each DM's payoff of each state (higher is better).
    masks : tuple of int
        Bit mask of each DM's options.
    fwd, back : int
        Masks of the options that may only go N -> Y (fwd) or Y -> N (back).
    perceived : tuple of (ndarray of bool or None)
        Per DM: the states it perceives (None: all).
    """

    conflict: Conflict
    codes: Codes
    lookup: NDArray[np.int32]
    payoffs: IntArray
    masks: tuple[int, ...]
    fwd: int
    back: int
    perceived: tuple[BoolArray | None, ...]

    @property
    def n(self) -> int:
        """Number of options."""
        return self.conflict.n_options

    @property
    def size(self) -> int:
        """Number of feasible states."""
        return int(self.codes.shape[0])

    def index(self, code: int) -> int:
        """State index (0-based) of a decimal code, -1 when infeasible."""
        if not 0 <= code < self.lookup.shape[0]:
            return -1
        return int(self.lookup[code])


def lexicographic_payoffs(truth: BoolArray) -> IntArray:
    """Dense-rank payoffs of states from statement truth values (rows: statements, first = top).

    Parameters
    ----------
    truth : ndarray of bool, shape (L, N)
        ``truth[j, s]``: state ``s`` satisfies statement ``j``.

    Returns
    -------
    ndarray of int64, shape (N,)
        1 for the lowest lexicographic vector, consecutive integers upward, ties shared.
    """
    n_states = truth.shape[1]
    if truth.shape[0] == 0 or n_states == 0:
        return np.ones(n_states, dtype=np.int64)
    order = np.lexsort(truth[::-1])  # last key is primary: statement 0
    ranked = truth[:, order]
    change = np.any(ranked[:, 1:] != ranked[:, :-1], axis=0)
    dense = np.concatenate(([0], np.cumsum(change))).astype(np.int64)
    out = np.empty(n_states, dtype=np.int64)
    out[order] = dense + 1
    return out


def _ranking_payoffs(dm: int, ranking: tuple[Expr, ...], codes: Codes) -> IntArray:
    n_states = codes.shape[0]
    out = np.full(n_states, -1, dtype=np.int64)
    for pos, expr in enumerate(ranking):
        member = evaluate(expr, codes)
        clash = member & (out >= 0)
        if clash.any():
            states = (np.nonzero(clash)[0] + 1).tolist()
            raise RankingError(dm, pos, "states listed in two tie groups", states)
        if not member.any():
            raise RankingError(dm, pos, "tie group matches no feasible state", [])
        out[member] = n_states - pos
    if (out < 0).any():
        states = (np.nonzero(out < 0)[0] + 1).tolist()
        raise RankingError(dm, None, "ranking leaves feasible states out", states)
    return out


def compile_conflict(
    conflict: Conflict,
    *,
    max_options: int = DEFAULT_MAX_OPTIONS,
    max_states: int = DEFAULT_MAX_STATES,
) -> Compiled:
    """Enumerate the feasible states of ``conflict`` and compute payoffs.

    Parameters
    ----------
    conflict : Conflict
        The model.
    max_options, max_states : int
        Limits checked before any large allocation.

    Raises
    ------
    ModelSizeError
        When the model has more options or feasible states than the limits.
    RankingError
        When a manual ranking does not cover the feasible states exactly once.
    """
    n = conflict.n_options
    if n > max_options:
        raise ModelSizeError(
            f"model has {n} options; the limit is {max_options} (2^{max_options} candidate "
            f"states); expected at most {max_options} options. Fix: merge or drop options, or "
            "raise the limit (--max-options) if the machine has the memory"
        )
    total = 1 << n
    kept: list[Codes] = []
    count = 0
    for start in range(0, total, _CHUNK):
        cand = np.arange(start, min(total, start + _CHUNK), dtype=np.int64)
        bad = np.zeros(cand.shape, dtype=bool)
        for expr in conflict.infeasible:
            bad |= evaluate(expr, cand)
        good = cand[~bad]
        count += int(good.shape[0])
        if count > max_states:
            raise ModelSizeError(
                f"model has more than {max_states} feasible states; expected at most "
                f"{max_states}. Fix: add infeasibility conditions, drop options, or raise the "
                "limit (--max-states)"
            )
        kept.append(good)
    codes = np.concatenate(kept) if kept else np.zeros(0, dtype=np.int64)
    lookup = np.full(total, -1, dtype=np.int32)
    lookup[codes] = np.arange(codes.shape[0], dtype=np.int32)
    rows: list[IntArray] = []
    for k, dm in enumerate(conflict.decision_makers):
        if dm.ranking is not None:
            rows.append(_ranking_payoffs(k, dm.ranking, codes))
        else:
            stm = dm.statements or ()
            truth = np.zeros((len(stm), codes.shape[0]), dtype=bool)
            for j, expr in enumerate(stm):
                truth[j] = evaluate(expr, codes)
            rows.append(lexicographic_payoffs(truth))
    payoffs = np.vstack(rows) if rows else np.zeros((0, codes.shape[0]), dtype=np.int64)
    perceived: list[BoolArray | None] = []
    for dm in conflict.decision_makers:
        if not dm.misperceived:
            perceived.append(None)
            continue
        mis = np.zeros(codes.shape, dtype=bool)
        for expr in dm.misperceived:
            mis |= evaluate(expr, codes)
        perceived.append(~mis)
    fwd, back = conflict.direction_masks()
    for arr in (codes, lookup, payoffs):
        arr.setflags(write=False)
    return Compiled(
        conflict=conflict,
        codes=codes,
        lookup=lookup,
        payoffs=payoffs,
        masks=tuple(conflict.dm_mask(k) for k in range(conflict.n_dms)),
        fwd=fwd,
        back=back,
        perceived=tuple(perceived),
    )
