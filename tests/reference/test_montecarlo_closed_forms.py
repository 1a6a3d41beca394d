r"""Monte Carlo estimates against closed forms, and the coverage of the 95% intervals.

P(settlement) in a one-issue Fearon (1995, "War is costly", pp. 386-390) dispute whose only
binding constraints are two hard red lines with uniformly uncertain reservations, and the
coverage of the Wilson (1927) and Jeffreys intervals (Brown, Cai & DasGupta 2001,
Statistical Science 16(2): 101-133, §4 and Fig. 5), checked by simulating Bernoulli samples.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from summitry.engines.montecarlo import jeffreys_interval, simulate, wilson_interval
from summitry.io.scenario import load_scenario

from ..montecarlo_cases import one_issue

FLAGSHIP = Path(__file__).resolve().parents[2] / "scenarios" / "putin-trump-talks.yaml"


def settlement_closed_form(a: float, b: float, w: float) -> float:
    r"""P(R_A < R_B) for :math:`R_A \sim U[a, a + w]`, :math:`R_B \sim U[b, b + w]` independent.

    A (ideal 100) accepts :math:`x \ge R_A`; B (ideal 0) accepts :math:`x \le R_B`. With the
    disagreement outcome :math:`D = 50` and costs :math:`c_A = c_B = 50`, the compensatory
    thresholds are :math:`U_A(x) = x \ge 50 - 50 = 0` and :math:`U_B(x) = 100 - x \ge 0`, which
    never bind, so the package zone is :math:`[R_A, R_B]` and it is a deal (everyone strictly
    gains: surplus :math:`\min(x, 100 - x) > 0` inside it) iff :math:`R_A < R_B` (ties have
    probability 0). Write :math:`R_A = a + wU`, :math:`R_B = b + wV` with :math:`U, V` iid
    :math:`U(0, 1)`; then :math:`R_A < R_B \iff V - U > t`, :math:`t = (a - b)/w`. The
    difference :math:`V - U` has the triangular density :math:`1 - |s|` on :math:`[-1, 1]`, so

    .. math:: P = \begin{cases} (1 - t)^2 / 2 & 0 \le t \le 1, \\
                                1 - (1 + t)^2 / 2 & -1 \le t < 0. \end{cases}
    """
    t = (a - b) / w
    if not -1.0 <= t <= 1.0:
        return 0.0 if t > 1 else 1.0
    return (1.0 - t) ** 2 / 2.0 if t >= 0 else 1.0 - (1.0 + t) ** 2 / 2.0


@pytest.mark.parametrize(
    ("a", "b", "w", "draws", "method"),
    [
        (40.0, 30.0, 30.0, 4096, "mc"),  # t = 1/3: P = 2/9
        (30.0, 40.0, 30.0, 2048, "mc"),  # t = -1/3: P = 7/9
        (55.0, 45.0, 20.0, 2048, "lhs"),  # t = 1/2: P = 1/8
        (40.0, 30.0, 30.0, 2048, "sobol"),
    ],
)
def test_p_settlement_equals_the_closed_form(
    tmp_path: Path, a: float, b: float, w: float, draws: int, method: str
) -> None:
    """Within 4 Monte Carlo standard errors (binomial; conservative for LHS and Sobol')."""
    scenario = one_issue(tmp_path, (a, a + w), (b, b + w)).scenario
    p = settlement_closed_form(a, b, w)
    sim = simulate(scenario, seed=20260101, max_draws=draws, method=method)
    est = sim.outcomes["settlement"]
    assert abs(est.p - p) < 4 * math.sqrt(p * (1 - p) / draws)
    assert sim.blocked["X"].k == sim.outcomes["nothing"].k  # no zone only when lines cross
    assert sim.outcomes["limited_only"].k == 0  # no side issues


def test_closed_form_values() -> None:
    assert settlement_closed_form(40, 30, 30) == pytest.approx(2 / 9)
    assert settlement_closed_form(30, 40, 30) == pytest.approx(7 / 9)
    assert settlement_closed_form(55, 45, 20) == pytest.approx(1 / 8)
    assert settlement_closed_form(90, 10, 30) == 0.0


def _exact_coverage(interval: object, p: float, n: int) -> float:
    ks = np.arange(n + 1)
    bounds = [interval(int(k), n) for k in ks]  # type: ignore[operator]
    inside = [lo <= p <= hi for lo, hi in bounds]
    return float(np.sum(stats.binom.pmf(ks, n, p)[np.array(inside)]))


@pytest.mark.parametrize("interval", [wilson_interval, jeffreys_interval])
@pytest.mark.parametrize(("p", "n"), [(0.5, 30), (0.1, 50), (0.3, 100)])
def test_interval_coverage_by_simulation(interval: object, p: float, n: int) -> None:
    """Simulate R = 2000 Bernoulli samples of size n; the share of intervals holding p agrees
    with the exact coverage (sum of binomial pmf over the k whose interval holds p) within 4
    s.e., and both are near the nominal 95% (Brown et al. 2001, Figs. 4-5: within 0.92-0.98
    for these n and p)."""
    rng = np.random.default_rng(1927)
    R = 2000
    ks = (rng.random((R, n)) < p).sum(axis=1)
    table = {int(k): interval(int(k), n) for k in np.unique(ks)}  # type: ignore[operator]
    covered = np.mean([table[int(k)][0] <= p <= table[int(k)][1] for k in ks])
    exact = _exact_coverage(interval, p, n)
    assert abs(covered - exact) < 4 * math.sqrt(exact * (1 - exact) / R)
    assert 0.92 <= exact <= 0.98
    assert 0.91 <= covered <= 0.99


def _tri_cdf(x: float, lo: float, mode: float, hi: float) -> float:
    """CDF of the triangular distribution (x between lo and hi)."""
    if x <= mode:
        return (x - lo) ** 2 / ((hi - lo) * (mode - lo))
    return 1.0 - (hi - x) ** 2 / ((hi - lo) * (hi - mode))


@pytest.mark.parametrize("method", ["mc", "sobol"])
def test_flagship_side_deals_and_blocked_issue_match_closed_forms(method: str) -> None:
    """Flagship marginals (scenarios/putin-trump-talks.yaml), each within 4 s.e.:

    * H_CORR feasible iff Russia's gain ~ Tri(-2, 1, 3) > 0 (Ukraine's Tri(1, 3, 5) always is):
      1 - F(0) = 1 - 4/15;
    * H_TRUCE: Russia's Tri(-3, 0.5, 3) > 0: 1 - 9/21;
    * T_ALIGN blocked iff the NATO council (p_veto 0.8, max 74) applies and Russia's reservation
      ~ Tri(60, 75, 90) exceeds 74 (no other line contradicts there): 0.8 (1 - F(74)).
    """
    scenario = load_scenario(FLAGSHIP).scenario
    sim = simulate(scenario, seed=31, max_draws=4096, method=method)
    expected = {
        "H_CORR": 1 - _tri_cdf(0, -2, 1, 3),
        "H_TRUCE": 1 - _tri_cdf(0, -3, 0.5, 3),
        "T_ALIGN": 0.8 * (1 - _tri_cdf(74, 60, 75, 90)),
    }
    assert expected["H_CORR"] == pytest.approx(11 / 15)
    got = {"H_CORR": sim.side["H_CORR"], "H_TRUCE": sim.side["H_TRUCE"]}
    got["T_ALIGN"] = sim.blocked["T_ALIGN"]
    for key, p in expected.items():
        assert abs(got[key].p - p) < 4 * math.sqrt(p * (1 - p) / sim.draws), key


def test_nash_point_distribution_in_fearons_range(tmp_path: Path) -> None:
    """Fearon (1995): the range is [p - c_A, p + c_B]; the symmetric Nash point is its midpoint.

    With c_A = 10, c_B = 15 and p ~ U(55, 65), the Nash point p + 2.5 ~ U(57.5, 67.5).
    """
    from summitry.engines.montecarlo.simulate import NBS_PER_BLOCK

    root = Path(__file__).resolve().parents[2]
    text = (root / "scenarios" / "textbook" / "fearon-range.yaml").read_text(encoding="utf-8")
    text = text.replace("X: {value: 60, why", "X: {value: {range: [55, 65]}, why")
    path = tmp_path / "fearon.yaml"
    path.write_text(text, encoding="utf-8")
    sim = simulate(load_scenario(path).scenario, seed=4, max_draws=32 * 1024)
    assert sim.outcomes["settlement"].p == 1.0
    assert sim.tally.nbs_n == 32 * NBS_PER_BLOCK
    assert sim.nbs is not None
    x = sim.nbs["X"]
    # 128 draws of U(57.5, 67.5): mean within 4 standard errors (sd 10/sqrt(12)), 1-point bins
    assert x["mean"] == pytest.approx(62.5, abs=4 * 2.89 / 128**0.5 + 0.5)
    assert 57 <= x["q05"] <= 60
    assert 65 <= x["q95"] <= 68
