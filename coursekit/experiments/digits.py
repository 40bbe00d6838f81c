"""Real data: the handwritten digits, softmax with cross-entropy, and the habits of practice
(chapter 08).

The split every function here uses by default is ``coursekit.data.train_val_test_split`` of
the shipped digits with seed 0: 1,259 training, 269 validation and 269 test images.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import data, metrics
from .._validation import as_matrix, number
from ..activations import softmax
from ..gradcheck import relative_error
from ..network import MLP
from .common import fit_quietly

__all__ = ["softmax_jacobian", "softmax_jacobian_error", "DigitsSplit", "digits_split",
           "stratified_subset", "examples_per_class", "grey_level_counts", "DigitsRun",
           "train_digits", "misclassified", "overfit_tiny_batch"]

_K = 10  # classes: the digits 0-9


# ------------------------------------------------------------------ softmax, derived
def softmax_jacobian(z):
    """The Jacobian of softmax at one column ``z`` (k, 1): ``J[i, j] = da_i / dz_j``.

    ``diag(a) - a a^T`` with ``a = softmax(z)``: ``a_i (1 - a_i)`` on the diagonal, as for the
    sigmoid, and ``-a_i a_j`` off it, because raising one score lowers every other probability.
    Returns (k, k), symmetric, each row and column summing to 0.
    """
    z = as_matrix(z, "z", cols=1, what="(k, 1), one column of scores")
    a = softmax(z)
    return np.diagflat(a) - a @ a.T


def softmax_jacobian_error(z, eps: float = 1e-6) -> float:
    """Relative error between :func:`softmax_jacobian` and centred differences of softmax.

    Column j of the numerical Jacobian is ``(softmax(z + eps e_j) - softmax(z - eps e_j)) / 2 eps``.
    """
    z = as_matrix(z, "z", cols=1, what="(k, 1), one column of scores")
    eps = number(eps, "eps", low=0.0, low_open=True)
    k = z.shape[0]
    numeric = np.empty((k, k))
    for j in range(k):
        step = np.zeros((k, 1))
        step[j] = eps
        numeric[:, j] = ((softmax(z + step) - softmax(z - step)) / (2 * eps))[:, 0]
    return relative_error(softmax_jacobian(z), numeric)


# ------------------------------------------------------------------ the data
@dataclass(frozen=True)
class DigitsSplit:
    """The digits divided for training (``X_train`` (64, m_train), ``y_train`` (m_train,),
    ``Y_train`` (10, m_train) one-hot), validation and test, in the same form."""

    X_train: np.ndarray
    y_train: np.ndarray
    Y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    Y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    Y_test: np.ndarray


def digits_split(seed: int = 0, val: float = 0.15, test: float = 0.15) -> DigitsSplit:
    """The shipped digits, split stratified with ``seed`` (``data.train_val_test_split``)."""
    X, y = data.load_digits()
    parts = data.train_val_test_split(X, y, val=val, test=test, seed=seed)
    arrays = []
    for Xs, ys in parts:
        arrays += [Xs, ys, data.one_hot(ys.reshape(1, -1), _K)]
    return DigitsSplit(*arrays)


def stratified_subset(y, n: int, seed: int = 0):
    """Indices (sorted) of ``n`` samples with each class equally represented.

    ``n // k`` of each of the k classes (drawn with ``seed``), then one more from the first
    ``n % k`` classes. For "about 100 training images" where overfitting is plain to see.
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be a vector of labels, shape (m,); got shape {y.shape}.")
    classes = np.unique(y)
    counts = np.bincount(np.searchsorted(classes, y))
    n = number(n, "n", low=classes.size, high=y.size, integer=True)
    per = np.full(classes.size, n // classes.size)
    per[: n % classes.size] += 1
    if np.any(per > counts):
        raise ValueError(f"n={n} asks for more samples of a class than y holds.")
    rng = np.random.default_rng(number(seed, "seed", low=0, integer=True))
    chosen = [rng.permutation(np.flatnonzero(y == c))[:p] for c, p in zip(classes, per)]
    return np.sort(np.concatenate(chosen))


def examples_per_class(y, per_class: int = 8):
    """Indices of the first ``per_class`` samples of each class 0..9: an array (10, per_class)."""
    y = np.asarray(y)
    per_class = number(per_class, "per_class", low=1, integer=True)
    rows = []
    for c in range(_K):
        idx = np.flatnonzero(y == c)[:per_class]
        if idx.size < per_class:
            raise ValueError(f"class {c} has only {idx.size} samples; per_class={per_class} is too many.")
        rows.append(idx)
    return np.stack(rows)


def grey_level_counts(X):
    """How many pixels take each of the 17 grey levels 0/16, 1/16, ..., 16/16: an int array (17,)."""
    X = as_matrix(X, "X", rows=64, what="(64, m) digit images")
    levels = np.round(X * 16)
    if np.any(np.abs(X * 16 - levels) > 1e-9) or X.min() < 0 or X.max() > 1:
        raise ValueError("X must hold grey levels k/16 for k = 0..16, as load_digits returns.")
    return np.bincount(levels.astype(np.int64).ravel(), minlength=17)


# ------------------------------------------------------------------ training and looking
@dataclass
class DigitsRun:
    """One network trained on the digits and what a learner looks at afterwards.

    ``train_idx`` are the training images used (columns of ``split.X_train``);
    ``val_accuracy`` and ``confusion`` (10, 10) are measured on the validation set, never on
    the test set; ``wrong`` holds the validation indices the network gets wrong.
    """

    net: MLP
    history: object
    split: DigitsSplit
    train_idx: np.ndarray
    train_accuracy: float
    val_accuracy: float
    confusion: np.ndarray
    wrong: np.ndarray


def train_digits(hidden=(32,), learning_rate: float = 1e-3, optimizer: str = "adam",
                 l2: float = 0.0, dropout: float = 0.0, n_train: int | None = None,
                 epochs: int = 30, batch_size: int | None = 32, early_stopping: int | None = None,
                 seed: int = 0, split: DigitsSplit | None = None) -> DigitsRun:
    """Train a ReLU network with a softmax output on the digits and measure it on validation.

    ``hidden`` lists the hidden layer sizes (``()`` is softmax regression); ``n_train`` keeps a
    stratified subset of that many training images (all of them when None). He initialisation,
    mini-batches of ``batch_size``, validation loss recorded every epoch (``early_stopping=k``
    stops after k epochs without a new best and keeps the best weights).
    """
    split = digits_split() if split is None else split
    hidden = [number(h, "hidden", low=1, integer=True) for h in hidden]
    m = split.X_train.shape[1]
    idx = np.arange(m) if n_train is None else stratified_subset(split.y_train, n_train, seed)
    X, Y = split.X_train[:, idx], split.Y_train[:, idx]
    net = MLP([64, *hidden, _K], "relu", "softmax", "ce", init="he", seed=seed)
    history = fit_quietly(net, X, Y, learning_rate, epochs, batch_size=batch_size, seed=seed,
                          X_val=split.X_val, Y_val=split.Y_val, l2=l2, dropout=dropout,
                          early_stopping=early_stopping, optimizer=optimizer)
    pred_val = net.predict(split.X_val)[0]
    return DigitsRun(
        net=net, history=history, split=split, train_idx=idx,
        train_accuracy=metrics.accuracy(split.y_train[idx], net.predict(X)),
        val_accuracy=metrics.accuracy(split.y_val, pred_val),
        confusion=metrics.confusion_matrix(split.y_val, pred_val, k=_K),
        wrong=np.flatnonzero(pred_val != split.y_val))


def misclassified(net, X, y):
    """The samples ``net`` gets wrong: ``(idx, predicted, P)``.

    ``idx`` are their columns in ``X``, ``predicted`` the labels the network gave them, and
    ``P`` (10, n_wrong) the network's probabilities for each of them, most confident mistakes
    first.
    """
    X = as_matrix(X, "X", rows=64, what="(64, m) digit images")
    P = net.predict_proba(X)
    pred = P.argmax(axis=0)
    idx = np.flatnonzero(pred != np.asarray(y).reshape(-1))
    idx = idx[np.argsort(-P[pred[idx], idx], kind="stable")]
    return idx, pred[idx], P[:, idx]


def overfit_tiny_batch(n: int = 20, hidden=(32,), learning_rate: float = 1e-2,
                       epochs: int = 200, seed: int = 0):
    """The first habit: can the code learn at all? Fit ``n`` training images and nothing else.

    A correct network memorises a tiny batch: the training loss falls towards 0 and every one
    of the ``n`` images ends up right. Returns ``(history, train_accuracy)`` (full batch, Adam).
    """
    split = digits_split()
    idx = stratified_subset(split.y_train, n, seed)
    net = MLP([64, *hidden, _K], "relu", "softmax", "ce", init="he", seed=seed)
    history = fit_quietly(net, split.X_train[:, idx], split.Y_train[:, idx], learning_rate, epochs,
                          optimizer="adam", seed=seed)
    return history, metrics.accuracy(split.y_train[idx], net.predict(split.X_train[:, idx]))
