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

__all__ = [
    "EPS", "bce", "mse", "ce", "bce_from_logits", "ce_from_logits", "bce_grad", "mse_grad",
    "ce_grad", "LOSSES", "KERNELS", "LOGIT_KERNELS", "get", "loss",
]

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


# The kernels: the formulas themselves, with no input checks. A network calls these on
# every update (its inputs were checked once, up front); the public functions below
# check their arguments and then call the same kernels.
def _bce(A, Y):
    A = np.clip(A, EPS, 1 - EPS)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / Y.shape[1])


def _mse(A, Y):
    return float(np.sum((A - Y) ** 2) / (2 * Y.shape[1]))


def _ce(A, Y):
    return float(-np.sum(Y * np.log(np.clip(A, EPS, 1.0))) / Y.shape[1])


def _bce_from_logits(Z, Y):
    # -(y log s(z) + (1 - y) log(1 - s(z))) = log(1 + e^z) - y z
    return float(np.sum(np.logaddexp(0.0, Z) - Y * Z) / Y.shape[1])


def _ce_from_logits(Z, Y):
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_a = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.sum(Y * log_a) / Y.shape[1])


def _bce_grad(A, Y):
    A = np.clip(A, EPS, 1 - EPS)
    return (A - Y) / (A * (1 - A))


def _mse_grad(A, Y):
    return A - Y


def _ce_grad(A, Y):
    return -Y / np.clip(A, EPS, 1.0)


# ------------------------------------------------------------------ public
def bce(A, Y) -> float:
    """Binary cross-entropy of predictions ``A`` (n_L, m) against labels ``Y`` (n_L, m)."""
    return _bce(*_pair(A, Y))


def mse(A, Y) -> float:
    """Mean squared error, halved: sum((a - y)^2) / (2 m)."""
    return _mse(*_pair(A, Y))


def ce(A, Y) -> float:
    """Categorical cross-entropy of softmax outputs ``A`` against one-hot ``Y``."""
    return _ce(*_pair(A, Y))


def bce_from_logits(Z, Y) -> float:
    """Binary cross-entropy of ``A = sigmoid(Z)`` computed from ``Z`` directly.

    -(y log s(z) + (1 - y) log(1 - s(z))) simplifies to log(1 + e^z) - y z,
    which ``logaddexp`` evaluates without overflow and without the precision
    lost in ``1 - s(z)`` when s(z) is close to 1. Exact for every finite z.
    """
    return _bce_from_logits(*_pair(Z, Y, "Z"))


def ce_from_logits(Z, Y) -> float:
    """Categorical cross-entropy of ``A = softmax(Z)`` computed from ``Z`` directly.

    log softmax(z)_i = z_i - max(z) - log(sum_j e^(z_j - max(z))), exact and finite.
    """
    return _ce_from_logits(*_pair(Z, Y, "Z"))


def bce_grad(A, Y):
    """dC/dA for binary cross-entropy, per sample (the 1/m of the mean is left to the caller)."""
    return _bce_grad(*_pair(A, Y))


def mse_grad(A, Y):
    """dC/dA for mean squared error, per sample."""
    return _mse_grad(*_pair(A, Y))


def ce_grad(A, Y):
    """dC/dA for categorical cross-entropy, per sample."""
    return _ce_grad(*_pair(A, Y))


LOSSES = {"bce": (bce, bce_grad), "mse": (mse, mse_grad), "ce": (ce, ce_grad)}
#: The same losses without input checks, for code that has checked its inputs already.
KERNELS = {"bce": (_bce, _bce_grad), "mse": (_mse, _mse_grad), "ce": (_ce, _ce_grad)}
#: The costs computed from z^L without input checks: "bce" of a sigmoid output and "ce" of a
#: softmax output, the exact forms a network uses (see ``bce_from_logits``, ``ce_from_logits``).
LOGIT_KERNELS = {"bce": _bce_from_logits, "ce": _ce_from_logits}


def get(name: str):
    """Return ``(cost, grad)`` for a loss name."""
    choice(name, "loss", LOSSES)
    return LOSSES[name]


def loss(name: str, A, Y) -> float:
    """The cost called ``name`` of predictions ``A`` against targets ``Y``."""
    return get(name)[0](A, Y)
