"""The sampler: marginals, Bernoulli vetoes, the seed/block scheme, option errors."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from summitry.engines.bargaining import problem_from_scenario
from summitry.engines.montecarlo.sampler import (
    BLOCK_SIZE,
    MonteCarloError,
    SampleSpace,
    block_seed,
    field_bounds,
    sample,
    sample_block,
    sample_space,
    uniforms,
)
from summitry.engines.montecarlo.simulate import screen
from summitry.io.scenario import load_scenario
from summitry.model.uncertain import (
    BetaParams,
    BetaSpec,
    NormalParams,
    NormalSpec,
    RangeSpec,
    TriangularSpec,
    UncertainSpec,
)

from ...montecarlo_cases import mixed

FLAGSHIP = Path(__file__).resolve().parents[3] / "scenarios" / "putin-trump-talks.yaml"
INF = math.inf

# (spec, field bounds, the frozen scipy distribution it must follow)
KINDS: list[tuple[UncertainSpec, tuple[float, float], object]] = [
    (RangeSpec(range=(10.0, 30.0)), (0.0, 100.0), stats.uniform(10.0, 20.0)),
    (TriangularSpec(triangular=(0.0, 20.0, 50.0)), (0.0, 100.0), stats.triang(0.4, 0.0, 50.0)),
    (TriangularSpec(triangular=(60.0, 60.0, 90.0)), (0.0, 100.0), stats.triang(0.0, 60.0, 30.0)),
    (NormalSpec(normal=NormalParams(mean=-3.0, sd=2.0)), (-INF, INF), stats.norm(-3.0, 2.0)),
    (
        NormalSpec(normal=NormalParams(mean=5.0, sd=10.0)),
        (0.0, INF),
        stats.truncnorm(-0.5, INF, loc=5.0, scale=10.0),
    ),
    (
        NormalSpec(normal=NormalParams(mean=90.0, sd=20.0)),
        (0.0, 100.0),
        stats.truncnorm(-4.5, 0.5, loc=90.0, scale=20.0),
    ),
    (BetaSpec(beta=BetaParams(a=2.0, b=5.0)), (0.0, 1.0), stats.beta(2.0, 5.0)),
    (
        BetaSpec(beta=BetaParams(a=0.5, b=0.5, lo=20.0, hi=40.0)),
        (0.0, 100.0),
        stats.beta(0.5, 0.5, loc=20.0, scale=20.0),
    ),
]


def _space(specs: list[tuple[UncertainSpec, tuple[float, float]]]) -> SampleSpace:
    return SampleSpace(
        paths=tuple(("x", j) for j in range(len(specs))),
        specs=tuple(s for s, _ in specs),
        bounds=tuple(b for _, b in specs),
        ratifiers=(),
        p_veto=(),
    )


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_each_kind_reproduces_mean_variance_and_range(method: str) -> None:
    """Mean within 4 Monte Carlo standard errors, variance within 4 s.e. of the sample variance
    (s.e. from the fourth central moment), every value inside the support."""
    n = 16_384
    s = sample(_space([(k, b) for k, b, _ in KINDS]), n, seed=2024, method=method)
    assert s.values.shape == (n, len(KINDS))
    for j, (_, _, dist) in enumerate(KINDS):
        x = s.values[:, j]
        mean, var = dist.mean(), dist.var()  # type: ignore[attr-defined]
        assert abs(x.mean() - mean) < 4 * math.sqrt(var / n), j
        m4 = float(np.mean((x - x.mean()) ** 4))
        assert abs(x.var() - var) < 4 * math.sqrt((m4 - var**2) / n), j
        lo, hi = dist.support()  # type: ignore[attr-defined]
        assert np.all(x >= lo), j
        assert np.all(x <= hi), j


def test_truncated_normal_respects_field_bounds() -> None:
    spec = NormalSpec(normal=NormalParams(mean=98.0, sd=10.0))
    s = sample(_space([(spec, (0.0, 100.0))]), 4096, seed=1)
    assert s.values.max() <= 100.0
    assert s.values.min() >= 0.0
    assert s.values.mean() < 98.0  # truncation from above pulls the mean down


def test_field_bounds_by_path() -> None:
    assert field_bounds(("positions", "A", "X", "reservation")) == (0.0, 100.0)
    assert field_bounds(("positions", "A", "X", "salience")) == (0.0, INF)
    assert field_bounds(("veto", "ratifiers", "R", "p_veto")) == (0.0, 1.0)
    assert field_bounds(("veto", "ratifiers", "R", "conditions", "X", "max")) == (0.0, 100.0)
    assert field_bounds(("disagreement", "cost", "A", "value")) == (0.0, INF)
    assert field_bounds(("disagreement", "outcome", "X", "value")) == (0.0, 100.0)
    assert field_bounds(("commitment", "compliance", "A", "value")) == (0.0, 1.0)
    assert field_bounds(("commitment", "exposure", "A", "value")) == (0.0, INF)
    assert field_bounds(("side_issues", "S", "value", "A", "value")) == (-INF, INF)


def test_vetoes_are_bernoulli_with_fixed_or_drawn_probability(tmp_path: Path) -> None:
    """PARL: p_veto ~ U[0.2, 0.8] so P(veto) = 0.5; COURT: fixed 0.3. And the veto is drawn
    given the drawn p: the veto rate among draws with p > 0.65 is above 0.65."""
    space = sample_space(mixed(tmp_path).scenario)
    assert space.ratifiers == ("PARL", "COURT")
    n = 20_000
    s = sample(space, n, seed=7)
    for m, p in enumerate((0.5, 0.3)):
        assert abs(s.vetoes[:, m].mean() - p) < 4 * math.sqrt(p * (1 - p) / n)
    col = space.paths.index(("veto", "ratifiers", "PARL", "p_veto"))
    high = s.values[:, col] > 0.65
    assert s.vetoes[high, 0].mean() > 0.65


def test_draw_puts_the_veto_at_the_p_veto_path(tmp_path: Path) -> None:
    s = sample(sample_space(mixed(tmp_path).scenario), 50, seed=3)
    for i in range(50):
        d = s.draw(i)
        assert d["veto", "ratifiers", "PARL", "p_veto"] == float(s.vetoes[i, 0])
        assert d["veto", "ratifiers", "COURT", "p_veto"] == float(s.vetoes[i, 1])
        assert d["positions", "A", "X", "reservation"] == s.values[i, 1]


def test_same_seed_same_draws_different_seed_different_draws(tmp_path: Path) -> None:
    space = sample_space(mixed(tmp_path).scenario)
    for method in ("mc", "lhs", "sobol"):
        a = sample(space, 300, seed=11, method=method)
        b = sample(space, 300, seed=11, method=method)
        c = sample(space, 300, seed=12, method=method)
        assert np.array_equal(a.values, b.values)
        assert np.array_equal(a.vetoes, b.vetoes)
        assert not np.array_equal(a.values, c.values)


@pytest.mark.parametrize("method", ["mc", "sobol"])
def test_draw_i_depends_only_on_seed_and_i(method: str) -> None:
    """The first draws of a longer run equal a shorter run's; any block drawn alone equals its
    slice of the whole run (so splitting blocks across workers changes nothing)."""
    dim = 6
    space = _space([(RangeSpec(range=(0.0, 1.0)), (0.0, 1.0))] * dim)
    long = sample(space, 3 * BLOCK_SIZE + 5, seed=99, method=method)
    short = sample(space, BLOCK_SIZE + 17, seed=99, method=method)
    assert np.array_equal(long.values[: BLOCK_SIZE + 17], short.values)
    block2 = sample_block(space, seed=99, block=2, method=method)
    assert block2.start == 2 * BLOCK_SIZE
    assert np.array_equal(block2.values, long.values[2 * BLOCK_SIZE : 3 * BLOCK_SIZE])


def test_block_seed_is_the_spawned_child() -> None:
    child = np.random.SeedSequence(5).spawn(4)[3]
    assert np.array_equal(block_seed(5, 3).generate_state(4), child.generate_state(4))


def test_lhs_block_is_stratified_in_every_column() -> None:
    u = uniforms(3, seed=4, block=0, size=64, method="lhs")
    for j in range(3):
        assert sorted(np.floor(u[:, j] * 64).astype(int).tolist()) == list(range(64))


def test_prescreen_box_equals_the_engine_hard_box() -> None:
    """The vectorised box matches problem_from_scenario(...).hard_box() draw by draw."""
    scenario = load_scenario(FLAGSHIP).scenario
    space = sample_space(scenario)
    s = sample(space, 200, seed=5)
    lo, hi = screen(scenario, space).box(s)
    for i in range(len(s)):
        e_lo, e_hi = problem_from_scenario(scenario, s.draw(i)).hard_box()
        np.testing.assert_allclose(lo[i], e_lo)
        np.testing.assert_allclose(hi[i], e_hi)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"draws": 0}, r"number of draws must be a positive integer, got 0\. Fix: pass"),
        ({"draws": 2.5}, r"number of draws must be a positive integer, got 2\.5"),
        ({"seed": -1}, r"seed must be a non-negative integer, got -1\. Fix: pass e\.g\. --seed"),
        ({"seed": True}, r"seed must be a non-negative integer, got True"),
        ({"method": "grid"}, r"unknown sampling method 'grid'; expected one of mc, lhs, sobol"),
    ],
)
def test_bad_options_give_clear_errors(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"draws": 10, "seed": 1, "method": "mc", **kwargs}
    space = _space([(RangeSpec(range=(0.0, 1.0)), (0.0, 1.0))])
    with pytest.raises(MonteCarloError, match=message):
        sample(space, args["draws"], seed=args["seed"], method=args["method"])  # type: ignore[arg-type]


def test_block_size_is_checked() -> None:
    with pytest.raises(MonteCarloError, match=r"block size must be in 1\.\.1024, got 2000"):
        uniforms(2, seed=1, block=0, size=2000)
