r"""KAPSARC's spatial model of politics (KTAB SMP), deterministic mode with default parameters.

Actors ``i`` with capability :math:`c_i`, position :math:`x_i \in [0, 1]^D`, saliences
:math:`s_{id} \in [0, 1]` (total :math:`S_i = \sum_d s_{id} \le 1`) and ideal :math:`y_i`
(= the position: KTAB's identity accommodation matrix for CSV input).

Distance and utility (risk attitude ``R``):

.. math::
   \delta_{ij} = \sqrt{\textstyle\sum_d s_{id}^2 (y_{id} - x_{jd})^2 / \sum_d s_{id}^2},\qquad
   u(\delta, R) = (1 - \delta)(1 + \delta R)\ (\delta \le 1),\ (1 - \delta)(1 + R)\ \text{else}.

Votes are proportional, :math:`v_k(a{:}b) = w_k (u_k(a) - u_k(b))`; coalition strength
:math:`C(a{:}b) = 10^{-8} + \sum_k \max(0, v_k(a{:}b))`; victory probability (linear)
:math:`P[a \succ b] = C(a{:}b)/(C(a{:}b) + C(b{:}a))`, :math:`P[a \succ a] = 1/2`; conditional
probabilistic Condorcet election :math:`P(a) \propto \prod_b P[a \succ b]`.

Risk attitudes, every turn: a PCE over the actors' positions with risk-neutral utilities and
capability weights gives :math:`p_i`; :math:`R_i = (3p_i - p_{max} - 2p_{min}) /
(2(p_{max} - p_{min}))` (``Mid``); actor ``h`` perceives ``i``'s attitude as
:math:`(2R_h + R_i)/3` (``OneThird``), giving ``h``'s utility matrix :math:`U^h`.

A turn:

1. *Challenge*: ``i`` (from its own perspective :math:`U = U^i`) estimates for every target
   ``j`` the coalition strengths of ``i``'s and ``j``'s positions: the principals vote with weight
   :math:`S c` on :math:`u(x_i)` vs :math:`u(x_j)`; each third party ``n`` first estimates
   ``i``'s chance :math:`p_{in}` in the little contest with its own vote added, then votes on the
   expected utilities of siding with ``i`` or ``j`` (semi-commitment: if ``i`` (with ``n``) wins,
   ``n`` gets :math:`2u_n(i) + u_n(n)`, if ``j`` beats that coalition :math:`3u_n(j)`, if ``i``
   beats ``j`` (with ``n``) :math:`3u_n(i)`, else :math:`2u_n(j) + u_n(n)`). With
   :math:`P_{ij} = C_{ij}/(C_{ij} + C_{ji})`, ``i``'s expected gain is
   :math:`(1 - S_j) 2u_i(i) + S_j[P_{ij} 2u_i(i) + (1 - P_{ij}) 2u_i(j)] - u_i(i) - u_i(j)`;
   ``i`` targets the ``j`` with the largest gain above :math:`10^{-5}` (first on ties).
2. *Bargain* (S2P2, initiator's perspective): per dimension
   :math:`b = ((w_i + 10^{-6}) x_i + w_j x_j)/(w_i + 10^{-6} + w_j)` for ``i`` and
   :math:`(w_i x_i + (w_j + 10^{-6}) x_j)/(\dots)` for ``j``, :math:`w = s_d^2 P^2`, rounded to 4
   decimals; the bargain is offered to both.
3. *Choice*: actor ``k`` scores its status quo and every bargain involving it by each actor's
   average utility over all positions after the bargain; a conditional PCE (capability weights)
   over those options picks the most probable (deterministic mode; first on ties).
4. Ideals follow positions.

Stop after at least 2 turns when the turn's total movement :math:`\sum_i \|x_i(t) - x_i(t-1)\|`
is below 2 % of the first turn's (plus :math:`10^{-4}`), or after 100 turns.

Reported each turn: every actor's position and the probability that its position wins a PCE
in which each actor judges all (distinct, within :math:`10^{-3}`) positions with its own utility
matrix.

References
----------
KAPSARC Toolkit for Behavioral Analysis (KTAB), ``examples/smp`` (MIT licence); Wise, B.,
"Markov Voting with Incentives in KTAB" (draft); design note ``bargaining-models.md`` §2.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["SMPResult", "run_smp"]

FloatArray = NDArray[np.float64]
MIN_COALITION = 1e-8
MIN_PRINCIPAL = 1e-10
MIN_SIG_GAIN = 1e-5
POS_TOL = 1e-3
MIN_W = 1e-6


@dataclass(frozen=True, slots=True)
class SMPResult:
    """A deterministic SMP run."""

    positions: FloatArray
    """Positions per state, shape (turns + 1, actors, dims), on 0--100."""
    probabilities: FloatArray
    """Probability that each actor's position wins, per state, shape (turns + 1, actors)."""
    expected: FloatArray
    """Expected position per state (distinct positions weighted by their probability),
    shape (turns + 1, dims), on 0--100."""
    risk: FloatArray
    """Inferred risk attitudes per state, shape (turns + 1, actors)."""
    targets: tuple[tuple[int, ...], ...]
    """Per turn, each actor's challenge target (-1: none)."""
    change_ratio: FloatArray
    """Per turn, total movement relative to the first turn's (+1e-4), KTAB's "Fractional change
    compared to first step" (positions on 0--1)."""

    @property
    def turns(self) -> int:
        """Number of turns (state transitions) until the stopping rule fired."""
        return int(self.positions.shape[0] - 1)


