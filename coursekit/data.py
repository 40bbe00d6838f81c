"""Small datasets in the course's column convention.

Every function returns ``(X, Y)`` with ``X`` of shape ``(2, m)`` (one sample
per column) and ``Y`` of shape ``(1, m)`` holding 0/1 labels as float64, unless
``one_hot=True`` asks for ``(k, m)`` one-hot columns for a softmax output.
Every random dataset takes a ``seed`` and returns the same data for the same
arguments.

Real data: ``load_digits()`` (the UCI handwritten digits, 8x8, shipped with coursekit; see
``coursekit.datasets``), and ``train_val_test_split`` to divide any labelled set, stratified.
"""
from __future__ import annotations

import numbers

import numpy as np

from ._validation import as_matrix, choice, number
from .datasets import load_digits  # noqa: F401  (public here: coursekit.data.load_digits)

__all__ = ["GATES", "logic_gate", "one_hot", "make_xor", "make_moons", "make_circles", "make_spirals", "make_blobs",
           "train_val_test_split"]

GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
    "xnor": (1, 0, 0, 1),
}


def logic_gate(name: str):
    """The truth table of a two-input logic gate.

    Returns ``X`` of shape (2, 4), the inputs (0,0), (0,1), (1,0), (1,1) as
    columns, and ``Y`` of shape (1, 4), the gate's output for each.
    """
    name = choice(name.lower() if isinstance(name, str) else name, "gate", GATES)
    X = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=np.float64)
    Y = np.array([GATES[name]], dtype=np.float64)
    return X, Y


def one_hot(labels, k: int | None = None):
    """Turn class indices, shape (1, m), into one-hot columns, shape (k, m)."""
    labels = as_matrix(labels, "labels", rows=1, what="(1, m) of class indices")
    if np.any(labels < 0) or np.any(labels != np.round(labels)):
        raise ValueError("labels must be non-negative whole numbers (class indices).")
    idx = labels[0].astype(int)
    k = int(idx.max()) + 1 if k is None else number(k, "k", low=idx.max() + 1, integer=True)
    Y = np.zeros((k, idx.size))
    Y[idx, np.arange(idx.size)] = 1.0
    return Y


def _common(n_samples, noise, seed, noise_name="noise"):
    n = number(n_samples, "n_samples", low=2, integer=True)
    noise = number(noise, noise_name, low=0.0)
    number(seed, "seed", low=0, integer=True)
    return n, noise, np.random.default_rng(seed)


def _finish(X, labels, rng, one_hot_out, k):
    order = rng.permutation(labels.size)  # shuffle so mini-batches see both classes
    X, labels = X[:, order], labels[order].astype(np.float64)[None, :]
    return (X, one_hot(labels, k)) if one_hot_out else (X, labels)


def make_xor(n_samples: int = 200, noise: float = 0.15, seed: int = 0, one_hot: bool = False):
    """Four clouds at the corners of the unit square labelled as XOR of the corner.

    Corners (0,0) and (1,1) are class 0, (0,1) and (1,0) class 1; ``noise`` is
    the standard deviation of each cloud.
    """
    n, noise, rng = _common(n_samples, noise, seed)
    corner = rng.integers(0, 4, size=n)
    bits = np.stack([corner // 2, corner % 2]).astype(np.float64)
    X = bits + noise * rng.standard_normal((2, n))
    return _finish(X, (corner // 2) ^ (corner % 2), rng, one_hot, 2)


def make_moons(n_samples: int = 200, noise: float = 0.1, seed: int = 0, one_hot: bool = False):
    """Two interleaving half circles (class 0 on top, class 1 below, shifted)."""
    n, noise, rng = _common(n_samples, noise, seed)
    n0 = n // 2
    t0 = np.linspace(0, np.pi, n0)
    t1 = np.linspace(0, np.pi, n - n0)
    X = np.hstack([np.stack([np.cos(t0), np.sin(t0)]),
                   np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)])])
    X = X + noise * rng.standard_normal(X.shape)
    labels = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    return _finish(X, labels, rng, one_hot, 2)


def make_circles(n_samples: int = 200, noise: float = 0.05, factor: float = 0.5,
                 seed: int = 0, one_hot: bool = False):
    """A small circle (class 1) inside a larger one (class 0); ``factor`` is the radius ratio."""
    n, noise, rng = _common(n_samples, noise, seed)
    factor = number(factor, "factor", low=0.0, high=1.0, low_open=True)
    n0 = n // 2
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n - n0, endpoint=False)
    X = np.hstack([np.stack([np.cos(t0), np.sin(t0)]),
                   factor * np.stack([np.cos(t1), np.sin(t1)])])
    X = X + noise * rng.standard_normal(X.shape)
    labels = np.r_[np.zeros(n0, int), np.ones(n - n0, int)]
    return _finish(X, labels, rng, one_hot, 2)


