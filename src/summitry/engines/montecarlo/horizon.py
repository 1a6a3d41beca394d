r"""Outcomes by the horizon (O1-O7): what the bargaining result of a draw means in time.

The bargaining engine says, for one draw of the inputs, whether a comprehensive zone of agreement
exists and which side deals are feasible. The *outcome model* (a scenario's ``outcome_model:``
block) turns that into the probability of each outcome category at the horizon. Every random
event after the inputs are drawn (whether a zone is signed, whether a ceasefire holds, ...) is
integrated out **in closed form**, so each draw contributes its *conditional probability*
:math:`g_c(X) = P(\text{category } c \mid X)` and the estimate of :math:`P(c)` is the mean of
:math:`g_c` over draws (conditional Monte Carlo, "Rao-Blackwellisation": the variance is never
larger than counting simulated events; Owen 2013, §8.7). Sensitivity analyses then see smooth
functions of the inputs.

Per draw, with horizon :math:`H` months (``horizon - as_of``):

Mediation (active mediators only; Kydd 2003; Beardsley et al. 2006; Beardsley 2008)
    credibility :math:`\kappa = 1` when some active mediator is biased towards a signatory (it is
    believed by that side, Kydd 2003), else ``neutral_credibility``; information gain
    :math:`\gamma = \kappa \cdot` ``info_gain``; style uplift :math:`\upsilon` = the largest
    ``uplift[style]`` of the active mediators; leverage adds
    ``leverage_cost`` :math:`\times` capability of each active *manipulating* mediator to the
    cost of conflict of every signatory it is not biased towards (shifting :math:`d_i`); a
    mediated ceasefire's hazard is multiplied by ``exit_hazard_ratio`` (durability penalty after
    the mediator leaves, Beardsley 2008).
O6 settlement
    :math:`P_6 = Z \cdot [1 - (1 - p_{sign})(1 - \gamma)(1 - \upsilon)]`, :math:`Z` = the
    comprehensive zone exists (bargaining engine).
Ceasefire (Fortna 2004; Walter 1997)
    freezes every issue at the status quo except the ``terms`` the ceasefire text on the table
    settles (e.g. a halt to arms deliveries demanded as its condition): the package
    :math:`C`. Signatory :math:`i` accepts when
    :math:`U_i(C) > d_i + \frac{1 - q_i}{q_i} e_i` (:math:`d_i = U_i(D) - c_i`, :math:`q_i`
    the others' compliance, :math:`e_i` exposure: the bargaining engine's threshold without deal
    bonus and red lines, since a ceasefire settles nothing). Agreed with probability
    :math:`A = [\text{all accept}] \cdot [1 - (1 - p_{agree})(1 - \upsilon)]`, or :math:`A = 1`
    when ``imposed``. Collapse hazard :math:`h = h_0 \prod_m HR_m` (mechanisms present:
    monitoring, third-party force, guarantees), times ``exit_hazard_ratio`` if mediated, times
    ``unwilling_hazard_ratio`` if imposed on a signatory that prefers fighting;
    :math:`h_0 = -\ln(1 - P_{12})/12` from ``collapse_12m``, or
    :math:`h_0 = -\ln \prod_i \pi_i / 12` from the signatories' 12-month compliance
    :math:`\pi_i`. Survival to the horizon of a ceasefire starting at :math:`t_0`:
    :math:`e^{-h (H - t_0)}`; with :math:`t_0 \sim U(0, H)`,
    :math:`S = (1 - e^{-hH}) / (hH)`.
O5 ceasefire in force / O4 failed ceasefire
    :math:`P_5 = (1 - P_6) A S`, :math:`P_4 = (1 - P_6) A (1 - S)`.
O7 decisive
    :math:`P_7 = (1 - P_6)(1 - A) p_{decisive}`.
O3 limited deals
    a feasible side deal :math:`F` is concluded with :math:`1 - (1 - \rho)^{H/3}`
    (:math:`\rho` the quarterly rate, mediated or not): :math:`P_3 = R \cdot F (1 - (1 -
    \rho)^{H/3})`, :math:`R = (1 - P_6)(1 - A)(1 - p_{decisive})`.
O2 talks only / O1 escalation or no talks
    talks are held with :math:`T = 1 - (1 - p_{held})(1 - \text{PR})`, PR = 1 when every leader
    with a ``pr_bonus`` gains more from a summit than its ``talk_cost`` (talks as signalling;
    cheap talk moves no reservation value, Crawford & Sobel 1982). With the remainder
    :math:`R' = R - P_3`: :math:`P_2 = R' (1 - p_{esc}) T`, :math:`P_1 = R' - P_2` (marked
    escalation, or conflict going on without talks).

Groups: ``continued_conflict`` = O1 + O2 + O3 + O4, ``lasting_peace_proxy`` = O5 + O6.
Also per draw: ``talks_held`` :math:`= P_6 + P_5 + P_4 + P_3 + (P_7 + R') T`,
``ceasefire_acceptable`` (0/1), ``ceasefire_agreed`` :math:`= (1 - P_6) A`,
``ceasefire_180d`` (the part of O5 in force for at least 180 days, the design's "durable"),
``substantive``
:math:`= P_6 + P_5 + P_4`.

References
----------
Beardsley, K. (2008). Agreement without peace? *AJPS* 52(4), 723-740.
Beardsley, K., Quinn, D., Biswas, B., & Wilkenfeld, J. (2006). Mediation style and crisis
outcomes. *JCR* 50(1), 58-86.
Crawford, V. P., & Sobel, J. (1982). Strategic information transmission. *Econometrica* 50(6),
1431-1451.
Fortna, V. P. (2004). *Peace Time*. Princeton University Press.
Kydd, A. (2003). Which side are you on? *AJPS* 47(4), 597-611.
Owen, A. B. (2013). *Monte Carlo theory, methods and examples*, §8.7 (conditioning).
Walter, B. F. (1997). The critical barrier to civil war settlement. *IO* 51(3), 335-364.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from summitry.engines.montecarlo.sampler import Sample, SampleSpace
from summitry.engines.montecarlo.terms import Term, terms
from summitry.model.inputs import Path
from summitry.model.scenario import MediatorStyle, Scenario

__all__ = [
    "CATEGORIES",
    "GROUPS",
    "LABELS",
    "PER_DRAW",
    "Horizon",
    "compile_horizon",
    "months",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

CATEGORIES = (
    "O6_SETTLEMENT",
    "O5_DURABLE_CEASEFIRE",
    "O7_DECISIVE",
    "O4_FAILED_CEASEFIRE",
    "O3_LIMITED_DEALS",
    "O2_TALKS_ONLY",
    "O1_ESCALATION",
)
"""Outcome categories at the horizon, in order of precedence."""

GROUPS = {
    "continued_conflict": (
        "O1_ESCALATION",
        "O2_TALKS_ONLY",
        "O3_LIMITED_DEALS",
        "O4_FAILED_CEASEFIRE",
    ),
    "lasting_peace_proxy": ("O5_DURABLE_CEASEFIRE", "O6_SETTLEMENT"),
}

LABELS = {
    "O6_SETTLEMENT": "comprehensive settlement signed",
    "O5_DURABLE_CEASEFIRE": "general ceasefire in force at the horizon",
    "O7_DECISIVE": "decisive military outcome",
    "O4_FAILED_CEASEFIRE": "ceasefire agreed, then collapsed",
    "O3_LIMITED_DEALS": "limited deals only (prisoner exchanges, corridors)",
    "O2_TALKS_ONLY": "talks without any deal",
    "O1_ESCALATION": "escalation, or war without talks",
    "continued_conflict": "conflict continues (O1-O4)",
    "lasting_peace_proxy": "settlement or ceasefire in force (O5, O6)",
}

PER_DRAW = (
    *CATEGORIES,
    *GROUPS,
    "talks_held",
    "ceasefire_acceptable",
    "ceasefire_agreed",
    "ceasefire_180d",
    "substantive",
)
"""Names of the per-draw conditional probabilities :meth:`Horizon.evaluate` returns."""

_DAYS_PER_MONTH = 365.25 / 12


def months(scenario: Scenario) -> float:
    """The forecast window ``horizon - as_of`` in months (of 365.25/12 days)."""
    return (scenario.horizon - scenario.as_of).days / _DAYS_PER_MONTH


DURABLE_MONTHS = 180 / _DAYS_PER_MONTH
"""The design's "durable" ceasefire: in force for at least 180 days at the horizon."""


