"""Unit tests of the equal-gain exchange model (summitry.engines.spatial.exchange)."""

from __future__ import annotations

import numpy as np
import pytest

from summitry.engines.spatial.exchange import run_exchange

# Two actors, two issues: A (right of both outcomes) and B (left of both); A cares about p,
# B about q, so A supplies q and B supplies p.
X = np.array([[100.0, 100.0], [0.0, 0.0]])
S = np.array([[0.8, 0.2], [0.2, 0.8]])
C = np.array([[1.0, 1.0], [1.0, 1.0]])


def test_two_actor_exchange_equal_gain() -> None:
    """One exchange; both gain equally: G = dO_q s_iq - dO_p s_ip for each side."""
    rnd = run_exchange(X, S, C, rounds=1)[0]
    assert len(rnd.exchanges) == 1
    e = rnd.exchanges[0]
    assert (e.actor_i, e.supply_i, e.actor_j, e.supply_j) == (0, 1, 1, 0)
    o0 = rnd.preference_outcome
    o1 = rnd.voting_outcome
    d_p, d_q = abs(o1[0] - o0[0]), abs(o1[1] - o0[1])
    gain_a = S[0, 0] * d_p - S[0, 1] * d_q
    gain_b = S[1, 1] * d_q - S[1, 0] * d_p
    assert gain_a == pytest.approx(gain_b, rel=1e-12)
    assert gain_a == pytest.approx(e.gain, rel=1e-12)
    assert gain_a > 0


def test_float_and_decimal_agree_without_ties() -> None:
    """Both arithmetics give the same result when no tie is involved."""
    a = run_exchange(X, S, C, rounds=3, arithmetic="decimal")
    b = run_exchange(X, S, C, rounds=3, arithmetic="float")
    for ra, rb in zip(a, b, strict=True):
        np.testing.assert_allclose(ra.voting_outcome, rb.voting_outcome, rtol=1e-12, atol=1e-9)


def test_preference_update_rule() -> None:
    """x' = (1 - 0.1 - 0.4(1 - s)) x + (0.1 + 0.4(1 - s)) y on the supply issue."""
    rnd = run_exchange(X, S, C, rounds=1)[0]
    e = rnd.exchanges[0]
    w = 0.1 + 0.4 * (1 - S[0, 1])
    assert rnd.preference_positions[0, 1] == pytest.approx((1 - w) * 100.0 + w * e.y_i)


def test_invalid_options() -> None:
    """Bad option values are refused with the value in the message."""
    with pytest.raises(ValueError, match="tie_break must be 'order' or 'random'; got 'coin'"):
        run_exchange(X, S, C, tie_break="coin")
    with pytest.raises(ValueError, match="rounds must be >= 1; got 0"):
        run_exchange(X, S, C, rounds=0)
    with pytest.raises(ValueError, match="rate must be 'equal' or 'random'; got 'fixed'"):
        run_exchange(X, S, C, rate="fixed")
    with pytest.raises(ValueError, match="arithmetic must be 'decimal' or 'float'"):
        run_exchange(X, S, C, arithmetic="int")


def test_random_rate_both_gain_and_rate_in_range() -> None:
    """Random-rate model: the realised rate dO_q/dO_p lies between the partners' salience ratios
    s_jp/s_jq (B: 0.25) and s_ip/s_iq (A: 4), and both partners gain."""
    rates = set()
    for seed in range(5):
        rnd = run_exchange(X, S, C, rounds=1, rate="random", rng=seed)[0]
        assert len(rnd.exchanges) == 1
        d_p = abs(rnd.voting_outcome[0] - rnd.preference_outcome[0])
        d_q = abs(rnd.voting_outcome[1] - rnd.preference_outcome[1])
        rho = d_q / d_p
        assert 0.25 < rho < 4.0
        assert S[0, 0] * d_p - S[0, 1] * d_q > 0  # A demands p, supplies q
        assert S[1, 1] * d_q - S[1, 0] * d_p > 0  # B demands q, supplies p
        rates.add(round(rho, 9))
    assert len(rates) == 5
    same = [run_exchange(X, S, C, rounds=2, rate="random", rng=3) for _ in range(2)]
    assert [r.voting_outcome.tolist() for r in same[0]] == [
        r.voting_outcome.tolist() for r in same[1]
    ]