def make_spirals(n_samples: int = 200, noise: float = 0.1, turns: float = 1.5,
                 n_classes: int = 2, seed: int = 0, one_hot: bool = False):
    """Interleaved spiral arms, one arm per class, each turning ``turns`` times."""
    n, noise, rng = _common(n_samples, noise, seed)
    turns = number(turns, "turns", low=0.0, low_open=True)
    k = number(n_classes, "n_classes", low=2, integer=True)
    labels = np.arange(n) % k
    # Position along its own arm, from the centre (0.05) to the rim (1.0).
    r = np.empty(n)
    for c in range(k):
        r[labels == c] = np.linspace(0.05, 1.0, np.count_nonzero(labels == c))
    angle = 2 * np.pi * (turns * r + labels / k)
    X = r * np.stack([np.cos(angle), np.sin(angle)])
    X = X + noise * r * rng.standard_normal(X.shape)
    return _finish(X, labels, rng, one_hot, k)


def make_blobs(n_samples: int = 200, centers=2, std: float = 0.5, seed: int = 0,
               one_hot: bool = False):
    """Gaussian clouds around ``centers``.

    ``centers`` is a number of clouds (placed evenly on a circle of radius 2) or
    an array of shape (2, k) with one centre per column. Labels are the cloud
    index: ``Y`` is (1, m) of indices, or (k, m) one-hot with ``one_hot=True``.
    """
    n, std, rng = _common(n_samples, std, seed, "std")
    if isinstance(centers, (numbers.Number, np.generic)):  # a count; number() refuses bools and 2.5
        k = number(centers, "centers", low=1, integer=True)
        t = 2 * np.pi * np.arange(k) / k + np.pi / 4
        C = 2.0 * np.stack([np.cos(t), np.sin(t)])
    else:
        C = as_matrix(centers, "centers", rows=2, what="(2, k) with one centre per column", m_name="k")
        k = C.shape[1]
    labels = np.arange(n) % k
    X = C[:, labels] + std * rng.standard_normal((2, n))
    return _finish(X, labels, rng, one_hot, k)


def _split_labels(y, n, m):
    """``y`` as a flat int array of m class labels; it may come as (m,) or (1, m).

    ``n`` is the number of rows of ``X``, for the hint when ``X`` came transposed."""
    arr = np.asarray(y) if y is not None else None
    if arr is None or arr.ndim not in (1, 2) or (arr.ndim == 2 and arr.shape[0] != 1):
        raise ValueError("y must hold one class label per sample, shape (m,) or (1, m); got "
                         f"{'None' if arr is None else f'shape {arr.shape}'}.")
    labels = as_matrix(arr.reshape(1, -1), "y", rows=1, what="(1, m) of class labels")[0]
    if labels.size != m:
        hint = " Did you mean X.T? Samples are columns in this course." if n == labels.size else ""
        raise ValueError(f"X and y must have the same number of samples; got X with {m} "
                         f"columns and y with {labels.size} labels.{hint}")
    if np.any(labels != np.round(labels)):
        raise ValueError("y must hold whole-number class labels.")
    return labels.astype(np.int64)


def train_val_test_split(X, y, val: float = 0.15, test: float = 0.15, seed: int = 0):
    """Divide samples (columns of ``X``) into training, validation and test sets, stratified.

    Each class is shuffled with ``seed`` and cut separately, so every set keeps the class
    proportions of the whole: of a class with n samples, ``round(test * n)`` go to the test
    set, ``round(val * n)`` to the validation set and the rest to training. Within each set
    the samples keep their original order. ``y`` holds labels, shape (m,) or (1, m), and each
    set's labels come back in the same shape.

    Returns ``((X_train, y_train), (X_val, y_val), (X_test, y_test))``; the ``X`` parts are
    (n_features, m_set).
    """
    X = as_matrix(X, "X")
    labels = _split_labels(y, *X.shape)
    val = number(val, "val", low=0.0, high=1.0)
    test = number(test, "test", low=0.0, high=1.0)
    if val + test >= 1.0:
        raise ValueError(f"val + test must leave samples for training (below 1); got {val + test}.")
    rng = np.random.default_rng(number(seed, "seed", low=0, integer=True))
    part = np.zeros(labels.size, dtype=np.int64)  # 0 train, 1 validation, 2 test
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        n_test = int(np.floor(test * members.size + 0.5))  # round half up, not to even
        n_val = int(np.floor(val * members.size + 0.5))
        part[members[:n_test]] = 2
        part[members[n_test:n_test + n_val]] = 1
    y_arr = np.asarray(y)
    return tuple((X[:, part == k], y_arr[..., part == k]) for k in range(3))
