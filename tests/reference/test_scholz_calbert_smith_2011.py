"""Reference tests: Scholz, Calbert & Smith (2011), BDM's EU emission-standards example.

Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno De Mesquita's group
decision model. Journal of Theoretical Politics 23(4):510-531. The input table is Bueno de
Mesquita (1994), Table on p. 78 (design note bargaining-models.md §3.3); the round-by-round
move list, medians, means and round-1 risk exponents are those of the Scholz-faithful
replication (jmckib, commit e9d86fe), which matches the paper's published mean-position figure.
"""

from __future__ import annotations

import numpy as np
import pytest

from summitry.engines.spatial.baselines import compromise, weighted_median
from summitry.engines.spatial.eum import (
    Capitulation,
    EUMOptions,
    OfferChoice,
    Probability,
    RiskBasis,
    run_eum,
)

NAMES = [
    "Netherlands",
    "Belgium",
    "Luxembourg",
    "Germany",
    "France",
    "Italy",
    "UK",
    "Ireland",
    "Denmark",
    "Greece",
]
C = np.array([0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08])
X = np.array([4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0])
S = np.array([80, 40, 20, 80, 60, 60, 90, 10, 100, 70]) / 100.0

# (actor, new position, type, partner) per round; median and c*s mean after the round
# (bargaining-models.md §3.3 table).
MOVES = [
    (
        [
            ("Belgium", 8.416, "compromise", "France"),
            ("Luxembourg", 7.000, "confrontation", "Belgium"),
            ("Ireland", 4.000, "confrontation", "Luxembourg"),
        ],
        8.4159,
        7.4613,
    ),
    (
        [
            ("Belgium", 9.611, "compromise", "France"),
            ("Luxembourg", 8.416, "confrontation", "Belgium"),
            ("Ireland", 7.000, "confrontation", "Luxembourg"),
        ],
        9.6109,
        7.5525,
    ),
    (
        [
            ("Belgium", 9.962, "compromise", "France"),
            ("Luxembourg", 9.611, "confrontation", "Belgium"),
            ("Ireland", 8.416, "confrontation", "Luxembourg"),
        ],
        9.9620,
        7.5901,
    ),
    (
        [
            ("Belgium", 4.801, "compromise", "Netherlands"),
            ("Luxembourg", 9.962, "confrontation", "Belgium"),
            ("Ireland", 9.611, "confrontation", "Luxembourg"),
        ],
        9.9620,
        7.3581,
    ),
    (
        [
            ("Belgium", 5.524, "compromise", "France"),
            ("Luxembourg", 4.801, "confrontation", "Belgium"),
            ("Ireland", 9.962, "confrontation", "Luxembourg"),
        ],
        9.9620,
        7.3492,
    ),
    (
        [
            ("Belgium", 7.472, "compromise", "France"),
            ("Luxembourg", 5.524, "confrontation", "Belgium"),
            ("Ireland", 5.524, "confrontation", "Belgium"),
        ],
        7.4720,
        7.4149,
    ),
    (
        [
            ("Belgium", 8.825, "compromise", "France"),
            ("Luxembourg", 7.472, "confrontation", "Belgium"),
            ("Ireland", 7.472, "confrontation", "Belgium"),
        ],
        8.8246,
        7.5105,
    ),
    (
        [
            ("Belgium", 9.671, "compromise", "France"),
            ("Luxembourg", 8.825, "confrontation", "Belgium"),
            ("Ireland", 8.825, "confrontation", "Belgium"),
        ],
        9.6711,
        7.5724,
    ),
    (
        [
            ("Belgium", 4.145, "compromise", "Netherlands"),
            ("Luxembourg", 9.671, "confrontation", "Belgium"),
            ("Ireland", 9.671, "confrontation", "Belgium"),
        ],
        9.6711,
        7.3250,
    ),
    (
        [
            ("Belgium", 4.292, "compromise", "France"),
            ("Luxembourg", 4.145, "confrontation", "Belgium"),
            ("Ireland", 4.145, "confrontation", "Belgium"),
        ],
        7.0000,
        7.2421,
    ),
]


