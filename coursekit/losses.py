"""The course's three losses. Each cost is the mean over the m samples (columns).

* ``"bce"`` binary cross-entropy  C = -1/m sum(y log a + (1 - y) log(1 - a))
* ``"mse"`` mean squared error    C = 1/m sum((a - y)^2) / 2
* ``"ce"``  categorical cross-entropy C = -1/m sum(y log a)   (with a softmax output)

The sums run over output units and samples. ``A`` and ``Y`` have shape
``(n_L, m)``. The logs are taken of ``a`` clipped to [1e-15, 1 - 1e-15], so the
costs stay finite at a = 0 and a = 1 (the clip caps one sample's loss at about
34.5 instead of infinity). A network, which knows z, uses the exact
``bce_from_logits`` and ``ce_from_logits`` instead.

``Y`` must be finite. ``A`` (or ``Z``) may hold NaN or inf, and the cost is
then NaN or inf: that is how a network notices that training has diverged
(divergence is an outcome, not a crash).
"""
from __future__ import annotations

import numpy as np

from ._validation import as_matrix, choice

EPS = 1e-15


def _pair(A, Y, a_name="A"):
    # A is not required to be finite: a diverged network's outputs must give a
    # non-finite cost (which MLP.fit reports as divergence), not an exception.
    A = as_matrix(A, a_name, what="(n_L, m)", finite=False)
    Y = as_matrix(Y, "Y", what="(n_L, m)")
    if A.shape != Y.shape:
        raise ValueError(f"{a_name} and Y must have the same shape (n_L, m); "
                         f"got {a_name} {A.shape} and Y {Y.shape}.")
    return A, Y


def bce(A, Y) -> float:
    A, Y = _pair(A, Y)
    A = np.clip(A, EPS, 1 - EPS)
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def mse(A, Y) -> float:
    A, Y = _pair(A, Y)
    m = Y.shape[1]
    return float(np.sum((A - Y) ** 2) / (2 * m))


def ce(A, Y) -> float:
    A, Y = _pair(A, Y)
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(np.clip(A, EPS, 1.0))) / m)


def bce_from_logits(Z, Y) -> float:
    """Binary cross-entropy of ``A = sigmoid(Z)`` computed from ``Z`` directly.

    -(y log s(z) + (1 - y) log(1 - s(z))) simplifies to log(1 + e^z) - y z,
    which ``logaddexp`` evaluates without overflow and without the precision
    lost in ``1 - s(z)`` when s(z) is close to 1. Exact for every finite z.
    """
    Z, Y = _pair(Z, Y, "Z")
    m = Y.shape[1]
    return float(np.sum(np.logaddexp(0.0, Z) - Y * Z) / m)


def ce_from_logits(Z, Y) -> float:
    """Categorical cross-entropy of ``A = softmax(Z)`` computed from ``Z`` directly.

    log softmax(z)_i = z_i - max(z) - log(sum_j e^(z_j - max(z))), exact and finite.
    """
    Z, Y = _pair(Z, Y, "Z")
    m = Y.shape[1]
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_a = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.sum(Y * log_a) / m)


def bce_grad(A, Y):
    """dC/dA for binary cross-entropy (the 1/m of the mean is left to the caller)."""
    A, Y = _pair(A, Y)
    A = np.clip(A, EPS, 1 - EPS)
    return (A - Y) / (A * (1 - A))


def mse_grad(A, Y):
    """dC/dA for mean squared error, per sample."""
    A, Y = _pair(A, Y)
    return A - Y


def ce_grad(A, Y):
    """dC/dA for categorical cross-entropy, per sample."""
    A, Y = _pair(A, Y)
    return -Y / np.clip(A, EPS, 1.0)


LOSSES = {"bce": (bce, bce_grad), "mse": (mse, mse_grad), "ce": (ce, ce_grad)}


def get(name: str):
    """Return ``(cost, grad)`` for a loss name."""
    choice(name, "loss", LOSSES)
    return LOSSES[name]


def loss(name: str, A, Y) -> float:
    """The cost called ``name`` of predictions ``A`` against targets ``Y``."""
    return get(name)[0](A, Y)
