"""Activation functions g(z) and their derivatives g'(z), looked up by name.

Every function takes an array ``Z`` of any shape and returns an array of the
same shape. All are finite and silent (no overflow warnings) for |z| up to
1e4 and beyond: sigmoid clips its input before ``exp`` and softmax subtracts
the column maximum, so ``exp`` never sees a large positive number.
"""
from __future__ import annotations

import numpy as np

from ._validation import as_array, choice

__all__ = [
    "LEAKY_SLOPE", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime",
    "leaky_relu", "leaky_relu_prime", "linear", "linear_prime", "step", "step_prime", "softmax",
    "softmax_prime", "ACTIVATIONS", "HIDDEN_ACTIVATIONS", "get", "activation", "derivative",
    "PRIME_FROM_OUTPUT",
]

LEAKY_SLOPE = 0.01  # slope of leaky ReLU below zero


def sigmoid(Z):
    # sigma(z) = 1 / (1 + e^-z). Clipping z to [-500, 500] keeps exp from overflowing;
    # it changes nothing a float64 can tell apart (sigma(-500) is about 7e-218).
    return 1.0 / (1.0 + np.exp(-np.clip(Z, -500.0, 500.0)))


def sigmoid_prime(Z):
    S = sigmoid(Z)
    return S * (1.0 - S)  # sigma'(z) = sigma(z)(1 - sigma(z)), at most 0.25


def tanh(Z):
    return np.tanh(Z)


def tanh_prime(Z):
    T = np.tanh(Z)
    return 1.0 - T * T


def relu(Z):
    return np.maximum(Z, 0.0)


def relu_prime(Z):
    # The derivative at exactly 0 is undefined; we use 0, as most libraries do.
    return (Z > 0).astype(np.float64)


def leaky_relu(Z):
    return np.where(Z > 0, Z, LEAKY_SLOPE * Z)


def leaky_relu_prime(Z):
    return np.where(Z > 0, 1.0, LEAKY_SLOPE)


def linear(Z):
    return np.asarray(Z, dtype=np.float64)


def linear_prime(Z):
    return np.ones_like(Z, dtype=np.float64)


def step(Z):
    """The perceptron's threshold unit: 1 where z > 0, else 0."""
    return (Z > 0).astype(np.float64)


def step_prime(Z):
    # Zero everywhere it exists (and undefined at 0): why the step cannot be trained by gradients.
    return np.zeros_like(Z, dtype=np.float64)


def softmax(Z):
    """Column-wise softmax: each column of the result is positive and sums to 1."""
    Z = np.asarray(Z, dtype=np.float64)
    E = np.exp(Z - Z.max(axis=0, keepdims=True))  # shifting by the max keeps exp <= 1
    return E / E.sum(axis=0, keepdims=True)


def softmax_prime(Z):
    """Diagonal of the softmax Jacobian, s_i (1 - s_i).

    The full Jacobian is not diagonal; a network never needs it because
    softmax is paired with cross-entropy, whose delta is simply ``A - Y``.
    """
    S = softmax(Z)
    return S * (1.0 - S)


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
    "linear": (linear, linear_prime),
    "softmax": (softmax, softmax_prime),
    "step": (step, step_prime),
}

#: Activations a hidden layer of an MLP may use (trainable by backprop, applied unit by unit).
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")


def get(name: str):
    """Return ``(g, g_prime)`` for an activation name."""
    choice(name, "activation", ACTIVATIONS)
    return ACTIVATIONS[name]


def _z(name, Z):
    Z = as_array(Z, "Z", "a numeric array of pre-activations z")
    if name == "softmax" and Z.ndim == 0:
        raise ValueError("Z must have at least one dimension for softmax, which normalises "
                         "each column (axis 0); got a single number.")
    return Z


def activation(name: str, Z):
    """Apply the activation called ``name`` to ``Z``."""
    return get(name)[0](_z(name, Z))


def derivative(name: str, Z):
    """Apply the derivative of the activation called ``name`` to ``Z``."""
    return get(name)[1](_z(name, Z))


# For the hidden activations g'(z) can be written in terms of a = g(z). Backprop
# already holds a, so using these saves recomputing g(z) on the backward pass.
PRIME_FROM_OUTPUT = {
    "sigmoid": lambda A: A * (1.0 - A),
    "tanh": lambda A: 1.0 - A * A,
    "relu": lambda A: (A > 0).astype(np.float64),
    "leaky_relu": lambda A: np.where(A > 0, 1.0, LEAKY_SLOPE),
    "linear": lambda A: np.ones_like(A),
}
