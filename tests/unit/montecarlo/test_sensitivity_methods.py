"""Morris screening and the generic Sobol' wrapper on functions with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from summitry.engines.montecarlo.sensitivity import (
    CHUNK,
    SensitivityError,
    evaluate,
    morris,
    sobol,
    sobol_base,
)

COEF = np.array([3.0, -2.0, 0.0, 0.5])
LO = np.array([0.0, 10.0, -1.0, 5.0])
HI = np.array([1.0, 12.0, 1.0, 9.0])


def linear(u: np.ndarray) -> np.ndarray:
    """:math:`f = \\sum_i c_i x_i` with :math:`x_i = lo_i + (hi_i - lo_i) u_i`."""
    return np.asarray((LO + (HI - LO) * u) @ COEF)


def test_morris_on_a_linear_function_gives_coefficient_times_range_exactly() -> None:
    """Every elementary effect of a linear function is :math:`c_i (hi_i - lo_i)` (Morris 1991,
    §2): mu* = |c_i| (hi_i - lo_i), mu = c_i (hi_i - lo_i), sigma = 0."""
    res = morris(linear, 4, trajectories=20, levels=4, seed=3)
    expected = COEF * (HI - LO)
    assert res.evaluations == 20 * 5
    assert res.delta == pytest.approx(2 / 3)
    for e, x in zip(res.effects, expected, strict=True):
        assert e.mu == pytest.approx(x, abs=1e-12)
        assert e.mu_star == pytest.approx(abs(x), abs=1e-12)
        assert e.sigma == pytest.approx(0.0, abs=1e-12)


def test_morris_ranks_a_nonlinear_function_and_flags_interaction() -> None:
    """:math:`f = 5u_0 + u_1^2 + u_1 u_2`: u0's effect is 5 exactly; u1 and u2 vary (sigma > 0
    from the square and the product); u3 does not enter (mu* = 0)."""

    def f(u: np.ndarray) -> np.ndarray:
        return np.asarray(5 * u[:, 0] + u[:, 1] ** 2 + u[:, 1] * u[:, 2])

    res = morris(f, 4, trajectories=30, levels=6, seed=11)
    by = {e.name: e for e in res.effects}
    assert by["x0"].mu_star == pytest.approx(5.0)
    assert by["x0"].sigma == pytest.approx(0.0, abs=1e-12)
    assert by["x3"].mu_star == 0.0
    assert by["x1"].sigma > 0
    assert by["x2"].sigma > 0
    assert max(res.effects, key=lambda e: e.mu_star).name == "x0"
    assert by["x1"].mu_star > by["x2"].mu_star  # E|2u1 + d + u2| > E|u1| on this grid


def test_morris_trajectories_move_one_column_at_a_time_on_the_grid() -> None:
    seen: list[np.ndarray] = []

    def spy(u: np.ndarray) -> np.ndarray:
        seen.append(u.copy())
        return np.zeros(u.shape[0])

    morris(spy, 5, trajectories=4, levels=4, seed=1)
    design = np.concatenate(seen).reshape(4, 6, 5)
    levels = np.arange(4) / 3
    assert np.all(np.isclose(design[..., None], levels).any(axis=-1))
    steps = np.diff(design, axis=1)
    assert np.all((np.abs(steps) > 1e-12).sum(axis=2) == 1)
    assert np.allclose(np.abs(steps).sum(axis=2), 2 / 3)
    # each column moves exactly once per trajectory
    assert np.all((np.abs(steps) > 1e-12).sum(axis=1) == 1)


def test_morris_is_deterministic_and_checks_its_options() -> None:
    assert morris(linear, 4, seed=5) == morris(linear, 4, seed=5)
    with pytest.raises(SensitivityError, match="even integer"):
        morris(linear, 4, seed=5, levels=3)
    with pytest.raises(SensitivityError, match="at least 2 trajectories"):
        morris(linear, 4, seed=5, trajectories=1)


def test_sobol_on_an_additive_function_matches_its_variance_shares() -> None:
    """:math:`f = \\sum c_i u_i`: :math:`S_i = S_{Ti} = c_i^2 / \\sum c_j^2` (no
    interactions, Saltelli et al. 2008, §4.1); here (9, 4, 0, 0.25) / 13.25."""
    res = sobol(lambda u: np.asarray(u @ np.array([3.0, -2.0, 0.0, 0.5])), 4, n=1024, seed=2)
    share = np.array([9.0, 4.0, 0.0, 0.25]) / 13.25
    for idx, s in zip(res.indices, share, strict=True):
        assert idx.s1 == pytest.approx(s, abs=0.03)
        assert idx.st == pytest.approx(s, abs=0.03)
    inert = res.indices[2]
    assert inert.st == 0.0
    assert inert.st_ci == (0.0, 0.0)


def test_sobol_of_a_constant_is_flagged_and_all_zero() -> None:
    res = sobol(lambda u: np.zeros(u.shape[0]), 3, n=64, seed=1)
    assert res.constant
    assert res.variance == 0.0
    assert all(i.s1 == 0 and i.st == 0 and i.st_ci == (0.0, 0.0) for i in res.indices)


@pytest.mark.parametrize("n", [0, 3, 1000, 1.5])
def test_sobol_needs_a_power_of_two(n: object) -> None:
    with pytest.raises(SensitivityError, match="power of 2"):
        sobol(linear, 4, n=n, seed=1)  # type: ignore[arg-type]


def test_sobol_base_rounds_up_to_a_power_of_two() -> None:
    assert [sobol_base(d) for d in (1, 2, 3, 1000, 1024, 1025)] == [1, 2, 4, 1024, 1024, 2048]


def test_evaluate_puts_chunks_back_in_order() -> None:
    u = np.random.default_rng(0).random((2 * CHUNK + 17, 3))
    calls: list[int] = []

    def reversed_map(fn, items):  # type: ignore[no-untyped-def]
        items = list(items)
        calls.append(len(items))
        out = [fn(x) for x in reversed(items)]
        return iter(out[::-1])

    got = evaluate(lambda v: v.sum(axis=1), u, reversed_map)
    assert calls == [3]
    assert np.array_equal(got[:, 0], u.sum(axis=1))
