"""Classification, counting, intervals, the stopping rule and worker-count determinism."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from scipy import stats

from summitry.engines.bargaining import problem_from_scenario, zone
from summitry.engines.montecarlo import (
    CATEGORIES,
    jeffreys_interval,
    sample,
    sample_space,
    simulate,
    wilson_interval,
)
from summitry.engines.montecarlo.sampler import MonteCarloError
from summitry.engines.montecarlo.simulate import Tally, estimate, evaluate_block, evaluate_sample
from summitry.io.output import dumps
from summitry.report.montecarlo import to_dict
from summitry.workflows.montecarlo import run_simulation

from ...montecarlo_cases import mixed


def test_prescreen_and_lps_classify_like_the_engine_draw_by_draw(tmp_path: Path) -> None:
    """Counts equal a brute-force loop: package zone per draw, side deal A and B gain > 0."""
    scenario = mixed(tmp_path).scenario
    s = sample(sample_space(scenario), 400, seed=17)
    tally = evaluate_sample(scenario, s)
    expected = [0, 0, 0]
    for i in range(len(s)):
        d = s.draw(i)
        problem = problem_from_scenario(scenario, d)
        if zone(problem, frozenset(range(problem.n_issues))).deal:
            expected[0] += 1
        elif d["side_issues", "POW", "value", "A", "value"] > 0:
            expected[1] += 1
        else:
            expected[2] += 1
    assert list(tally.outcomes) == expected
    assert min(expected) > 0  # every category occurs, so the comparison means something
    # draws the pre-screen leaves open are decided by a programme or certified by the witness
    # of an earlier deal in the block (simulate.certified); both happen here
    assert 0 < tally.programs < len(s) - tally.any_blocked
    assert 0 < tally.any_blocked < len(s)


def test_tallies_add_and_categories_partition_the_draws(tmp_path: Path) -> None:
    scenario = mixed(tmp_path).scenario
    a = evaluate_block(scenario, seed=1, block=0, size=100)
    b = evaluate_block(scenario, seed=1, block=1, size=50)
    total = a + b
    assert isinstance(total, Tally)
    assert total.n == 150
    assert sum(total.outcomes) == 150
    assert total.outcomes == tuple(x + y for x, y in zip(a.outcomes, b.outcomes, strict=True))


def test_wilson_interval_known_values() -> None:
    """Wilson (1927) with z = 1.959964: 0/10 -> [0, 0.2775]; 5/10 -> [0.2366, 0.7634]."""
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.27753), abs=1e-5)
    assert wilson_interval(5, 10) == pytest.approx((0.23659, 0.76341), abs=1e-5)
    assert wilson_interval(10, 10)[1] == 1.0


def test_jeffreys_interval_properties() -> None:
    """Brown, Cai & DasGupta (2001): 0 lower bound at k = 0, 1 upper at k = n, symmetric."""
    assert jeffreys_interval(0, 20)[0] == 0.0
    assert jeffreys_interval(20, 20)[1] == 1.0
    lo, hi = jeffreys_interval(3, 20)
    lo2, hi2 = jeffreys_interval(17, 20)
    assert (lo, hi) == pytest.approx((1 - hi2, 1 - lo2))
    assert lo == pytest.approx(stats.beta.ppf(0.025, 3.5, 17.5))
    assert lo < 3 / 20 < hi


def test_estimate_standard_error() -> None:
    e = estimate(30, 100)
    assert e.p == 0.3
    assert e.se == pytest.approx(math.sqrt(0.3 * 0.7 / 100))


@pytest.mark.parametrize(
    ("k", "n", "level"), [(-1, 10, 0.95), (11, 10, 0.95), (1, 0, 0.95), (1, 10, 1.0)]
)
def test_interval_arguments_are_checked(k: int, n: int, level: float) -> None:
    with pytest.raises(MonteCarloError, match=r"need 0 <= k <= n|confidence level must be"):
        wilson_interval(k, n, level)


def test_stopping_rule_stops_at_the_first_block_narrower_than_eps(tmp_path: Path) -> None:
    """With eps = 0.15 one block of 1024 draws suffices (widest Wilson width <= 2 * 1.96 *
    0.5 / 32 = 0.061); the result does not depend on how many blocks are computed ahead."""
    scenario = mixed(tmp_path).scenario
    one = simulate(scenario, seed=3, max_draws=5000, eps=0.15)
    ahead = simulate(scenario, seed=3, max_draws=5000, eps=0.15, blocks_per_round=3)
    assert one.draws == ahead.draws == 1024
    assert one.stopped_by == "eps"
    assert one.tally == ahead.tally
    assert one.widest < 0.15
    full = simulate(scenario, seed=3, max_draws=1500, eps=0.001)
    assert full.stopped_by == "max_draws"
    assert full.draws == 1500


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"eps": 0.0}, r"eps must be a number in \(0, 1\), got 0\.0\. Fix: pass e\.g\. --eps"),
        ({"eps": 1.5}, r"eps must be a number in \(0, 1\), got 1\.5"),
        ({"blocks_per_round": 0}, r"blocks_per_round must be >= 1, got 0"),
    ],
)
def test_bad_simulate_options(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    scenario = mixed(tmp_path).scenario
    with pytest.raises(MonteCarloError, match=message):
        simulate(scenario, seed=1, max_draws=10, **kwargs)  # type: ignore[arg-type]


def test_bad_worker_count(tmp_path: Path) -> None:
    with pytest.raises(MonteCarloError, match=r"workers must be a positive integer, got 0"):
        run_simulation(mixed(tmp_path), draws=10, seed=1, workers=0)


@pytest.mark.parametrize("method", ["mc", "sobol"])
def test_one_and_two_worker_processes_give_identical_json(tmp_path: Path, method: str) -> None:
    loaded = mixed(tmp_path)
    one = run_simulation(loaded, draws=1300, seed=8, workers=1, method=method)
    two = run_simulation(loaded, draws=1300, seed=8, workers=2, method=method)
    assert dumps(to_dict(one)) == dumps(to_dict(two))
    data = json.loads(dumps(to_dict(one)))
    assert data["seed"] == 8
    assert data["draws"] == 1300
    assert sum(data["outcomes"][c]["k"] for c in CATEGORIES) == 1300


def test_fresh_seed_is_recorded(tmp_path: Path) -> None:
    run = run_simulation(mixed(tmp_path), draws=20)
    assert isinstance(run.simulation.seed, int)
    assert run.simulation.seed >= 0
    again = run_simulation(mixed(tmp_path), draws=20, seed=run.simulation.seed)
    assert again.simulation.tally == run.simulation.tally
