r"""Stokman's exchange of voting positions (equal-gain model), as Decide implements it.

The model (Stokman & Van Oosten 1994; Stokman & Van den Bos; Decide, decide-exchange-model
2025.3.1) lets actors who disagree with the expected outcome on two issues trade voting positions:
each concedes on the issue it cares relatively less about to gain on the other.

Notation: actor ``i``, issue ``d``, position :math:`x_{id}` (0--100), salience :math:`s_{id}`,
power :math:`c_{id}`; :math:`\Sigma_d = \sum_k c_{kd} s_{kd}` over the actors present on ``d``.

One round:

1. The outcome of each issue is the compromise :math:`O_d = \sum_k c_{kd} s_{kd} x_{kd}/\Sigma_d`
   of the round's preference positions; actor ``k`` is *left* on ``d`` when
   :math:`x_{kd} < O_d`.
2. For every issue pair ``(p, q)`` (input order) actors present on both fall into four groups by
   (left on ``p``, left on ``q``). Actors right on both may exchange with actors left on both,
   actors left only on ``p`` with actors left only on ``q`` (and in that order: these loops fix
   the list order that breaks ties).
3. In a pair the actor with the larger :math:`s_p/s_q` ("``i``") demands ``p`` and supplies
   ``q``; the partner ("``j``") demands ``q`` and supplies ``p``. A move :math:`\Delta x` of
   ``k`` on ``d`` shifts the outcome by :math:`\Delta O_d = \Delta x\, c_{kd} s_{kd}/\Sigma_d`.
   Equal gain: :math:`\Delta O_q (s_{iq} + s_{jq}) = \Delta O_p (s_{ip} + s_{jp})`; gain
   :math:`G = |\Delta O_q s_{iq} - \Delta O_p s_{ip}|`. First ``j`` moves all the way to ``i``'s
   position on ``p``; if ``i``'s implied move on ``q`` would pass ``j``'s position, ``i`` moves
   all the way instead and ``j``'s move is scaled down.
4. If an exchange would push an outcome past the demanding partner's own position, the supplier's
   move is cut so that the outcome lands on that position, and the partner's move is recomputed
   to keep the gains equal (Decide evaluates this outcome with the round's positions plus the
   moves of earlier exchanges recorded for this pair).
5. A move is valid when it is non-zero (> 1e-10), keeps the voting position in [0, 100], and
   all moves of the actor on that issue in this exchange's history point the same way with a sum
   of at most 100; an exchange needs a gain above 1e-10.
6. Execution: the exchange with the highest gain is realised (stable order: ties go to the
   earlier exchange in the list, Decide's deterministic mode); every exchange sharing an actor's
   supply issue, or an actor's demand issue on which the realised exchange moved someone, is
   recalculated from the new voting positions; invalid ones are dropped; repeat until none is
   left.
7. End of round: the voting outcome is :math:`O_d` of the voting positions (the exchange-model
   forecast); every actor that exchanged adopts a new preference position
   :math:`x' = (1 - 0.1 - 0.4(1 - s))\,x + (0.1 + 0.4(1 - s))\,y`, ``s`` its salience on the
   supply issue, ``y`` its voting position.

Tie-breaking: ``tie_break="order"`` reproduces Decide's deterministic mode
(``EqualGainModel.ALLOW_RANDOM = False``); ``tie_break="random"`` picks uniformly among the
exchanges whose gain equals the best to ``tie_tolerance``, with the given ``rng`` (Decide's own
random mode flips a coin between the first two and can duplicate list entries; this variant does
not copy that defect).

References
----------
Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions. In Bueno de Mesquita &
Stokman (eds), *European Community Decision Making*, Yale UP, 105--127.
Stokman (2015), "Policy oriented exchange networks", ASONAM '15.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from operator import attrgetter
from typing import Any

import numpy as np
from numpy.typing import NDArray

from summitry.rng import RNGLike, SeedLike, as_generator

__all__ = ["ExchangeRecord", "ExchangeRound", "exchange_rounds", "run_exchange"]

FloatArray = NDArray[np.float64]
FIXED_WEIGHT = 0.1
"""Weight of the voting position in the next preference position (Decide ``FIXED_WEIGHT``)."""
SALIENCE_WEIGHT = 0.4
"""Extra weight ``0.4 (1 - s)`` of the voting position (Decide ``SALIENCE_WEIGHT``)."""
_EPS = 1e-10
Num = Any  # Decimal (Decide-exact arithmetic) or float


class _Side:
    """One actor of an exchange: it supplies (moves on) ``supply`` and demands ``demand``."""

    __slots__ = ("actor", "demand", "move", "moves", "start", "supply", "x", "y")

    def __init__(self, actor: int, supply: int, demand: int, x: Num) -> None:
        self.actor = actor
        self.supply = supply
        self.demand = demand
        self.x = x  # current voting position on the supply issue
        self.start = x  # position on the supply issue when the round began
        self.y = x
        self.move: Num = 0
        self.moves: list[Num] = []


class _Exchange:
    __slots__ = ("done", "gain", "i", "j", "rho", "updates", "valid")

    def __init__(self, i: _Side, j: _Side) -> None:
        self.i = i  # supplies q, demands p
        self.j = j  # supplies p, demands q
        self.gain: Num = 0
        self.valid = True
        self.done = False
        self.updates: dict[int, dict[int, Num]] = {}
        self.rho: Num = None  # random-rate model: dO_q / dO_p; None: equal gain


@dataclass(frozen=True, slots=True)
class ExchangeRecord:
    """A realised exchange: each actor's new voting position on its supply issue, and the gain."""

    actor_i: int
    supply_i: int
    y_i: float
    actor_j: int
    supply_j: int
    y_j: float
    gain: float


