"""Training a classifier on the explorers' datasets, and full batch against mini-batches.

:class:`TrainingRun` is the result most explorers show; :class:`BatchComparisons`
keeps runs so that the batch-size explorer retrains as little as it can.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import losses
from .._validation import number
from ..network import MLP, History, has_diverged
from .common import dataset, fit_quietly, layer_sizes
from .features import FEATURE_SETS, FeatureModel, input_features

__all__ = ["TrainingRun", "train_classifier", "BatchComparison", "batch_comparison",
           "BatchComparisons"]


@dataclass
class TrainingRun:
    """A trained network with its data and history."""

    net: MLP
    history: History
    X: np.ndarray
    Y: np.ndarray
    X_val: np.ndarray | None = None
    Y_val: np.ndarray | None = None
    settings: dict = field(default_factory=dict)

    @property
    def model(self):
        """The network as a model of the plane (X (2, m) in): a :class:`FeatureModel` when it
        was trained on other input features than (x1, x2), else ``net`` itself."""
        features = self.settings.get("features", "plain")
        return self.net if features == "plain" else FeatureModel(self.net, features)

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.model.predict(self.X) == self.Y))

    @property
    def status(self) -> str:
        """A one-line summary for a widget: the final loss, or where training diverged."""
        h = self.history
        unit = self.settings.get("unit", "epochs")  # full-batch regression counts iterations
        if h.diverged:
            return f"diverged at {unit[:-1]} {h.diverged_epoch}"
        if h.epochs_run == 0:
            return f"not trained yet (0 {unit})"
        line = f"loss {h.loss[-1]:.4f} after {h.epochs_run} {unit}, training accuracy {self.accuracy:.0%}"
        guess = self.guessing_loss
        if guess is not None and h.loss[-1] > 1.02 * guess:
            line += (f"; worse than answering P(y = 1) = {self.Y.mean():.2f} for every point ({guess:.4f})"
                     if self.Y.shape[0] == 1 else
                     f"; worse than answering the class frequencies for every point ({guess:.4f})")
        elif guess is not None and h.loss[-1] > 0.98 * guess:
            # Outputs that all sit near the class frequency fall on either side of 0.5 by
            # tiny margins, so the accuracy can read anything (24% on two balanced classes).
            binary = self.Y.shape[0] == 1
            answer = f"P(y = 1) = {self.Y.mean():.2f}" if binary else "the class frequencies"
            tie = "which side of 0.5 they happen to fall" if binary else "which class edges ahead by a hair"
            line += (f"; but the loss is no better than answering {answer} for every point"
                     f" ({guess:.4f}): the answers all sit near that, so the accuracy only shows {tie}")
        return line

    @property
    def guessing_loss(self) -> float | None:
        """The loss of answering the class frequencies of ``Y`` for every sample, the
        best a network can do without looking at ``X`` (ln 2 = 0.6931 for two
        balanced classes), or None for a network without a classification loss."""
        loss = getattr(self.net, "loss", None)
        if loss not in ("bce", "ce"):
            return None
        frequencies = np.broadcast_to(self.Y.mean(axis=1, keepdims=True), self.Y.shape)
        return float(losses.loss(loss, frequencies, self.Y))


def train_classifier(dataset_name: str = "moons", learning_rate: float = 0.5, depth: int = 1,
                     width: int = 8, activation: str = "tanh", epochs: int = 300,
                     batch_size: int | None = None, n_samples: int = 200, init: str = "xavier",
                     init_scale: float = 1.0, validation: int = 0, seed: int = 0,
                     features: str = "plain", **fit_options) -> TrainingRun:
    """Train a fresh sigmoid-output network on one of ``DATASETS``.

    With ``validation=k`` another k samples of the same dataset (another
    seed) are held out and their loss recorded after every epoch. Other
    keyword arguments (``l2``, ``dropout``, ...) go to ``MLP.fit``. ``features`` (a name of
    ``FEATURE_SETS``) gives the network ``input_features(X, features)`` as its inputs; the
    run keeps X (2, m) and ``run.model`` takes it.
    """
    X, Y = dataset(dataset_name, n_samples, seed)
    X_val = Y_val = None
    if validation:
        X_val, Y_val = dataset(dataset_name, validation, seed + 1000)
    F = input_features(X, features)
    F_val = None if X_val is None else input_features(X_val, features)
    net = MLP(layer_sizes(len(FEATURE_SETS[features]), depth, width), hidden_activation=activation, init=init,
              init_scale=init_scale, seed=seed)
    history = fit_quietly(net, F, Y, learning_rate, epochs, batch_size=batch_size, seed=seed,
                          X_val=F_val, Y_val=Y_val, **fit_options)
    settings = dict(dataset=dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                    activation=activation, epochs=epochs, batch_size=batch_size, features=features, **fit_options)
    return TrainingRun(net, history, X, Y, X_val, Y_val, settings)


# ----------------------------------------------------------------- batch sizes
@dataclass
class BatchComparison:
    """Full-batch, stochastic and mini-batch training of the same network from the same start."""

    runs: dict  # label -> History, labels "full batch", "SGD (batch 1)", "mini-batch (b)"
    m: int

    def updates(self, label):
        """The update count at the end of each epoch for one run (x axis for loss vs updates)."""
        h = self.runs[label]
        return np.arange(1, h.epochs_run + 1) * h.updates_per_epoch


def batch_comparison(learning_rate: float = 0.1, batch_size: int = 16, epochs: int = 30,
                     dataset_name: str = "moons", n_samples: int = 200, width: int = 8,
                     seed: int = 0) -> BatchComparison:
    """Train one architecture three times, full batch, batch 1 and ``batch_size``."""
    X, Y = dataset(dataset_name, n_samples, seed)
    batch_size = number(batch_size, "batch_size", low=1, integer=True)
    runs = {}
    for label, b in (("full batch", None), ("SGD (batch 1)", 1), (f"mini-batch ({batch_size})", batch_size)):
        net = MLP([2, width, 1], hidden_activation="tanh", seed=seed)
        runs[label] = fit_quietly(net, X, Y, learning_rate, epochs, batch_size=b, seed=seed)
    return BatchComparison(runs, X.shape[1])


def _train_with_full_cost(X, Y, learning_rate, epochs, batch_size, width, seed) -> History:
    """One run of :func:`batch_comparison`, also recording in ``val_loss`` the cost on the
    whole training set after every epoch (the number ``MLP.fit`` checks for divergence after
    its last epoch), so that :func:`_first_epochs` can cut it short exactly."""
    net = MLP([2, width, 1], hidden_activation="tanh", seed=seed)
    return fit_quietly(net, X, Y, learning_rate, epochs, batch_size=batch_size, seed=seed,
                       X_val=X, Y_val=Y)


def _first_epochs(run: History, trained: int, epochs: int) -> History | None:
    """The History ``MLP.fit`` returns when asked for ``epochs`` epochs, read off ``run``, a
    run asked for ``trained`` epochs by :func:`_train_with_full_cost`; None if it cannot be.

    Training for fewer epochs follows the same path (each epoch's mini-batches come from the
    same seeded stream), and stops at the same epoch if that run diverged earlier. What
    differs is the end: after its last epoch ``fit`` checks the cost of the final weights on
    the whole training set, which the longer run recorded in ``val_loss``. A run that
    diverged at its last epoch may have been stopped by that check, so it stands only for
    itself.
    """
    d = run.diverged_epoch if run.diverged else None
    if d is not None and epochs >= d and (d < trained or epochs == trained):
        done, diverged_epoch = run.epochs_run, d
    elif epochs <= run.epochs_run:
        done, diverged_epoch = epochs, None
        if epochs and has_diverged(run.val_loss[epochs - 1], run.loss[0]):
            done, diverged_epoch = epochs - 1, epochs
    else:
        return None
    steps = run.updates_per_epoch
    return History(loss=run.loss[:done].copy(), val_loss=None, grad_norms=run.grad_norms[:done].copy(),
                   step_loss=run.step_loss[:done * steps].copy(), diverged=diverged_epoch is not None,
                   diverged_epoch=diverged_epoch, learning_rate=run.learning_rate,
                   batch_size=run.batch_size, updates_per_epoch=steps)


class BatchComparisons:
    """:func:`batch_comparison` with a memory, for an explorer: the same results, less training.

    Each of the three runs is kept by what it depends on: the full-batch and SGD runs by the
    learning rate only, so moving the mini-batch size retrains the mini-batch run alone; and
    a run for fewer epochs than one already trained is read off that one (see
    :func:`_first_epochs`), so lowering the epochs retrains nothing. Up to ``max_runs`` runs
    are kept, the least recently used forgotten first.
    """

    def __init__(self, dataset_name: str = "moons", n_samples: int = 200, width: int = 8,
                 seed: int = 0, max_runs: int = 60):
        self.X, self.Y = dataset(dataset_name, n_samples, seed)
        self.width, self.seed = number(width, "width", low=1, integer=True), seed
        self.max_runs = number(max_runs, "max_runs", low=3, integer=True)
        self._runs: dict = {}      # (learning rate, batch size) -> (History, epochs asked for)
        self.trained = 0           # runs trained so far (the rest were read off kept ones)

    def _run(self, learning_rate, batch_size, epochs) -> History:
        key = (learning_rate, batch_size)
        kept = self._runs.pop(key, None)
        history = None if kept is None else _first_epochs(*kept, epochs)
        if history is None:
            kept = (_train_with_full_cost(self.X, self.Y, learning_rate, epochs, batch_size,
                                          self.width, self.seed), epochs)
            self.trained += 1
            history = _first_epochs(*kept, epochs)
        self._runs[key] = kept     # most recently used last
        while len(self._runs) > self.max_runs:
            self._runs.pop(next(iter(self._runs)))
        return history

    def __call__(self, learning_rate: float = 0.1, batch_size: int = 16, epochs: int = 30) -> BatchComparison:
        learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
        batch_size = number(batch_size, "batch_size", low=1, integer=True)
        epochs = number(epochs, "epochs", low=0, integer=True)
        runs = {label: self._run(learning_rate, b, epochs)
                for label, b in (("full batch", None), ("SGD (batch 1)", 1),
                                 (f"mini-batch ({batch_size})", batch_size))}
        return BatchComparison(runs, self.X.shape[1])
