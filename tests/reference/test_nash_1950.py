"""Nash, J. F. (1950) "The Bargaining Problem", Econometrica 18(2): 155-162: the solution maximises
the product of gains over the disagreement point; by the symmetry axiom (p. 159) a symmetric problem
gives equal gains. Asymmetric form (Kalai, E. 1977, "Nonsymmetric Nash solutions and replications of
2-person bargaining", International Journal of Game Theory 6(3): 129-133): the maximiser of
prod (u_i - d_i)^alpha_i; with transferable (linear) utility over a surplus S each side gets
d_i + alpha_i S."""

from __future__ import annotations

import pytest

from summitry.engines.bargaining import nash_bargaining
from summitry.engines.bargaining.problem import BargainingProblem

from ..bargaining_cases import fearon, problem


def _gains(prob: BargainingProblem, x: float) -> tuple[float, float]:
    import numpy as np

    g = prob.utility(np.array([x])) - prob.threshold
    return float(g[0]), float(g[1])


def test_symmetric_problem_splits_the_surplus_equally() -> None:
    """Zone [40, 60] with d symmetric: the Nash solution is the midpoint, gains 10 and 10."""
    prob = fearon(0.5, 10.0, 10.0)
    sol = nash_bargaining(prob, frozenset({0}))
    assert sol is not None
    assert sol.x[0] == pytest.approx(50.0, abs=1e-6)
    assert _gains(prob, sol.x[0]) == pytest.approx((10.0, 10.0), abs=1e-6)


@pytest.mark.parametrize(("cap_a", "cap_b"), [(2.0, 1.0), (1.0, 3.0), (7.0, 3.0)])
def test_asymmetric_weights_give_proportional_gains(cap_a: float, cap_b: float) -> None:
    """Surplus S = c_A + c_B = 20 on [40, 60]; A's gain is alpha_A * S, B's alpha_B * S."""
    prob = fearon(0.5, 10.0, 10.0, capability=[cap_a, cap_b])
    alpha_a = cap_a / (cap_a + cap_b)
    sol = nash_bargaining(prob, frozenset({0}))
    assert sol is not None
    assert sol.x[0] == pytest.approx(40.0 + alpha_a * 20.0, abs=1e-5)
    g_a, g_b = _gains(prob, sol.x[0])
    assert g_a == pytest.approx(alpha_a * 20.0, abs=1e-5)
    assert g_b == pytest.approx((1 - alpha_a) * 20.0, abs=1e-5)


def test_two_issue_logroll_nash_solution_is_the_exchange() -> None:
    """Two issues, saliences 0.8/0.2 vs 0.2/0.8, d = U(50, 50): the product of gains
    (0.8 dx1 + 0.2 dx2)(-0.2 dx1 - 0.8 dx2) over the box is maximal at the corner x = (100, 0),
    each gaining 30 (the derivative of the product is negative in both directions there)."""
    prob = problem([[100, 100], [0, 0]], [[0.8, 0.2], [0.2, 0.8]], [50, 50], [0, 0])
    sol = nash_bargaining(prob, frozenset({0, 1}))
    assert sol is not None
    assert sol.x == pytest.approx([100.0, 0.0], abs=1e-5)
    assert sol.utility == pytest.approx([80.0, 80.0], abs=1e-5)


def test_quadratic_utilities_symmetric_split() -> None:
    """Quadratic loss keeps the symmetric problem symmetric: midpoint 50."""
    prob = fearon(0.5, 10.0, 10.0, quadratic=True)
    sol = nash_bargaining(prob, frozenset({0}))
    assert sol is not None
    assert sol.x[0] == pytest.approx(50.0, abs=1e-5)
