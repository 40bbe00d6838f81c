"""Gradient checking: relative_error's definition, centred differences of a known
function, and gradient_check telling a right backward pass from a wrong one."""
import numpy as np
import pytest

import coursekit as ck
from coursekit import data
from coursekit.gradcheck import gradient_check, numerical_gradient, relative_error


def test_relative_error_basics():
    """0 for equal arrays, 1 for opposite ones, 0 (not NaN) when both are zero."""
    a = np.array([[1.0, -2.0], [3.0, 0.5]])
    assert relative_error(a, a.copy()) == 0.0
    assert relative_error(a, -a) == 1.0
    assert relative_error(np.zeros(3), np.zeros((3, 1))) == 0.0
    assert relative_error([3.0, 0.0], [0.0, 4.0]) == pytest.approx(5 / 7, rel=1e-15)  # |(3,-4)| / (3 + 4)
    assert relative_error([1.0], [0.0]) == 1.0


def test_relative_error_compares_entries_regardless_of_shape():
    """A (2, 1) column and a (1, 2) row with the same entries count as equal; sizes must match."""
    assert relative_error([[1.0], [2.0]], [[1.0, 2.0]]) == 0.0
    with pytest.raises(ValueError, match="a and b must have the same number of entries; got 3 and 2"):
        relative_error(np.ones(3), np.ones(2))


def test_numerical_gradient_of_a_quadratic():
    """f = 1/2 t^T Q t + c^T t has gradient Q t + c; centred differences get it to rounding."""
    rng = np.random.default_rng(0)
    M = rng.standard_normal((4, 4))
    Q, c = M @ M.T, rng.standard_normal((4, 1))
    theta = rng.standard_normal((4, 1))
    before = theta.copy()
    f = lambda: (0.5 * theta.T @ Q @ theta + c.T @ theta).item()  # noqa: E731 (reads theta)
    grad = numerical_gradient(f, theta)
    assert grad.shape == theta.shape
    np.testing.assert_allclose(grad, Q @ before + c, rtol=1e-7, atol=1e-8)
    np.testing.assert_array_equal(theta, before)  # every perturbation undone


def test_numerical_gradient_works_on_matrices():
    """theta of any shape: d/dW of sum(W^2) is 2 W, entry by entry."""
    W = np.arange(6.0).reshape(2, 3)
    grad = numerical_gradient(lambda: float(np.sum(W ** 2)), W, eps=1e-5)
    np.testing.assert_allclose(grad, 2 * np.arange(6.0).reshape(2, 3), atol=1e-8)


def test_gradient_check_passes_a_correct_network():
    """A correct MLP's backward agrees with finite differences to better than 1e-7,
    overall and layer by layer."""
    X, Y = data.make_moons(10, seed=1)
    net = ck.MLP([2, 5, 1], "tanh", seed=3)
    result = gradient_check(net, X, Y)
    assert result["error"] < 1e-7
    assert len(result["layers"]) == 2
    assert all(eW < 1e-6 and eb < 1e-6 for eW, eb in result["layers"])


class DoubledGradient:
    """A network whose backward returns twice the true gradient."""

    def __init__(self, net):
        self.net, self.params = net, net.params

    def forward(self, X):
        return self.net.forward(X)

    def backward(self, Y, **penalty):
        return [(2 * dW, 2 * db) for dW, db in self.net.backward(Y, **penalty)]

    def cost(self, X, Y, **penalty):
        return self.net.cost(X, Y, **penalty)


def test_gradient_check_flags_a_wrong_backward():
    """Twice the true gradient g is 1/3 off: |2g - g| / (|2g| + |g|)."""
    X, Y = data.make_moons(10, seed=1)
    result = gradient_check(DoubledGradient(ck.MLP([2, 5, 1], "tanh", seed=3)), X, Y)
    assert result["error"] == pytest.approx(1 / 3, rel=1e-5)
