r"""The numeric form of a bargaining problem, compiled once from a scenario.

Notation (Fearon 1995; Nash 1950; Putnam 1988). Signatory :math:`i` has normalised saliences
:math:`w_{ik}` (rows sum to 1) and ideal points :math:`a_{ik}` on issues :math:`k`; its utility of
an outcome vector :math:`x \in [0, 100]^K` is

.. math:: U_i(x) = \sum_k w_{ik}\, u(x_k; a_{ik}), \qquad
          u = 100 - |x - a| \ \text{(linear) or } 100 - (x - a)^2 / 100 \ \text{(quadratic)}.

Its disagreement value is :math:`d_i = U_i(D) - c_i` (:math:`D` the expected outcome if talks fail,
:math:`c_i` its cost of conflict). With compliance :math:`q_i = \prod_{j \ne i} \pi_j` (the other
signatories' probabilities of honouring the deal) and exposure :math:`e_i`, the expected value of
signing :math:`x` is :math:`q_i (U_i(x) + b_i) + (1 - q_i)(d_i - e_i)` (:math:`b_i` a bonus for any
deal), so :math:`i` accepts :math:`x` iff :math:`U_i(x) \ge r_i` with the *acceptance threshold*

.. math:: r_i = d_i - b_i + \frac{1 - q_i}{q_i} e_i .

Hard red lines are interval constraints :math:`lo_{ik} \le x_k \le hi_{ik}`; ratifiers (Level II)
add interval constraints to their signatory's win-set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from summitry.model.scenario import Scenario
from summitry.model.uncertain import UncertainSpec, point

__all__ = ["BargainingProblem", "HardLine", "RatifierBound", "problem_from_scenario"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class HardLine:
    """A non-compensatory red line of a signatory: ``lo <= x[issue] <= hi``."""

    actor: int
    issue: int
    lo: float
    hi: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RatifierBound:
    """A Level-II condition of ratifier ``ratifier`` on one issue: ``lo <= x[issue] <= hi``."""

    ratifier: str
    actor: int
    issue: int
    lo: float
    hi: float
    p_veto: float


@dataclass(frozen=True, slots=True, kw_only=True)
class BargainingProblem:
    """Arrays describing the signatories' bargaining problem (see module docstring).

    Attributes
    ----------
    actors, issues
        Signatory ids (rows) and issue ids (columns).
    ideal, weight
        ``(A, K)`` ideal points and normalised saliences (rows sum to 1).
    disagreement
        ``(K,)`` expected outcome if talks fail.
    cost, bonus, exposure, compliance_of_others, capability
        ``(A,)`` cost of conflict, deal bonus, exposure, :math:`q_i`, capability.
    hard
        Hard red lines; ``ratifier_bounds`` the applied Level-II conditions.
    choices
        For each issue, the allowed values when it is discrete (indivisible), else ``None``.
    quadratic
        Quadratic instead of linear loss.
    scale, shift
        Positive affine units of each actor's utility, ``U' = scale * U + shift`` (default 1, 0).
    """

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    ideal: FloatArray
    weight: FloatArray
    disagreement: FloatArray
    cost: FloatArray
    bonus: FloatArray
    exposure: FloatArray
    compliance_of_others: FloatArray
    capability: FloatArray
    hard: tuple[HardLine, ...] = ()
    ratifier_bounds: tuple[RatifierBound, ...] = ()
    choices: tuple[tuple[float, ...] | None, ...] = ()
    quadratic: bool = False
    scale: FloatArray = field(default_factory=lambda: np.ones(0))
    shift: FloatArray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        n_a, n_k = len(self.actors), len(self.issues)
        for name in ("ideal", "weight"):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != (n_a, n_k):
                raise ValueError(f"{name} has shape {arr.shape}, expected {(n_a, n_k)}")
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        for name in ("cost", "bonus", "exposure", "compliance_of_others", "capability"):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != (n_a,):
                raise ValueError(f"{name} has shape {arr.shape}, expected {(n_a,)}")
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        dis = np.asarray(self.disagreement, dtype=float)
        dis.setflags(write=False)
        object.__setattr__(self, "disagreement", dis)
        if not self.choices:
            object.__setattr__(self, "choices", (None,) * n_k)
        for name, default in (("scale", 1.0), ("shift", 0.0)):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.size == 0:
                arr = np.full(n_a, default)
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        if np.any(self.scale <= 0):
            raise ValueError("utility scale must be positive")

    @property
    def n_actors(self) -> int:
        """Number of signatories."""
        return len(self.actors)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    def issue_utility(self, x: FloatArray) -> FloatArray:
        """Per-issue utilities ``u(x_k; a_ik)``: shape ``(..., A, K)`` for ``x`` of ``(..., K)``."""
        diff = np.asarray(x, dtype=float)[..., None, :] - self.ideal
        if self.quadratic:
            return 100.0 - diff**2 / 100.0
        return 100.0 - np.abs(diff)

    def raw_utility(self, x: FloatArray) -> FloatArray:
        """Utilities on the 0-100 scale before ``scale``/``shift``, shape ``(..., A)``."""
        out: FloatArray = np.sum(self.weight * self.issue_utility(x), axis=-1)
        return out

    def utility(self, x: FloatArray) -> FloatArray:
        """Each signatory's utility ``scale * U_i(x) + shift``, shape ``(..., A)``."""
        return self.scale * self.raw_utility(x) + self.shift

    @property
    def disagreement_value(self) -> FloatArray:
        """``d_i = U_i(D) - c_i`` in each actor's units."""
        return self.utility(self.disagreement) - self.scale * self.cost

    @property
    def threshold(self) -> FloatArray:
        """Acceptance thresholds ``r_i`` (``inf`` when ``q_i = 0`` and exposure is positive)."""
        q = self.compliance_of_others
        with np.errstate(divide="ignore", invalid="ignore"):
            penalty = np.where(self.exposure > 0, (1.0 - q) / q * self.exposure, 0.0)
        return self.disagreement_value + self.scale * (penalty - self.bonus)

    @property
    def raw_threshold(self) -> FloatArray:
        """Thresholds on the raw 0-100 utility scale."""
        return (self.threshold - self.shift) / self.scale

    @property
    def limited_threshold(self) -> FloatArray:
        """Thresholds for a *limited* deal, which does not end the conflict: ``U_i(D)``.

        The conflict goes on, so no cost of conflict is saved, no exposure arises from
        demobilising and no deal bonus is earned; a limited deal must make every signatory better
        off than the disagreement outcome on the issues it settles.
        """
        return self.utility(self.disagreement)

    def raw_thresholds(self, limited: bool) -> FloatArray:
        """Raw 0-100 thresholds of a comprehensive (``limited=False``) or a limited deal."""
        if limited:
            return self.raw_utility(self.disagreement)
        return self.raw_threshold

    def hard_box(self) -> tuple[FloatArray, FloatArray]:
        """Per-issue intersection of every hard line and applied ratifier bound: ``(lo, hi)``."""
        lo, hi = np.zeros(self.n_issues), np.full(self.n_issues, 100.0)
        for h in self.hard:
            lo[h.issue], hi[h.issue] = max(lo[h.issue], h.lo), min(hi[h.issue], h.hi)
        for b in self.ratifier_bounds:
            lo[b.issue], hi[b.issue] = max(lo[b.issue], b.lo), min(hi[b.issue], b.hi)
        return lo, hi


