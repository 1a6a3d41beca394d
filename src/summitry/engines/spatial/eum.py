r"""Bueno de Mesquita's expected-utility model of group decisions (EUM), after Scholz et al. (2011).

One issue, actors ``i`` with position :math:`x_i`, capability :math:`c_i` and salience
:math:`s_i \in [0, 1]`; :math:`\Delta` is the range of the actors' initial positions.

Votes. Actor ``k`` (risk exponent :math:`r_k`) votes for position ``a`` over ``b`` with

.. math:: v_k(a, b) = c_k s_k \left[(|x_k - b|/\Delta)^{r_k} - (|x_k - a|/\Delta)^{r_k}\right].

Utilities from the viewpoint of ``h`` (exponent :math:`r_h`), for a challenge of ``i`` on ``j``
with :math:`d = |x_i - x_j|/\Delta` and :math:`\mu` the median:

.. math::
   U_s = 2 - 4(0.5 - 0.5 d)^{r_h},\quad U_f = 2 - 4(0.5 + 0.5 d)^{r_h},\quad
   U_{sq} = 2 - 4 \cdot 0.5^{r_h},\\
   U_{b,w} = 2 - 4\left(0.5 \mp 0.25 (|x_i - \mu|/\Delta + d)\right)^{r_h}.

Expected utility of ``i`` challenging ``j`` as ``h`` sees it (``j`` resists with probability
:math:`s_j`; ``Q`` = probability that the status quo persists, ``T`` = probability that a change
is for the better):

.. math::
   E^h(U_{ij}) = s_j [P_{ij} U_s + (1 - P_{ij}) U_f] + (1 - s_j) U_s - Q U_{sq}
   - (1 - Q)[T U_b + (1 - T) U_w].

Risk. With every :math:`r = 1`, actor ``i``'s danger is
:math:`S_i = \sum_{j \ne i} E^i(U_{ji})`; :math:`R_i = (2 S_i - S_{max} - S_{min})/
(S_{max} - S_{min})` and :math:`r_i = (1 - R_i/3)/(1 + R_i/3) \in [0.5, 2]`.

Offers (viewpoint ``i``, :math:`E_{ij} = E^i(U_{ij})`, :math:`E_{ji} = E^i(U_{ji})`):
confrontation that ``i`` expects to lose when :math:`E_{ji} > E_{ij} > 0` (move to :math:`x_j`);
compromise when :math:`E_{ij} < 0 < E_{ji}` and :math:`E_{ji} > |E_{ij}|` (move to
:math:`x_i + (x_j - x_i)|E_{ij}/E_{ji}|`); capitulation when :math:`E_{ij} < 0 < E_{ji}` and
:math:`E_{ji} < |E_{ij}|` (move to :math:`x_j`). Each actor accepts one offer; all moves are made
at once; the risk exponents are recomputed every round.

Every ambiguity of the published description (design note ``bargaining-models.md`` §3.4) is an
option of :class:`EUMOptions`. The defaults are those of Scholz's own code as replicated by
jmckib/bdm-scholz-expected-utility-model (commit ``e9d86fe``), which reproduces the paper's
published EU emission-standards trajectory; :meth:`EUMOptions.printed` gives the reading of the
printed equations.

References
----------
Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
decision model. *Journal of Theoretical Politics* 23(4):510--531, doi:10.1177/0951629811418142.
Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In Bueno de
Mesquita & Stokman (eds), *European Community Decision Making*, Yale UP, 71--104.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Capitulation",
    "EUMOptions",
    "EUMResult",
    "EUMRound",
    "Move",
    "OfferChoice",
    "Probability",
    "RiskBasis",
    "run_eum",
]

FloatArray = NDArray[np.float64]


class Probability(StrEnum):
    """How the probability that ``i`` beats ``j`` is computed from the votes."""

    SCHOLZ_CODE = "scholz-code"
    r"""Positive votes for ``i`` over ``j`` divided by the sum of :math:`|v_k(a, b)|` over all
    voters ``k`` and all ordered pairs of actors' positions ``(a, b)`` (Scholz's code; small
    probabilities, so challenges succeed mainly through a target's low salience)."""
    PAIRWISE = "pairwise"
    r""":math:`\sum_k \max(0, v_k(i, j)) / \sum_k |v_k(i, j)|` (the printed equation;
    :math:`P_{ij} + P_{ji} = 1`)."""
    NET = "net"
    r""":math:`\max(0, \sum_k v_k(i, j)) / \sum_k |v_k(i, j)|` (Masad's replication)."""


