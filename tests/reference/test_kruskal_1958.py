"""Gaussian-copula sampling of correlated inputs against the bivariate-normal identities.

For a Gaussian copula with correlation R (the correlation of the normal scores), the bivariate
normal identities reviewed by Kruskal (1958) give Kendall's tau = (2/pi) asin R and Spearman's
rank correlation rho_S = (6/pi) asin(R/2) (Pearson's 1907 result). The sampler's normal scores
must have Pearson correlation R, the inputs these rank correlations, and every marginal must be
unchanged (Kolmogorov-Smirnov against the specified distribution). Tolerances are Monte Carlo
errors: 4 standard errors at n = 20,480 plain Monte Carlo draws.

Kruskal, W. H. (1958). Ordinal measures of association. JASA 53(284), 814-861.
doi:10.1080/01621459.1958.10501481
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from summitry.engines.montecarlo.sampler import sample, sample_space
from summitry.io.scenario import load_scenario

from ..montecarlo_cases import write
from ..unit.montecarlo.test_correlations import INPUTS, MATRIX, correlated_text

N = 20 * 1024


@pytest.fixture(scope="module")
def draws(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """The four correlated inputs of 20,480 draws (seed 1958)."""
    path = write(tmp_path_factory.mktemp("kruskal"), correlated_text())
    space = sample_space(load_scenario(path).scenario)
    s = sample(space, N, seed=1958)
    return np.asarray(s.values[:, list(space.corr_cols)])


# the marginals as MIXED (tests/montecarlo_cases.py) specifies them, written out with scipy
MARGINALS = (
    stats.triang(c=0.5, loc=40, scale=30),  # reservation triangular [40, 55, 70]
    stats.uniform(loc=45, scale=30),  # acceptable hi range [45, 75]
    stats.triang(c=1 / 3, loc=0, scale=15),  # cost triangular [0, 5, 15]
    stats.truncnorm(a=-5.5, b=4.5, loc=55, scale=10),  # normal(55, 10) truncated to [0, 100]
)


def test_normal_scores_have_pearson_correlation_r(draws: np.ndarray) -> None:
    """The copula's R is the normal scores' correlation; s.e. of r about (1 - R^2)/sqrt(n)."""
    scores = np.column_stack([stats.norm.ppf(m.cdf(draws[:, j])) for j, m in enumerate(MARGINALS)])
    r = np.corrcoef(scores, rowvar=False)
    for i in range(4):
        for j in range(i + 1, 4):
            se = (1 - MATRIX[i][j] ** 2) / math.sqrt(N)
            assert abs(r[i, j] - MATRIX[i][j]) < 4 * se + 1e-12, (i, j, r[i, j])


def test_spearman_is_six_over_pi_asin_half_r(draws: np.ndarray) -> None:
    """Kruskal (1958): rho_S = (6/pi) asin(R/2); s.e. of rho_S at most about 1/sqrt(n)."""
    rho = stats.spearmanr(draws).statistic
    for i in range(4):
        for j in range(i + 1, 4):
            expected = 6 / math.pi * math.asin(MATRIX[i][j] / 2)
            assert abs(rho[i, j] - expected) < 4 / math.sqrt(N), (i, j, rho[i, j], expected)


def test_kendall_is_two_over_pi_asin_r(draws: np.ndarray) -> None:
    """Kruskal (1958): tau = (2/pi) asin R; s.e. of tau about sqrt(4/(9n)) or less."""
    for i, j in [(0, 1), (0, 3), (2, 3)]:
        tau = stats.kendalltau(draws[:, i], draws[:, j]).statistic
        expected = 2 / math.pi * math.asin(MATRIX[i][j])
        assert abs(tau - expected) < 4 * math.sqrt(4 / (9 * N)), (i, j, tau, expected)


@pytest.mark.parametrize("j", range(4), ids=list(INPUTS))
def test_marginals_are_unchanged(draws: np.ndarray, j: int) -> None:
    """Each z'_i is standard normal, so u'_i is uniform and the inverse CDF gives F_i exactly."""
    result = stats.kstest(draws[:, j], MARGINALS[j].cdf)
    assert result.pvalue > 0.001, result
    assert abs(draws[:, j].mean() - MARGINALS[j].mean()) < 4 * MARGINALS[j].std() / math.sqrt(N)


def test_independent_inputs_stay_independent(tmp_path: Path) -> None:
    """An input outside the block keeps rank correlation ~0 with those inside."""
    space = sample_space(load_scenario(write(tmp_path, correlated_text())).scenario)
    s = sample(space, N, seed=7)
    free = next(j for j in range(len(space.paths)) if j not in space.corr_cols)
    for c in space.corr_cols:
        rho = stats.spearmanr(s.values[:, free], s.values[:, c]).statistic
        assert abs(rho) < 4 / math.sqrt(N)
