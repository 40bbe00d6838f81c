"""Stacked linear layers collapse into one: depth without a nonlinearity is still a line (chapter 01)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .._validation import as_matrix, number
from ..activations import sigmoid
from ..network import MLP
from .common import dataset, fit_quietly
from .training import TrainingRun, train_classifier

__all__ = ["collapse_linear", "LinearStackRun", "linear_stack_run"]


def collapse_linear(params):
    """The single layer ``(W, b)`` that computes exactly what stacked linear layers compute.

    ``params`` is ``[(W1, b1), ..., (WL, bL)]`` (an ``MLP``'s ``params``), with
    ``W^l`` of shape ``(n_l, n_(l-1))`` and ``b^l`` of shape ``(n_l, 1)``, each
    layer computing ``z^l = W^l a^(l-1) + b^l`` with no activation between
    layers. Substituting one layer into the next,

        W^2 (W^1 x + b^1) + b^2 = (W^2 W^1) x + (W^2 b^1 + b^2),

    and so on up the stack, so the result is ``W = W^L ... W^2 W^1`` of shape
    ``(n_L, n_0)`` and ``b = W^L ... W^2 b^1 + ... + W^L b^(L-1) + b^L`` of
    shape ``(n_L, 1)``. NaN and inf (from a diverged run) pass through.
    """
    if not isinstance(params, (list, tuple)):
        raise TypeError(f"params must be a list of (W, b) pairs such as net.params; got {type(params).__name__}.")
    if len(params) == 0:
        raise ValueError("params must hold at least one layer (W, b); got an empty list.")
    W = b = None
    for l, pair in enumerate(params, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"params[{l - 1}] must be a pair (W{l}, b{l}).")
        Wl = as_matrix(pair[0], f"W{l}", cols=None if W is None else W.shape[0],
                       what="(n_l, n_(l-1))", finite=False)
        bl = as_matrix(pair[1], f"b{l}", rows=Wl.shape[0], cols=1, what="(n_l, 1)", finite=False)
        if W is None:
            W, b = Wl.copy(), bl.copy()
        else:
            with np.errstate(all="ignore"):
                W, b = Wl @ W, Wl @ b + bl          # W^l (W x + b) + b^l = (W^l W) x + (W^l b + b^l)
    return W, b


@dataclass
class LinearStackRun:
    """A network trained with ``depth`` hidden layers, and what a single layer makes of it.

    ``W``, ``b`` are the collapsed single layer (:func:`collapse_linear`) when
    the hidden layers are linear, else None; ``max_difference`` is the largest
    gap between the network's output and ``sigmoid(W X + b)`` on the data
    (rounding error only, about 1e-16, when linear); ``one_neuron_loss`` is the
    loss a single neuron (logistic regression, depth 0) reaches on the same data.
    """

    run: TrainingRun
    W: np.ndarray | None
    b: np.ndarray | None
    max_difference: float | None
    one_neuron_loss: float

    @property
    def depth(self) -> int:
        return self.run.net.L - 1

    @property
    def status(self) -> str:
        h = self.run.history
        if h.diverged:
            return (f"diverged at epoch {h.diverged_epoch}: the learning rate is too large "
                    f"for {self.depth + 1} stacked layers")
        loss = (f"loss {h.loss[-1]:.4f} (one neuron alone: {self.one_neuron_loss:.4f}), "
                f"training accuracy {self.run.accuracy:.0%}")
        if self.W is None:
            return f"{self.run.settings['activation']} between layers: no single matrix replaces them; {loss}"
        if self.depth == 0:
            return f"depth 0 is one neuron, one layer W x + b; {loss}"
        return (f"{self.depth + 1} weight matrices collapse into one W (outputs agree to "
                f"{self.max_difference:.0e}); {loss}")


@functools.lru_cache(maxsize=None)
def _one_neuron_loss(dataset_name: str, n_samples: int, seed: int) -> float:
    """The cost one sigmoid neuron (logistic regression) reaches on a dataset: its best line."""
    X, Y = dataset(dataset_name, n_samples, seed)
    net = MLP([2, 1], seed=seed)
    return float(fit_quietly(net, X, Y, 2.0, 2000, seed=seed).loss[-1])


def linear_stack_run(depth: int = 2, learning_rate: float = 1.0, dataset_name: str = "moons",
                     activation: str = "linear", width: int = 4, epochs: int = 150,
                     n_samples: int = 100, seed: int = 0) -> LinearStackRun:
    """Stack ``depth`` hidden layers with no nonlinearity and show it is still one line.

    Trains ``MLP([2, width, ..., width, 1], hidden_activation=activation)``
    (sigmoid output) on one of ``DATASETS``. With ``activation="linear"`` the
    whole network is ``sigmoid(W x + b)`` for the single ``(W, b)`` of
    :func:`collapse_linear`, so its decision boundary is the straight line
    ``W x + b = 0`` at every depth, and its loss cannot beat one neuron's.
    Any other hidden activation (``"tanh"``, say) is trained the same way for
    comparison, and gets no collapsed layer.
    """
    depth = number(depth, "depth", low=0, integer=True)
    run = train_classifier(dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                           activation=activation, epochs=epochs, n_samples=n_samples, seed=seed)
    W = b = diff = None
    if activation == "linear" or depth == 0:   # with no hidden layer the activation plays no part
        W, b = collapse_linear(run.net.params)
        with np.errstate(all="ignore"):
            one_layer = sigmoid(W @ run.X + b)                  # the whole stack as one layer
            diff = float(np.max(np.abs(run.net.predict_proba(run.X) - one_layer)))
    return LinearStackRun(run, W, b, diff, _one_neuron_loss(dataset_name, n_samples, seed))
