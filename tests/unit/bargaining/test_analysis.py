"""Unit tests of the bargaining engine: zones, limited deals, diagnosis, special utilities."""

from __future__ import annotations

import numpy as np
import pytest

from summitry.engines.bargaining import analyse, diagnose, zone
from summitry.engines.bargaining.lp import Group, feasible_issue_ranges
from summitry.engines.bargaining.problem import HardLine
from summitry.engines.bargaining.side import side_deal_feasible

from ...bargaining_cases import fearon, problem


def test_hard_lines_that_do_not_overlap_are_diagnosed_and_priced() -> None:
    """A insists on x >= 70, B on x <= 40: the two lines are the irreducible conflict; no cost
    increase helps; A moving its line by 30 points (or B by 30) opens the zone."""
    p = fearon(
        0.5,
        20.0,
        20.0,
        hard=[
            HardLine(actor=0, issue=0, lo=70.0, hi=100.0),
            HardLine(actor=1, issue=0, lo=0.0, hi=40.0),
        ],
    )
    result = analyse(p)
    assert result.verdict == "nothing_acceptable"
    assert result.blocked_issues == (0,)
    d = result.diagnosis
    assert d is not None
    assert d.conflicts == ((Group("hard", (0,)), Group("hard", (1,))),)
    cost_a, lines_a, _ = d.by_actor[0]
    assert cost_a is None
    assert lines_a is not None
    assert lines_a.total == pytest.approx(30.0, abs=1e-7)
    assert d.joint is not None
    assert d.joint.total == pytest.approx(30.0, abs=1e-7)


def test_cost_increase_that_opens_a_zone() -> None:
    """No hard lines; B's threshold exceeds what A leaves it: zone needs c_A + c_B >= 0 with
    D = 50, costs (-10, 0): A's threshold 60, B accepts x <= 50; raising A's cost by 10 opens it."""
    p = fearon(0.5, -10.0, 0.0)
    assert not zone(p, frozenset({0})).feasible
    d = diagnose(p)
    cost_a = d.by_actor[0][0]
    assert cost_a is not None
    assert cost_a.total == pytest.approx(10.0, abs=1e-7)


def test_limited_deals_save_no_cost_of_conflict() -> None:
    """A single contested issue is only worth settling when the deal ends the conflict."""
    p = problem([[100, 100], [0, 0]], [[0.8, 0.2], [0.2, 0.8]], [50, 50], [10, 10])
    result = analyse(p)
    assert result.verdict == "settlement_possible"
    single = {z.free: z for z in result.single_issue}
    assert not single[(0,)].deal
    assert single[(0,)].surplus == pytest.approx(0.0, abs=1e-7)
    assert result.package.surplus > 10.0


def test_commitment_discount_raises_the_threshold() -> None:
    """r_i = d_i + (1 - q_i)/q_i * e_i (Fearon 1995 commitment problem)."""
    p = fearon(0.5, 10.0, 10.0, compliance=[0.5, 0.8], exposure=[4.0, 6.0])
    # d = 50 - 10 = 40 for both; (1 - 0.5)/0.5 * 4 = 4 and (1 - 0.8)/0.8 * 6 = 1.5
    np.testing.assert_allclose(p.threshold, [44.0, 41.5])


def test_quadratic_range_has_closed_form() -> None:
    """u = 100 - (x - a)^2/100; D = 60, costs 10: A needs (100 - x)^2 <= 2600, B x^2 <= 4600."""
    p = fearon(0.6, 10.0, 10.0, quadratic=True)
    ((lo, hi),) = feasible_issue_ranges(p, frozenset({0}))
    assert lo == pytest.approx(100 - np.sqrt(2600), abs=1e-6)
    assert hi == pytest.approx(np.sqrt(4600), abs=1e-6)


@pytest.mark.parametrize(("p", "expected"), [(0.56, None), (0.5, 50.0)])
def test_indivisible_issue_picks_an_anchor(p: float, expected: float | None) -> None:
    """Options 0, 50, 100 only: the range [p - 5, p + 5] holds 50 for p = 0.5, nothing for 0.56
    (Fearon 1995 on indivisibility)."""
    prob = fearon(p, 5.0, 5.0, choices=[(0.0, 50.0, 100.0)])
    z = zone(prob, frozenset({0}), solutions=True)
    if expected is None:
        assert not z.feasible
    else:
        assert z.feasible
        assert z.nbs is not None
        assert z.nbs.x[0] == pytest.approx(expected)


def test_side_deal_needs_every_party_to_gain() -> None:
    assert side_deal_feasible({"A": 1.0, "B": 0.5})
    assert not side_deal_feasible({"A": 1.0, "B": 0.0})
    assert not side_deal_feasible({})
