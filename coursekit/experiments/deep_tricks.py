"""Two remedies for vanishing gradients made concrete: batch normalisation and residual
connections (chapter 05).

:class:`DeepChain` is a deep network small enough to read in one sitting: hidden layers of one
width, each optionally batch-normalised and (from the second on) optionally wrapped in a skip
connection, then a sigmoid output with cross-entropy. It exists to *measure* the per-layer
gradient norms at the starting weights, so batch normalisation's scale and shift stay fixed at
1 and 0 and nothing here trains; ``coursekit.MLP`` stays the course's trainable network.
"""
from __future__ import annotations

import numpy as np

from .. import activations
from .._validation import as_matrix, binary_labels, choice, number, same_samples
from ..network import MLP
from .common import dataset, layer_sizes

__all__ = ["batch_norm_forward", "batch_norm_backward", "residual_backward_step", "DeepChain",
           "deep_gradient_norms"]

_HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu")


def batch_norm_forward(Z, gamma: float = 1.0, beta: float = 0.0, eps: float = 1e-5):
    """Batch normalisation of the pre-activations ``Z`` ``(n_l, m)`` over the mini-batch.

    Each unit (row) is shifted and scaled to mean 0 and variance 1 over the
    ``m`` samples, ``Z_hat = (Z - mean) / sqrt(var + eps)``, then given the
    learnable scale and shift: ``out = gamma Z_hat + beta``. Returns
    ``(out, cache)``, ``out`` ``(n_l, m)``; the cache is what
    :func:`batch_norm_backward` needs.
    """
    Z = as_matrix(Z, "Z", what="(n_l, m)")
    if Z.shape[1] < 2:
        raise ValueError(f"Z must hold at least 2 samples (columns) to normalise over; got shape {Z.shape}.")
    gamma, beta = number(gamma, "gamma"), number(beta, "beta")
    eps = number(eps, "eps", low=0.0, low_open=True)
    inv_std = 1.0 / np.sqrt(Z.var(axis=1, keepdims=True) + eps)          # (n_l, 1), one per unit
    Z_hat = (Z - Z.mean(axis=1, keepdims=True)) * inv_std
    return gamma * Z_hat + beta, (Z_hat, inv_std, gamma)


def batch_norm_backward(d_out, cache):
    """The gradient with respect to ``Z`` of :func:`batch_norm_forward`, given ``d_out`` ``(n_l, m)``.

    Every ``Z_hat`` depends on the whole row through its mean and variance,
    hence the two correction terms: the part of the gradient along the
    constant and along ``Z_hat`` itself is removed, and the rest is scaled by
    ``gamma / std``.
    """
    Z_hat, inv_std, gamma = cache
    d_out = as_matrix(d_out, "d_out", rows=Z_hat.shape[0], cols=Z_hat.shape[1], what="(n_l, m), the shape of Z")
    d_hat = gamma * d_out
    return inv_std * (d_hat - d_hat.mean(axis=1, keepdims=True)
                      - Z_hat * (d_hat * Z_hat).mean(axis=1, keepdims=True))


def residual_backward_step(W, Z, E_next, activation: str = "sigmoid"):
    """The error one residual block further back: ``E_prev = E_next + W^T (g'(Z) * E_next)``.

    The block computes ``a_next = a_prev + g(Z)`` with ``Z = W a_prev + b``,
    so the error ``E = dC/da`` reaches ``a_prev`` along two paths that add:
    straight through the skip (factor 1) and back through the layer (BP2).
    ``W`` is ``(n, n)``; ``Z`` and ``E_next`` are ``(n, m)``; returns ``(n, m)``.
    """
    W = as_matrix(W, "W", what="(n, n)")
    if W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be square (n, n) in a residual block, since a_prev and a_next have "
                         f"the same size; got shape {W.shape}.")
    Z = as_matrix(Z, "Z", rows=W.shape[0], what="(n, m)")
    E_next = as_matrix(E_next, "E_next", rows=W.shape[0], cols=Z.shape[1], what="(n, m), the shape of Z")
    return E_next + W.T @ (activations.derivative(choice(activation, "activation", _HIDDEN), Z) * E_next)


