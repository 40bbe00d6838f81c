"""Gradient checking: compare backprop's gradients with centred finite differences.

The centred difference (f(theta + eps) - f(theta - eps)) / (2 eps) has error
of order eps^2, so with eps = 1e-6 it agrees with a correct analytic gradient
to about 1e-9 relative error; a bug shows up as 1e-3 or worse.
"""
from __future__ import annotations

import numpy as np

from ._validation import as_array, number

__all__ = ["relative_error", "numerical_gradient", "gradient_check"]


def relative_error(a, b) -> float:
    """||a - b|| / (||a|| + ||b||), 0.0 when both are zero."""
    a = as_array(a, "a").ravel()
    b = as_array(b, "b").ravel()
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same number of entries; got {a.size} and {b.size}.")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def numerical_gradient(f, theta, eps=1e-6):
    """Centred-difference gradient of the scalar function ``f()`` with respect to
    the array ``theta``, which ``f`` reads and which is perturbed in place
    (and restored) one entry at a time. Returns an array shaped like ``theta``."""
    if not callable(f):
        raise TypeError(f"f must be a function of no arguments that returns the cost; got {type(f).__name__}.")
    if not isinstance(theta, np.ndarray) or theta.dtype != np.float64:
        raise TypeError("theta must be a float64 numpy array that f reads.")
    eps = number(eps, "eps", low=0.0, low_open=True)
    grad = np.zeros_like(theta)
    flat, gflat = theta.reshape(-1), grad.reshape(-1)  # views, so edits reach theta
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        f_plus = f()
        flat[i] = old - eps
        f_minus = f()
        flat[i] = old
        gflat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def gradient_check(net, X, Y, eps=1e-6, l2=0.0, l1=0.0):
    """Compare ``net.backward`` with finite differences of ``net.cost``.

    Returns a dict: ``"error"``, the relative error between all analytic and
    all numerical gradients taken together (below about 1e-7 means the
    backward pass is right), and ``"layers"``, a list of
    ``(error_W, error_b)`` per layer to find where a bug lives. A layer whose
    gradient is nearly zero can show a large per-layer error from rounding
    alone, which is why the headline figure pools every parameter.
    With ``l2`` or ``l1`` both sides include the weight penalty.
    """
    missing = [a for a in ("forward", "backward", "cost", "params") if not hasattr(net, a)]
    if missing:
        raise TypeError(f"net must be a network with forward, backward, cost and params (a coursekit.MLP); "
                        f"got {type(net).__name__}, which lacks {', '.join(missing)}.")
    net.forward(X)
    analytic = net.backward(Y, l2=l2, l1=l1)
    numeric, layers = [], []
    for (W, b), (dW, db) in zip(net.params, analytic):
        num_W = numerical_gradient(lambda: net.cost(X, Y, l2=l2, l1=l1), W, eps)
        num_b = numerical_gradient(lambda: net.cost(X, Y, l2=l2, l1=l1), b, eps)
        numeric += [num_W, num_b]
        layers.append((relative_error(dW, num_W), relative_error(db, num_b)))
    flat = lambda arrays: np.concatenate([a.ravel() for a in arrays])
    error = relative_error(flat([g for pair in analytic for g in pair]), flat(numeric))
    return {"error": error, "layers": layers}