def problem_from_scenario(
    scenario: Scenario, draw: Mapping[tuple[str | int | float, ...], float] | None = None
) -> BargainingProblem:
    """Compile ``scenario`` into a :class:`BargainingProblem`.

    Every number is its point value unless ``draw`` (field path -> value, see
    :mod:`summitry.model.inputs`) gives a sampled value for it. A ratifier's conditions are
    applied when its veto probability (point or drawn) is at least 0.5; a Monte Carlo draw decides
    a veto by drawing that probability as 0 or 1. Missing positions have salience 0; a missing
    disagreement outcome is the status quo; missing costs, exposures and bonuses are 0; missing
    compliance is 1.
    """
    values = draw or {}

    def val(path: tuple[str | int | float, ...], spec: float | UncertainSpec) -> float:
        return float(values[path]) if path in values else point(spec)

    def num(
        section: tuple[str, ...], mapping: Mapping[str, object], key: str, default: float
    ) -> float:
        entry = mapping.get(key)
        if entry is None:
            return default
        return val((*section, key, "value"), entry.value)  # type: ignore[attr-defined]

    actors = tuple(scenario.veto.signatories)
    issues = tuple(scenario.issues)
    n_a, n_k = len(actors), len(issues)
    ideal, weight = np.zeros((n_a, n_k)), np.zeros((n_a, n_k))
    hard: list[HardLine] = []
    for i, aid in enumerate(actors):
        for k, iid in enumerate(issues):
            pos = scenario.positions.get(aid, {}).get(iid)
            if pos is None:
                ideal[i, k] = 50.0  # salience 0: the ideal is irrelevant
                continue
            loc = ("positions", aid, iid)
            a = val((*loc, "ideal"), pos.ideal)
            ideal[i, k], weight[i, k] = a, val((*loc, "salience"), pos.salience)
            if not pos.hard:
                continue
            if pos.acceptable is not None:
                lo = val((*loc, "acceptable", 0), pos.acceptable[0])
                hi = val((*loc, "acceptable", 1), pos.acceptable[1])
            elif pos.reservation is not None:
                # concessions run from the ideal towards the middle of the scale
                r = val((*loc, "reservation"), pos.reservation)
                lo, hi = (r, 100.0) if a > 50 else (0.0, r)
            else:  # rejected by model.checks; nothing to enforce
                continue
            hard.append(HardLine(actor=i, issue=k, lo=lo, hi=hi))
    totals = weight.sum(axis=1, keepdims=True)
    weight = np.divide(weight, totals, out=np.zeros_like(weight), where=totals > 0)
    dis = scenario.disagreement
    disagreement = np.array(
        [
            num(
                ("disagreement", "outcome"),
                dis.outcome,
                iid,
                val(("issues", iid, "status_quo"), scenario.issues[iid].status_quo),
            )
            for iid in issues
        ]
    )
    com = scenario.commitment
    compliance = np.array(
        [num(("commitment", "compliance"), com.compliance, aid, 1.0) for aid in actors]
    )
    others = np.array([np.prod(np.delete(compliance, i)) for i in range(n_a)])
    bounds: list[RatifierBound] = []
    for rid, rat in scenario.veto.ratifiers.items():
        p_veto = val(("veto", "ratifiers", rid, "p_veto"), rat.p_veto)
        if p_veto < 0.5:
            continue
        for iid, b in rat.conditions.items():
            bounds.append(
                RatifierBound(
                    ratifier=rid,
                    actor=actors.index(rat.actor),
                    issue=issues.index(iid),
                    lo=0.0
                    if b.min is None
                    else val(("veto", "ratifiers", rid, "conditions", iid, "min"), b.min),
                    hi=100.0
                    if b.max is None
                    else val(("veto", "ratifiers", rid, "conditions", iid, "max"), b.max),
                    p_veto=p_veto,
                )
            )
    choices = tuple(
        tuple(sorted(float(a) for a in scenario.issues[iid].anchors))
        if scenario.issues[iid].discrete
        else None
        for iid in issues
    )
    return BargainingProblem(
        actors=actors,
        issues=issues,
        ideal=ideal,
        weight=weight,
        disagreement=disagreement,
        cost=np.array([num(("disagreement", "cost"), dis.cost, aid, 0.0) for aid in actors]),
        bonus=np.array(
            [val(("actors", aid, "deal_bonus"), scenario.actors[aid].deal_bonus) for aid in actors]
        ),
        exposure=np.array(
            [num(("commitment", "exposure"), com.exposure, aid, 0.0) for aid in actors]
        ),
        compliance_of_others=others,
        capability=np.array(
            [val(("actors", aid, "capability"), scenario.actors[aid].capability) for aid in actors]
        ),
        hard=tuple(hard),
        ratifier_bounds=tuple(bounds),
        choices=choices,
        quadratic=scenario.utility == "quadratic",
    )