def _util(d: FloatArray, r: FloatArray | float) -> FloatArray:
    out: FloatArray = np.where(d <= 1, (1 - d) * (1 + d * r), (1 - d) * (1 + r))
    return out


def _dist(ideal: FloatArray, pos: FloatArray, sal: FloatArray) -> FloatArray:
    """``D[i, j]``: salience-weighted distance from i's ideal to j's position."""
    diff = ideal[:, None, :] - pos[None, :, :]  # (i, j, d)
    num = ((diff * sal[:, None, :]) ** 2).sum(axis=2)
    den = (sal**2).sum(axis=1)[:, None]
    out: FloatArray = np.sqrt(num / den)
    return out


def _pce(w: FloatArray, u: FloatArray) -> FloatArray:
    """Conditional PCE with proportional votes and linear victory probabilities.

    ``u[k, a]``: utility to actor ``k`` of option ``a``; ``w[k]``: voting weight.
    """
    m = u.shape[1]
    v = w[:, None, None] * (u[:, :, None] - u[:, None, :])  # (k, a, b): k's vote for a over b
    c = MIN_COALITION + np.maximum(v, 0.0).sum(axis=0)
    np.fill_diagonal(c, MIN_COALITION)
    p = c / (c + c.T)
    p[np.arange(m), np.arange(m)] = 0.5
    prod = p.prod(axis=1)
    out: FloatArray = prod / prod.sum()
    return out


def _unique(pos: FloatArray) -> list[int]:
    uniq: list[int] = []
    for i in range(pos.shape[0]):
        if not any(np.linalg.norm(pos[i] - pos[k]) < POS_TOL for k in uniq):
            uniq.append(i)
    return uniq


