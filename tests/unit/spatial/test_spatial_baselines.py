"""Unit tests of the closed-form spatial baselines (summitry.engines.spatial.baselines)."""

from __future__ import annotations

import numpy as np
import pytest

from summitry.engines.spatial.baselines import (
    compromise,
    kalai_smorodinsky,
    nash_bargaining,
    per_issue,
    weighted_mean,
    weighted_median,
)

# Design note bargaining-models.md, section 4.1, table "Reference values from an independent
# reference implementation" (grid evaluation at 0.0005; closed forms of Butler 2004).
CASES = [
    # ideals, c, s, q, CM, median(c*s, lower), NBS linear, NBS quadratic, KS
    ([40, 80], [1, 1], [1, 1], 0, 60.0, 40, 40.0, 48.769, 53.3333),
    ([40, 80], [1, 2], [1, 1], 0, 66.6667, 80, 53.3333, 53.3333, 53.3333),
    ([20, 50, 90], [1, 1, 1], [1, 1, 1], 0, 53.3333, 50, 26.6667, 28.300, 32.7273),
    ([20, 50, 90], [3, 2, 1], [0.5, 1, 0.8], 10, 46.9767, 50, 20.0, 22.962, 27.7778),
]


@pytest.mark.parametrize(("x", "c", "s", "q", "cm", "med", "lin", "quad", "ks"), CASES)
def test_design_note_table(
    x: list[float],
    c: list[float],
    s: list[float],
    q: float,
    cm: float,
    med: float,
    lin: float,
    quad: float,
    ks: float,
) -> None:
    """bargaining-models.md §4.1 table: CM, weighted median, NBS (linear, quadratic), KS."""
    xa, ca, sa = (np.array(v, dtype=float) for v in (x, c, s))
    assert compromise(xa, ca, sa) == pytest.approx(cm, abs=5e-5)
    assert weighted_median(xa, ca * sa, tie="lower") == med
    assert nash_bargaining(xa, ca, q, utility="linear") == pytest.approx(lin, abs=5e-4)
    assert nash_bargaining(xa, ca, q, utility="quadratic") == pytest.approx(quad, abs=5e-4)
    assert kalai_smorodinsky(xa, q) == pytest.approx(ks, abs=5e-4)


def test_nbs_quadratic_first_order_condition_exact() -> None:
    """The quadratic NBS solves sum c_i (x - x_i)/g_i(x) = 0 to machine precision."""
    x, c, q = np.array([20.0, 50.0, 90.0]), np.array([3.0, 2.0, 1.0]), 10.0
    t = nash_bargaining(x, c, q)
    g = (q - x) ** 2 - (t - x) ** 2
    assert abs(np.sum(c * (t - x) / g)) < 1e-10
    # two equal actors, q = 0: closed form root of (x-40)/(1600-(x-40)^2) = -(x-80)/(6400-(x-80)^2)
    assert nash_bargaining(np.array([40.0, 80.0]), np.array([1.0, 1.0]), 0.0) == pytest.approx(
        48.76894374382339, abs=1e-10
    )


def test_nbs_undefined_when_actors_straddle_status_quo() -> None:
    """No outcome beats q for everyone when ideals lie on both sides of q."""
    assert np.isnan(nash_bargaining(np.array([20.0, 80.0]), np.array([1.0, 1.0]), 50.0))
    assert np.isnan(nash_bargaining(np.array([50.0, 80.0]), np.array([1.0, 1.0]), 50.0))


def test_weighted_median_tie_midpoint_and_skip_nan() -> None:
    """Exact half-weight tie gives the midpoint by default; NaN (absent actors) is skipped."""
    x = np.array([70.0, np.nan, 100.0])
    w = np.array([1.0, 5.0, 1.0])
    assert weighted_median(x, w) == 85.0
    assert weighted_median(x, w, tie="lower") == 70.0
    with pytest.raises(ValueError, match="tie must be 'midpoint' or 'lower'; got 'upper'"):
        weighted_median(x, w, tie="upper")


def test_weighted_mean_rejects_negative_and_handles_zero_weight() -> None:
    """Negative weights are refused; all-zero weights give nan."""
    with pytest.raises(ValueError, match="weights must be >= 0"):
        weighted_mean(np.array([1.0, 2.0]), np.array([1.0, -1.0]))
    assert np.isnan(weighted_mean(np.array([1.0]), np.array([0.0])))


def test_per_issue_matches_columns() -> None:
    """per_issue applies a one-issue function to each column."""
    x = np.array([[10.0, 0.0], [30.0, 100.0]])
    c = np.ones_like(x)
    s = np.array([[1.0, 1.0], [1.0, 3.0]])
    assert per_issue(compromise, x, c, s).tolist() == [20.0, 75.0]
