"""What training records and the rules it stops by, shared by every trainer.

``History`` is what ``MLP.fit`` returns; ``has_diverged`` is the course's one
rule for "training blew up"; ``EarlyStopping`` is the patience rule of
chapter 06; ``FitSettings`` holds the checked arguments of one ``fit`` call.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import optimizers, schedules

__all__ = [
    "DIVERGENCE_FACTOR", "DivergenceWarning", "has_diverged", "History", "EarlyStopping",
    "FitSettings", "optimizer_and_rates",
]

#: An epoch whose loss exceeds this many times the first epoch's loss counts as diverged.
DIVERGENCE_FACTOR = 10.0


class DivergenceWarning(RuntimeWarning):
    """Training stopped because the loss blew up (non-finite, or far above where it started)."""


def has_diverged(loss: float, first_loss: float, factor: float | None = DIVERGENCE_FACTOR) -> bool:
    """The course's one rule for "training diverged", used by every trainer.

    A loss that is NaN or infinite has diverged. So has a loss more than
    ``factor`` times the first one: gradient descent that works lowers the
    loss, and with a bounded output (sigmoid, softmax) a run that has blown up
    can stay finite forever while being useless. ``factor=None`` keeps only
    the non-finite test.
    """
    if not np.isfinite(loss):
        return True
    return factor is not None and np.isfinite(first_loss) and loss > factor * max(first_loss, 1e-12)


@dataclass
class History:
    """What ``MLP.fit`` recorded, one entry per epoch unless said otherwise.

    loss        (epochs_run,) training cost (without any penalty), averaged
                over the epoch's updates, each measured on the forward pass
                that update used, so no extra pass over the data is spent
    val_loss    (epochs_run,) cost on (X_val, Y_val) after each epoch, or None
    grad_norms  (epochs_run, L) Frobenius norm of dC/dW^l for layers 1..L
                (before any clipping), averaged over the epoch's updates:
                how fast each layer learns
    step_loss   (updates,) the cost of every single update's batch
    diverged    True if training stopped because the loss blew up
    diverged_epoch  the 1-based epoch at which that happened, else None
    learning_rate   the learning rate asked for (the schedule's starting rate)
    learning_rates  (epochs_run,) the rate each epoch used (the schedule), or
                None for a History not made by ``fit``
    optimizer   the optimiser's name ("sgd", "momentum", "nesterov", "rmsprop", "adam")
    best_epoch  with early stopping, the 1-based epoch whose weights were kept
    stopped_early   True if early stopping ended training before ``epochs``
    """

    loss: np.ndarray
    val_loss: np.ndarray | None
    grad_norms: np.ndarray
    step_loss: np.ndarray
    diverged: bool = False
    diverged_epoch: int | None = None
    learning_rate: float = 0.0
    batch_size: int | None = None
    updates_per_epoch: int = 1
    best_epoch: int | None = None
    stopped_early: bool = False
    extra: dict = field(default_factory=dict)
    learning_rates: np.ndarray | None = None
    optimizer: str = "sgd"

    @property
    def epochs_run(self) -> int:
        return len(self.loss)


class EarlyStopping:
    """Chapter 06's rule: stop once ``patience`` epochs have passed without a new
    best validation loss, and keep the weights of the best epoch.

    A tie does not count as a new best (the earlier epoch is kept).
    """

    def __init__(self, patience: int):
        self.patience = patience
        self.best = np.inf
        self.best_epoch: int | None = None   # 1-based
        self.best_params = None

    def should_stop(self, val_loss: float, epoch: int, net) -> bool:
        """Record epoch ``epoch``'s (1-based) validation loss; True when training should stop."""
        if val_loss < self.best:
            self.best, self.best_epoch, self.best_params = val_loss, epoch, net.copy_params()
            return False
        # With no finite best yet, the patience counts from the start.
        return epoch - (self.best_epoch or 0) >= self.patience


@dataclass
class FitSettings:
    """The checked arguments of one ``MLP.fit`` call, and the random stream it draws from.

    ``batch_size`` is None for the full batch (also when the batch asked for,
    ``requested_batch``, is at least the number of samples). ``learning_rate`` is
    the rate asked for, ``rates`` the (epochs,) rate of each epoch (the schedule),
    ``optimizer`` the optimiser object (coursekit.optimizers).
    """

    X: np.ndarray
    Y: np.ndarray
    learning_rate: float
    X_val: np.ndarray | None
    Y_val: np.ndarray | None
    epochs: int
    batch_size: int | None
    requested_batch: int | None
    rng: np.random.Generator
    hidden: list          # widths of the hidden layers, for the dropout masks
    l2: float
    l1: float
    dropout: float
    patience: int | None
    max_grad_norm: float | None
    divergence_factor: float | None
    optimizer: object
    rates: np.ndarray

    def __post_init__(self):
        m = self.X.shape[1]
        self.starts = [0] if self.batch_size is None else list(range(0, m, self.batch_size))

    @property
    def steps(self) -> int:
        """Updates per epoch."""
        return len(self.starts)

    def dropout_masks(self, m: int):
        """Fresh inverted-dropout masks for a batch of ``m`` samples, one (n_l, m) array per
        hidden layer: 0 for a dropped unit, 1 / (1 - dropout) for a kept one; None without dropout."""
        if not self.dropout:
            return None
        return [(self.rng.random((n, m)) >= self.dropout) / (1.0 - self.dropout) for n in self.hidden]

    def empty_history(self, n_layers: int) -> History:
        """A History with room for every epoch, all zeros, for ``fit`` to fill in."""
        return History(loss=np.zeros(self.epochs),
                       val_loss=None if self.X_val is None else np.zeros(self.epochs),
                       grad_norms=np.zeros((self.epochs, n_layers)), step_loss=np.zeros(self.epochs * self.steps),
                       learning_rate=self.learning_rate, learning_rates=self.rates, batch_size=self.requested_batch,
                       updates_per_epoch=self.steps, optimizer=self.optimizer.name)


def optimizer_and_rates(optimizer, schedule, settings: dict, learning_rate: float, epochs: int) -> dict:
    """``fit``'s optimiser object and ``(epochs,)`` learning rates from its keyword settings."""
    unknown = set(settings) - optimizers.SETTINGS - schedules.SETTINGS
    if unknown:
        raise TypeError(f"fit() got the unknown setting(s) {sorted(unknown)}; the optimisers take "
                        f"{sorted(optimizers.SETTINGS)}, the schedules {sorted(schedules.SETTINGS)}.")
    return dict(
        optimizer=optimizers.make(optimizer, **{k: v for k, v in settings.items() if k in optimizers.SETTINGS}),
        rates=schedules.learning_rates(schedule, learning_rate, epochs,
                                       **{k: v for k, v in settings.items() if k in schedules.SETTINGS}))
