"""Regression: normal equations against numpy, gradient descent reaching them, MAE vs MSE
gradients, divergence, polynomial features, and the loop vs vectorised logistic gradient."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from coursekit import data, regression as reg


def _linear_data(noise, m=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, m))
    w, b = np.array([[1.5], [-2.0], [0.5]]), 0.7
    Y = w.T @ X + b + noise * rng.standard_normal((1, m))
    return X, Y, w, b


def test_normal_equations_recover_noiseless_weights():
    """With Y = w^T X + b exactly, the closed form gives back w and b."""
    X, Y, w, b = _linear_data(noise=0.0)
    w_hat, b_hat = reg.normal_equations(X, Y)
    assert w_hat.shape == (3, 1) and isinstance(b_hat, float)
    np.testing.assert_allclose(w_hat, w, rtol=1e-10)
    assert b_hat == pytest.approx(b, rel=1e-10)


def test_normal_equations_equal_lstsq_on_noisy_data():
    """On noisy data they give the least-squares fit numpy's lstsq finds."""
    X, Y, _, _ = _linear_data(noise=0.5, seed=1)
    w_hat, b_hat = reg.normal_equations(X, Y)
    design = np.vstack([X, np.ones((1, X.shape[1]))]).T
    theta = np.linalg.lstsq(design, Y.T, rcond=None)[0]
    np.testing.assert_allclose(w_hat, theta[:-1], rtol=1e-9)
    assert b_hat == pytest.approx(theta[-1, 0], rel=1e-9)


@pytest.mark.parametrize("make_X", [
    pytest.param(lambda x: np.vstack([x, x]), id="repeated feature"),
    pytest.param(lambda x: np.vstack([x, 3 * x]), id="scaled feature"),
    pytest.param(lambda x: np.vstack([x, 2 * x - 0.3]), id="affine feature"),
    pytest.param(lambda x: np.vstack([x, np.full_like(x, 4.0)]), id="constant feature"),
    pytest.param(lambda x: np.vstack([x[:, :3] ** k for k in range(1, 6)]), id="fewer samples"),
])
def test_singular_X_is_refused(make_X):
    """Dependent rows have no unique solution, even when rounding hides it from solve()
    (regression test: the scaled, affine and too-few-samples cases returned garbage)."""
    x = np.random.default_rng(0).standard_normal((1, 30))
    X = make_X(x)
    with pytest.raises(ValueError, match="the normal equations have no unique solution"):
        reg.normal_equations(X, np.ones((1, X.shape[1])))


def test_gradient_descent_approaches_the_normal_equations():
    """Full-batch descent on mse converges to the closed-form solution, cost never rising."""
    X, Y, _, _ = _linear_data(noise=0.3, seed=2)
    w_star, b_star = reg.normal_equations(X, Y)
    w, b, costs = reg.linear_regression_gd(X, Y, learning_rate=0.1, iterations=2000)
    np.testing.assert_allclose(w, w_star, atol=1e-8)
    assert b == pytest.approx(b_star, abs=1e-8)
    assert costs.shape == (2000,)
    assert costs[0] == pytest.approx(np.mean(Y ** 2) / 2, rel=1e-12)  # from w = 0, b = 0
    assert np.all(np.diff(costs) <= 1e-15)


def test_gradient_descent_starts_from_given_weights():
    """w and b are the starting point: starting at the answer, nothing moves."""
    X, Y, w, b = _linear_data(noise=0.0)
    w_out, b_out, costs = reg.linear_regression_gd(X, Y, 0.1, 5, w=w, b=b)
    np.testing.assert_allclose(w_out, w, atol=1e-14)
    assert costs[0] == pytest.approx(0.0, abs=1e-28)


def test_mae_gradient_only_sees_signs():
    """Scaling every residual by 100 scales the mse gradient by 100 and leaves mae's alone."""
    rng = np.random.default_rng(3)
    X = rng.standard_normal((2, 10))
    Y = rng.standard_normal((1, 10))
    w, b = np.zeros((2, 1)), 0.0
    dw_mse, db_mse, c_mse = reg.linear_gradient(w, b, X, Y, "mse")
    dw_mae, db_mae, c_mae = reg.linear_gradient(w, b, X, Y, "mae")
    dw_mse100, db_mse100, _ = reg.linear_gradient(w, b, X, 100 * Y, "mse")
    dw_mae100, db_mae100, c_mae100 = reg.linear_gradient(w, b, X, 100 * Y, "mae")
    np.testing.assert_allclose(dw_mse100, 100 * dw_mse, rtol=1e-12)
    np.testing.assert_array_equal(dw_mae100, dw_mae)
    assert db_mae100 == db_mae
    R = -Y  # residuals y_hat - y at w = 0, b = 0
    np.testing.assert_allclose(dw_mae, X @ np.sign(R).T / 10, rtol=1e-14)
    np.testing.assert_allclose(dw_mse, X @ R.T / 10, rtol=1e-14)
    assert db_mse == pytest.approx(R.mean(), rel=1e-14)
    assert c_mae == pytest.approx(np.abs(R).mean(), rel=1e-14) and c_mae100 == pytest.approx(100 * c_mae)
    assert c_mse == pytest.approx(np.mean(R ** 2) / 2, rel=1e-14)