class RiskBasis(StrEnum):
    """What an actor's danger is compared with when computing its risk attitude."""

    OTHERS = "others"
    """Other actors' dangers (Scholz et al.)."""
    POSITIONS = "positions"
    """The actor's own danger at each position actors hold (BDM's wording)."""


class OfferChoice(StrEnum):
    """Which of several offers an actor accepts."""

    SCHOLZ_CODE = "scholz-code"
    """Confrontations first (smallest move), then compromises (smallest eu-weighted average of
    the two positions, Scholz's code), then capitulations (smallest move)."""
    SMALLEST_MOVE = "smallest-move"
    """The offer requiring the smallest move, whatever its type (Scholz et al.'s text, BDM)."""


class Capitulation(StrEnum):
    """Test for a capitulation offer."""

    SCHOLZ_CODE = "scholz-code"
    r"""As in the replicated code, the test compares :math:`E_{ji}` with :math:`|E_{ji}|`, so
    capitulations never occur."""
    PAPER = "paper"
    r""":math:`E_{ij} < 0 < E_{ji} < |E_{ij}|` (the paper's table)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EUMOptions:
    """Every choice the published model leaves open (design note §3.4), defaults = Scholz's code."""

    probability: Probability = Probability.SCHOLZ_CODE
    """Probability of success formula (ambiguity 1)."""
    votes_use_risk: bool = True
    """Voters use their own risk exponent in votes (ambiguity 1); False: risk-neutral votes."""
    resist_salience_typo: bool = False
    """Use the printed paper's typo (``s_j`` where ``s_i`` belongs) in :math:`E^i(U_{ji})`
    (ambiguity 2)."""
    risk_basis: RiskBasis = RiskBasis.OTHERS
    """Danger compared with other actors' or with the actor's other positions (ambiguity 3)."""
    median_is_mean: bool = False
    r"""Use the c·s weighted mean instead of the median for :math:`\mu` (ambiguity 4)."""
    position_range: float | None = None
    r""":math:`\Delta`; ``None``: range of the actors' initial positions (ambiguity 4)."""
    q: float = 1.0
    """Probability that the status quo persists absent a challenge (ambiguity 5)."""
    t: float = 1.0
    """Probability that a change absent a challenge is for the better (ambiguity 5)."""
    offer_choice: OfferChoice = OfferChoice.SCHOLZ_CODE
    """Offer selection (ambiguity 6); moves are always simultaneous."""
    capitulation: Capitulation = Capitulation.SCHOLZ_CODE
    """Capitulation test (ambiguity 6)."""
    stop_when_still: bool = False
    """Stop before ``rounds`` when no position moves by more than ``tolerance`` (ambiguity 7)."""
    tolerance: float = 1e-9
    """Movement below which an actor counts as still."""

    @classmethod
    def printed(cls) -> EUMOptions:
        """The printed equations: pairwise probability, smallest move, capitulations possible."""
        return cls(
            probability=Probability.PAIRWISE,
            offer_choice=OfferChoice.SMALLEST_MOVE,
            capitulation=Capitulation.PAPER,
        )

    def with_(self, **changes: object) -> EUMOptions:
        """Return a copy with some options changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Move:
    """One actor's accepted offer in a round."""

    actor: int
    partner: int
    kind: str
    """``confrontation``, ``compromise`` or ``capitulation``."""
    old: float
    new: float


@dataclass(frozen=True, slots=True)
class EUMRound:
    """State after one round."""

    positions: FloatArray
    risk: FloatArray
    """Risk exponents used in the round."""
    moves: tuple[Move, ...]
    median: float
    mean: float


@dataclass(frozen=True, slots=True)
class EUMResult:
    """A run of the EUM on one issue."""

    initial_median: float
    initial_mean: float
    rounds: tuple[EUMRound, ...]
    options: EUMOptions = field(default_factory=EUMOptions)

    @property
    def final(self) -> FloatArray:
        """Positions after the last round."""
        return self.rounds[-1].positions if self.rounds else np.array([])


def _median(x: FloatArray, w: FloatArray) -> float:
    """Condorcet winner among the distinct positions (risk-neutral c·s votes).

    With linear votes this is the c·s weighted median (the smallest position holding at least
    half the weight).
    """
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cum = np.cumsum(ws)
    k = int(np.searchsorted(cum, cum[-1] / 2.0 - 1e-12 * cum[-1], side="left"))
    return float(xs[k])


