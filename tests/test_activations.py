"""Activations: values by name, derivatives against finite differences, the
sigmoid and softmax facts the chapters state, and stability for |z| up to 1e4."""
import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from coursekit import activations as act

ELEMENTWISE = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "step"]
KINKED = {"relu", "leaky_relu", "step"}  # not differentiable at z = 0
ALL = ELEMENTWISE + ["softmax"]
EXTREMES = [1e4, -1e4, 800.0, -800.0, 0.0]

moderate_z = st.floats(-30, 30, allow_nan=False, allow_infinity=False)


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


# Values worked out with the math module, one function of one number at a time.
EXPECTED = {
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
    "leaky_relu": (lambda z: z if z > 0 else 0.01 * z, lambda z: 1.0 if z > 0 else 0.01),
    "linear": (lambda z: z, lambda z: 1.0),
    "step": (lambda z: 1.0 if z > 0 else 0.0, lambda z: 0.0),
}


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_each_activation_and_derivative_by_name(name):
    """activation(name, Z) and derivative(name, Z) give the textbook values, shape kept."""
    zs = [-2.0, -0.5, 0.0, 0.5, 3.0]
    Z = np.array([zs, [2 * z for z in zs]])
    g, g_prime = EXPECTED[name]
    A, D = act.activation(name, Z), act.derivative(name, Z)
    assert A.shape == D.shape == Z.shape and A.dtype == D.dtype == np.float64
    np.testing.assert_allclose(A, [[g(z) for z in row] for row in Z], rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(D, [[g_prime(z) for z in row] for row in Z], rtol=1e-14, atol=1e-15)


def test_hand_checked_values():
    """A few numbers written out, so the table above cannot drift with the code."""
    Z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(act.activation("sigmoid", Z), [[0.11920292202211755, 0.5, 0.9525741268224334]])
    np.testing.assert_allclose(act.activation("tanh", Z), [[-0.9640275800758169, 0.0, 0.9950547536867305]])
    np.testing.assert_array_equal(act.activation("leaky_relu", Z), [[-0.02, 0.0, 3.0]])
    np.testing.assert_array_equal(act.derivative("relu", Z), [[0.0, 0.0, 1.0]])  # 0 at the kink
    np.testing.assert_allclose(act.activation("softmax", [[1.0], [2.0], [3.0]]),
                               [[0.09003057317038046], [0.24472847105479767], [0.6652409557748219]])


def test_softmax_by_name_is_column_wise():
    """softmax normalises each column on its own; its derivative is s (1 - s)."""
    Z = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, np.log(3.0)]])
    S = act.activation("softmax", Z)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(S[:, 0], e / e.sum(), rtol=1e-14)
    np.testing.assert_allclose(S[:, 1], [0.2, 0.2, 0.6], rtol=1e-14)
    np.testing.assert_allclose(act.derivative("softmax", Z), S * (1 - S), rtol=1e-14)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_activations_keep_any_shape(name):
    """Elementwise activations accept scalars, vectors and matrices alike."""
    for Z in (0.7, np.linspace(-1, 1, 5), np.ones((2, 3, 4))):
        assert act.activation(name, Z).shape == np.shape(Z)
        assert act.derivative(name, Z).shape == np.shape(Z)


@pytest.mark.parametrize("name", ELEMENTWISE)
@settings(max_examples=60, deadline=None)
@given(z=moderate_z)
def test_derivative_matches_centred_differences(name, z):
    """g'(z) agrees with (g(z + h) - g(z - h)) / 2h away from any kink."""
    if name in KINKED:
        assume(abs(z) > 1e-4)
    h = 1e-6
    Z = np.array([[z - h, z, z + h]])
    A = act.activation(name, Z)
    numeric = (A[0, 2] - A[0, 0]) / (2 * h)
    assert act.derivative(name, Z)[0, 1] == pytest.approx(numeric, rel=1e-6, abs=1e-8)


@settings(max_examples=60, deadline=None)
@given(column=arrays(np.float64, st.integers(2, 5), elements=st.floats(-10, 10)),
       i=st.integers(0, 4))
def test_softmax_derivative_is_the_jacobian_diagonal(column, i):
    """softmax_prime gives d s_i / d z_i, checked by centred differences."""
    i = i % column.size
    h = 1e-6
    Z = column[:, None]
    up, down = Z.copy(), Z.copy()
    up[i] += h
    down[i] -= h
    numeric = (act.activation("softmax", up)[i, 0] - act.activation("softmax", down)[i, 0]) / (2 * h)
    assert act.derivative("softmax", Z)[i, 0] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(z=moderate_z)
