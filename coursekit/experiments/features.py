"""Input features: the plane's (x1, x2), optionally with their squares and product.

A network that is given x1², x2² and x1·x2 as inputs can draw a circle or a hyperbola with
no hidden layer at all: good features make a small network enough (TensorFlow Playground's
lesson). :class:`FeatureModel` keeps such a network usable where a model of the plane is
expected (a decision boundary drawn over (x1, x2), the first layer's response maps).
"""
from __future__ import annotations

import numpy as np

from .._validation import as_matrix, choice

__all__ = ["FEATURE_SETS", "input_features", "FeatureModel"]

#: The feature sets by name, each with the names of its rows.
FEATURE_SETS = {"plain": ("x1", "x2"), "squares": ("x1", "x2", "x1²", "x2²", "x1·x2")}


def input_features(X, features: str = "plain") -> np.ndarray:
    """The rows of ``FEATURE_SETS[features]`` for the samples ``X`` (2, m): (2, m) for
    ``"plain"`` (X itself, copied), (5, m) for ``"squares"``."""
    X = as_matrix(X, "X", rows=2, what="(2, m)")
    choice(features, "features", FEATURE_SETS)
    if features == "plain":
        return X.copy()
    x1, x2 = X
    return np.vstack([x1, x2, x1 * x1, x2 * x2, x1 * x2])


class FeatureModel:
    """A network ``net`` whose inputs are ``input_features(X, features)``, as a model of the
    plane: ``predict_proba`` / ``predict`` take X (2, m) and ``first_layer(X)`` gives the first
    hidden layer's activations (n_1, m)."""

    def __init__(self, net, features: str = "plain"):
        choice(features, "features", FEATURE_SETS)
        if net.layer_sizes[0] != len(FEATURE_SETS[features]):
            raise ValueError(f"net takes {net.layer_sizes[0]} inputs; features={features!r} gives "
                             f"{len(FEATURE_SETS[features])}.")
        self.net, self.features = net, features

    def predict_proba(self, X) -> np.ndarray:
        return self.net.predict_proba(input_features(X, self.features))

    def predict(self, X) -> np.ndarray:
        return self.net.predict(input_features(X, self.features))

    def first_layer(self, X) -> np.ndarray:
        """a^1 (n_1, m), the first hidden layer's activations at the columns of X (2, m)."""
        if self.net.L < 2:
            raise ValueError("the network has no hidden layer.")
        return self.net.forward_layers(input_features(X, self.features))[1][1]
