"""Invariants of the bargaining engine on random problems (hypothesis)."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitry.engines.bargaining import nash_bargaining, pareto_gap, zone
from summitry.engines.bargaining.lp import feasible_issue_ranges, satisfied
from summitry.engines.bargaining.problem import BargainingProblem

from .strategies import problems

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _all(p: BargainingProblem) -> frozenset[int]:
    return frozenset(range(p.n_issues))


@SETTINGS
@given(problems())
def test_witness_of_a_non_empty_zone_checks_out_numerically(p: BargainingProblem) -> None:
    """The LP's point satisfies every constraint when re-checked directly with numpy."""
    z = zone(p, _all(p))
    if z.feasible:
        assert z.witness is not None
        assert satisfied(p, z.witness, sorted(_all(p)), tol=1e-6)


@SETTINGS
@given(problems())
def test_nbs_lies_in_the_zone_and_is_pareto_efficient(p: BargainingProblem) -> None:
    z = zone(p, _all(p))
    if not z.deal:
        return
    sol = nash_bargaining(p, _all(p))
    assert sol is not None
    assert satisfied(p, sol.x, sorted(_all(p)), tol=1e-5)
    assert pareto_gap(p, _all(p), sol.x) < 1e-3


@SETTINGS
@given(
    problems(with_hard=False),
    st.lists(st.floats(0.1, 50), min_size=4, max_size=4),
    st.lists(st.floats(-100, 100), min_size=4, max_size=4),
)
def test_nbs_is_invariant_to_positive_affine_rescaling(
    p: BargainingProblem, scales: list[float], shifts: list[float]
) -> None:
    """Nash (1950) axiom: U_i -> a_i U_i + b_i (a_i > 0) leaves the solution unchanged."""
    z = zone(p, _all(p))
    if not z.deal or z.surplus < 0.5:
        return
    base = nash_bargaining(p, _all(p))
    q = dataclasses.replace(
        p, scale=np.array(scales[: p.n_actors]), shift=np.array(shifts[: p.n_actors])
    )
    moved = nash_bargaining(q, _all(q))
    assert base is not None
    assert moved is not None
    np.testing.assert_allclose(
        p.raw_utility(moved.x), p.raw_utility(base.x), atol=1e-3 * max(1.0, z.surplus)
    )
    np.testing.assert_allclose(moved.utility, q.scale * p.raw_utility(moved.x) + q.shift)


@SETTINGS
@given(problems(), st.integers(0, 3), st.floats(0.1, 40))
def test_raising_a_cost_of_conflict_never_shrinks_the_zone(
    p: BargainingProblem, who: int, extra: float
) -> None:
    i = who % p.n_actors
    cost = np.array(p.cost)
    cost[i] += extra
    q = dataclasses.replace(p, cost=cost)
    before, after = zone(p, _all(p)), zone(q, _all(q))
    if not before.feasible:
        return
    assert after.feasible
    assert after.surplus >= before.surplus - 1e-7
    for (lo0, hi0), (lo1, hi1) in zip(
        feasible_issue_ranges(p, _all(p)), feasible_issue_ranges(q, _all(q)), strict=True
    ):
        assert lo1 <= lo0 + 1e-6
        assert hi1 >= hi0 - 1e-6