@dataclass(frozen=True, slots=True)
class ExchangeRound:
    """The result of one round of exchanges."""

    preference_outcome: FloatArray
    """Compromise of the preference positions at the start of the round (Decide's ``avg MDS``)."""
    voting_outcome: FloatArray
    """Compromise of the voting positions after the round's exchanges (the forecast)."""
    exchanges: tuple[ExchangeRecord, ...]
    """Realised exchanges in the order they were realised."""
    ties: int
    """How many times the best gain was tied (within ``tie_tolerance``)."""
    preference_positions: FloatArray
    """Preference positions for the next round (``NaN`` where absent)."""


class _Round:
    """One round's state: positions ``x[d][a]`` (``None`` where absent) in Decide's arithmetic."""

    def __init__(
        self,
        x: list[list[Num]],
        s: list[list[Num]],
        c: list[list[Num]],
        order: list[list[int]],
        eps: Num,
        rate_rng: np.random.Generator | None = None,
        to_num: Any = float,
    ) -> None:
        self.eps = eps
        self.rate_rng = rate_rng
        self.to_num = to_num
        self.x, self.s, self.c, self.order = x, s, c, order
        self.denom: list[Num] = []
        self.terms: list[list[Num]] = []
        self.slot: list[dict[int, int]] = []
        self.prefix: list[list[Num]] = []
        for d, actors in enumerate(order):
            total: Num = 0
            for a in actors:
                total += s[d][a] * c[d][a]
            self.denom.append(total)
            self.terms.append([x[d][a] * s[d][a] * c[d][a] for a in actors])
            self.slot.append({a: k for k, a in enumerate(actors)})
            partial: Num = 0
            sums = [partial]
            for term in self.terms[-1]:
                partial += term
                sums.append(partial)
            self.prefix.append(sums)

    def numerator(self, d: int, changes: dict[int, Num] | None = None) -> Num:
        """Sum of ``x s c`` over the issue's actors in summation order, some ``x`` replaced."""
        terms = self.terms[d]
        if not changes:
            return self.prefix[d][-1]
        slot, s, c, x = self.slot[d], self.s[d], self.c[d], self.x[d]
        new: dict[int, Num] = {}
        for a, v in changes.items():
            k = slot.get(a)
            if k is not None and v != x[a]:  # an unchanged position leaves its term unchanged
                new[k] = v * s[a] * c[a]
        if not new:
            return self.prefix[d][-1]
        first = min(new)
        tail = terms[first:]
        for k, v in new.items():
            tail[k - first] = v
        total = self.prefix[d][first]  # the same partial sums as a sequential loop
        for term in tail:
            total += term
        return total

    def outcome(self, d: int, changes: dict[int, Num] | None = None) -> Num:
        """Compromise of issue ``d`` with some actors' positions replaced (Decide's NBS)."""
        if self.denom[d] == 0:
            return 0
        return self.numerator(d, changes) / self.denom[d]

    # ------------------------------------------------------------------ exchange arithmetic

    def ratio(self, e: _Exchange, supplier: _Side, partner: _Side, dr: Num) -> Num:
        """Outcome shift on the supplier's demand issue for a shift ``dr`` on its supply issue:
        the equal-gain rate, or the exchange's drawn rate in the random-rate model."""
        if e.rho is not None:
            return e.rho * dr if supplier is e.j else dr / e.rho
        u, v = supplier.supply, supplier.demand
        a, b = supplier.actor, partner.actor
        return ((self.s[u][a] + self.s[u][b]) / (self.s[v][a] + self.s[v][b])) * dr

    def gain(self, e: _Exchange, dp: Num, dq: Num) -> Num:
        """Gain of the exchange for outcome shifts ``dp``, ``dq`` (absolute values): the common
        gain (equal gain), or the smaller of the two gains (random rate)."""
        i, j = e.i, e.j
        p, q = j.supply, i.supply
        if e.rho is None:
            return abs(dq * self.s[q][i.actor] - dp * self.s[p][i.actor])
        g_i = dp * self.s[p][i.actor] - dq * self.s[q][i.actor]
        g_j = dq * self.s[q][j.actor] - dp * self.s[p][j.actor]
        return min(g_i, g_j)

    def reverse(self, side: _Side, dr: Num) -> Num:
        """Move of ``side`` on its supply issue that shifts the outcome by ``dr``."""
        d, a = side.supply, side.actor
        return (dr * self.denom[d]) / (self.c[d][a] * self.s[d][a])

    def absolute(self, side: _Side, distance: Num) -> Num:
        """Outcome shift when ``side`` moves ``distance`` on its supply issue."""
        d, a = side.supply, side.actor
        return (distance * self.s[d][a] * self.c[d][a]) / self.denom[d]

    def valid_move(self, side: _Side) -> bool:
        move = side.move
        if abs(move) > 100 or abs(move) <= self.eps:
            return False
        y = side.x + move
        if y < 0 or y > 100:
            return False
        moves = side.moves
        if len(moves) == 1:  # moves == [move]: non-zero and at most 100 in size
            return True
        if sum(moves) > 100:
            return False
        lo, hi = min(moves), max(moves)
        return bool((lo < 0 and hi < 0) or (lo > 0 and hi > 0))

    def calculate(self, e: _Exchange) -> None:
        i, j = e.i, e.j
        p, q = j.supply, i.supply
        x = self.x
        di_p = x[p][i.actor]  # i's own position on p (what it demands)
        dj_q = x[q][j.actor]
        dp = self.absolute(j, abs(di_p - j.x))
        dq = self.ratio(e, j, i, dp)
        i.move = self.reverse(i, dq)
        j.move = abs(di_p - j.x)
        if abs(i.move) > abs(dj_q - i.x):
            dq = self.absolute(i, abs(dj_q - i.x))
            dp = self.ratio(e, i, j, dq)
            i.move = abs(dj_q - i.x)
            j.move = self.reverse(j, dp)
        if i.x > dj_q:
            i.move = -i.move
        if j.x > di_p:
            j.move = -j.move
        i.moves.append(i.move)
        j.moves.append(j.move)
        i.y = i.x + i.move
        j.y = j.x + j.move
        e.gain = self.gain(e, dp, dq)
        e.valid = self.valid_move(i) and self.valid_move(j)
        if e.gain < self.eps:
            e.valid = False
        if not e.valid:
            return
        self.check_crossing(e, i, j)
        self.check_crossing(e, j, i)
        e.valid = self.valid_move(i) and self.valid_move(j)

    def check_crossing(self, e: _Exchange, a: _Side, b: _Side) -> None:
        """Cut ``a``'s move when it would push the outcome past ``b``'s own position."""
        u = a.supply
        upd = e.updates.get(u, {})
        before = self.outcome(u, {**upd, a.actor: a.x})
        after = self.outcome(u, {**upd, a.actor: a.y})
        target = self.x[u][b.actor]
        if (target - before >= 0 and target - after >= 0) or (
            target - before <= 0 and target - after <= 0
        ):
            return
        # Decide's position-for-outcome helper: a at its voting position, then the updates
        nominator = self.numerator(u, {a.actor: a.x, **upd})
        left = (target * self.denom[u]) - nominator
        delta = abs(left / (self.s[u][a.actor] * self.c[u][a.actor]))
        dr_u = (delta * self.s[u][a.actor] * self.c[u][a.actor]) / self.denom[u]
        dr_v = self.ratio(e, a, b, dr_u)
        b.move = abs(self.reverse(b, dr_v))
        a.move = delta
        if b.x > self.x[b.supply][a.actor]:
            b.move = -b.move
        if a.x > target:
            a.move = -a.move
        b.moves[-1] = b.move
        a.moves[-1] = a.move
        b.y = b.x + b.move
        a.y = a.x + a.move
        if e.rho is None:  # b's gain (Decide evaluates the partner's side here)
            v = b.supply
            e.gain = abs(dr_v * self.s[v][b.actor] - dr_u * self.s[u][b.actor])
        else:
            e.gain = self.gain(e, dr_u, dr_v) if a is e.j else self.gain(e, dr_v, dr_u)
        e.valid = self.valid_move(b) and self.valid_move(a)

    @staticmethod
    def _kept(side: _Side, old: Num) -> Num:
        if side.start <= old:
            return old if old < side.y else side.y
        return old if old > side.y else side.y

    def recalculate(self, e: _Exchange, r: _Exchange) -> None:
        """Update exchange ``e`` after ``r`` was realised."""
        re_calc = False
        for mine in (e.i, e.j):
            for theirs in (r.i, r.j):
                if mine.actor == theirs.actor and mine.supply == theirs.supply:
                    mine.x = theirs.y
                    mine.moves.append(theirs.moves[-1])
                    re_calc = True
                    break
        if re_calc:
            e.i.moves.pop()
            e.j.moves.pop()
        for demander, mover in ((r.j, r.i), (r.i, r.j)):
            if any(
                demander.actor == side.actor and demander.demand == side.demand
                for side in (e.j, e.i)
            ):
                upd = e.updates.setdefault(demander.demand, {})
                if mover.actor in upd:
                    upd[mover.actor] = self._kept(mover, upd[mover.actor])
                else:
                    upd[mover.actor] = mover.y
                if not re_calc:
                    e.i.moves.pop()
                    e.j.moves.pop()
                    re_calc = True
        if re_calc:
            self.calculate(e)

    def make(self, a: int, b: int, p: int, q: int) -> _Exchange:
        s = self.s
        zero_a, zero_b = s[q][a] == 0, s[q][b] == 0
        swap = zero_b and not zero_a if zero_a or zero_b else s[p][a] / s[q][a] < s[p][b] / s[q][b]
        if swap:
            a, b = b, a
        e = _Exchange(_Side(a, q, p, self.x[q][a]), _Side(b, p, q, self.x[p][b]))
        if self.rate_rng is not None:
            if s[q][a] == 0 or s[q][b] == 0:
                e.valid = False  # no finite range of rates
                return e
            lo, hi = float(s[p][b] / s[q][b]), float(s[p][a] / s[q][a])
            e.rho = self.to_num(self.rate_rng.uniform(lo, hi))
        self.calculate(e)
        return e