def test_compromise_and_median() -> None:
    """Scholz et al. (2011) / BDM (1994) EU example: CM = 7.39 and median = 7."""
    assert round(compromise(X, C, S), 2) == 7.39
    assert weighted_median(X, C * S) == 7.0
    res = run_eum(X, C, S, rounds=1)
    assert (round(res.initial_mean, 2), res.initial_median) == (7.39, 7.0)


def test_published_move_list_ten_rounds() -> None:
    """§3.3 table: every round's movers, new positions (3 decimals), medians and means (4)."""
    res = run_eum(X, C, S, rounds=10)
    for k, (moves, median, mean) in enumerate(MOVES, start=1):
        rnd = res.rounds[k - 1]
        got = [(NAMES[m.actor], round(m.new, 3), m.kind, NAMES[m.partner]) for m in rnd.moves]
        assert got == moves, f"round {k}"
        assert round(rnd.median, 4) == pytest.approx(median, abs=1e-9), f"round {k}"
        assert round(rnd.mean, 4) == pytest.approx(mean, abs=1e-9), f"round {k}"


def test_round_one_risk_exponents() -> None:
    """§3.3: risk exponents used in round 1 (Scholz-faithful code), 4 decimals."""
    res = run_eum(X, C, S, rounds=1)
    expected = [1.4057, 0.7542, 0.5089, 1.4057, 1.0465, 1.0465, 1.9649, 0.5000, 2.0000, 1.1121]
    assert np.round(res.rounds[0].risk, 4).tolist() == expected


@pytest.mark.parametrize(
    "options",
    [
        EUMOptions.printed(),
        EUMOptions(probability=Probability.NET),
        EUMOptions(risk_basis=RiskBasis.POSITIONS),
        EUMOptions(offer_choice=OfferChoice.SMALLEST_MOVE, capitulation=Capitulation.PAPER),
        EUMOptions(q=0.5, t=0.5, median_is_mean=True, position_range=10.0),
        EUMOptions(resist_salience_typo=True, votes_use_risk=False),
    ],
)
def test_variants_stay_in_range_and_differ(options: EUMOptions) -> None:
    """Every option set keeps positions within the initial range, r in [0.5, 2], and changes
    the trajectory relative to Scholz's code (so no option is inert on this case)."""
    res = run_eum(X, C, S, rounds=10, options=options)
    assert all(4.0 <= v <= 10.0 for r in res.rounds for v in r.positions)
    assert all(0.5 - 1e-12 <= v <= 2 + 1e-12 for r in res.rounds for v in r.risk)
    base = run_eum(X, C, S, rounds=10)
    assert [r.positions.tolist() for r in res.rounds] != [r.positions.tolist() for r in base.rounds]


def test_risk_neutral_votes_keep_movers_and_mean_band() -> None:
    """§3.3 (c): with risk-neutral votes Belgium, Luxembourg and Ireland are the only movers and
    the c·s mean stays within [7.2, 7.6]."""
    res = run_eum(X, C, S, rounds=10, options=EUMOptions(votes_use_risk=False))
    movers = {NAMES[m.actor] for r in res.rounds for m in r.moves}
    assert movers == {"Belgium", "Luxembourg", "Ireland"}
    assert all(7.2 <= r.mean <= 7.6 for r in res.rounds)


def test_stopping_rule_stops_when_still() -> None:
    """With stop_when_still, a run stops at the first round in which nobody moves."""
    x = np.array([0.0, 10.0])
    res = run_eum(x, np.ones(2), np.ones(2), rounds=50, options=EUMOptions(stop_when_still=True))
    assert len(res.rounds) < 50
    assert not res.rounds[-1].moves
