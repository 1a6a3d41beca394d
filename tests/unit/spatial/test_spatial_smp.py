"""Unit tests of the SMP engine (summitry.engines.spatial.smp)."""

from __future__ import annotations

import numpy as np
import pytest

from summitry.engines.spatial.smp import run_smp

X = np.array([[10.0], [50.0], [90.0], [55.0]])
S = np.array([[80.0], [50.0], [90.0], [40.0]])
C = np.array([1.0, 2.0, 1.0, 1.5])


def test_probabilities_sum_to_one_over_distinct_positions() -> None:
    """Each state's win probabilities over distinct positions sum to 1; positions stay in
    [0, 100]; the run stops within the turn cap."""
    res = run_smp(X, S, C)
    assert 2 <= res.turns <= 100
    assert np.all((res.positions >= 0) & (res.positions <= 100))
    for t in range(res.turns + 1):
        pos = res.positions[t, :, 0]
        seen: dict[float, float] = {}
        for k, p in enumerate(res.probabilities[t]):
            key = round(float(pos[k]), 6)
            seen.setdefault(key, float(p))
        if len(seen) == len(pos):  # all distinct: the probabilities are a distribution
            assert sum(seen.values()) == pytest.approx(1.0)


def test_deterministic() -> None:
    """Same input, same trajectory (deterministic mode)."""
    a, b = run_smp(X, S, C), run_smp(X, S, C)
    assert a.positions.tolist() == b.positions.tolist()


def test_input_errors() -> None:
    """Too few actors, salience totals above 100 and zero capability are refused."""
    with pytest.raises(ValueError, match="at least 3 actors; got 2"):
        run_smp(X[:2], S[:2], C[:2])
    with pytest.raises(ValueError, match="sum to more than 0 and at most 100"):
        run_smp(X, S * 2, C)
    with pytest.raises(ValueError, match="capabilities must be > 0"):
        run_smp(X, S, np.array([1.0, 0.0, 1.0, 1.0]))
