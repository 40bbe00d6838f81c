"""Optimisers on a network (chapter 07): the same network trained once per setting, a learning
rate tuned on validation data and judged on test data over seeds, and final losses with a
nudge that tells a chaotic run from a steady one."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import number
from ..network import MLP
from .common import dataset, fit_quietly, layer_sizes
from .features import input_features
from .training import TrainingRun, train_classifier

__all__ = ["train_runs", "final_losses", "epochs_to_reach", "tune_learning_rate", "SeedTuning", "tune_over_seeds"]


def train_runs(runs: dict, dataset_name: str = "moons", depth: int = 2, width: int = 16,
               epochs: int = 100, **common) -> dict:
    """Train the same network (same data, same initial weights) once per entry of ``runs``.

    ``runs`` maps a label to the keywords of that run (``optimizer``, ``learning_rate``,
    ``schedule`` and their settings); ``common`` holds keywords every run shares
    (``batch_size``, ``activation``, ``validation``, ...). Returns ``{label: TrainingRun}``.
    """
    return {label: train_classifier(dataset_name, depth=depth, width=width, epochs=epochs,
                                    **{**common, **kwargs})
            for label, kwargs in runs.items()}


def final_losses(runs: dict, seeds=(0,), nudge: float = 0.0, dataset_name: str = "moons", n_samples: int = 200,
                 depth: int = 2, width: int = 16, activation: str = "tanh", epochs: int = 100,
                 **common) -> dict:
    """The training cost after the last epoch of each run in ``runs`` (label -> keywords of
    ``MLP.fit``, as in :func:`train_runs`), once per seed: ``{label: (len(seeds),) array}``.

    Seed s draws the data and the initial weights, as ``train_classifier(seed=s)`` does.
    ``nudge`` multiplies the inputs by ``1 + nudge``: with a nudge of 1e-12, a run whose cost
    moves by more than round-off is chaotic, and no digit of it can be printed.
    """
    seeds = tuple(number(s, "seeds", low=0, integer=True) for s in seeds)
    nudge = number(nudge, "nudge")
    out = {label: np.empty(len(seeds)) for label in runs}
    for i, seed in enumerate(seeds):
        X, Y = dataset(dataset_name, n_samples, seed)
        X = X * (1.0 + nudge)
        for label, kwargs in runs.items():
            settings = {**common, **kwargs}
            net = MLP(layer_sizes(X.shape[0], depth, width), hidden_activation=activation, seed=seed)
            fit_quietly(net, X, Y, settings.pop("learning_rate"), epochs, seed=seed, **settings)
            out[label][i] = net.cost(X, Y)
    return out


def epochs_to_reach(run: TrainingRun, target: float):
    """The first epoch (from 1) whose recorded loss is at or below ``target``, or None."""
    target = number(target, "target", low=0.0, low_open=True)
    below = np.flatnonzero(run.history.loss <= target)
    return int(below[0]) + 1 if below.size else None


def tune_learning_rate(optimizer: str, rates, dataset_name: str = "moons", validation: int = 200,
                       **common):
    """Train once per rate in ``rates``; pick the rate with the lowest final validation loss.

    Returns ``(best_rate, {rate: TrainingRun})``. Tuning on held-out data is what a
    practitioner does, and it is fair to both optimisers being compared.
    """
    rates = [number(r, "rates", low=0.0, low_open=True) for r in rates]
    if not rates:
        raise ValueError("rates must name at least one learning rate; got none.")
    runs = {r: train_classifier(dataset_name, learning_rate=r, optimizer=optimizer,
                                validation=validation, **common) for r in rates}
    finished = {r: run.history.val_loss[-1] for r, run in runs.items() if not run.history.diverged}
    best = min(finished, key=finished.get) if finished else None
    return best, runs


@dataclass
class SeedTuning:
    """A learning rate tuned on validation data, once per seed, and judged on test data.

    ``val_loss`` and ``test_loss`` are (seeds, rates): the final validation loss and the
    loss on the held-out test set of the run at each rate (inf for a run that diverged).
    """

    optimizer: str
    rates: tuple
    seeds: tuple
    val_loss: np.ndarray
    test_loss: np.ndarray

    @property
    def best_index(self) -> np.ndarray:
        """(seeds,): the index of the rate with the lowest validation loss, per seed."""
        return np.argmin(self.val_loss, axis=1)

    @property
    def best_rates(self) -> tuple:
        """The rate chosen on the validation set, per seed."""
        return tuple(self.rates[i] for i in self.best_index)

    @property
    def test_of_best(self) -> np.ndarray:
        """(seeds,): the test loss of the rate chosen on the validation set, per seed."""
        return self.test_loss[np.arange(len(self.seeds)), self.best_index]


def tune_over_seeds(optimizer: str, rates, seeds=range(5), dataset_name: str = "moons", validation: int = 200,
                    test: int = 1000, **common) -> SeedTuning:
    """:func:`tune_learning_rate` once per seed (another sample of the data and another start
    each time), and the loss of every run on ``test`` further samples that no choice saw
    (drawn with seed + 2000; the validation set uses seed + 1000).

    The rate is chosen on the validation set and reported on the test set, so the reported
    loss is not flattered by the choice; repeating over seeds shows how much of a difference
    between optimisers is luck. ``common`` goes to ``train_classifier`` (depth, width, epochs,
    ...). Returns a :class:`SeedTuning`.
    """
    seeds = tuple(number(s, "seeds", low=0, integer=True) for s in seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed; got none.")
    test = number(test, "test", low=1, integer=True)
    rates = tuple(number(r, "rates", low=0.0, low_open=True) for r in rates)
    if len(set(rates)) != len(rates):
        raise ValueError(f"rates must all differ; got {rates}.")
    val_loss, test_loss = np.full((len(seeds), len(rates)), np.inf), np.full((len(seeds), len(rates)), np.inf)
    for i, seed in enumerate(seeds):
        _, runs = tune_learning_rate(optimizer, rates, dataset_name, validation, seed=seed, **common)
        X_test, Y_test = dataset(dataset_name, test, seed + 2000)
        for j, run in enumerate(runs.values()):
            if not run.history.diverged:
                val_loss[i, j] = run.history.val_loss[-1]
                test_loss[i, j] = run.net.cost(input_features(X_test, run.settings["features"]), Y_test)
    return SeedTuning(optimizer, rates, seeds, val_loss, test_loss)