class _State:
    def __init__(self, pos: FloatArray, sal: FloatArray, cap: FloatArray) -> None:
        n = pos.shape[0]
        self.pos, self.sal, self.cap = pos, sal, cap
        self.dist = _dist(pos, pos, sal)
        rn = _util(self.dist, 0.0)
        p = _pce(cap, rn)  # options = the actors' positions, judged risk-neutrally
        lo, hi = float(p.min()), float(p.max())
        self.nra: FloatArray = (3 * p - (hi + 2 * lo)) / (2 * (hi - lo)) if hi > lo else np.zeros(n)
        # U[h][i, j] = h's estimate of i's utility for j's position
        r_hi = (2.0 * self.nra[:, None] + self.nra[None, :]) / 3.0  # (h, i)
        self.utils: FloatArray = _util(self.dist[None, :, :], r_hi[:, :, None])  # (h, i, j)

    def win_probabilities(self) -> tuple[FloatArray, FloatArray]:
        """Probability that each actor's position wins (own-utility PCE over the distinct
        positions), and the expected position (sum over distinct positions of P x)."""
        n = self.pos.shape[0]
        own = self.utils[np.arange(n), np.arange(n), :]  # own[i, j] = U^i[i, j]
        uniq = _unique(self.pos)
        pdt = _pce(self.cap, own[:, uniq])
        expected: FloatArray = (pdt[:, None] * self.pos[uniq]).sum(axis=0)
        out = np.zeros(n)
        for i in range(n):
            k = -1
            for j1, j2 in enumerate(uniq):
                if np.linalg.norm(self.pos[i] - self.pos[j2]) < POS_TOL:
                    k = j1
            out[i] = pdt[k]
        return out, expected

    def challenge(self, i: int) -> tuple[int, float, float]:
        """Best target of ``i``: (j, P[i beats j], expected gain); j = -1 if none."""
        n = self.pos.shape[0]
        u = self.utils[i]
        s_tot = self.sal.sum(axis=1)
        w = s_tot * self.cap
        js = np.array([j for j in range(n) if j != i])
        c_i = w[i] * (u[i, i] - u[i, js])
        c_j = w[js] * (u[js, i] - u[js, js])
        chij = MIN_PRINCIPAL + np.maximum(c_i, 0) + np.maximum(c_j, 0)
        chji = MIN_PRINCIPAL + np.maximum(-c_i, 0) + np.maximum(-c_j, 0)
        uni = u[:, i][None, :]  # (1, n)
        unj = u[:, js].T  # (j, n)
        unn = np.diag(u)[None, :]
        v = w[None, :] * (uni - unj)
        cni = chij[:, None] + np.maximum(v, 0)
        cnj = chji[:, None] + np.maximum(-v, 0)
        pin = cni / (cni + cnj)
        pjn = 1.0 - pin
        u_ik_j = pin * (uni + uni + unn) + pjn * (unj + unj + unj)
        u_i_jk = pin * (uni + uni + uni) + pjn * (unj + unj + unn)
        vn = w[None, :] * (u_ik_j - u_i_jk)
        mask = np.ones((js.size, n), dtype=bool)
        mask[:, i] = False
        mask[np.arange(js.size), js] = False
        vn = np.where(mask, vn, 0.0)
        chij = chij + np.maximum(vn, 0).sum(axis=1)
        chji = chji + np.maximum(-vn, 0).sum(axis=1)
        phij = chij / (chij + chji)
        sj = s_tot[js]
        vict = 2 * u[i, i]
        cntst = phij * vict + (1 - phij) * 2 * u[i, js]
        gain = (1 - sj) * vict + sj * cntst - (u[i, i] + u[i, js])
        best, best_p, best_gain = -1, 0.0, -1.0
        for k, j in enumerate(js):
            if gain[k] > MIN_SIG_GAIN and best_gain < gain[k]:
                best, best_p, best_gain = int(j), float(phij[k]), float(gain[k])
        return best, best_p, best_gain

    def bargain(self, i: int, j: int, p_i: float) -> tuple[FloatArray, FloatArray]:
        """S2P2 bargain interpolated from i's estimate ``p_i`` that it beats j."""
        wi = self.sal[i] ** 2 * p_i**2
        wj = self.sal[j] ** 2 * (1 - p_i) ** 2
        ti, tj = self.pos[i], self.pos[j]
        bi = ((wi + MIN_W) * ti + wj * tj) / (wi + MIN_W + wj)
        bj = (wi * ti + (MIN_W + wj) * tj) / (wi + MIN_W + wj)
        return np.floor(0.5 + bi * 10000.0) / 10000.0, np.floor(0.5 + bj * 10000.0) / 10000.0

    def step(self) -> tuple[FloatArray, tuple[int, ...]]:
        n = self.pos.shape[0]
        options: list[list[tuple[int, int, FloatArray, FloatArray]]] = [
            [(k, k, self.pos[k], self.pos[k])] for k in range(n)
        ]
        targets = []
        for i in range(n):
            j, p, _ = self.challenge(i)
            targets.append(j)
            if j >= 0:
                bi, bj = self.bargain(i, j, p)
                options[i].append((i, j, bi, bj))
                options[j].append((i, j, bi, bj))
        own = self.utils[np.arange(n), np.arange(n), :]  # own[a, m] = U^a[a, m]
        base = own.sum(axis=1)
        new = self.pos.copy()
        for k in range(n):
            u_im = np.empty((n, len(options[k])))
            for m, (ini, rcv, bi, bj) in enumerate(options[k]):
                if ini == rcv:
                    u_im[:, m] = base / n
                    continue
                d_i = np.sqrt(
                    (((self.pos - bi) * self.sal) ** 2).sum(axis=1) / (self.sal**2).sum(1)
                )
                d_j = np.sqrt(
                    (((self.pos - bj) * self.sal) ** 2).sum(axis=1) / (self.sal**2).sum(1)
                )
                rest = base - own[:, ini] - own[:, rcv]
                u_im[:, m] = (_util(d_i, self.nra) + _util(d_j, self.nra) + rest) / n
            prob = _pce(self.cap, u_im)
            best = int(np.argmax(prob))
            ini, rcv, bi, bj = options[k][best]
            if ini != rcv:
                new[k] = bi if ini == k else bj
        return new, tuple(targets)


