"""Correlated inputs: the Cholesky factor, the Gaussian-copula map, the sample space and the
validation of the ``correlations:`` block (located messages are in tests/cli)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from summitry.engines.montecarlo.sampler import (
    Method,
    MonteCarloError,
    cholesky_psd,
    correlate,
    sample,
    sample_space,
    uniforms,
)
from summitry.errors import InputError
from summitry.io.output import dumps
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.model.checks import nearest_correlation
from summitry.model.scenario import Correlations
from summitry.report.montecarlo import to_dict
from summitry.workflows.montecarlo import run_simulation

from ...montecarlo_cases import MIXED, write

INPUTS = (
    "positions.A.X.reservation",
    "positions.B.X.acceptable.1",
    "disagreement.cost.A.value",
    "disagreement.outcome.X.value",
)
MATRIX = ((1, 0.6, -0.3, 0.4), (0.6, 1, 0.2, 0), (-0.3, 0.2, 1, -0.5), (0.4, 0, -0.5, 1))


def correlated_text(inputs: tuple[str, ...] = INPUTS, matrix: object = MATRIX) -> str:
    """:data:`MIXED` with a ``correlations:`` block (flow style)."""
    rows = ", ".join("[" + ", ".join(str(v) for v in row) + "]" for row in matrix)  # type: ignore[attr-defined]
    block = f"correlations:\n  inputs: [{', '.join(inputs)}]\n  matrix: [{rows}]\n  why: test\n"
    return MIXED.format(id="corr") + block


def correlated(tmp: Path) -> LoadedScenario:
    return load_scenario(write(tmp, correlated_text()))


# --------------------------------------------------------------------------- Cholesky


def test_cholesky_reproduces_the_matrix() -> None:
    low = np.array(cholesky_psd(MATRIX))
    assert np.allclose(low @ low.T, np.array(MATRIX, dtype=float), atol=1e-14)
    assert np.all(np.triu(low, 1) == 0)
    assert np.all(np.diag(low) > 0)


def test_cholesky_of_a_semidefinite_matrix_has_a_zero_column() -> None:
    r = [[1.0, 1.0, 0.5], [1.0, 1.0, 0.5], [0.5, 0.5, 1.0]]  # inputs 0 and 1 perfectly tied
    low = np.array(cholesky_psd(r))
    assert low[1, 1] == 0.0
    assert np.allclose(low @ low.T, r, atol=1e-12)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]], r"not positive semi-definite \(pivot"),
        ([[1, 1, 0], [1, 1, 1], [0, 1, 1]], r"not positive semi-definite \(row 2, column 1\)"),
        ([[1, 0.5], [0.4, 1]], r"must be square and symmetric"),
        ([[1, 0.5]], r"must be square and symmetric"),
    ],
)
def test_cholesky_refuses_what_is_not_a_correlation_matrix(matrix: object, message: str) -> None:
    with pytest.raises(MonteCarloError, match=message):
        cholesky_psd(matrix)


def test_nearest_correlation_is_psd_with_unit_diagonal() -> None:
    near = nearest_correlation([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]])
    assert np.allclose(np.diag(near), 1.0)
    assert np.linalg.eigvalsh(near).min() > -1e-8
    cholesky_psd(np.round((near + near.T) / 2, 12).tolist(), tol=1e-8)


# --------------------------------------------------------------------------- the copula map


def test_space_records_columns_and_factor(tmp_path: Path) -> None:
    space = sample_space(correlated(tmp_path).scenario)
    names = [".".join(str(x) for x in p) for p in space.paths]
    assert [names[c] for c in space.corr_cols] == list(INPUTS)
    assert space.corr_factor == cholesky_psd(MATRIX)


def test_uncorrelated_columns_are_untouched_bit_for_bit(tmp_path: Path) -> None:
    space = sample_space(correlated(tmp_path).scenario)
    u = uniforms(space.dim, seed=5, block=0)
    v = correlate(space, u)
    others = [j for j in range(space.dim) if j not in space.corr_cols]
    assert others
    assert np.array_equal(v[:, others], u[:, others])
    first = space.corr_cols[0]  # z'_1 = z_1: the first listed input keeps its uniforms
    assert np.allclose(v[:, first], u[:, first], rtol=0, atol=1e-12)
    assert not np.allclose(v[:, space.corr_cols[1]], u[:, space.corr_cols[1]])


def test_no_correlations_means_no_change(tmp_path: Path) -> None:
    space = sample_space(load_scenario(write(tmp_path, MIXED.format(id="m"))).scenario)
    assert space.corr_cols == ()
    u = uniforms(space.dim, seed=5, block=0)
    assert np.array_equal(correlate(space, u), u)


def test_identity_matrix_changes_nothing_but_rounding(tmp_path: Path) -> None:
    eye = tuple(tuple(1 if i == j else 0 for j in range(2)) for i in range(2))
    text = correlated_text(INPUTS[:2], eye)
    space = sample_space(load_scenario(write(tmp_path, text)).scenario)
    u = uniforms(space.dim, seed=1, block=2)
    assert np.allclose(correlate(space, u), u, rtol=0, atol=1e-12)


@pytest.mark.parametrize("method", list(Method))
def test_every_method_gets_the_correlation(tmp_path: Path, method: Method) -> None:
    space = sample_space(correlated(tmp_path).scenario)
    s = sample(space, 4096, seed=11, method=method)
    x = s.values[:, list(space.corr_cols)]
    rho = stats.spearmanr(x).statistic
    # Spearman of a Gaussian copula: (6/pi) asin(R/2) (Kruskal 1958); loose bound per design
    for i, j in [(0, 1), (0, 2), (2, 3), (1, 3)]:
        expected = 6 / np.pi * np.arcsin(MATRIX[i][j] / 2)
        assert abs(rho[i, j] - expected) < 0.06, (method, i, j, rho[i, j], expected)


def test_same_seed_same_draws_and_draw_i_depends_on_seed_and_i(tmp_path: Path) -> None:
    space = sample_space(correlated(tmp_path).scenario)
    a = sample(space, 3000, seed=2)
    b = sample(space, 3000, seed=2)
    c = sample(space, 1100, seed=2)
    assert np.array_equal(a.values, b.values)
    assert np.array_equal(a.values[:1024], c.values[:1024])
    assert not np.array_equal(a.values, sample(space, 3000, seed=3).values)


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_one_and_two_workers_identical_with_correlations(tmp_path: Path, method: str) -> None:
    loaded = correlated(tmp_path)
    one = run_simulation(loaded, draws=1100, seed=8, method=method)
    two = run_simulation(loaded, draws=1100, seed=8, method=method, workers=2)
    assert dumps(to_dict(one)) == dumps(to_dict(two))
    assert json.loads(dumps(to_dict(one)))["draws"] == 1100


def test_vetoes_keep_their_probability(tmp_path: Path) -> None:
    text = correlated_text(("veto.ratifiers.PARL.p_veto", INPUTS[0]), ((1, 0.9), (0.9, 1)))
    space = sample_space(load_scenario(write(tmp_path, text)).scenario)
    s = sample(space, 20_000, seed=4)
    # PARL's p_veto ~ U(0.2, 0.8): P(veto) = E[p] = 0.5, whatever p is correlated with
    assert abs(s.vetoes[:, 0].mean() - 0.5) < 4 * np.sqrt(0.25 / 20_000)


def test_sample_space_refuses_an_unknown_path_when_checks_were_skipped(tmp_path: Path) -> None:
    scenario = correlated(tmp_path).scenario
    bad = scenario.model_copy(
        update={
            "correlations": Correlations(
                inputs=("disagreement.cost.A", INPUTS[1]), matrix=((1, 0.1), (0.1, 1))
            )
        }
    )
    with pytest.raises(MonteCarloError, match=r"names 'disagreement.cost.A', which is not an"):
        sample_space(bad)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("inputs", "matrix", "message"),
    [
        (INPUTS[:2], ((1, 0.5), (0.5, 1), (0, 0)), "matrix has 3 row(s) of length(s) 2, 2, 2"),
        (INPUTS[:2], ((1, 0.5), (0.5,)), "matrix has 2 row(s) of length(s) 2, 1 for 2 inputs"),
        (INPUTS[:2], ((1, 0.5), (0.5, 0.9)), "diagonal entry matrix[1][1] is not 1"),
        (INPUTS[:2], ((1, 0.5), (-0.5, 1)), "matrix is not symmetric"),
        (INPUTS[:2], ((1, -1.2), (-1.2, 1)), "correlation matrix[0][1] is outside [-1, 1]"),
        (
            INPUTS[:3],
            ((1, 0.9, -0.9), (0.9, 1, 0.9), (-0.9, 0.9, 1)),
            "not positive semi-definite: its smallest eigenvalue is -0.8",
        ),
        (
            ("disagreement.cost.A", INPUTS[1]),
            ((1, 0.5), (0.5, 1)),
            (
                "not an uncertain input of this scenario; got 'disagreement.cost.A'; expected "
                "the dotted path of a number given as a range, triangular, normal or beta spec. "
                "Fix: did you mean disagreement.cost.A.value?"
            ),
        ),
        (
            ("positions.A.Y.ideal", INPUTS[1]),
            ((1, 0.5), (0.5, 1)),
            "Fix: list the uncertain inputs with summitry simulate FILE --format json (inputs)",
        ),
        ((INPUTS[0], INPUTS[0]), ((1, 0.5), (0.5, 1)), "input listed twice"),
        ((), (), "correlations.inputs: no inputs to correlate; got []; expected two or more"),
    ],
)
def test_bad_blocks_are_located_errors(
    tmp_path: Path, inputs: tuple[str, ...], matrix: object, message: str
) -> None:
    path = write(tmp_path, correlated_text(inputs, matrix))
    with pytest.raises(InputError) as err:
        load_scenario(path)
    lines = [p.format() for p in err.value.problems]
    assert any(message in ln for ln in lines), lines
    assert all(ln.startswith(f"{path}:") for ln in lines)


def test_semidefinite_matrix_is_accepted(tmp_path: Path) -> None:
    text = correlated_text(INPUTS[:2], ((1, 1), (1, 1)))
    loaded = load_scenario(write(tmp_path, text))
    space = sample_space(loaded.scenario)
    s = sample(space, 2000, seed=1)
    rho = stats.spearmanr(s.values[:, list(space.corr_cols)]).statistic
    assert rho > 0.999  # comonotone: equal ranks up to the clipping of the uniforms
