"""The fix suggested for a correlation matrix that is not positive semi-definite: the nearest
correlation matrix, Higham (2002).

Higham, N. J. (2002). Computing the nearest correlation matrix -- a problem from finance.
IMA Journal of Numerical Analysis 22(3), 329-343. doi:10.1093/imanum/22.3.329
"""

from __future__ import annotations

import numpy as np

from summitry.model.checks import nearest_correlation


def test_the_papers_three_by_three_example() -> None:
    """The 3 x 3 example of Higham (2002) (also in his ``nearcorr`` documentation):
    A = [[1, 1, 0], [1, 1, 1], [0, 1, 1]] has nearest correlation matrix with off-diagonals
    0.7607 and 0.1573 (4 decimals, as printed there)."""
    near = nearest_correlation([[1, 1, 0], [1, 1, 1], [0, 1, 1]], iterations=1000)
    expected = np.array([[1, 0.7607, 0.1573], [0.7607, 1, 0.7607], [0.1573, 0.7607, 1]])
    assert np.allclose(near, expected, atol=5e-5)
    assert np.linalg.eigvalsh(near).min() > -1e-10


def test_a_valid_correlation_matrix_is_its_own_nearest() -> None:
    """Both projections fix a matrix already in the set, so the iteration returns it."""
    r = np.array([[1, 0.3, -0.2], [0.3, 1, 0.5], [-0.2, 0.5, 1]])
    assert np.allclose(nearest_correlation(r), r, atol=1e-12)
