"""Fearon, J. D. (1995) "Rationalist Explanations for War", International Organization 49(3):
379-414, section "War is costly" (pp. 386-390, Figure 1): with linear utilities, if war gives
state A the expected share p at costs c_A, c_B, every division x in [p - c_A, p + c_B] is
preferred to war by both; the range is non-empty whenever c_A + c_B > 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitry.engines.bargaining import analyse, problem_from_scenario, zone
from summitry.engines.bargaining.lp import feasible_issue_ranges
from summitry.io.scenario import load_scenario

from ..bargaining_cases import fearon

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.mark.parametrize(
    ("p", "c_a", "c_b"), [(0.6, 10.0, 15.0), (0.5, 5.0, 5.0), (0.2, 1.0, 30.0), (0.9, 25.0, 2.0)]
)
def test_bargaining_range_is_p_minus_ca_to_p_plus_cb(p: float, c_a: float, c_b: float) -> None:
    prob = fearon(p, c_a, c_b)
    ((lo, hi),) = feasible_issue_ranges(prob, frozenset({0}))
    assert lo == pytest.approx(max(0.0, 100 * p - c_a), abs=1e-7)
    assert hi == pytest.approx(min(100.0, 100 * p + c_b), abs=1e-7)


def test_no_costs_no_gain() -> None:
    """With c_A = c_B = 0 the range shrinks to the point p: no division makes both better off."""
    z = zone(fearon(0.4, 0.0, 0.0), frozenset({0}))
    assert z.feasible
    assert not z.deal
    assert z.surplus == pytest.approx(0.0, abs=1e-9)


def test_bundled_fearon_scenario_reproduces_the_range() -> None:
    """scenarios/textbook/fearon-range.yaml encodes p = 0.6, c_A = 0.10, c_B = 0.15: [50, 75]."""
    loaded = load_scenario(SCENARIOS / "textbook" / "fearon-range.yaml")
    result = analyse(problem_from_scenario(loaded.scenario))
    assert result.verdict == "settlement_possible"
    assert result.package.ranges[0] == pytest.approx((50.0, 75.0), abs=1e-7)
