"""Regularisation: early stopping, inverted dropout, L2 against L1 on a network that overfits,
and data augmentation by jitter (chapter 06)."""
from __future__ import annotations

import numpy as np

from .._validation import as_matrix, number
from .training import TrainingRun, train_classifier

__all__ = ["regularisation_run", "early_stopping_point", "inverted_dropout",
           "penalty_comparison", "near_zero_weights", "jitter_augment"]


def regularisation_run(l2: float = 0.0, dropout: float = 0.0, width: int = 32, depth: int = 2,
                       learning_rate: float = 0.3, epochs: int = 300, n_train: int = 30,
                       n_val: int = 150, seed: int = 0) -> TrainingRun:
    """Fit a roomy network to a small noisy sample of moons and watch it overfit (or not).

    Thirty training points are easy to memorise, so without a penalty the
    validation loss turns upwards (after about 150 epochs at the defaults)
    while the training loss keeps falling; L2 and dropout hold it back. The
    hidden layers are ReLU with He initialisation.
    """
    return train_classifier("noisy moons", learning_rate=learning_rate, depth=depth, width=width,
                            activation="relu", init="he", epochs=epochs, n_samples=n_train,
                            validation=n_val, seed=seed, l2=l2, dropout=dropout)


def early_stopping_point(val_loss, patience: int | None = None):
    """Where early stopping with ``patience`` stops on a validation curve: ``(best_epoch, stop_epoch)``.

    ``val_loss`` holds the validation loss after epochs 1, 2, ... (a sequence
    or a 1-D array). The best epoch is the first epoch with the lowest loss
    seen so far (a tie does not replace it). Training stops at the first
    epoch that comes ``patience`` epochs after the best one without a new
    best, and the weights of the best epoch are kept; if that never happens
    (or ``patience`` is None) it runs to the end, ``stop_epoch =
    len(val_loss)``. Both are counted from 1, as ``MLP.fit`` does with
    ``early_stopping=patience``, so ``History.best_epoch`` and
    ``History.epochs_run`` match this.
    """
    arr = np.asarray(val_loss, dtype=np.float64) if not isinstance(val_loss, (str, bytes)) else None
    if arr is None or arr.ndim != 1 or arr.size == 0:
        raise ValueError("val_loss must be a non-empty sequence of losses, one per epoch; "
                         f"got {type(val_loss).__name__}{'' if arr is None else f' of shape {arr.shape}'}.")
    if not np.all(np.isfinite(arr)):
        raise ValueError("val_loss must contain only finite numbers.")
    patience = number(patience, "patience", low=1, integer=True, allow_none=True)
    best, best_epoch = np.inf, 0
    for epoch, value in enumerate(arr, start=1):
        if value < best:
            best, best_epoch = value, epoch
        elif patience is not None and epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, int(arr.size)


def inverted_dropout(A, U, rate: float):
    """Inverted dropout applied to the activations ``A`` with the random numbers ``U``.

    ``A`` and ``U`` have the same shape ``(n_l, m)``, one column per sample;
    ``U`` holds uniform random numbers in [0, 1). A unit is dropped where
    ``U < rate`` (so each one with probability ``rate``) and a kept one is
    scaled by ``1 / (1 - rate)``, which keeps the expected value of every
    activation unchanged, so nothing needs rescaling at prediction time.
    Returns ``(A_dropped, mask)``, ``mask = (U >= rate) / (1 - rate)``; it is
    the mask ``MLP.fit(dropout=rate)`` multiplies into each hidden layer.
    """
    A = as_matrix(A, "A", what="(n_l, m)")
    U = as_matrix(U, "U", rows=A.shape[0], cols=A.shape[1], what="(n_l, m), the shape of A")
    if np.any((U < 0) | (U >= 1)):
        raise ValueError("U must hold uniform random numbers in [0, 1), such as rng.random(A.shape).")
    rate = number(rate, "rate", low=0.0)
    if rate >= 1:
        raise ValueError(f"rate is the probability of dropping a unit and must be below 1; got {rate}.")
    mask = (U >= rate) / (1.0 - rate)        # 0 for a dropped unit, 1 / (1 - p) for a kept one
    return A * mask, mask


#: The settings ``regularisation_run`` trains with, shared by :func:`penalty_comparison`.
_REGULARISATION_SETUP = dict(depth=2, width=32, activation="relu", init="he", n_samples=30,
                             validation=150)


def penalty_comparison(l2: float = 0.01, l1: float = 0.003, learning_rate: float = 0.3,
                       epochs: int = 300, seed: int = 0) -> dict:
    """The network of :func:`regularisation_run` trained three times: no penalty, L2 and L1.

    Returns ``{"no penalty": run, "L2": run, "L1": run}``, each a
    :class:`TrainingRun` on the same 30 noisy moons with 150 validation
    points. L2 (``l2``) shrinks every weight in proportion to its size; L1
    (``l1``) pulls each weight towards 0 by the same amount, so many of them
    end up at (or hovering around) 0: a sparse network.
    """
    runs = {}
    for label, options in (("no penalty", {}), ("L2", {"l2": l2}), ("L1", {"l1": l1})):
        runs[label] = train_classifier("noisy moons", learning_rate=learning_rate, epochs=epochs,
                                       seed=seed, **_REGULARISATION_SETUP, **options)
    return runs


def near_zero_weights(params, threshold: float = 0.01) -> tuple[int, int]:
    """``(count, total)``: how many weights (not biases) of ``params`` have ``|w| < threshold``.

    ``params`` is a network's ``[(W1, b1), ...]`` (or an ``MLP``).
    """
    params = getattr(params, "params", params)
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"params must be a network's list of (W, b) pairs, or an MLP; got {type(params).__name__}.")
    threshold = number(threshold, "threshold", low=0.0, low_open=True)
    weights = np.concatenate([as_matrix(pair[0], f"W{l}", what="(n_l, n_(l-1))").ravel()
                              for l, pair in enumerate(params, start=1)])
    return int(np.sum(np.abs(weights) < threshold)), int(weights.size)


def jitter_augment(X, Y, copies: int = 10, std: float = 0.2, seed: int = 0):
    """Data augmentation by jitter: ``X`` and ``copies`` noisy copies of it, with their labels.

    ``X`` is ``(n_x, m)`` and ``Y`` ``(n_y, m)``. Each copy adds Gaussian
    noise of standard deviation ``std`` to every input and keeps the label,
    which says "a point this close to a sample belongs to the same class".
    Returns ``(X_aug, Y_aug)`` of shapes ``(n_x, (copies + 1) m)`` and
    ``(n_y, (copies + 1) m)``, the original samples first.
    """
    X = as_matrix(X, "X", what="(n_x, m)")
    Y = as_matrix(Y, "Y", cols=X.shape[1], what="(n_y, m), as many samples as X")
    copies = number(copies, "copies", low=0, integer=True)
    std = number(std, "std", low=0.0)
    rng = np.random.default_rng(number(seed, "seed", low=0, integer=True))
    X_aug = np.hstack([X] + [X + std * rng.standard_normal(X.shape) for _ in range(copies)])
    return X_aug, np.hstack([Y] * (copies + 1))