def test_sigmoid_range_and_derivative_bound(z):
    """0 < sigma(z) < 1 and 0 < sigma'(z) <= 0.25 for moderate z."""
    s = act.activation("sigmoid", np.array([[z]]))[0, 0]
    d = act.derivative("sigmoid", np.array([[z]]))[0, 0]
    assert 0.0 < s < 1.0
    assert 0.0 < d <= 0.25


def test_sigmoid_derivative_peaks_at_zero():
    """sigma'(0) = 0.25 exactly, and every other point of a fine grid is lower."""
    Z = np.linspace(-10, 10, 2001)[None, :]
    D = act.derivative("sigmoid", Z)
    assert D[0, 1000] == 0.25 and Z[0, 1000] == 0.0
    assert np.all(np.delete(D, 1000) < 0.25)


@settings(max_examples=80, deadline=None)
@given(Z=arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 5)),
                elements=st.floats(-1e4, 1e4)))
def test_softmax_columns_are_distributions(Z):
    """Every column is non-negative and sums to 1, even with entries up to 1e4; an
    entry is strictly positive unless it sits more than ~700 below its column max
    (where e^(z - max) is below the smallest float64 and rounds to 0, correctly)."""
    S = act.activation("softmax", Z)
    assert S.shape == Z.shape and np.all(np.isfinite(S))
    assert np.all(S >= 0)
    np.testing.assert_allclose(S.sum(axis=0), 1.0, rtol=0, atol=1e-12)
    close_to_max = Z - Z.max(axis=0, keepdims=True) > -700
    assert np.all(S[close_to_max] > 0)
    np.testing.assert_allclose(act.activation("softmax", Z - 123.0), S, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("shape", ["column", "row"])
def test_finite_and_silent_at_extremes(name, shape):
    """z = +-1e4, +-800 and 0 give finite values without any overflow, divide or invalid
    warning. (Underflow is allowed: e^-20000 rounding to 0 is the right float64 answer.)"""
    Z = np.array(EXTREMES)[:, None] if shape == "column" else np.array([EXTREMES])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        A, D = act.activation(name, Z), act.derivative(name, Z)
    assert np.all(np.isfinite(A)) and np.all(np.isfinite(D))


def test_values_at_extremes_are_the_limits():
    """At +-1e4 the saturating activations sit at their limits and their slopes vanish."""
    Z = np.array([[1e4, -1e4, 800.0, -800.0]])
    s = act.activation("sigmoid", Z)
    assert s[0, 0] == 1.0 and s[0, 2] == 1.0 and 0.0 <= s[0, 1] < 1e-200
    np.testing.assert_array_equal(act.activation("tanh", Z), [[1.0, -1.0, 1.0, -1.0]])
    np.testing.assert_array_equal(act.derivative("tanh", Z), [[0.0, 0.0, 0.0, 0.0]])
    assert np.all(act.derivative("sigmoid", Z) < 1e-200)
    np.testing.assert_array_equal(act.activation("leaky_relu", Z), [[1e4, -100.0, 800.0, -8.0]])
    np.testing.assert_array_equal(act.activation("softmax", Z.T), [[1.0], [0.0], [0.0], [0.0]])


@pytest.mark.parametrize("name", act.HIDDEN_ACTIVATIONS)
def test_prime_from_output_agrees_with_derivative(name):
    """Backprop's g'(z) computed from a = g(z) equals derivative(z), kinks included."""
    Z = np.concatenate([np.linspace(-30, 30, 601), [0.0, -1e-9, 1e-9, 1e4, -1e4, 800.0, -800.0]])[None, :]
    from_output = act.PRIME_FROM_OUTPUT[name](act.activation(name, Z))
    np.testing.assert_allclose(from_output, act.derivative(name, Z), rtol=1e-12, atol=1e-300)


def test_prime_from_output_covers_every_hidden_activation():
    """A hidden activation without a PRIME_FROM_OUTPUT entry would break MLP's backward."""
    assert set(act.PRIME_FROM_OUTPUT) == set(act.HIDDEN_ACTIVATIONS)
    assert set(act.HIDDEN_ACTIVATIONS) == set(ALL) - {"softmax", "step"}


@pytest.mark.parametrize("fn", [act.activation, act.derivative])
def test_unknown_name_lists_valid_names(fn):
    """A misspelt name gets a ValueError that lists every valid name."""
    with pytest.raises(ValueError, match=r"unknown activation 'Relu'; valid names are") as info:
        fn("Relu", np.zeros((1, 1)))
    for name in ALL:
        assert repr(name) in str(info.value)
