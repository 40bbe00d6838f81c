"""What the experiments share: the explorers' datasets, quiet training and layer sizes."""
from __future__ import annotations

import warnings

from .. import data
from .._validation import choice, number
from ..network import MLP, History

__all__ = ["DATASETS", "dataset", "fit_quietly", "layer_sizes"]


#: Datasets the explorers offer, by name: name -> function(n_samples, seed) -> (X, Y).
DATASETS = {
    "xor": lambda n, seed: data.make_xor(n, noise=0.15, seed=seed),
    "moons": lambda n, seed: data.make_moons(n, noise=0.15, seed=seed),
    "circles": lambda n, seed: data.make_circles(n, noise=0.08, factor=0.5, seed=seed),
    "spirals": lambda n, seed: data.make_spirals(n, noise=0.1, seed=seed),
    "blobs": lambda n, seed: data.make_blobs(n, centers=2, std=0.9, seed=seed),
    "noisy moons": lambda n, seed: data.make_moons(n, noise=0.35, seed=seed),
}


def fit_quietly(net: MLP, X, Y, learning_rate, epochs, **kwargs) -> History:
    """``net.fit`` without the divergence warning: an explorer shows divergence
    through ``History.diverged`` instead, so the warning would only be noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return net.fit(X, Y, learning_rate, epochs, **kwargs)


def dataset(name: str, n_samples: int = 200, seed: int = 0):
    """One of the explorers' 2-D binary datasets, ``(X (2, m), Y (1, m))``."""
    choice(name, "dataset", DATASETS)
    return DATASETS[name](number(n_samples, "n_samples", low=2, integer=True), seed)


def layer_sizes(n_in: int, depth: int, width: int, n_out: int = 1) -> list[int]:
    """``[n_in, width, ..., width, n_out]`` with ``depth`` hidden layers (0 is none)."""
    depth = number(depth, "depth", low=0, integer=True)
    width = number(width, "width", low=1, integer=True)
    return [n_in] + [width] * depth + [n_out]
