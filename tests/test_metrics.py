"""Accuracy, the confusion matrix, precision and recall on cases worked out by hand."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import metrics

# Six samples of three classes, counted by hand:
#   true  0 0 1 1 2 2
#   pred  0 1 1 1 0 2
# correct: samples 0, 2, 3, 5 -> accuracy 4/6.
Y_TRUE = np.array([0, 0, 1, 1, 2, 2])
Y_PRED = np.array([0, 1, 1, 1, 0, 2])
C_HAND = np.array([[1, 1, 0],     # class 0: one right, one called 1
                   [0, 2, 0],     # class 1: both right
                   [1, 0, 1]])    # class 2: one called 0, one right


def test_accuracy_by_hand():
    assert metrics.accuracy(Y_TRUE, Y_PRED) == pytest.approx(4 / 6)
    assert metrics.accuracy(Y_TRUE, Y_TRUE) == 1.0
    assert metrics.accuracy([1, 1], [0, 0]) == 0.0


def test_confusion_matrix_by_hand():
    C = metrics.confusion_matrix(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(C, C_HAND)
    assert C.dtype.kind == "i"


def test_confusion_matrix_counts_repeated_pairs():
    """Three samples of class 1 all predicted 0 count three times, not once."""
    C = metrics.confusion_matrix([1, 1, 1, 0], [0, 0, 0, 0])
    np.testing.assert_array_equal(C, [[1, 0], [3, 0]])


def test_confusion_matrix_with_k_keeps_absent_classes():
    C = metrics.confusion_matrix([0, 1], [0, 1], k=4)
    assert C.shape == (4, 4) and C.sum() == 2 and C[2:].sum() == 0


def test_precision_and_recall_by_hand():
    # precision: column sums 2, 3, 1 -> 1/2, 2/3, 1/1; recall: row sums 2, 2, 2 -> 1/2, 2/2, 1/2
    p, r = metrics.precision_recall(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(p, [1 / 2, 2 / 3, 1.0])
    np.testing.assert_allclose(r, [1 / 2, 1.0, 1 / 2])


def test_undefined_precision_and_recall_are_nan():
    """Class 2 is never predicted (no precision); class 1 never occurs (no recall)."""
    p, r = metrics.precision_recall([0, 0, 2], [0, 1, 0], k=3)
    np.testing.assert_allclose(p, [1 / 2, 0.0, np.nan])  # predicted 0: two, one right
    np.testing.assert_allclose(r, [1 / 2, np.nan, 0.0])


def test_labels_as_a_row_as_predict_returns_them():
    """MLP.predict gives a (1, m) row of whole-number floats for a softmax output."""
    row = Y_PRED.astype(float)[None, :]
    assert metrics.accuracy(Y_TRUE[None, :], row) == pytest.approx(4 / 6)
    np.testing.assert_array_equal(metrics.confusion_matrix(Y_TRUE, row), C_HAND)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=40))
def test_matrix_accuracy_and_recall_agree(pairs):
    """The diagonal over the total is the accuracy; rows sum to the class counts."""
    t, p = np.array(pairs).T
    C = metrics.confusion_matrix(t, p, k=5)
    assert C.sum() == t.size
    assert np.trace(C) / t.size == pytest.approx(metrics.accuracy(t, p))
    np.testing.assert_array_equal(C.sum(axis=1), np.bincount(t, minlength=5))
    _, r = metrics.precision_recall(t, p, k=5)
    present = np.bincount(t, minlength=5) > 0
    np.testing.assert_allclose(r[present], [np.mean(p[t == c] == c) for c in np.flatnonzero(present)])