class DeepChain:
    """A deep sigmoid-output network with optional batch normalisation and skip connections.

    Layer 1 maps the ``n_x`` inputs to ``width`` units; layers 2..``depth``
    are ``width -> width``; layer ``depth + 1`` is the sigmoid output with
    cross-entropy. Hidden layer l computes ``z = W a + b``, then (with
    ``batch_norm``) ``z <- BN(z)``, then ``h = g(z)``, and passes on
    ``a = h``, or ``a = a_prev + h`` with ``residual`` (layers 2..depth).
    The starting weights are those of ``coursekit.MLP`` with the same sizes,
    ``init``, ``init_scale`` and ``seed``, so without either option this
    network's gradients are exactly ``MLP.backward``'s.
    """

    def __init__(self, n_x: int, width: int, depth: int, activation: str = "sigmoid",
                 residual: bool = False, batch_norm: bool = False, init: str = "xavier",
                 init_scale: float = 1.0, seed: int = 0):
        self.activation = choice(activation, "activation", _HIDDEN)
        self.residual, self.batch_norm = bool(residual), bool(batch_norm)
        sizes = layer_sizes(number(n_x, "n_x", low=1, integer=True), number(depth, "depth", low=1, integer=True),
                            width)
        self.params = MLP(sizes, hidden_activation=self.activation, init=init, init_scale=init_scale,
                          seed=seed).copy_params()
        self._cache = None

    @property
    def depth(self) -> int:
        return len(self.params) - 1

    def forward(self, X):
        """``X`` ``(n_x, m)`` -> the output ``(1, m)``; keeps what :meth:`backward` needs."""
        A = as_matrix(X, "X", rows=self.params[0][0].shape[1], what="(n_x, m)")
        layers = []
        for l, (W, b) in enumerate(self.params[:-1], start=1):
            Z = W @ A + b                                              # z^l = W^l a^(l-1) + b^l
            bn = None
            if self.batch_norm:
                Z, bn = batch_norm_forward(Z)
            H = activations.activation(self.activation, Z)
            layers.append((A, Z, bn))
            A = A + H if self.residual and l >= 2 else H               # the skip adds the block's input
        W, b = self.params[-1]
        A_out = activations.sigmoid(W @ A + b)
        self._cache = (layers, A, A_out)
        return A_out

    def backward(self, Y):
        """Gradients ``[(dW, db), ...]`` of the mean cross-entropy of the last forward pass."""
        if self._cache is None:
            raise RuntimeError("backward needs a forward pass first: call net.forward(X).")
        layers, A_last, A_out = self._cache
        Y = as_matrix(Y, "Y", rows=1, cols=A_out.shape[1], what="(1, m)")
        binary_labels(Y)
        dZ = (A_out - Y) / Y.shape[1]                                  # BP1 for cross-entropy, mean over m
        W = self.params[-1][0]
        grads = [(dZ @ A_last.T, dZ.sum(axis=1, keepdims=True))]
        E = W.T @ dZ                                                   # dC/da at the last hidden layer
        for l in range(self.depth, 0, -1):
            A_prev, Z, bn = layers[l - 1]
            dZ = E * activations.derivative(self.activation, Z)
            if bn is not None:
                dZ = batch_norm_backward(dZ, bn)
            W = self.params[l - 1][0]
            grads.append((dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)))
            E = W.T @ dZ + (E if self.residual and l >= 2 else 0.0)    # the skip passes E on unchanged
        return grads[::-1]

    def cost(self, X, Y) -> float:
        """The mean cross-entropy on ``(X, Y)`` (a fresh forward pass)."""
        A = np.clip(self.forward(X), 1e-300, None)
        Y = as_matrix(Y, "Y", rows=1, cols=A.shape[1], what="(1, m)")
        return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(np.clip(1 - A, 1e-300, None))))


def deep_gradient_norms(depth: int = 20, width: int = 8, activation: str = "sigmoid",
                        residual: bool = False, batch_norm: bool = False, init: str = "xavier",
                        init_scale: float = 1.0, n_samples: int = 200, seed: int = 0) -> np.ndarray:
    """``||dC/dW^l||`` for l = 1..depth+1 of a fresh :class:`DeepChain` on the moons: ``(depth + 1,)``.

    Measured at the starting weights, on all ``n_samples`` samples at once
    (one batch, so batch normalisation uses their mean and variance).
    """
    X, Y = dataset("moons", n_samples, seed)
    net = DeepChain(2, width, depth, activation, residual=residual, batch_norm=batch_norm, init=init,
                    init_scale=init_scale, seed=seed)
    same_samples(X, Y)
    net.forward(X)
    return np.array([np.linalg.norm(dW) for dW, _ in net.backward(Y)])
