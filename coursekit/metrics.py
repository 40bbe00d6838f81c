"""How good is a classifier? Accuracy, the confusion matrix, precision and recall per class.

Labels are class indices 0..k-1, one per sample, given as a vector ``(m,)`` or a row ``(1, m)``
(what ``MLP.predict`` returns for a softmax output); integers or whole-number floats.
"""
from __future__ import annotations

import numpy as np

from ._validation import as_matrix, number

__all__ = ["accuracy", "confusion_matrix", "precision_recall"]


def _labels(value, name: str) -> np.ndarray:
    """``value`` as a flat int64 array of class indices; refuses one-hot or probability columns."""
    arr = np.asarray(value) if value is not None else None
    if arr is None or arr.ndim not in (1, 2) or (arr.ndim == 2 and arr.shape[0] != 1):
        hint = ""
        if arr is not None and arr.ndim == 2:
            hint = (f" A (k, m) array of one-hot or probability columns gives labels with "
                    f"{name}.argmax(axis=0).")
        raise ValueError(f"{name} must hold one class label per sample, shape (m,) or (1, m); got "
                         f"{'None' if arr is None else f'shape {arr.shape}'}.{hint}")
    labels = as_matrix(arr.reshape(1, -1), name, rows=1, what="(1, m) of class labels")[0]
    if np.any(labels < 0) or np.any(labels != np.round(labels)):
        raise ValueError(f"{name} must hold class indices: whole numbers 0, 1, 2, ...")
    return labels.astype(np.int64)


def _pair(y_true, y_pred):
    t, p = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if t.size != p.size:
        raise ValueError(f"y_true and y_pred must have one label per sample each; got {t.size} "
                         f"and {p.size}.")
    return t, p


def accuracy(y_true, y_pred) -> float:
    """The fraction of samples whose predicted label is the true one, in [0, 1]."""
    t, p = _pair(y_true, y_pred)
    return float(np.mean(t == p))


def confusion_matrix(y_true, y_pred, k: int | None = None) -> np.ndarray:
    """Counts ``C`` of shape (k, k): ``C[i, j]`` samples of true class i were predicted as j.

    The diagonal holds the correct predictions; row i sums to the number of samples of class i.
    ``k`` defaults to one more than the largest label seen (give it so that a class absent
    from this sample still gets its row and column).
    """
    t, p = _pair(y_true, y_pred)
    seen = int(max(t.max(), p.max())) + 1
    k = seen if k is None else number(k, "k", low=seen, integer=True)
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (t, p), 1)  # add.at counts repeated (i, j) pairs; C[t, p] += 1 would not
    return C


def precision_recall(y_true, y_pred, k: int | None = None):
    """Per-class precision and recall, two float arrays of shape (k,).

    Precision of class c: of the samples predicted c, the fraction that are c (column c of the
    confusion matrix). Recall of class c: of the samples that are c, the fraction predicted c
    (row c). A class never predicted has no precision, and a class absent from ``y_true`` no
    recall: those entries are NaN rather than a made-up 0 or 1.
    """
    C = confusion_matrix(y_true, y_pred, k).astype(np.float64)
    hits = np.diag(C)
    predicted, actual = C.sum(axis=0), C.sum(axis=1)
    precision = np.full(C.shape[0], np.nan)
    recall = np.full(C.shape[0], np.nan)
    np.divide(hits, predicted, out=precision, where=predicted > 0)
    np.divide(hits, actual, out=recall, where=actual > 0)
    return precision, recall
