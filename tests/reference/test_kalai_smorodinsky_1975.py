"""Kalai, E. & Smorodinsky, M. (1975) "Other Solutions to Nash's Bargaining Problem", Econometrica
43(3): 513-518: the solution is the maximal point of the feasible set on the segment from the
disagreement point to the ideal point (M_1, M_2), M_i being player i's best feasible utility.

Textbook example (the frontier that separates KS from Nash): gains g_A = x, g_B = 100 - 0.3 x for
x in [0, 100]. Ideal point (100, 100); KS equalises relative gains: x = 100 - 0.3 x, so
x = 100 / 1.3 = 76.923. The Nash product x (100 - 0.3 x) increases up to x = 166.7, so the Nash
solution is the boundary x = 100 (gains 100 and 70)."""

from __future__ import annotations

import pytest

from summitry.engines.bargaining import kalai_smorodinsky, nash_bargaining

from ..bargaining_cases import problem


def _example():  # type: ignore[no-untyped-def]
    # A cares only about X (ideal 100); B cares 0.3 about X (ideal 0) and 0.7 about Y (ideal 100).
    # D = (0, 100): U_A(D) = 0, U_B(D) = 100; costs (0, 100) put d at (0, 0).
    return problem([[100, 50], [0, 100]], [[1.0, 0.0], [0.3, 0.7]], [0, 100], [0, 100])


def test_ks_point_equalises_relative_gains() -> None:
    sol = kalai_smorodinsky(_example(), frozenset({0, 1}))
    assert sol is not None
    assert sol.x[0] == pytest.approx(100 / 1.3, abs=1e-6)
    assert sol.x[1] == pytest.approx(100.0, abs=1e-6)
    assert sol.utility == pytest.approx([100 / 1.3, 100 / 1.3], abs=1e-6)


def test_nash_solution_differs_on_this_frontier() -> None:
    sol = nash_bargaining(_example(), frozenset({0, 1}))
    assert sol is not None
    assert sol.x == pytest.approx([100.0, 100.0], abs=1e-5)
    assert sol.utility == pytest.approx([100.0, 70.0], abs=1e-5)