class _Model:
    def __init__(self, c: FloatArray, s: FloatArray, delta: float, opts: EUMOptions) -> None:
        self.c, self.s, self.delta, self.opts = c, s, delta, opts

    def votes(self, x: FloatArray, r: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
        """``V[k, ...]``: vote of ``k`` for ``a`` over ``b`` (broadcast over a, b)."""
        rr = r if self.opts.votes_use_risk else np.ones_like(r)
        shape = (-1,) + (1,) * np.ndim(a)
        xk, rk, wk = x.reshape(shape), rr.reshape(shape), (self.c * self.s).reshape(shape)
        db = (np.abs(xk - b) / self.delta) ** rk
        da = (np.abs(xk - a) / self.delta) ** rk
        out: FloatArray = wk * (db - da)
        return out

    def probability(self, x: FloatArray, r: FloatArray) -> FloatArray:
        """``P[i, j]``: probability that ``x_i`` beats ``x_j``."""
        v = self.votes(x, r, x[:, None], x[None, :])  # (k, i, j)
        pos: FloatArray = np.maximum(v, 0.0).sum(axis=0)
        p: FloatArray
        kind = self.opts.probability
        if kind is Probability.SCHOLZ_CODE:
            total = float(np.abs(v).sum())
            p = pos / total if total > 0 else np.zeros_like(pos)
        else:
            absv = np.abs(v).sum(axis=0)
            top = pos if kind is Probability.PAIRWISE else np.maximum(v.sum(axis=0), 0.0)
            p = np.divide(top, absv, out=np.zeros_like(top), where=absv > 0)
        p[x[:, None] == x[None, :]] = 0.0
        return p

    def eu(
        self, x: FloatArray, p: FloatArray, h: int, rh: float, i: int, j: int, mu: float
    ) -> float:
        """:math:`E^h(U_{ij})`: expected utility of ``i`` challenging ``j``, seen by ``h``."""
        d = abs(x[i] - x[j]) / self.delta
        us = 2 - 4 * (0.5 - 0.5 * d) ** rh
        uf = 2 - 4 * (0.5 + 0.5 * d) ** rh
        usq = 2 - 4 * 0.5**rh
        resist = self.s[j]
        if self.opts.resist_salience_typo and j == h:
            resist = self.s[i]
        value = resist * (p[i, j] * us + (1 - p[i, j]) * uf) + (1 - resist) * us
        value -= self.opts.q * usq
        if self.opts.q < 1:
            spread = 0.25 * (abs(x[i] - mu) / self.delta + d)
            ub = 2 - 4 * (0.5 - spread) ** rh
            uw = 2 - 4 * (0.5 + spread) ** rh
            value -= (1 - self.opts.q) * (self.opts.t * ub + (1 - self.opts.t) * uw)
        return float(value)

    def mu(self, x: FloatArray) -> float:
        w = self.c * self.s
        if self.opts.median_is_mean:
            return float(np.dot(w, x) / w.sum())
        return _median(x, w)

    def danger(self, x: FloatArray, i: int) -> float:
        ones = np.ones_like(x)
        p = self.probability(x, ones)
        mu = self.mu(x)
        return sum(self.eu(x, p, i, 1.0, j, i, mu) for j in range(len(x)) if j != i)

    def risk(self, x: FloatArray) -> FloatArray:
        n = len(x)
        if self.opts.risk_basis is RiskBasis.OTHERS:
            dangers = np.array([self.danger(x, i) for i in range(n)])
            big_r = _spread(dangers, dangers)
        else:
            big_r = np.zeros(n)
            for i in range(n):
                own = []
                for pos in np.unique(x):
                    trial = x.copy()
                    trial[i] = pos
                    own.append(self.danger(trial, i))
                big_r[i] = _spread(np.array([self.danger(x, i)]), np.array(own))[0]
        out: FloatArray = (1 - big_r / 3.0) / (1 + big_r / 3.0)
        return out

    def offers(self, x: FloatArray, r: FloatArray) -> list[Move]:
        n = len(x)
        p = self.probability(x, r)
        mu = self.mu(x)
        moves: list[Move] = []
        for i in range(n):
            found: dict[str, list[tuple[float, Move]]] = {
                "confrontation": [],
                "compromise": [],
                "capitulation": [],
            }
            for j in range(n):
                if x[j] == x[i]:
                    continue
                e_ij = self.eu(x, p, i, float(r[i]), i, j, mu)
                e_ji = self.eu(x, p, i, float(r[i]), j, i, mu)
                if e_ji > e_ij > 0:
                    kind, new = "confrontation", float(x[j])
                    key = abs(x[i] - new)
                elif e_ji > 0 > e_ij and e_ji > abs(e_ij):
                    kind = "compromise"
                    new = float(x[i] + (x[j] - x[i]) * abs(e_ij / e_ji))
                    if self.opts.offer_choice is OfferChoice.SCHOLZ_CODE:
                        key = (abs(e_ij) * x[i] + abs(e_ji) * x[j]) / (abs(e_ij) + abs(e_ji))
                    else:
                        key = abs(x[i] - new)
                elif e_ji > 0 > e_ij and self._capitulates(e_ij, e_ji):
                    kind, new = "capitulation", float(x[j])
                    key = abs(x[i] - new)
                else:
                    continue
                found[kind].append((float(key), Move(i, j, kind, float(x[i]), new)))
            chosen = self._choose(found)
            if chosen is not None:
                moves.append(chosen)
        return moves

    def _capitulates(self, e_ij: float, e_ji: float) -> bool:
        if self.opts.capitulation is Capitulation.SCHOLZ_CODE:
            return e_ji < abs(e_ji)
        return e_ji < abs(e_ij)

    def _choose(self, found: dict[str, list[tuple[float, Move]]]) -> Move | None:
        if self.opts.offer_choice is OfferChoice.SCHOLZ_CODE:
            for kind in ("confrontation", "compromise", "capitulation"):
                if found[kind]:
                    return min(found[kind], key=lambda km: km[0])[1]
            return None
        every = [km for kind in found.values() for km in kind]
        return min(every, key=lambda km: km[0])[1] if every else None


def _spread(values: FloatArray, against: FloatArray) -> FloatArray:
    hi, lo = float(np.max(against)), float(np.min(against))
    if hi == lo:
        return np.zeros_like(values)
    out: FloatArray = (2 * values - hi - lo) / (hi - lo)
    return out


def run_eum(
    positions: FloatArray,
    capability: FloatArray,
    salience: FloatArray,
    *,
    rounds: int = 10,
    options: EUMOptions | None = None,
) -> EUMResult:
    """Run the expected-utility model on one issue.

    Parameters
    ----------
    positions : array of float
        Actors' positions on any scale.
    capability : array of float
        Capabilities (>= 0).
    salience : array of float
        Saliences in [0, 1] (also the probability that a challenged actor resists).
    rounds : int
        Number of rounds (Scholz et al. report 10 for the EU example).
    options : EUMOptions, optional
        Choices on every ambiguity; default: Scholz's code.

    Returns
    -------
    EUMResult
        Positions, risk exponents and accepted offers of every round, with the median
        (Condorcet winner among the positions, c·s weights) and c·s weighted mean.

    Raises
    ------
    ValueError
        On arrays of different lengths, fewer than two actors, saliences outside [0, 1] or a
        zero position range.

    Examples
    --------
    >>> res = run_eum(np.array([0.0, 10.0, 4.0]), np.ones(3), np.array([0.5, 0.5, 0.9]), rounds=1)
    >>> len(res.rounds)
    1
    """
    opts = options or EUMOptions()
    x = np.asarray(positions, dtype=np.float64).copy()
    c = np.asarray(capability, dtype=np.float64)
    s = np.asarray(salience, dtype=np.float64)
    if not (x.shape == c.shape == s.shape) or x.ndim != 1 or x.size < 2:
        raise ValueError(
            f"positions, capability and salience must be 1-D of equal length >= 2; got "
            f"{x.shape}, {c.shape}, {s.shape}"
        )
    if np.any((s < 0) | (s > 1)):
        raise ValueError(f"saliences must lie in [0, 1]; got {s.tolist()}")
    if rounds < 1:
        raise ValueError(f"rounds must be >= 1; got {rounds}")
    delta = opts.position_range if opts.position_range is not None else float(x.max() - x.min())
    if not delta > 0:
        raise ValueError("all actors hold the same position: nothing to forecast")
    model = _Model(c, s, delta, opts)
    w = c * s
    init_median, init_mean = (
        model.mu(x) if not opts.median_is_mean else _median(x, w),
        float(np.dot(w, x) / w.sum()),
    )
    out: list[EUMRound] = []
    for _ in range(rounds):
        r = model.risk(x)
        moves = model.offers(x, r)
        new = x.copy()
        for mv in moves:
            new[mv.actor] = mv.new
        still = bool(np.max(np.abs(new - x)) <= opts.tolerance)
        x = new
        out.append(
            EUMRound(x.copy(), r, tuple(moves), _median(x, w), float(np.dot(w, x) / w.sum()))
        )
        if opts.stop_when_still and still:
            break
    return EUMResult(init_median, init_mean, tuple(out), opts)
