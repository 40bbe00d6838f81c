"""coursekit.experiments.deep_tricks: batch normalisation and residual connections, checked against
centred finite differences, against coursekit.MLP, and on the depth-20 gradient-flow measurement."""
import itertools

import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex
from coursekit.gradcheck import numerical_gradient, relative_error
from coursekit.experiments.deep_tricks import (DeepChain, batch_norm_backward, batch_norm_forward,
                                               deep_gradient_norms, residual_backward_step)

RNG = np.random.default_rng(5)
X = RNG.standard_normal((2, 7))
Y = (RNG.random((1, 7)) < 0.5).astype(float)
Y[0, :2] = (0.0, 1.0)                                     # both classes present


def test_batch_norm_forward_standardises_each_unit_over_the_batch():
    Z = RNG.standard_normal((3, 10)) * np.array([[0.01], [1.0], [50.0]]) + np.array([[4.0], [-2.0], [0.0]])
    out, _ = batch_norm_forward(Z, eps=1e-12)
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=1), 1.0, rtol=1e-6)
    scaled, _ = batch_norm_forward(Z, gamma=2.0, beta=0.5, eps=1e-12)
    np.testing.assert_allclose(scaled, 2.0 * out + 0.5, rtol=1e-12)
    np.testing.assert_allclose(batch_norm_forward(1000 * Z, eps=1e-12)[0], out, rtol=1e-6)   # the scale is gone


def test_batch_norm_backward_matches_finite_differences():
    Z = RNG.standard_normal((3, 6))
    G = RNG.standard_normal((3, 6))                       # a cost sum(G * BN(Z)) with a known d_out = G
    _, cache = batch_norm_forward(Z, gamma=1.7)
    analytic = batch_norm_backward(G, cache)
    numeric = numerical_gradient(lambda: float(np.sum(G * batch_norm_forward(Z, gamma=1.7)[0])), Z)
    assert relative_error(analytic, numeric) < 1e-7


def test_residual_backward_step_matches_finite_differences():
    for act in ("sigmoid", "tanh", "relu"):
        W, b = RNG.standard_normal((4, 4)), RNG.standard_normal((4, 1))
        A = RNG.standard_normal((4, 5))
        E_next = RNG.standard_normal((4, 5))              # dC/da_next for the cost sum(E_next * a_next)
        block = lambda: float(np.sum(E_next * (A + ck.activations.activation(act, W @ A + b))))
        analytic = residual_backward_step(W, W @ A + b, E_next, act)
        assert relative_error(analytic, numerical_gradient(block, A)) < 1e-7, act
        plain = W.T @ (ck.activations.derivative(act, W @ A + b) * E_next)
        assert not np.allclose(analytic, plain)           # the skip's E_next is really there


@pytest.mark.parametrize("act, residual, batch_norm",
                         list(itertools.product(("sigmoid", "tanh", "leaky_relu"), (False, True), (False, True))))
def test_deep_chain_backward_matches_finite_differences(act, residual, batch_norm):
    net = DeepChain(2, 3, 3, act, residual=residual, batch_norm=batch_norm, seed=1)
    net.forward(X)
    grads = net.backward(Y)
    for (W, b), (dW, db) in zip(net.params, grads):
        for theta, analytic in ((W, dW), (b, db)):
            numeric = numerical_gradient(lambda: net.cost(X, Y), theta)
            if batch_norm and theta is b and theta is not net.params[-1][1]:
                # Batch normalisation subtracts the batch mean, so a hidden bias changes nothing.
                assert np.abs(numeric).max() < 1e-9 and np.abs(analytic).max() < 1e-12
            else:
                assert relative_error(analytic, numeric) < 1e-6


def test_without_options_the_chain_is_coursekits_mlp():
    net = DeepChain(2, 4, 3, "tanh", seed=3)
    mlp = ck.MLP([2, 4, 4, 4, 1], hidden_activation="tanh", seed=3)
    np.testing.assert_allclose(net.forward(X), mlp.forward(X), rtol=1e-12)
    for (dW, db), (mW, mb) in zip(net.backward(Y), mlp.backward(Y)):
        np.testing.assert_allclose(dW, mW, rtol=1e-10, atol=1e-15)
        np.testing.assert_allclose(db, mb, rtol=1e-10, atol=1e-15)
    assert net.cost(X, Y) == pytest.approx(mlp.cost(X, Y), rel=1e-12)


def test_depth_20_skip_connections_and_batch_norm_stop_the_vanishing():
    plain = deep_gradient_norms(20)
    assert plain.shape == (21,)
    assert plain[0] / plain[-1] < 1e-10                   # section 2.1's sigmoid network
    for options in ({"residual": True}, {"batch_norm": True}):
        norms = deep_gradient_norms(20, **options)
        assert norms[0] / norms[-2] > 1e-2, options       # first hidden layer against the last hidden one
        assert norms.min() > 1e3 * plain.min(), options


def test_deep_tricks_refuse_bad_input():
    with pytest.raises(ValueError, match="W must be square"):
        residual_backward_step(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4)))
    with pytest.raises(ValueError, match="E_next"):
        residual_backward_step(np.eye(2), np.ones((2, 4)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="at least 2 samples"):
        batch_norm_forward(np.ones((3, 1)))
    with pytest.raises(ValueError, match="activation"):
        DeepChain(2, 3, 2, "softmax")
    with pytest.raises(RuntimeError, match="forward pass first"):
        DeepChain(2, 3, 2).backward(Y)
    with pytest.raises(ValueError, match="Y must"):
        net = DeepChain(2, 3, 2)
        net.forward(X)
        net.backward(2 * Y + 1)


def test_the_package_re_exports_them():
    assert ex.DeepChain is DeepChain and ex.deep_gradient_norms is deep_gradient_norms