_gain = attrgetter("gain")


def _one_round(
    state: _Round,
    actor_order: Sequence[int],
    *,
    tie_break: str,
    tie_tolerance: float,
    rng: np.random.Generator | None,
    to_num: Any,
    weight: Any,
) -> tuple[ExchangeRound, list[list[Num]]]:
    m = len(state.order)
    present = [set(o) for o in state.order]
    outcome = [state.outcome(d) for d in range(m)]
    exchanges: list[_Exchange] = []
    for p, q in combinations(range(m), 2):
        groups: list[list[int]] = [[], [], [], []]
        for a in actor_order:
            if a in present[p] and a in present[q]:
                left_p = state.x[p][a] < outcome[p]
                left_q = state.x[q][a] < outcome[q]
                groups[int(left_p) | int(left_q) * 2].append(a)
        for a_grp, b_grp in ((0, 3), (1, 2)):
            for a in groups[a_grp]:
                for b in groups[b_grp]:
                    exchanges.append(state.make(a, b, p, q))
    exchanges = [e for e in exchanges if e.valid]
    index: dict[tuple[int, int, int], list[_Exchange]] = {}
    for e in exchanges:
        for side in (e.i, e.j):
            index.setdefault((0, side.actor, side.supply), []).append(e)
            index.setdefault((1, side.actor, side.demand), []).append(e)
    realised: list[_Exchange] = []
    ties = 0
    tol = to_num(tie_tolerance)
    while exchanges:
        exchanges.sort(key=_gain, reverse=True)
        pick = 0
        if len(exchanges) > 1 and exchanges[0].gain - exchanges[1].gain <= tol:
            ties += 1
            if tie_break == "random" and rng is not None:
                best = exchanges[0].gain
                n_tied = sum(1 for e in exchanges if best - e.gain <= tol)
                pick = int(rng.integers(n_tied))
        r = exchanges.pop(pick)
        r.done = True
        affected: dict[int, _Exchange] = {}
        for key in (
            (0, r.i.actor, r.i.supply),
            (0, r.j.actor, r.j.supply),
            (1, r.i.actor, r.i.demand),
            (1, r.j.actor, r.j.demand),
        ):
            for e in index.get(key, ()):
                if not e.done and e.valid:
                    affected[id(e)] = e
        for e in affected.values():
            state.recalculate(e, r)
        exchanges = [e for e in exchanges if e.valid]
        realised.append(r)
    voting = [list(col) for col in state.x]
    for r in realised:
        voting[r.i.supply][r.i.actor] = r.i.y
        voting[r.j.supply][r.j.actor] = r.j.y
    vstate = _Round(voting, state.s, state.c, state.order, state.eps, None, to_num)
    vote_outcome = [vstate.outcome(d) for d in range(m)]
    nxt = [list(col) for col in voting]
    sw, fw = weight(SALIENCE_WEIGHT), weight(FIXED_WEIGHT)
    for r in realised:
        for side in (r.i, r.j):
            sal = state.s[side.supply][side.actor]
            nxt[side.supply][side.actor] = (
                (1 - sal) * sw * side.y + fw * side.y + (1 - (1 - sal) * sw - fw) * side.start
            )
    records = tuple(
        ExchangeRecord(
            r.i.actor, r.i.supply, float(r.i.y), r.j.actor, r.j.supply, float(r.j.y), float(r.gain)
        )
        for r in realised
    )
    n = len(state.x[0]) if m else 0
    pref_next = np.full((n, m), np.nan)
    for d in range(m):
        for a in state.order[d]:
            pref_next[a, d] = float(nxt[d][a])
    result = ExchangeRound(
        np.array([float(v) for v in outcome]),
        np.array([float(v) for v in vote_outcome]),
        records,
        ties,
        pref_next,
    )
    return result, nxt


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def exchange_rounds(
    positions: FloatArray,
    salience: FloatArray,
    power: FloatArray,
    *,
    arithmetic: str = "decimal",
    rate: str = "equal",
    tie_break: str = "order",
    tie_tolerance: float | None = None,
    sum_order: Sequence[int] | None = None,
    rng: RNGLike | SeedLike | None = None,
) -> Iterator[ExchangeRound]:
    r"""Yield successive rounds of the equal-gain exchange model (endless; the caller stops).

    Parameters
    ----------
    positions, salience, power : array, shape (actors, issues)
        Positions on 0--100 (``NaN``: actor absent from the issue), saliences and powers. Actor
        order is the order of Decide's ``#A`` rows (it fixes the list order of exchanges).
    arithmetic : {"decimal", "float"}
        ``decimal`` (default) computes with 28-digit decimals from the inputs' shortest decimal
        representations, as Decide does, so that exact ties are resolved as Decide resolves them;
        ``float`` is faster but may resolve near-ties differently.
    rate : {"equal", "random"}
        ``equal``: the equal-gain model. ``random``: the random-rate model: each candidate
        exchange's rate :math:`\rho = \Delta O_q/\Delta O_p` is drawn uniformly, with ``rng``,
        between the partners' salience ratios :math:`s_{jp}/s_{jq}` and :math:`s_{ip}/s_{iq}`
        (where both gain); exchanges are ranked by the smaller of the two gains.
    tie_break : {"order", "random"}
        ``order``: Decide's deterministic mode (the earlier exchange in list order wins a tie);
        ``random``: a uniform choice among the tied exchanges drawn from ``rng``.
    tie_tolerance : float, optional
        Gains closer than this are tied (default 0 with decimals, as Decide; 1e-12 with floats).
    sum_order : sequence of int, optional
        Order in which actors are summed in outcomes (Decide sums in the order of the ``#D``
        rows; default: actor order). Only the last digits, and so exact ties, depend on it.
    rng : Generator or seed, optional
        Used only with ``tie_break="random"``.

    Yields
    ------
    ExchangeRound
        One per round; positions carry over through the preference-update rule.
    """
    if tie_break not in ("order", "random"):
        raise ValueError(f"tie_break must be 'order' or 'random'; got {tie_break!r}")
    if rate not in ("equal", "random"):
        raise ValueError(f"rate must be 'equal' or 'random'; got {rate!r}")
    if arithmetic not in ("decimal", "float"):
        raise ValueError(f"arithmetic must be 'decimal' or 'float'; got {arithmetic!r}")
    x = np.asarray(positions, dtype=np.float64)
    s = np.nan_to_num(np.asarray(salience, dtype=np.float64))
    c = np.nan_to_num(np.asarray(power, dtype=np.float64))
    if x.ndim != 2 or s.shape != x.shape or c.shape != x.shape:
        raise ValueError(
            f"positions, salience and power must have one shape (actors, issues); got "
            f"{x.shape}, {s.shape}, {c.shape}"
        )
    n, m = x.shape
    exact = arithmetic == "decimal"
    to_num: Any = _decimal if exact else float
    weight: Any = Decimal if exact else float
    tol = (0.0 if exact else 1e-12) if tie_tolerance is None else tie_tolerance
    seq = list(sum_order) if sum_order is not None else list(range(n))
    order = [[a for a in seq if not np.isnan(x[a, d])] for d in range(m)]
    xs: list[list[Num]] = [[None] * n for _ in range(m)]
    ss: list[list[Num]] = [[to_num(s[a, d]) for a in range(n)] for d in range(m)]
    cs: list[list[Num]] = [[to_num(c[a, d]) for a in range(n)] for d in range(m)]
    for d in range(m):
        for a in order[d]:
            xs[d][a] = to_num(x[a, d])
    gen = as_generator(rng) if (tie_break == "random" or rate == "random") else None
    rate_rng = gen if rate == "random" else None
    tie_rng = gen if tie_break == "random" else None
    actor_order = list(range(n))
    while True:
        state = _Round(xs, ss, cs, order, weight(_EPS), rate_rng, to_num)
        rnd, xs = _one_round(
            state,
            actor_order,
            tie_break=tie_break,
            tie_tolerance=tol,
            rng=tie_rng,
            to_num=to_num,
            weight=weight,
        )
        yield rnd


def run_exchange(
    positions: FloatArray,
    salience: FloatArray,
    power: FloatArray,
    *,
    rounds: int = 10,
    arithmetic: str = "decimal",
    rate: str = "equal",
    tie_break: str = "order",
    tie_tolerance: float | None = None,
    sum_order: Sequence[int] | None = None,
    rng: RNGLike | SeedLike | None = None,
) -> list[ExchangeRound]:
    """Run ``rounds`` rounds of :func:`exchange_rounds` (Decide's CLI default: 10 rounds)."""
    if rounds < 1:
        raise ValueError(f"rounds must be >= 1; got {rounds}")
    it = exchange_rounds(
        positions,
        salience,
        power,
        arithmetic=arithmetic,
        rate=rate,
        tie_break=tie_break,
        tie_tolerance=tie_tolerance,
        sum_order=sum_order,
        rng=rng,
    )
    return [next(it) for _ in range(rounds)]
