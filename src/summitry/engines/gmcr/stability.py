r"""Stability of every state for every decision maker: Nash, GMR, SEQ, SMR and SIM.

Notation: :math:`P_i` is DM :math:`i`'s payoff (higher is better), :math:`R_i(s)` its moves and
:math:`R^+_i(s)` its unilateral improvements (UIs) from :math:`s` (:mod:`.reach`); :math:`H = N
\setminus \{i\}` the opposing movers. A state :math:`s_2` *sanctions* :math:`i` at :math:`s` when
:math:`P_i(s_2) \le P_i(s)` (ties count, as in the textbook). Definitions (Fang, Hipel & Kilgour
1993, ch. 4; Xu et al. 2018, ch. 4): :math:`s` is stable for :math:`i` under

* **Nash (R)**: :math:`R^+_i(s) = \emptyset`;
* **GMR**: every :math:`s_1 \in R^+_i(s)` has a sanction :math:`s_2 \in R_H(s_1)`;
* **SEQ**: every :math:`s_1 \in R^+_i(s)` has a sanction :math:`s_2 \in R^+_H(s_1)`;
* **SMR**: every :math:`s_1 \in R^+_i(s)` has a sanction :math:`s_2 \in R_H(s_1)` with
  :math:`P_i(s_3) \le P_i(s)` for all :math:`s_3 \in R_i(s_2)`;
* **SIM**: for every :math:`s_1 \in R^+_i(s)` some joint move of the opponents, each staying or
  taking one of its UIs from :math:`s`, combined with :math:`i`'s move, gives a feasible sanction.

:math:`R_H(s_1)` (textbook) holds every state of a *legal sequence* of moves by members of
:math:`H`, no member moving twice in a row; with ``rule="gmcr-py"`` each member moves at most once
(gmcr-py 0.4.1's chain; identical for two DMs, a subset for three or more, ``gmcr.md`` 2.2).

**Algorithm (no** :math:`N \times N` **matrix).** Every concept reduces to extrema of per-state
values over move sets. With :math:`\operatorname{rmin}, \operatorname{rmax},
\operatorname{rmin}^+` from :mod:`.reach`, let
:math:`m_f(x) = \min_{y \in \{x\} \cup R_H(x)} f(y)`, computed as the fixed point of

.. math::

    V_j = \operatorname{rmin}_j\bigl(\min(f, \min_{k \in H, k \ne j} V_k)\bigr), \quad j \in H,

(``rmin^+`` for SEQ), starting from :math:`V_j = +\infty`; the last-mover index :math:`j` enforces
"no DM twice in a row". For the gmcr-py chain rule, :math:`G_T = \min(f, \min_{j \in T}
\operatorname{rmin}_j G_{T \setminus j})` over subsets :math:`T \subseteq H`. Then, with
:math:`C_i = \operatorname{rmax}_i P_i` (the best :math:`i` can reach from a state),

.. math::

    s \text{ unstable} \iff \operatorname{rmax}_i\bigl(\min(P_i, m_g)\bigr)(s) > P_i(s),

with :math:`g = P_i` (GMR, or SEQ with the UI-only propagation) or :math:`g = C_i` (SMR):
a UI :math:`s_1` escapes exactly when :math:`P_i(s_1) > P_i(s)` and every reachable
:math:`s_2` has :math:`g(s_2) > P_i(s)`. Including :math:`x` itself in the extrema never changes
a verdict, because :math:`s_1` itself is never a sanction. Nash is
:math:`\operatorname{rmax}_i P_i(s) = P_i(s)`. For coalitions (all members must strictly prefer
an improvement; a sanction is a state not all members strictly prefer) the same values are kept
per member and combined by enumeration; SMR of a coalition uses :mod:`.explicit`.

SIM is computed by enumerating, for each UI, the opponents' joint UI moves, in chunks of states.
gmcr-py's SIM shares one iterator across UIs (a bug, ``gmcr.md`` section 0); it is *not*
reproduced: the intended definition above is used in both modes (on gmcr-py's four examples the
two agree).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from summitry.engines.gmcr import explicit
from summitry.engines.gmcr.reach import (
    Mover,
    make_movers,
    moves,
    reach_max,
    reach_min,
    reach_min_improve,
    submasks,
)
from summitry.engines.gmcr.states import Compiled
from summitry.errors import ModelSizeError

__all__ = ["CONCEPTS", "Rule", "StabilityResult", "analyse", "opponent_min"]

CONCEPTS = ("nash", "gmr", "seq", "smr", "sim")
"""Solution concepts, in report order."""

Rule = Literal["textbook", "gmcr-py"]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_SIM_CHUNK = 1 << 21


@dataclass(frozen=True, slots=True, kw_only=True)
class StabilityResult:
    """Per-mover stability and equilibria.

    Attributes
    ----------
    compiled : Compiled
        The states and payoffs analysed.
    movers : tuple of Mover
        The effective DMs (rows of every ``stable`` array).
    rule : str
        ``textbook`` or ``gmcr-py``.
    stable : dict of str to ndarray of bool, shape (n_movers, N)
        ``stable[concept][e, s]``: state ``s`` is stable for mover ``e``.
    """

    compiled: Compiled
    movers: tuple[Mover, ...]
    rule: Rule
    stable: dict[str, BoolArray] = field(default_factory=dict)

    def equilibria(self, concept: str) -> NDArray[np.int64]:
        """0-based indices of the states stable for every mover under ``concept``.

        ``seq&sim`` is gmcr-py's combined concept: every mover is SEQ- or SIM-stable.
        """
        if concept == "seq&sim":
            both = self.stable["seq"] | self.stable["sim"]
            return np.nonzero(both.all(axis=0))[0].astype(np.int64)
        return np.nonzero(self.stable[concept].all(axis=0))[0].astype(np.int64)

    def mover_name(self, e: int) -> str:
        """Name of mover ``e`` (coalition members joined by ``+``)."""
        dms = self.compiled.conflict.decision_makers
        return "+".join(dms[k].name for k in self.movers[e].members)


def _payoff(c: Compiled, k: int) -> FloatArray:
    out: FloatArray = c.payoffs[k].astype(np.float64)
    return out


def opponent_min(
    c: Compiled, opponents: list[Mover], f: FloatArray, *, improve: bool, rule: Rule
) -> FloatArray:
    r"""Minimum of ``f`` over :math:`\{x\} \cup R_H(x)` (:math:`R^+_H` if ``improve``) for all x."""
    step = reach_min_improve if improve else reach_min
    if not opponents:
        return f.copy()
    if rule == "gmcr-py":
        best: dict[frozenset[int], FloatArray] = {frozenset(): f}
        idx = range(len(opponents))
        for size in range(1, len(opponents) + 1):
            for subset in itertools.combinations(idx, size):
                key = frozenset(subset)
                acc = f.copy()
                for j in subset:
                    acc = np.minimum(acc, step(c, opponents[j], best[key - {j}]))
                best[key] = acc
        return best[frozenset(idx)]
    inf = np.full(f.shape, np.inf)
    values = [inf.copy() for _ in opponents]
    while True:
        changed = False
        for j, mover in enumerate(opponents):
            w = f
            for k in range(len(opponents)):
                if k != j:
                    w = np.minimum(w, values[k])
            new = np.minimum(values[j], step(c, mover, w))
            if not np.array_equal(new, values[j]):
                values[j] = new
                changed = True
        if not changed or len(opponents) == 1:
            break
    out = f.copy()
    for v in values:
        out = np.minimum(out, v)
    return out


def _escapes(c: Compiled, mover: Mover, h: list[FloatArray]) -> BoolArray:
    """True at ``s`` when some UI ``y`` of the mover has ``h[m](y) > P_m(s)`` for all members."""
    if len(mover.members) == 1:
        k = mover.members[0]
        best = reach_max(c, mover, np.minimum(_payoff(c, k), h[0]))
        return best > _payoff(c, k)
    out = np.zeros(c.size, dtype=bool)
    for _, target in moves(c, mover, improve=True):
        ok = target >= 0
        safe = np.where(ok, target, 0)
        for m, k in enumerate(mover.members):
            ok &= h[m][safe] > c.payoffs[k]
        out |= ok
    return out


def _sim_two(c: Compiled, i: int, j: int, mask_i: int, mask_j: int) -> BoolArray:
    r"""SIM for two single DMs without irreversible options or misperceptions, in O(N 2^{k_i}).

    Lay the cube out as (rest, a, b) with ``a`` DM ``i``'s part and ``b`` DM ``j``'s part. From
    ``(a, b)`` the opponent's UIs are the columns ``b'`` ranked strictly above ``b`` by
    :math:`P_j(a, \cdot)`, a prefix of row ``a`` sorted by :math:`P_j` descending; so the best
    simultaneous sanction of ``i``'s move to ``a'`` is a prefix minimum of
    :math:`P_i(a', \cdot)` in that order, read at the length of the prefix.
    """
    n = c.n
    own_i = sorted(n - 1 - b for b in range(n) if (mask_i >> b) & 1)
    own_j = sorted(n - 1 - b for b in range(n) if (mask_j >> b) & 1)
    rest = [a for a in range(n) if a not in own_i and a not in own_j]
    perm = rest + own_i + own_j
    width_a, width_b = 1 << len(own_i), 1 << len(own_j)
    shape = (2,) * n

    def cube(values: FloatArray, fill: float) -> FloatArray:
        full = np.full(c.lookup.shape[0], fill)
        full[c.codes] = values
        return full.reshape(shape).transpose(perm).reshape(-1, width_a, width_b)

    pi_ui = cube(_payoff(c, i), -np.inf)
    pi_sanc = cube(_payoff(c, i), np.inf)
    pj = cube(_payoff(c, j), -np.inf)
    out = np.zeros(pi_ui.shape, dtype=bool)
    chunk = max(1, (1 << 22) // (width_a * width_b))
    cols = np.arange(width_b)
    for r in range(pi_ui.shape[0]):
        for a0 in range(0, width_a, chunk):
            a = slice(a0, min(width_a, a0 + chunk))
            order = np.argsort(-pj[r, a], axis=1, kind="stable")
            sv = np.take_along_axis(pj[r, a], order, axis=1)
            start = np.where(
                np.concatenate(
                    (np.ones((sv.shape[0], 1), dtype=bool), sv[:, 1:] != sv[:, :-1]), axis=1
                ),
                cols,
                0,
            )
            start = np.maximum.accumulate(start, axis=1)
            cnt = np.empty_like(start)
            np.put_along_axis(cnt, order, start, axis=1)
            # sorted_pi[a, a', k] = P_i(a', k-th best column of row a for j)
            sorted_pi = np.moveaxis(pi_sanc[r][:, order], 0, 1)
            prefix = np.minimum.accumulate(sorted_pi, axis=2)
            prefix = np.concatenate((np.full((*prefix.shape[:2], 1), np.inf), prefix), axis=2)
            best = np.take_along_axis(
                prefix, np.broadcast_to(cnt[:, None, :], sorted_pi.shape), axis=2
            )
            base = pi_ui[r, a][:, None, :]
            escape = (pi_ui[r][None, :, :] > base) & (best > base)
            out[r, a] = escape.any(axis=1)
    inverse = np.argsort(perm)
    flat = out.reshape(tuple(shape[x] for x in perm)).transpose(inverse).reshape(-1)
    return ~flat[c.codes]


def _sim_three(c: Compiled, i: int, j: int, k: int) -> BoolArray:
    r"""SIM for three single DMs without irreversible options or misperceptions.

    The cube is laid out as (rest, a, b, c) for the parts of ``i``, ``j`` and ``k``. From
    :math:`s = (a, b, c)`, ``k``'s UIs are a prefix of row :math:`(a, b, \cdot)` sorted by
    :math:`P_k`, so for every target :math:`(a', b')` the best ``k`` can add is a prefix minimum
    (or ``k`` stays); ``j``'s UIs are then a set of columns :math:`b'`, checked directly. Cost
    :math:`O(N \cdot 2^{k_i} 2^{k_j})` instead of :math:`O(N \cdot 2^{k_i} 2^{k_j} 2^{k_k})`.
    """
    n = c.n

    def axes(m: int) -> list[int]:
        return sorted(n - 1 - b for b in range(n) if (m >> b) & 1)

    own = [axes(c.masks[x]) for x in (i, j, k)]
    rest = [x for x in range(n) if x not in own[0] + own[1] + own[2]]
    perm = rest + own[0] + own[1] + own[2]
    wa, wb, wc = (1 << len(o) for o in own)
    shape = (2,) * n

    def cube(values: FloatArray, fill: float) -> FloatArray:
        full = np.full(c.lookup.shape[0], fill)
        full[c.codes] = values
        return full.reshape(shape).transpose(perm).reshape(-1, wa, wb, wc)

    pi_ui = cube(_payoff(c, i), -np.inf)
    pi_sanc = cube(_payoff(c, i), np.inf)
    pj = cube(_payoff(c, j), -np.inf)
    pk = cube(_payoff(c, k), -np.inf)
    out = np.zeros(pi_ui.shape, dtype=bool)
    cols = np.arange(wc)
    stay_j = np.eye(wb, dtype=bool)[:, :, None]
    for r in range(pi_ui.shape[0]):
        pis_r = pi_sanc[r]
        for a in range(wa):
            pk_row = pk[r, a]
            order = np.argsort(-pk_row, axis=1, kind="stable")
            sv = np.take_along_axis(pk_row, order, axis=1)
            change = np.concatenate((np.ones((wb, 1), dtype=bool), sv[:, 1:] != sv[:, :-1]), axis=1)
            start = np.maximum.accumulate(np.where(change, cols, 0), axis=1)
            cnt = np.empty_like(start)
            np.put_along_axis(cnt, order, start, axis=1)
            sorted_pi = pis_r[:, :, order]  # [a', b', b, q]
            prefix = np.minimum.accumulate(sorted_pi, axis=3)
            prefix = np.concatenate((np.full((*prefix.shape[:3], 1), np.inf), prefix), axis=3)
            idx = np.broadcast_to(cnt[None, None, :, :], sorted_pi.shape)
            best = np.minimum(np.take_along_axis(prefix, idx, axis=3), pis_r[:, :, None, :])
            pj_row = pj[r, a]
            allowed = (pj_row[:, None, :] > pj_row[None, :, :]) | stay_j  # [b', b, c]
            base = pi_ui[r, a]
            sanction = (allowed[None] & (best <= base[None, None])).any(axis=1)  # [a', b, c]
            ui = pi_ui[r] > base[None]
            out[r, a] = (ui & ~sanction).any(axis=0)
    inverse = np.argsort(perm)
    flat = out.reshape(tuple(shape[x] for x in perm)).transpose(inverse).reshape(-1)
    stable: BoolArray = ~flat[c.codes]
    return stable


def _sim(c: Compiled, movers: list[Mover], e: int) -> BoolArray:
    me = movers[e]
    if (
        len(movers) == 2
        and all(len(m.members) == 1 and m.perceived is None for m in movers)
        and not (movers[0].mask | movers[1].mask) & (c.fwd | c.back)
        and c.n > 0
        and c.lookup.shape[0] <= max(16 * c.size, 1 << 16)
    ):
        other = movers[1 - e]
        return _sim_two(c, me.members[0], other.members[0], me.mask, other.mask)
    if (
        len(movers) == 3
        and all(len(m.members) == 1 and m.perceived is None for m in movers)
        and not (movers[0].mask | movers[1].mask | movers[2].mask) & (c.fwd | c.back)
        and c.n > 0
        and c.lookup.shape[0] <= max(16 * c.size, 1 << 16)
    ):
        j, k = (m.members[0] for x, m in enumerate(movers) if x != e)
        wa = 1 << me.mask.bit_count()
        wb = 1 << c.masks[j].bit_count()
        wc = 1 << c.masks[k].bit_count()
        if wa * wb * wb * wc <= 1 << 24:
            return _sim_three(c, me.members[0], j, k)
    others = [m for j, m in enumerate(movers) if j != e]
    stable = np.ones(c.size, dtype=bool)
    deltas = [np.concatenate(([0], submasks(m.mask))).astype(np.int64) for m in others]
    joint = (
        np.array([sum(t) for t in itertools.product(*deltas)], dtype=np.int64)
        if others
        else np.zeros(1, dtype=np.int64)
    )
    width = joint.shape[0]
    chunk = max(1, _SIM_CHUNK // max(width, 1))
    opp_ui: list[NDArray[np.int64]] = []
    # Per opponent: which of its deltas is a UI from each state (column 0 = stay, always valid).
    for m, dl in zip(others, deltas, strict=True):
        ui = np.zeros((c.size, dl.shape[0]), dtype=bool)
        ui[:, 0] = True
        pos = {int(d): i for i, d in enumerate(dl)}
        for d, target in moves(c, m, improve=True):
            ui[:, pos[d]] = target >= 0
        opp_ui.append(ui.view(np.uint8).astype(np.int64))
    combos = list(itertools.product(*[range(dl.shape[0]) for dl in deltas])) if others else [()]
    combo_idx = np.array(combos, dtype=np.int64).reshape(width, len(others))
    codes = c.codes
    for d, target in moves(c, me, improve=True):
        rows = np.nonzero(target >= 0)[0]
        for start in range(0, rows.shape[0], chunk):
            r = rows[start : start + chunk]
            valid = np.ones((r.shape[0], width), dtype=bool)
            for j in range(len(others)):
                valid &= opp_ui[j][r][:, combo_idx[:, j]].astype(bool)
            comb = c.lookup[(codes[r] ^ np.int64(d))[:, None] ^ joint[None, :]].astype(np.int64)
            valid &= comb >= 0
            safe = np.where(valid, comb, 0)
            better = np.ones(valid.shape, dtype=bool)
            for k in me.members:
                better &= c.payoffs[k][safe] > c.payoffs[k][r][:, None]
            has = (valid & ~better).any(axis=1)
            stable[r[~has]] = False
    return stable


def analyse(
    c: Compiled,
    *,
    concepts: tuple[str, ...] = CONCEPTS,
    rule: Rule = "textbook",
    groups: tuple[tuple[int, ...], ...] | None = None,
    coalition_moves: Literal["joint", "sequence"] = "joint",
    max_explicit_states: int = 4096,
) -> StabilityResult:
    """Compute per-mover stability of every state under each concept.

    Parameters
    ----------
    c : Compiled
        States and payoffs (:func:`~summitry.engines.gmcr.states.compile_conflict`).
    concepts : tuple of str
        Any of ``nash``, ``gmr``, ``seq``, ``smr``, ``sim``.
    rule : {"textbook", "gmcr-py"}
        How the opponents may chain their moves (module docstring).
    groups : tuple of tuple of int, optional
        A partition of the DMs into movers (default: the conflict's coalitions, or singletons).
    coalition_moves : {"joint", "sequence"}
        A coalition moves by any joint change of its members' options (gmcr-py), or by legal
        sequences of its members' unilateral moves (Kilgour, Hipel, Fang & Peng 2001; Inohara &
        Hipel 2008); the latter is evaluated state by state with :mod:`.explicit`.
    max_explicit_states : int
        Refuse ``coalition_moves="sequence"`` with coalitions on more states than this.

    Raises
    ------
    ModelSizeError
        When the state-by-state evaluation would exceed ``max_explicit_states``.

    Returns
    -------
    StabilityResult
    """
    bad = [x for x in concepts if x not in CONCEPTS]
    if bad:
        raise ValueError(f"unknown concept {bad[0]!r}; expected one of {', '.join(CONCEPTS)}")
    movers = make_movers(c, groups, sequential=coalition_moves == "sequence")
    if any(m.sequential for m in movers):
        if c.size > max_explicit_states:
            raise ModelSizeError(
                f"coalitions moving by sequences are evaluated state by state; the model has "
                f"{c.size} states, expected at most {max_explicit_states}. Fix: use joint "
                "coalition moves or a smaller model"
            )
        table = {
            x: np.array(
                [
                    [explicit.stable_at(c, movers, e, s, x, rule=rule) for s in range(c.size)]
                    for e in range(len(movers))
                ],
                dtype=bool,
            ).reshape(len(movers), c.size)
            for x in concepts
        }
        return StabilityResult(compiled=c, movers=tuple(movers), rule=rule, stable=table)
    result: dict[str, BoolArray] = {x: np.ones((len(movers), c.size), dtype=bool) for x in concepts}
    for e, me in enumerate(movers):
        others = [m for j, m in enumerate(movers) if j != e]
        if "nash" in concepts:
            has_ui = reach_min_improve(c, me, np.zeros(c.size)) < np.inf
            result["nash"][e] = ~has_ui
        for concept in ("gmr", "seq"):
            if concept not in concepts:
                continue
            h = [
                opponent_min(c, others, _payoff(c, k), improve=concept == "seq", rule=rule)
                for k in me.members
            ]
            result[concept][e] = ~_escapes(c, me, h)
        if "smr" in concepts:
            if len(me.members) == 1:
                k = me.members[0]
                counter = reach_max(c, me, _payoff(c, k))
                h = [opponent_min(c, others, counter, improve=False, rule=rule)]
                result["smr"][e] = ~_escapes(c, me, h)
            else:
                result["smr"][e] = [
                    explicit.stable_at(c, movers, e, s, "smr", rule=rule) for s in range(c.size)
                ]
        if "sim" in concepts:
            result["sim"][e] = _sim(c, movers, e)
    return StabilityResult(compiled=c, movers=tuple(movers), rule=rule, stable=result)
