"""Reference: the horizon outcome model (O1-O7) against its closed forms.

The formulas are those of :mod:`summitry.engines.montecarlo.horizon` (constant-hazard ceasefire
survival, Fortna 2004; mediator effects, Kydd 2003 / Beardsley 2008; limited deals at a quarterly
rate). Each case fixes the inputs so that the expected values follow by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from summitry.engines.montecarlo import simulate
from summitry.engines.montecarlo.horizon import CATEGORIES, GROUPS
from summitry.io.scenario import LoadedScenario, load_scenario
from tests.montecarlo_cases import HEAD, write

# Fearon's one-issue dispute: A wins 60 by war (SQ 50); costs decide whether a freeze at the status
# quo beats fighting on: A accepts iff U_A(50) = 50 > U_A(60) - c_A = 60 - c_A, i.e. c_A > 10.
BODY = """\
issues:
  X: {{label: Border, status_quo: 50}}
positions:
  A:
    X: {{ideal: 100, salience: 1}}
  B:
    X: {{ideal: 0, salience: 1{b_line}}}
disagreement:
  outcome: {{X: 60}}
  cost: {{A: {c_a}, B: 15}}
veto:
  signatories: [A, B]
{extra}outcome_model:
  p_sign: {p_sign}
  p_escalation: {p_esc}
  p_decisive: {p_dec}
  ceasefire:
    p_agree: {p_agree}
    collapse_12m: {collapse}
{ceasefire_extra}  limited_deals: {{rate_per_quarter: {rate}}}
  talks: {{p_held: {p_held}}}