def test_mae_descent_also_fits():
    """Descent on mae moves towards the line too (more slowly, with constant-size steps)."""
    X, Y, _, _ = _linear_data(noise=0.0, seed=4)
    _, _, costs = reg.linear_regression_gd(X, Y, learning_rate=0.05, iterations=400, loss="mae")
    assert costs[-1] < 0.2 * costs[0]


def test_too_large_learning_rate_stops_silently_with_a_non_finite_cost():
    """Divergence is reported through costs: it ends early on inf or NaN, with no warning."""
    X = np.linspace(-3, 3, 30)[None, :]
    Y = 2 * X + 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        w, b, costs = reg.linear_regression_gd(X, Y, learning_rate=10.0, iterations=5000)
    assert caught == []
    assert 1 < len(costs) < 5000
    assert not np.isfinite(costs[-1])
    assert np.all(np.isfinite(costs[:-1]))
    assert costs[-2] > 1e100 * costs[0]


def test_polynomial_features():
    """Rows x, x^2, ..., x^degree of a (1, m) feature."""
    x = np.array([[1.0, 2.0, -3.0, 0.5]])
    P = reg.polynomial_features(x, 3)
    assert P.shape == (3, 4)
    np.testing.assert_array_equal(P, [[1, 2, -3, 0.5], [1, 4, 9, 0.25], [1, 8, -27, 0.125]])
    np.testing.assert_array_equal(reg.polynomial_features(x, 1), x)


def test_polynomial_regression_fits_a_cubic():
    """Normal equations on polynomial features recover a cubic's coefficients."""
    x = np.linspace(-2, 2, 25)[None, :]
    y = 0.5 * x ** 3 - x ** 2 + 2 * x - 1
    w, b = reg.normal_equations(reg.polynomial_features(x, 3), y)
    np.testing.assert_allclose(w[:, 0], [2.0, -1.0, 0.5], rtol=1e-9)
    assert b == pytest.approx(-1.0, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(shape=st.tuples(st.integers(1, 4), st.integers(1, 6)),
       b=st.floats(-5, 5),
       seed=st.integers(0, 2**16),
       scale=st.sampled_from([0.1, 1.0, 10.0]))
def test_loop_gradient_equals_vectorised(shape, b, seed, scale):
    """The for-loop logistic gradient and the vectorised one agree on dw, db and the cost."""
    rng = np.random.default_rng(seed)
    n_x, m = shape
    X = scale * rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    w = rng.standard_normal((n_x, 1))
    dw_loop, db_loop, c_loop = reg.logistic_gradient_loop(w, b, X, Y)
    dw_vec, db_vec, c_vec = reg.logistic_gradient(w, b, X, Y)
    assert dw_loop.shape == dw_vec.shape == (n_x, 1)
    np.testing.assert_allclose(dw_loop, dw_vec, rtol=1e-10, atol=1e-12)
    assert db_loop == pytest.approx(db_vec, rel=1e-10, abs=1e-12)
    assert c_loop == pytest.approx(c_vec, rel=1e-10, abs=1e-12)


def test_logistic_gradient_matches_finite_differences():
    """dw = X dZ^T / m and db = mean(dZ) are the derivatives of the bce cost."""
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3, 8))
    Y = (rng.random((1, 8)) > 0.5).astype(float)
    w, b = rng.standard_normal((3, 1)), 0.3
    dw, db, _ = reg.logistic_gradient(w, b, X, Y)
    h = 1e-6
    for j in range(3):
        e = np.zeros((3, 1))
        e[j] = h
        numeric = (reg.logistic_gradient(w + e, b, X, Y)[2] - reg.logistic_gradient(w - e, b, X, Y)[2]) / (2 * h)
        assert dw[j, 0] == pytest.approx(numeric, rel=1e-6)
    numeric_b = (reg.logistic_gradient(w, b + h, X, Y)[2] - reg.logistic_gradient(w, b - h, X, Y)[2]) / (2 * h)
    assert db == pytest.approx(numeric_b, rel=1e-6)


def test_logistic_regression_decreases_its_cost():
    """From zero weights the cost starts at log 2 and falls at every step."""
    X, Y = data.make_blobs(200, centers=2, std=0.8, seed=3)
    w, b, costs = reg.logistic_regression(X, Y, learning_rate=0.5, iterations=300)
    assert w.shape == (2, 1) and isinstance(b, float) and costs.shape == (300,)
    assert costs[0] == pytest.approx(math.log(2), rel=1e-12)
    assert np.all(np.diff(costs) < 0)
    assert costs[-1] < 0.25
    accuracy = np.mean(((w.T @ X + b) > 0) == (Y == 1))
    assert accuracy > 0.9