def run_smp(
    positions: FloatArray,
    salience: FloatArray,
    capability: FloatArray,
    *,
    max_turns: int = 100,
    min_turns: int = 2,
    min_delta_ratio: float = 0.02,
) -> SMPResult:
    """Run KTAB's SMP in deterministic mode with its default parameters.

    Parameters
    ----------
    positions : array, shape (actors, dims)
        Positions on 0--100.
    salience : array, shape (actors, dims)
        Saliences on 0--100 (KTAB's scale), each actor's total at most 100 and above 0.
    capability : array, shape (actors,)
        Capabilities > 0.
    max_turns, min_turns, min_delta_ratio : int, int, float
        Stopping rule (KTAB: 100, 2, 0.02).

    Returns
    -------
    SMPResult

    Raises
    ------
    ValueError
        On inconsistent shapes, fewer than 3 actors, or saliences/capabilities out of range.
    """
    x = np.asarray(positions, dtype=np.float64) / 100.0
    s = np.asarray(salience, dtype=np.float64) / 100.0
    c = np.asarray(capability, dtype=np.float64)
    if x.ndim != 2 or s.shape != x.shape or c.shape != (x.shape[0],):
        raise ValueError(
            f"positions and salience must be (actors, dims) and capability (actors,); got "
            f"{x.shape}, {s.shape}, {c.shape}"
        )
    if x.shape[0] < 3:
        raise ValueError(f"the SMP needs at least 3 actors; got {x.shape[0]}")
    totals = s.sum(axis=1)
    if np.any(totals <= 0) or np.any(totals > 1 + 1e-9) or np.any(s < 0):
        raise ValueError(
            "each actor's saliences must be >= 0 and sum to more than 0 and at most 100"
        )
    if np.any(c <= 0):
        raise ValueError("capabilities must be > 0")
    states = [_State(x, s, c)]
    targets: list[tuple[int, ...]] = []
    moved0 = 0.0
    ratios: list[float] = []
    for turn in range(1, max_turns + 1):
        new, tg = states[-1].step()
        targets.append(tg)
        states.append(_State(new, s, c))
        moved = float(np.linalg.norm(states[-1].pos - states[-2].pos, axis=1).sum())
        if turn == 1:
            moved0 = moved + 1e-4
        ratios.append(moved / moved0)
        if turn >= min_turns and moved / moved0 < min_delta_ratio:
            break
    wins = [st.win_probabilities() for st in states]
    return SMPResult(
        positions=np.array([st.pos for st in states]) * 100.0,
        probabilities=np.array([w[0] for w in wins]),
        expected=np.array([w[1] for w in wins]) * 100.0,
        risk=np.array([st.nra for st in states]),
        targets=tuple(targets),
        change_ratio=np.array(ratios),
    )
