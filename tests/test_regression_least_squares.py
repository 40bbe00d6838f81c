"""Chapter 06's additions to coursekit: generalisation, computed, drawn and explored.

``regression.least_squares`` (stable least squares, with an optional L2
penalty), the figures ``plots.polynomial_curve``,
``capacity_curve``, ``weight_histograms``, ``weight_scale`` and
``penalty_shapes``, and ``widgets.polynomial_explorer`` driven headless

Their figures are tested in tests/plots/ and the explorers in tests/widgets/.
"""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from coursekit import experiments as ex
from coursekit import regression as reg
from coursekit import widgets as w

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ least_squares
def test_least_squares_equals_the_normal_equations_when_they_are_well_conditioned():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 50))
    Y = np.array([[1.0, -2.0, 0.5]]) @ X + 0.7 + 0.1 * rng.standard_normal((1, 50))
    w_ne, b_ne = reg.normal_equations(X, Y)
    w_ls, b_ls = reg.least_squares(X, Y)
    assert w_ls.shape == (3, 1) and isinstance(b_ls, float)
    np.testing.assert_allclose(w_ls, w_ne, rtol=1e-9)
    assert b_ls == pytest.approx(b_ne, rel=1e-9)


@pytest.mark.parametrize("l2", [1e-4, 0.1, 3.0])
def test_least_squares_with_l2_sets_the_penalised_gradient_to_zero(l2):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((4, 30))
    Y = rng.standard_normal((1, 30))
    w, b = reg.least_squares(X, Y, l2=l2)
    R = w.T @ X + b - Y                                  # residuals
    np.testing.assert_allclose(X @ R.T / 30 + l2 * w, 0.0, atol=1e-10)   # dJ/dw = X R^T / m + l2 w
    assert np.mean(R) == pytest.approx(0.0, abs=1e-10)                   # dJ/db: the bias is not penalised
    w0, _ = reg.least_squares(X, Y)
    assert np.linalg.norm(w) < np.linalg.norm(w0)                        # the penalty shrinks the weights


def test_least_squares_handles_high_degrees_and_more_weights_than_points():
    x, y = ex.polynomial_data(12, 0.2, seed=0)
    for degree in (11, 15):
        F = reg.polynomial_features(x, degree)
        w, b = reg.least_squares(F, y)
        assert np.all(np.isfinite(w))
        np.testing.assert_allclose(w.T @ F + b, y, atol=1e-8)           # through every point
    with pytest.raises(ValueError):
        reg.normal_equations(reg.polynomial_features(x, 15), y)        # the closed form gives up here


@pytest.mark.parametrize("args, error", [
    ((np.ones(5), np.ones((1, 5))), ValueError),
    ((np.ones((2, 5)), np.ones((1, 4))), ValueError),
    ((np.ones((2, 5)), np.ones((1, 5)), -1.0), ValueError),
    ((np.ones((2, 5)), np.ones((1, 5)), "big"), TypeError),
])
def test_least_squares_refuses_bad_input(args, error):
    with pytest.raises(error):
        reg.least_squares(*args)


