"""Losses: the exact definitions on hand-computed arrays, finiteness at a = 0 and 1,
the from-logits forms against the plain ones, and the shape-mismatch message."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import coursekit as ck
from coursekit import losses
from coursekit.activations import sigmoid, softmax

LOG_EPS = -math.log(1e-15)  # 34.54: one sample's loss at the clip


def test_bce_definition():
    """bce = -1/m sum(y log a + (1 - y) log(1 - a))."""
    A, Y = np.array([[0.9, 0.2, 0.6]]), np.array([[1.0, 0.0, 1.0]])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3
    assert losses.bce(A, Y) == pytest.approx(expected, rel=1e-14)
    assert losses.bce(A, Y) == pytest.approx(0.2797765635793423, rel=1e-12)


def test_bce_sums_over_output_units():
    """With two output units the per-sample loss is the sum over the units."""
    assert losses.bce([[0.5], [0.25]], [[1.0], [0.0]]) == pytest.approx(0.9808292530117262, rel=1e-12)


def test_mse_definition():
    """mse = 1/m sum((a - y)^2) / 2, summed over units and samples."""
    A = np.array([[0.5, 2.0], [1.0, -1.0]])
    Y = np.array([[0.0, 1.0], [1.0, 1.0]])
    # squared errors 0.25, 1, 0, 4 -> 5.25, over 2m = 4
    assert losses.mse(A, Y) == 1.3125


def test_ce_definition():
    """ce = -1/m sum(y log a): only the probability of the true class counts."""
    A = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]])
    Y = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    assert losses.ce(A, Y) == pytest.approx(-(math.log(0.7) + math.log(0.6)) / 2, rel=1e-14)
    assert losses.ce(A, Y) == pytest.approx(0.4337502838523616, rel=1e-12)


def test_loss_by_name_dispatches():
    """loss(name, A, Y) is the named cost; get(name) returns (cost, grad)."""
    A, Y = np.array([[0.9, 0.2]]), np.array([[1.0, 0.0]])
    assert losses.loss("bce", A, Y) == losses.bce(A, Y)
    assert losses.loss("mse", A, Y) == pytest.approx((0.01 + 0.04) / 4)
    assert losses.get("ce") == (losses.ce, losses.ce_grad)


def _silently(f, *args):
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        return f(*args)


def test_bce_finite_and_silent_at_zero_and_one():
    """a exactly 0 or 1: a right answer costs ~0, a wrong one is capped at -log(1e-15)."""
    A, Y = np.array([[0.0, 1.0, 0.0, 1.0]]), np.array([[0.0, 1.0, 1.0, 0.0]])
    c = _silently(losses.bce, A, Y)
    assert math.isfinite(c)
    # a = 0 with y = 1 costs -log(1e-15); a = 1 with y = 0 costs -log(1 - (1 - 1e-15)),
    # slightly more because 1 - 1e-15 rounds in float64.
    assert c == pytest.approx((LOG_EPS - math.log(1 - (1 - 1e-15))) / 4, rel=1e-9)
    assert 2 * LOG_EPS / 4 < c < 2 * 34.55 / 4
    assert _silently(losses.bce, [[0.0, 1.0]], [[0.0, 1.0]]) < 1e-14


def test_ce_finite_and_silent_at_zero_and_one():
    """A probability of exactly 0 on the true class costs -log(1e-15), not inf."""
    A = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert _silently(losses.ce, A, [[0.0, 1.0], [1.0, 0.0]]) == pytest.approx(LOG_EPS, rel=1e-12)
    assert _silently(losses.ce, A, A) == 0.0


def test_mse_finite_at_zero_and_one():
    assert _silently(losses.mse, [[0.0, 1.0]], [[1.0, 1.0]]) == 0.25


def test_gradients_are_the_derivatives_of_the_per_sample_loss():
    """bce_grad, mse_grad, ce_grad equal m * dC/dA measured by centred differences."""
    rng = np.random.default_rng(0)
    A = rng.uniform(0.1, 0.9, size=(3, 4))
    Y_bin = (rng.random((3, 4)) > 0.5).astype(float)
    Y_hot = ck.data.one_hot(rng.integers(0, 3, size=(1, 4)), 3)
    for name, Y in (("bce", Y_bin), ("mse", Y_bin), ("ce", Y_hot)):
        cost, grad = losses.get(name)
        numeric = np.zeros_like(A)
        for idx in np.ndindex(A.shape):
            up, down = A.copy(), A.copy()
            up[idx] += 1e-6
            down[idx] -= 1e-6
            numeric[idx] = (cost(up, Y) - cost(down, Y)) / 2e-6 * A.shape[1]
        np.testing.assert_allclose(grad(A, Y), numeric, rtol=1e-6, atol=1e-8, err_msg=name)


@settings(max_examples=60, deadline=None)
@given(Z=arrays(np.float64, st.tuples(st.integers(1, 3), st.integers(1, 6)), elements=st.floats(-15, 15)),
       seed=st.integers(0, 2**16))
def test_bce_from_logits_equals_bce_of_sigmoid(Z, seed):
    """For moderate z, log(1 + e^z) - y z is the bce of sigmoid(z)."""
    Y = (np.random.default_rng(seed).random(Z.shape) > 0.5).astype(float)
    assert losses.bce_from_logits(Z, Y) == pytest.approx(losses.bce(sigmoid(Z), Y), rel=1e-7, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(Z=arrays(np.float64, st.tuples(st.integers(2, 4), st.integers(1, 6)), elements=st.floats(-10, 10)),
       seed=st.integers(0, 2**16))
def test_ce_from_logits_equals_ce_of_softmax(Z, seed):
    """For moderate z (no probability below the 1e-15 clip), ce_from_logits is ce of softmax."""
    rng = np.random.default_rng(seed)
    Y = ck.data.one_hot(rng.integers(0, Z.shape[0], size=(1, Z.shape[1])), Z.shape[0])
    assert losses.ce_from_logits(Z, Y) == pytest.approx(losses.ce(softmax(Z), Y), rel=1e-9, abs=1e-12)


def test_bce_from_logits_exact_at_1e4():
    """z = 1e4 with y = 0 costs exactly 1e4 (the clipped bce would say 34.5)."""
    assert _silently(losses.bce_from_logits, np.array([[1e4]]), np.array([[0.0]])) == 1e4
    assert _silently(losses.bce_from_logits, np.array([[-1e4]]), np.array([[1.0]])) == 1e4
    Z, Y = np.array([[1e4, -1e4, 1e4, -1e4]]), np.array([[0.0, 1.0, 1.0, 0.0]])
    assert _silently(losses.bce_from_logits, Z, Y) == 5000.0  # (1e4 + 1e4 + 0 + 0) / 4
    assert losses.bce(sigmoid(np.array([[1e4]])), np.array([[0.0]])) == pytest.approx(LOG_EPS, rel=1e-3)


def test_ce_from_logits_exact_at_1e4():
    """log softmax stays exact: the true class 2e4 below the max costs 2e4, the max costs 0."""
    Z = np.array([[1e4, 1e4], [-1e4, -1e4], [0.0, 0.0]])
    Y = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    assert _silently(losses.ce_from_logits, Z, Y) == 1e4  # (2e4 + 0) / 2
    assert _silently(losses.ce_from_logits, Z[:, :1], Y[:, 1:]) == 0.0


@pytest.mark.parametrize("fn", [losses.bce, losses.mse, losses.ce, losses.bce_grad,
                                losses.mse_grad, losses.ce_grad])
def test_shape_mismatch_names_both_shapes(fn):
    """A (1, 3) against Y (1, 2) is refused with both shapes in the message."""
    with pytest.raises(ValueError, match=r"A and Y must have the same shape \(n_L, m\); got A \(1, 3\) and Y \(1, 2\)"):
        fn(np.full((1, 3), 0.5), np.ones((1, 2)))


@pytest.mark.parametrize("fn", [losses.bce_from_logits, losses.ce_from_logits])
def test_from_logits_shape_mismatch(fn):
    with pytest.raises(ValueError, match=r"Z and Y must have the same shape .*got Z \(2, 3\) and Y \(1, 3\)"):
        fn(np.zeros((2, 3)), np.ones((1, 3)))


def test_non_finite_predictions_give_a_non_finite_cost():
    """A diverged network's outputs make the cost inf or NaN rather than raise:
    that is how MLP.fit detects divergence. Y must still be finite."""
    assert losses.mse([[np.inf]], [[0.0]]) == math.inf
    assert math.isnan(losses.bce([[np.nan]], [[1.0]]))
    with np.errstate(invalid="ignore"):  # as in MLP.fit, which checks the result instead
        assert math.isnan(losses.bce_from_logits([[np.nan]], [[1.0]]))
    with pytest.raises(ValueError, match="Y must contain only finite numbers"):
        losses.mse([[0.0]], [[np.nan]])


@pytest.mark.parametrize("hidden,output", [("relu", "linear"), ("linear", "sigmoid"), ("linear", "tanh")])
def test_fit_with_an_absurd_learning_rate_diverges_instead_of_raising(hidden, output):
    """Regression test: with mse the losses used to refuse the inf outputs, so fit
    raised ValueError mid-training instead of reporting divergence."""
    X = np.linspace(-3, 3, 20)[None, :]
    Y = 4 * X + 1 if output == "linear" else (X > 0).astype(float)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        h = ck.MLP([1, 8, 1], hidden, output, "mse", seed=0).fit(X, Y, learning_rate=1e300, epochs=20)
    assert h.diverged and h.diverged_epoch is not None
    assert [w.category for w in caught] == [ck.DivergenceWarning]
