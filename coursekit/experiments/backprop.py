"""Backpropagation: what a forward and a backward pass cost, and checking a backward pass
written by hand (chapter 04)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_matrix, number
from ..gradcheck import numerical_gradient, relative_error
from ..network import MLP
from .common import layer_sizes

__all__ = ["BackpropCost", "backprop_cost", "check_backward"]


@dataclass
class BackpropCost:
    """Multiply-adds of one forward pass, one backward pass, and a finite-difference gradient.

    Only the matrix products are counted (they dominate; the elementwise
    products and the bias additions grow with the number of units, not with
    the number of weights). Per sample, layer l costs

    * forward:  ``n_l n_(l-1)`` for ``z^l = W^l a^(l-1)``;
    * backward: ``n_l n_(l-1)`` for ``dW^l = delta^l (a^(l-1))^T`` (BP4), plus
      another ``n_l n_(l-1)`` for ``(W^l)^T delta^l`` (BP2) when l > 1
      (layer 1 sends no error back to the inputs).

    A gradient by centred differences instead runs two forward passes per
    parameter. Every count is for ``m`` samples.
    """

    layer_sizes: list
    m: int
    forward_layers: np.ndarray    # (L,) multiply-adds of layer l in the forward pass
    backward_layers: np.ndarray   # (L,) multiply-adds of layer l in the backward pass

    @property
    def depth(self) -> int:
        return len(self.layer_sizes) - 2

    @property
    def n_params(self) -> int:
        return int(sum(n * (p + 1) for p, n in zip(self.layer_sizes[:-1], self.layer_sizes[1:])))

    @property
    def forward(self) -> int:
        return int(self.forward_layers.sum())

    @property
    def backward(self) -> int:
        return int(self.backward_layers.sum())

    @property
    def finite_differences(self) -> int:
        """Two forward passes (theta + eps and theta - eps) for every parameter."""
        return 2 * self.n_params * self.forward

    @property
    def status(self) -> str:
        return (f"depth {self.depth}: {self.n_params:,} parameters. Per sample, forward "
                f"{self.forward // self.m:,} multiply-adds, backward {self.backward // self.m:,} "
                f"({self.backward / self.forward:.2f} x forward); centred differences "
                f"{self.finite_differences // self.m:,} ({self.finite_differences / self.forward:,.0f} x forward)")


def backprop_cost(depth: int = 3, width: int = 16, n_in: int = 2, n_out: int = 1, m: int = 1) -> BackpropCost:
    """Count the multiply-adds of the forward and backward pass of ``[n_in, width x depth, n_out]``.

    ``depth`` is the number of hidden layers (0 is logistic regression), each
    ``width`` units wide; ``m`` samples (the columns of ``X``). Deterministic
    arithmetic, nothing is timed: see :class:`BackpropCost` for what is counted.
    """
    sizes = layer_sizes(number(n_in, "n_in", low=1, integer=True), depth, width,
                        number(n_out, "n_out", low=1, integer=True))
    m = number(m, "m", low=1, integer=True)
    products = np.array([n * p for p, n in zip(sizes[:-1], sizes[1:])], dtype=np.int64) * m
    backward = 2 * products
    backward[0] = products[0]                 # no (W^1)^T delta^1: the inputs need no error term
    return BackpropCost(sizes, m, products, backward)


# ----------------------------------------- checking a hand-written backward pass
def check_backward(backward_fn, net: MLP, X, Y, eps: float = 1e-6) -> dict:
    """Gradient-check a backward pass written by hand against ``net``'s cost.

    ``backward_fn(params, X, Y)`` gets ``net.params`` (a list of ``(W, b)``
    pairs, ``W^l`` of shape ``(n_l, n_(l-1))``, ``b^l`` of ``(n_l, 1)``), ``X``
    ``(n_0, m)`` and ``Y`` ``(n_L, m)``, and must return ``[(dW1, db1), ...]``
    with the shapes of the parameters. Each is compared with centred
    differences of ``net.cost(X, Y)``, as :func:`coursekit.gradient_check`
    does for ``net.backward``. Returns ``{"error": pooled relative error,
    "layers": [(error_W, error_b), ...]}``; below about 1e-7 the backward pass
    is right. A gradient of the wrong shape raises ``ValueError`` naming it.
    """
    if not callable(backward_fn):
        raise TypeError(f"backward_fn must be a function backward_fn(params, X, Y); got {type(backward_fn).__name__}.")
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a coursekit.MLP; got {type(net).__name__}.")
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[1])
    params = net.params
    grads = backward_fn([(W.copy(), b.copy()) for W, b in params], X.copy(), Y.copy())
    if not isinstance(grads, (list, tuple)) or len(grads) != net.L:
        raise ValueError(f"backward_fn must return a list of {net.L} pairs (dW, db), one per layer; "
                         f"got {type(grads).__name__}" + (f" of length {len(grads)}." if hasattr(grads, '__len__') else "."))
    analytic, numeric, layers = [], [], []
    for l, ((W, b), pair) in enumerate(zip(params, grads), start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"layer {l}'s gradient must be a pair (dW{l}, db{l}).")
        dW = as_matrix(pair[0], f"dW{l}", rows=W.shape[0], cols=W.shape[1], what=f"the shape of W{l}", finite=False)
        db = as_matrix(pair[1], f"db{l}", rows=b.shape[0], cols=1, what=f"the shape of b{l}", finite=False)
        num_W = numerical_gradient(lambda: net.cost(X, Y), W, eps)
        num_b = numerical_gradient(lambda: net.cost(X, Y), b, eps)
        analytic += [dW, db]
        numeric += [num_W, num_b]
        layers.append((relative_error(dW, num_W), relative_error(db, num_b)))
    flat = lambda arrays: np.concatenate([a.ravel() for a in arrays])
    return {"error": relative_error(flat(analytic), flat(numeric)), "layers": layers}