def _aged(h: FloatArray, span: float, start: FloatArray | None, age: float) -> FloatArray:
    r"""P(in force at the horizon and at least ``age`` months old) at hazard ``h``.

    Fixed onset :math:`t_0`: :math:`e^{-h(H - t_0)}` if :math:`H - t_0 \ge a`, else 0. Uniform
    onset on :math:`[0, H]`: :math:`\frac1H \int_a^H e^{-hs} ds = (e^{-ha} - e^{-hH})/(hH)`.
    """
    if start is not None:
        tau = np.maximum(span - start, 0.0)
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.where(tau >= age, np.exp(-h * tau), 0.0)
    elif age >= span:
        out = np.zeros_like(h)
    else:
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x = h * span
            out = np.where(x > 1e-12, (np.exp(-h * age) - np.exp(-x)) / x, (span - age) / span)
    out = np.where(np.isinf(h), 0.0, out)
    return np.asarray(np.clip(out, 0.0, 1.0), dtype=float)


def _survival(h: FloatArray, span: float, start: FloatArray | None) -> FloatArray:
    """P(no collapse by the horizon) at hazard ``h`` per month (module docstring)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if start is not None:
            tau = np.maximum(span - start, 0.0)
            out = np.exp(-h * tau)
        else:
            x = h * span
            out = np.where(x > 1e-12, -np.expm1(-x) / x, 1.0 - x / 2.0)
    out = np.where(np.isinf(h), 0.0, out)
    return np.asarray(np.clip(out, 0.0, 1.0), dtype=float)


@dataclass(frozen=True, slots=True)
class Horizon:
    """The outcome model of a scenario compiled against its sample space."""

    span: float
    quadratic: bool
    ideal: tuple[tuple[Term, ...], ...]
    weight: tuple[tuple[Term, ...], ...]
    status_quo: tuple[Term, ...]
    ceasefire: tuple[Term, ...]
    disagreement: tuple[Term, ...]
    cost: tuple[Term, ...]
    leverage: tuple[tuple[Term, ...], ...]
    exposure: tuple[Term, ...]
    compliance: tuple[Term, ...]
    p_sign: Term
    p_escalation: Term
    p_decisive: Term
    p_agree: Term
    imposed: bool
    start: Term | None
    collapse_12m: Term | None
    unwilling: Term
    hazard_ratios: tuple[Term, ...]
    mediated: bool
    credibility: Term
    info_gain: Term
    uplift: tuple[Term, ...]
    exit_ratio: Term
    leverage_cost: Term
    rate: Term
    p_held: Term
    pr: tuple[tuple[Term, Term], ...]

    def cost_shift(self, s: Sample) -> FloatArray:
        """``(n, A)``: conflict cost added by the active mediators' leverage."""
        n = len(s)
        k = self.leverage_cost.of(s.values)
        out = np.zeros((n, len(self.cost)))
        for i, caps in enumerate(self.leverage):
            for cap in caps:
                out[:, i] += k * cap.of(s.values)
        return out

    def _utility(self, s: Sample, x: FloatArray) -> FloatArray:
        n, A = len(s), len(self.ideal)
        out = np.zeros((n, A))
        for i in range(A):
            w = np.stack([t.of(s.values) for t in self.weight[i]], axis=1)
            total = w.sum(axis=1, keepdims=True)
            w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
            a = np.stack([t.of(s.values) for t in self.ideal[i]], axis=1)
            loss = (x - a) ** 2 / 100.0 if self.quadratic else np.abs(x - a)
            out[:, i] = np.sum(w * (100.0 - loss), axis=1)
        return out

    def acceptable(self, s: Sample) -> BoolArray:
        """``(n,)``: every signatory prefers the ceasefire on the table to fighting on."""
        sq = np.stack([t.of(s.values) for t in self.ceasefire], axis=1)
        dis = np.stack([t.of(s.values) for t in self.disagreement], axis=1)
        cost = np.stack([t.of(s.values) for t in self.cost], axis=1) + self.cost_shift(s)
        e = np.stack([t.of(s.values) for t in self.exposure], axis=1)
        pi = np.stack([t.of(s.values) for t in self.compliance], axis=1)
        A = pi.shape[1]
        q = np.stack([np.prod(np.delete(pi, i, axis=1), axis=1) for i in range(A)], axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            penalty = np.where(e > 0, (1.0 - q) / q * e, 0.0)
        threshold = self._utility(s, dis) - cost + penalty
        return np.asarray(np.all(self._utility(s, sq) > threshold + 1e-9, axis=1), dtype=bool)

    def evaluate(self, s: Sample, settled: BoolArray, side_any: BoolArray) -> dict[str, FloatArray]:
        """Per-draw conditional probabilities of :data:`PER_DRAW` (module docstring)."""
        v = s.values
        H = self.span
        n = len(s)
        ups = np.zeros(n)
        for u in self.uplift:
            ups = np.maximum(ups, u.of(v))
        gain = self.info_gain.of(v) * self.credibility.of(v) if self.mediated else np.zeros(n)
        sign = 1.0 - (1.0 - self.p_sign.of(v)) * (1.0 - gain) * (1.0 - ups)
        p6 = settled * sign
        ok = self.acceptable(s)
        if self.imposed:
            agree = np.ones(n)
        else:
            agree = ok * (1.0 - (1.0 - self.p_agree.of(v)) * (1.0 - ups))
        start = None if self.start is None else self.start.of(v)
        if start is not None:
            agree = np.where(start <= H, agree, 0.0)
        if self.collapse_12m is not None:
            p12 = np.minimum(self.collapse_12m.of(v), 1.0)
            with np.errstate(divide="ignore"):
                h = -np.log1p(-p12) / 12.0
        else:
            hold = np.prod(np.stack([t.of(v) for t in self.compliance], axis=1), axis=1)
            with np.errstate(divide="ignore"):
                h = -np.log(hold) / 12.0
        for hr in self.hazard_ratios:
            h = h * hr.of(v)
        if self.mediated:
            h = h * self.exit_ratio.of(v)
        if self.imposed:
            h = np.where(ok, h, h * self.unwilling.of(v))
        surv = _survival(h, H, start)
        rest = 1.0 - p6
        p5 = rest * agree * surv
        p4 = rest * agree * (1.0 - surv)
        none = rest * (1.0 - agree)
        dec = self.p_decisive.of(v)
        p7 = none * dec
        r = none * (1.0 - dec)
        conclude = 1.0 - (1.0 - self.rate.of(v)) ** (H / 3.0)
        p3 = r * side_any * conclude
        r2 = r - p3
        pr = np.full(n, bool(self.pr))
        for bonus, cost in self.pr:
            pr &= bonus.of(v) > cost.of(v)
        talks = 1.0 - (1.0 - self.p_held.of(v)) * (1.0 - pr)
        p2 = r2 * (1.0 - self.p_escalation.of(v)) * talks
        p1 = r2 - p2
        out = {
            "O6_SETTLEMENT": p6,
            "O5_DURABLE_CEASEFIRE": p5,
            "O7_DECISIVE": p7,
            "O4_FAILED_CEASEFIRE": p4,
            "O3_LIMITED_DEALS": p3,
            "O2_TALKS_ONLY": p2,
            "O1_ESCALATION": p1,
        }
        for g, members in GROUPS.items():
            out[g] = np.sum([out[m] for m in members], axis=0)
        out["talks_held"] = p6 + p5 + p4 + p3 + (p7 + r2) * talks
        out["ceasefire_acceptable"] = ok.astype(float)
        out["ceasefire_agreed"] = rest * agree
        out["ceasefire_180d"] = rest * agree * _aged(h, H, start, DURABLE_MONTHS)
        out["substantive"] = p6 + p5 + p4
        return {k: np.asarray(np.clip(x, 0.0, 1.0), dtype=float) for k, x in out.items()}


def compile_horizon(scenario: Scenario, space: SampleSpace) -> Horizon | None:
    """Compile ``scenario.outcome_model`` (``None`` when the scenario has none)."""
    om = scenario.outcome_model
    if om is None:
        return None
    term = terms(space)
    signatories = tuple(scenario.veto.signatories)
    issues = tuple(scenario.issues)

    def pos(aid: str, iid: str, name: str, default: float) -> Term:
        p = scenario.positions.get(aid, {}).get(iid)
        if p is None:
            return Term(None, default)
        return term(("positions", aid, iid, name), getattr(p, name))

    def cited(section: tuple[str, ...], mapping: dict[str, object], key: str, d: float) -> Term:
        entry = mapping.get(key)
        if entry is None:
            return Term(None, d)
        return term((*section, key, "value"), entry.value)  # type: ignore[attr-defined]

    dis, com = scenario.disagreement, scenario.commitment
    cf = om.ceasefire
    status_quo = tuple(
        term(("issues", k, "status_quo"), scenario.issues[k].status_quo) for k in issues
    )
    active = [(mid, m) for mid, m in scenario.mediators.items() if m.active]
    med = om.mediation
    credible = any(m.bias in signatories for _, m in active)
    styles = [m.style for _, m in active]
    uplift = tuple(
        term(("outcome_model", "mediation", "uplift", st.value), med.uplift[st])
        for st in dict.fromkeys(styles)
        if st in med.uplift
    )
    leverage = tuple(
        tuple(
            term(("mediators", mid, "capability"), m.capability)
            for mid, m in active
            if m.style is MediatorStyle.MANIPULATION and m.bias != aid
        )
        for aid in signatories
    )
    ld = om.limited_deals
    rate_path: Path = ("outcome_model", "limited_deals", "rate_per_quarter")
    rate = term(rate_path, ld.rate_per_quarter)
    if active and ld.rate_per_quarter_mediated is not None:
        rate = term(
            ("outcome_model", "limited_deals", "rate_per_quarter_mediated"),
            ld.rate_per_quarter_mediated,
        )
    talks = om.talks
    return Horizon(
        span=months(scenario),
        quadratic=scenario.utility == "quadratic",
        ideal=tuple(tuple(pos(a, k, "ideal", 50.0) for k in issues) for a in signatories),
        weight=tuple(tuple(pos(a, k, "salience", 0.0) for k in issues) for a in signatories),
        status_quo=status_quo,
        ceasefire=tuple(
            term(("outcome_model", "ceasefire", "terms", k), cf.terms[k]) if k in cf.terms else sq
            for k, sq in zip(issues, status_quo, strict=True)
        ),
        disagreement=tuple(
            cited(("disagreement", "outcome"), dict(dis.outcome), k, 0.0)
            if k in dis.outcome
            else sq
            for k, sq in zip(issues, status_quo, strict=True)
        ),
        cost=tuple(cited(("disagreement", "cost"), dict(dis.cost), a, 0.0) for a in signatories),
        leverage=leverage,
        exposure=tuple(
            cited(("commitment", "exposure"), dict(com.exposure), a, 0.0) for a in signatories
        ),
        compliance=tuple(
            cited(("commitment", "compliance"), dict(com.compliance), a, 1.0) for a in signatories
        ),
        p_sign=term(("outcome_model", "p_sign"), om.p_sign),
        p_escalation=term(("outcome_model", "p_escalation"), om.p_escalation),
        p_decisive=term(("outcome_model", "p_decisive"), om.p_decisive),
        p_agree=term(("outcome_model", "ceasefire", "p_agree"), cf.p_agree),
        imposed=cf.imposed,
        start=None
        if cf.start_month is None
        else term(("outcome_model", "ceasefire", "start_month"), cf.start_month),
        collapse_12m=None
        if cf.collapse_12m is None
        else term(("outcome_model", "ceasefire", "collapse_12m"), cf.collapse_12m),
        unwilling=term(
            ("outcome_model", "ceasefire", "unwilling_hazard_ratio"), cf.unwilling_hazard_ratio
        ),
        hazard_ratios=tuple(
            term(("outcome_model", "ceasefire", "mechanisms", mid, "hazard_ratio"), m.hazard_ratio)
            for mid, m in cf.mechanisms.items()
            if m.present
        ),
        mediated=bool(active),
        credibility=Term(None, 1.0)
        if credible
        else term(("outcome_model", "mediation", "neutral_credibility"), med.neutral_credibility),
        info_gain=term(("outcome_model", "mediation", "info_gain"), med.info_gain),
        uplift=uplift,
        exit_ratio=term(("outcome_model", "mediation", "exit_hazard_ratio"), med.exit_hazard_ratio),
        leverage_cost=term(("outcome_model", "mediation", "leverage_cost"), med.leverage_cost),
        rate=rate,
        p_held=term(("outcome_model", "talks", "p_held"), talks.p_held),
        pr=tuple(
            (
                term(("outcome_model", "talks", "pr_bonus", a), b),
                term(("outcome_model", "talks", "talk_cost", a), talks.talk_cost[a])
                if a in talks.talk_cost
                else Term(None, 0.0),
            )
            for a, b in talks.pr_bonus.items()
        ),
    )
