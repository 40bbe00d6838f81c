"""Rosenblatt's perceptron: one layer of step units trained by the perceptron rule.

For each sample in turn the unit predicts y_hat = step(w . x + b). If it is
wrong the line moves a little towards the sample,

    w <- w + eta (y - y_hat) x,     b <- b + eta (y - y_hat),

and if it is right nothing changes. On linearly separable data this stops
making mistakes after finitely many updates; on XOR it never does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import as_matrix, binary_labels, choice, number, same_samples
from .activations import step

__all__ = ["Step", "Perceptron"]


@dataclass(frozen=True)
class Step:
    """One visit of the perceptron rule to one sample.

    ``w`` and ``b`` are the weights *after* the visit (shapes (n_out, n_x) and
    (n_out, 1)); ``changed`` tells whether the sample was misclassified and
    so moved them.
    """

    epoch: int          # 1-based
    index: int          # which column of X was visited
    x: np.ndarray       # (n_x, 1)
    y: np.ndarray       # (n_out, 1)
    y_hat: np.ndarray   # (n_out, 1), the prediction before the update
    w: np.ndarray
    b: np.ndarray
    changed: bool


class Perceptron:
    """A single-layer perceptron with step outputs, ``Z = W X + b``.

    Parameters
    ----------
    n_inputs : int
        Number of input features ``n_x``.
    n_outputs : int
        Number of output units (each is its own independent perceptron).
    learning_rate : float
        eta in the rule; must be positive.
    init : {"zeros", "random"}
        Start from all-zero weights, or from small random ones (seeded).
    seed : int
    """

    def __init__(self, n_inputs=2, n_outputs=1, learning_rate=1.0, init="random", seed=0):
        self.n_inputs = number(n_inputs, "n_inputs", low=1, integer=True)
        self.n_outputs = number(n_outputs, "n_outputs", low=1, integer=True)
        self.learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
        self.init = choice(init, "init", ("zeros", "random"))
        self.seed = number(seed, "seed", low=0, integer=True)
        rng = np.random.default_rng(self.seed)
        scale = 0.0 if init == "zeros" else 0.5
        self.W = scale * rng.standard_normal((self.n_outputs, self.n_inputs))
        self.b = scale * rng.standard_normal((self.n_outputs, 1))
        self.start = (self.W.copy(), self.b.copy())  # the line before any update, for replays
        self.steps: list[Step] = []
        self.errors_per_epoch: list[int] = []
        self.converged = False

    @property
    def params(self):
        """``[(W, b)]``, the same layout as ``MLP.params``."""
        return [(self.W, self.b)]

    def set_weights(self, W, b):
        """Start again from chosen weights: ``W`` (n_outputs, n_inputs), ``b`` (n_outputs, 1).

        The recorded steps are cleared, so a replay starts from this line.
        Returns ``self``.
        """
        self.W = as_matrix(W, "W", rows=self.n_outputs, cols=self.n_inputs,
                           what="(n_outputs, n_inputs)").copy()
        self.b = as_matrix(b, "b", rows=self.n_outputs, cols=1, what="(n_outputs, 1)").copy()
        self.start = (self.W.copy(), self.b.copy())
        self.steps, self.errors_per_epoch, self.converged = [], [], False
        return self

    def _check(self, X, Y=None):
        X = as_matrix(X, "X", rows=self.n_inputs)
        if Y is None:
            return X
        Y = as_matrix(Y, "Y", rows=self.n_outputs, what="(n_outputs, m)")
        same_samples(X, Y)
        binary_labels(Y, "Y", " for a perceptron")
        return X, Y

    def predict(self, X):
        """Step outputs, shape ``(n_outputs, m)``, of 0.0 and 1.0."""
        X = self._check(X)
        return step(self.W @ X + self.b)

    def fit(self, X, Y, epochs=10, shuffle=False):
        """Apply the perceptron rule for up to ``epochs`` passes over the samples.

        Every visit is appended to ``self.steps`` (so the moving line can be
        replayed) and the number of mistakes in each pass to
        ``self.errors_per_epoch``. Training stops early after a pass with no
        mistakes, setting ``self.converged``. Returns ``self``.
        """
        X, Y = self._check(X, Y)
        epochs = number(epochs, "epochs", low=0, integer=True)
        rng = np.random.default_rng(self.seed)
        m = X.shape[1]
        if not self.steps:  # weights set by hand (p.W = ...) since construction are the true start
            self.start = (self.W.copy(), self.b.copy())
        self.converged = False  # about this call: an earlier fit's convergence says nothing here
        for epoch in range(1, epochs + 1):
            order = rng.permutation(m) if shuffle else range(m)
            mistakes = 0
            for i in order:
                x, y = X[:, i:i + 1], Y[:, i:i + 1]
                y_hat = step(self.W @ x + self.b)
                error = y - y_hat                       # 0 when right, +1 or -1 when wrong
                changed = bool(np.any(error != 0))
                if changed:
                    self.W = self.W + self.learning_rate * error @ x.T   # w <- w + eta (y - y_hat) x
                    self.b = self.b + self.learning_rate * error         # b <- b + eta (y - y_hat)
                    mistakes += 1
                self.steps.append(Step(epoch, int(i), x, y, y_hat, self.W.copy(), self.b.copy(), changed))
            self.errors_per_epoch.append(mistakes)
            if mistakes == 0:
                self.converged = True
                break
        return self

    def weights_at(self, k):
        """``(W, b)`` after the first ``k`` visits (k = 0 is the starting line)."""
        k = number(k, "k", low=0, high=len(self.steps), integer=True)
        return self.start if k == 0 else (self.steps[k - 1].w, self.steps[k - 1].b)
