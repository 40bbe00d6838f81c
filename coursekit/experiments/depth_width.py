"""Deep and narrow against shallow and wide, with the same number of parameters (chapter 02).

"Deep networks compose simple features and need fewer units" is a claim that can be measured:
train both shapes on the same data with the same budget of weights, several seeds each, and
compare their accuracy on fresh points from the same distribution.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import number
from ..network import MLP
from .common import dataset, fit_quietly, layer_sizes

__all__ = ["width_for_budget", "DepthWidthRun", "depth_width_run"]


def width_for_budget(depth: int, n_params: int, n_in: int = 2, n_out: int = 1) -> int:
    """The width whose network ``[n_in] + [width] * depth + [n_out]`` has the parameter count
    nearest ``n_params`` (the narrower one on a tie); at least 1."""
    depth = number(depth, "depth", low=1, integer=True)
    n_params = number(n_params, "n_params", low=1, integer=True)

    def count(width):
        return _count(layer_sizes(n_in, depth, width, n_out))

    width = 1
    while count(width + 1) <= n_params:
        width += 1
    if abs(count(width + 1) - n_params) < abs(count(width) - n_params):
        width += 1
    return width


def _count(sizes) -> int:
    """sum over layers of n_l (n_(l-1) + 1): one weight per edge, one bias per unit."""
    return sum(n_out * (n_in + 1) for n_in, n_out in zip(sizes[:-1], sizes[1:]))


@dataclass
class DepthWidthRun:
    """One architecture trained from several seeds, and how well each run does.

    layer_sizes     the architecture, input size first
    n_params        its number of weights and biases
    nets            the trained networks, one per seed
    train_accuracy  (len(seeds),) share of the training points each run gets right
    test_accuracy   (len(seeds),) the same on fresh points from the same distribution
    settings        the optimiser, learning rate, epochs, activation and dataset used
    """

    layer_sizes: list
    n_params: int
    nets: list
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    settings: dict


def depth_width_run(depth: int, width: int, learning_rate: float, optimizer: str = "sgd",
                    epochs: int = 1000, activation: str = "relu", seeds=(0, 1, 2),
                    dataset_name: str = "spirals", n_train: int = 200, n_test: int = 1000) -> DepthWidthRun:
    """Train ``[2] + [width] * depth + [1]`` (full batch, sigmoid output, cross-entropy) once per
    seed on ``n_train`` points of ``dataset_name`` and measure it on ``n_test`` fresh ones.

    The training points are the same for every seed (dataset seed 0); the seed changes only the
    starting weights. The test points come from the same distribution with another noise draw.
    """
    seeds = tuple(seeds)
    if not seeds:
        raise ValueError("seeds must hold at least one seed; got none.")
    X, Y = dataset(dataset_name, n_train, 0)
    X_test, Y_test = dataset(dataset_name, number(n_test, "n_test", low=1, integer=True), 1)
    sizes = layer_sizes(2, depth, width)
    nets, train, test = [], [], []
    for seed in seeds:
        net = MLP(sizes, hidden_activation=activation, seed=seed)
        fit_quietly(net, X, Y, learning_rate, epochs, optimizer=optimizer)
        nets.append(net)
        train.append(float(np.mean(net.predict(X) == Y)))
        test.append(float(np.mean(net.predict(X_test) == Y_test)))
    settings = dict(optimizer=optimizer, learning_rate=learning_rate, epochs=epochs,
                    activation=activation, dataset=dataset_name, seeds=seeds)
    return DepthWidthRun(sizes, nets[0].n_params, nets, np.array(train), np.array(test), settings)