"""

DEFAULTS = {
    "b_line": "",
    "c_a": 11,
    "extra": "",
    "p_sign": 0.4,
    "p_esc": 0.3,
    "p_dec": 0.0,
    "p_agree": 0.5,
    "collapse": 0.7,
    "ceasefire_extra": "",
    "rate": 0.3,
    "p_held": 0.6,
}


def scenario(tmp_path: Path, **kw: object) -> LoadedScenario:
    text = HEAD.format(id="om") + BODY.format(**{**DEFAULTS, **kw})
    return load_scenario(write(tmp_path, text))


def horizon(loaded: LoadedScenario, draws: int = 16, seed: int = 3) -> dict[str, float]:
    sim = simulate(loaded.scenario, seed=seed, max_draws=draws)
    assert sim.horizon is not None
    return {k: e.p for k, e in sim.horizon.items()}


def test_categories_partition_probability(tmp_path: Path) -> None:
    h = horizon(scenario(tmp_path))
    assert sum(h[c] for c in CATEGORIES) == pytest.approx(1.0, abs=1e-12)
    for g, members in GROUPS.items():
        assert h[g] == pytest.approx(sum(h[m] for m in members), abs=1e-12)


def test_zone_signed_with_p_sign(tmp_path: Path) -> None:
    # Fearon range [50, 75] exists: P(O6) = p_sign exactly (no mediator)
    h = horizon(scenario(tmp_path, p_sign=0.4))
    assert h["O6_SETTLEMENT"] == pytest.approx(0.4, abs=1e-12)


def test_ceasefire_acceptance_threshold(tmp_path: Path) -> None:
    # no zone (B's hard line at 40 < A's war outcome); A accepts a freeze iff c_A > 10
    line = ", hard: true, acceptable: [0, 40]"
    for c_a, expected in ((9, 0.0), (11, 1.0)):
        h = horizon(scenario(tmp_path, c_a=c_a, b_line=line))
        assert h["O6_SETTLEMENT"] == 0.0
        assert h["ceasefire_acceptable"] == expected


def test_survival_uniform_onset(tmp_path: Path) -> None:
    # P(collapse by the horizon | agreed) with onset ~ U(0, H): 1 - (1 - e^{-hH})/(hH)
    line = ", hard: true, acceptable: [0, 40]"
    h = horizon(scenario(tmp_path, b_line=line, collapse=0.7))
    H = 365 / (365.25 / 12)  # 2025-01-01 .. 2026-01-01 in months of 365.25/12 days
    rate = -math.log(0.3) / 12
    surv = (1 - math.exp(-rate * H)) / (rate * H)
    assert h["ceasefire_collapse_given_agreed"] == pytest.approx(1 - surv, abs=1e-9)
    assert h["O5_DURABLE_CEASEFIRE"] == pytest.approx(0.5 * surv, abs=1e-9)
    assert h["O4_FAILED_CEASEFIRE"] == pytest.approx(0.5 * (1 - surv), abs=1e-9)
    # in force for at least 180 days: (1/H) * integral_D^H e^{-hs} ds
    D = 180 / (365.25 / 12)
    aged = (math.exp(-rate * D) - math.exp(-rate * H)) / (rate * H)
    assert h["ceasefire_180d"] == pytest.approx(0.5 * aged, abs=1e-9)
    assert h["ceasefire_180d"] < h["O5_DURABLE_CEASEFIRE"]


def test_imposed_ceasefire_from_day_zero_with_mechanism(tmp_path: Path) -> None:
    # start 0, hazard ratio r: P(collapse within 12 months) = 1 - (1 - P12)^r over 12 months
    extra = (
        "    imposed: true\n    start_month: 0\n    mechanisms:\n"
        "      force: {present: true, hazard_ratio: 0.4}\n"
    )
    h = horizon(scenario(tmp_path, ceasefire_extra=extra, collapse=0.7))
    H = 365 / (365.25 / 12)
    expected = 1 - math.exp(math.log(0.3) * 0.4 * H / 12)
    assert h["ceasefire_agreed"] == pytest.approx(1 - 0.4, abs=1e-12)  # O6 takes p_sign first
    assert h["ceasefire_collapse_given_agreed"] == pytest.approx(expected, abs=1e-9)
    # started at day 0, a ceasefire in force at the horizon is a year old
    assert h["ceasefire_180d"] == pytest.approx(h["O5_DURABLE_CEASEFIRE"], abs=1e-12)


def test_uncertain_collapse_probability_mean(tmp_path: Path) -> None:
    # collapse_12m ~ U(0.5, 0.9), imposed from day 0: the collapse probability by the horizon is
    # 1 - (1 - P12)^(H/12); its mean over U(0.5, 0.9):
    extra = "    imposed: true\n    start_month: 0\n"
    line = ", hard: true, acceptable: [0, 40]"
    loaded = scenario(
        tmp_path, ceasefire_extra=extra, collapse="{range: [0.5, 0.9]}", b_line=line, p_sign=0
    )
    h = horizon(loaded, draws=4096, seed=11)
    H = 365 / (365.25 / 12)
    a = H / 12
    # E[1 - (1 - U)^a] for U ~ U(0.5, 0.9) = 1 - [(0.5)^{a+1} - (0.1)^{a+1}] / ((a + 1) 0.4)
    expected = 1 - (0.5 ** (a + 1) - 0.1 ** (a + 1)) / ((a + 1) * 0.4)
    assert h["ceasefire_collapse_given_agreed"] == pytest.approx(expected, abs=0.004)


def test_limited_deals_quarterly_rate(tmp_path: Path) -> None:
    # no zone, no acceptable ceasefire (c_A 9); one feasible side deal
    line = ", hard: true, acceptable: [0, 40]"
    side = "side_issues:\n  POW: {label: Swap, parties: [A, B], value: {A: 1, B: 1}}\n"
    h = horizon(scenario(tmp_path, c_a=9, b_line=line, extra=side, rate=0.3, p_dec=0.1))
    H = 365 / (365.25 / 12)
    conclude = 1 - 0.7 ** (H / 3)
    assert h["O7_DECISIVE"] == pytest.approx(0.1, abs=1e-12)
    assert h["O3_LIMITED_DEALS"] == pytest.approx(0.9 * conclude, abs=1e-9)
    rest = 0.9 * (1 - conclude)
    assert h["O2_TALKS_ONLY"] == pytest.approx(rest * 0.7 * 0.6, abs=1e-9)
    assert h["O1_ESCALATION"] == pytest.approx(rest * (1 - 0.7 * 0.6), abs=1e-9)


def test_mediator_raises_signing_and_penalises_durability(tmp_path: Path) -> None:
    med = "mediators:\n  M: {name: Mediator, style: manipulation, bias: A, active: true}\n"
    base = horizon(scenario(tmp_path, p_sign=0.4))
    text = HEAD.format(id="om") + BODY.format(**{**DEFAULTS, "extra": med})
    text += "  mediation: {info_gain: 0.1, uplift: {manipulation: 0.1}, exit_hazard_ratio: 1.3}\n"
    h = horizon(load_scenario(write(tmp_path, text, "m.yaml")))
    # credible (biased towards a signatory): 1 - (1 - 0.4)(1 - 0.1)(1 - 0.1)
    assert base["O6_SETTLEMENT"] == pytest.approx(0.4)
    assert h["O6_SETTLEMENT"] == pytest.approx(1 - 0.6 * 0.9 * 0.9, abs=1e-12)


def test_talks_as_signalling(tmp_path: Path) -> None:
    line = ", hard: true, acceptable: [0, 40]"
    text = HEAD.format(id="om") + BODY.format(**{**DEFAULTS, "c_a": 9, "b_line": line})
    h0 = horizon(load_scenario(write(tmp_path, text, "a.yaml")))
    pr = text.replace(
        "talks: {p_held: 0.6}", "talks: {p_held: 0.6, pr_bonus: {A: 5, B: 3}, talk_cost: {A: 1}}"
    )
    h1 = horizon(load_scenario(write(tmp_path, pr, "b.yaml")))
    assert h0["talks_held"] == pytest.approx(0.6, abs=1e-12)
    assert h1["talks_held"] == pytest.approx(1.0, abs=1e-12)
    # cheap talk: the bargaining outcome does not move
    assert h1["O6_SETTLEMENT"] == h0["O6_SETTLEMENT"] == 0.0


def test_per_draw_values_are_probabilities(tmp_path: Path) -> None:
    from summitry.engines.montecarlo import sample_block, sample_space
    from summitry.engines.montecarlo.simulate import classify_sample

    loaded = scenario(tmp_path, collapse="{range: [0.2, 0.95]}", p_sign="{range: [0, 1]}")
    space = sample_space(loaded.scenario)
    draws = classify_sample(loaded.scenario, sample_block(space, seed=5, block=0))
    assert draws.horizon is not None
    for name, values in draws.horizon.items():
        assert np.all((values >= 0) & (values <= 1)), name
    total = np.sum([draws.horizon[c] for c in CATEGORIES], axis=0)
    np.testing.assert_allclose(total, 1.0, atol=1e-12)


def test_ceasefire_terms_enter_the_acceptance_test(tmp_path: Path) -> None:
    # with the term X = 40 on the table, A compares U_A(40) = 40 with 60 - c_A = 49: it refuses
    line = ", hard: true, acceptable: [0, 40]"
    h0 = horizon(scenario(tmp_path, b_line=line))
    h1 = horizon(scenario(tmp_path, b_line=line, ceasefire_extra="    terms: {X: 40}\n"))
    assert h0["ceasefire_acceptable"] == 1.0
    assert h1["ceasefire_acceptable"] == 0.0
    assert h1["ceasefire_agreed"] == 0.0
