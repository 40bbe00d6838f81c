"""Gradient flow through a deep network: vanishing and exploding gradients, dead units (chapter 05)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..network import MLP, History
from .common import dataset, fit_quietly, layer_sizes
from .training import TrainingRun

__all__ = ["GradientFlow", "gradient_flow", "dead_units", "layer_outputs"]


@dataclass
class GradientFlow:
    """Per-layer gradient norms of a deep network at initialisation and during training."""

    initial_norms: np.ndarray   # (L,) ||dC/dW^l|| at the initial weights, layers 1..L
    run: TrainingRun

    @property
    def history(self) -> History:
        return self.run.history


def gradient_flow(depth: int = 6, activation: str = "sigmoid", init: str = "xavier",
                  init_scale: float = 1.0, learning_rate: float = 0.5, epochs: int = 100,
                  width: int = 8, dataset_name: str = "moons", n_samples: int = 200,
                  seed: int = 0) -> GradientFlow:
    """Measure how the gradient's size changes from the output layer back to the first.

    The norms at initialisation show vanishing (shrinking towards layer 1) or
    exploding (growing towards layer 1) before any training; the history's
    ``grad_norms`` show how fast each layer learns as training goes on.
    """
    X, Y = dataset(dataset_name, n_samples, seed)
    net = MLP(layer_sizes(2, depth, width), hidden_activation=activation, init=init,
              init_scale=init_scale, seed=seed)
    with np.errstate(all="ignore"):
        net.forward(X)
        initial = np.array([np.linalg.norm(dW) for dW, _ in net.backward(Y)])
    history = fit_quietly(net, X, Y, learning_rate, epochs, seed=seed)
    settings = dict(dataset=dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                    activation=activation, epochs=epochs, init=init, init_scale=init_scale)
    return GradientFlow(initial, TrainingRun(net, history, X, Y, settings=settings))


def dead_units(net: MLP, X) -> np.ndarray:
    """How many units of each hidden layer are switched off for every sample of ``X``.

    ``X`` is ``(n_x, m)``, samples as columns. A hidden unit counts when its
    pre-activation ``z`` is at most 0 on all m samples. For ReLU such a unit
    outputs 0 for every one of them, and because relu'(z) = 0 there it passes
    back no gradient either, so its incoming weights stop changing: the unit
    is *dead*. (A leaky ReLU unit in the same state still passes back 0.01 of
    the gradient, so it can recover.) Returns an int array of shape
    ``(L - 1,)``, one count per hidden layer (empty for a network with no
    hidden layer). A NaN pre-activation (a diverged run) does not count.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a coursekit MLP; got {type(net).__name__}.")
    Zs, _ = net.forward_layers(X)                   # z^l = W^l a^(l-1) + b^l, l = 1..L
    return np.array([int(np.sum(np.all(Z <= 0, axis=1))) for Z in Zs[:-1]], dtype=int)


def layer_outputs(net: MLP, X):
    """The forward pass of ``net`` on ``X``, layer by layer: ``[(Z1, A1), ..., (ZL, AL)]``.

    ``X`` is ``(n_x, m)``; ``Z^l = W^l A^(l-1) + b^l`` and ``A^l = g(Z^l)`` are
    both ``(n_l, m)``, one column per sample, for l = 1..L (the last pair is
    the output layer). Handy for looking inside a network: the slopes
    ``g'(z^l)`` that backprop multiplies by, saturated or switched-off units.
    Overflow shows as inf or NaN in the arrays, with no warning.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a coursekit MLP; got {type(net).__name__}.")
    Zs, As = net.forward_layers(X)
    return list(zip(Zs, As[1:]))
