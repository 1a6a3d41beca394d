"""Hypothesis strategies: random small bargaining problems."""

from __future__ import annotations

from hypothesis import strategies as st

from summitry.engines.bargaining.problem import BargainingProblem, HardLine

from ..bargaining_cases import problem

coord = st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 1))


@st.composite
def problems(
    draw: st.DrawFn, *, with_hard: bool = True, quadratic: bool | None = None
) -> BargainingProblem:
    """2-4 signatories, 1-3 issues, costs 0-30, optional hard lines."""
    n_a = draw(st.integers(2, 4))
    n_k = draw(st.integers(1, 3))
    ideal = [[draw(coord) for _ in range(n_k)] for _ in range(n_a)]
    weight = [[draw(st.floats(0.05, 1.0)) for _ in range(n_k)] for _ in range(n_a)]
    d = [draw(coord) for _ in range(n_k)]
    cost = [draw(st.floats(0, 30).map(lambda v: round(v, 2))) for _ in range(n_a)]
    cap = [draw(st.floats(0.5, 10)) for _ in range(n_a)]
    hard = []
    if with_hard and draw(st.booleans()):
        i, k = draw(st.integers(0, n_a - 1)), draw(st.integers(0, n_k - 1))
        r = draw(coord)
        hard.append(
            HardLine(actor=i, issue=k, lo=r, hi=100.0)
            if ideal[i][k] > r
            else HardLine(actor=i, issue=k, lo=0.0, hi=r)
        )
    quad = draw(st.booleans()) if quadratic is None else quadratic
    return problem(ideal, weight, d, cost, capability=cap, hard=hard, quadratic=quad)
