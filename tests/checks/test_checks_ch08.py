"""Chapter 08's checks, both ways: the reference passes with one line, known-wrong answers are refused.

softmax_jacobian (exercise 1), softmax_regression_step (exercise 2, the longer one),
confusion_counts (exercise 3) and precision_recall_from_confusion (exercise 4) each get a
REFERENCES entry, other correct ways
of writing the answer, and a WRONG table whose hints must name the mistake without showing
the reference's numbers.
"""
from __future__ import annotations

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import checks, metrics
from coursekit.activations import sigmoid, softmax
from coursekit.checks import ch08
from coursekit.experiments import softmax_jacobian


# ------------------------------------------------------------------ answers
def ref_jacobian(z):
    return softmax_jacobian(z)


def jacobian_loops(z):
    """Another correct way: entry by entry, a_i (delta_ij - a_j)."""
    a = softmax(z)[:, 0]
    k = a.size
    return np.array([[a[i] * ((i == j) - a[j]) for j in range(k)] for i in range(k)])


def naive_softmax_jacobian(z):
    """Right formula, softmax without subtracting the largest score: overflows at z = 800."""
    e = np.exp(z)
    a = e / e.sum()
    return np.diagflat(a) - a @ a.T


def ref_confusion(t, p, k):
    return metrics.confusion_matrix(t, p, k)


def confusion_loop(t, p, k):
    C = np.zeros((k, k), dtype=int)
    for i, j in zip(t, p):
        C[i, j] += 1
    return C


def ref_pr(C):
    C = np.asarray(C, dtype=float)
    return np.diag(C) / C.sum(axis=0), np.diag(C) / C.sum(axis=1)


def _fancy_once(t, p, k):
    C = np.zeros((k, k))
    C[t, p] += 1
    return C


def ref_step(W, b, X, Y, lr):
    A = softmax(W @ X + b)                          # (10, m), each column sums to 1
    dZ = A - Y
    m = X.shape[1]
    return W - lr * dZ @ X.T / m, b - lr * dZ.mean(axis=1, keepdims=True)


def step_with(f):
    """The reference step with the gradient of W or b changed by ``f(W, b, X, Y, lr, A, dZ)``."""
    def fn(W, b, X, Y, lr):
        A = softmax(W @ X + b)
        return f(W, b, X, Y, lr, A, A - Y)
    return fn


REFERENCES = {
    "softmax_regression_step": (ref_step,),
    "softmax_jacobian": (ref_jacobian,),
    "confusion_counts": (ref_confusion,),
    "precision_recall_from_confusion": (ref_pr,),
}

ALSO_CORRECT = [
    ("softmax_regression_step", "a loop over samples", (lambda W, b, X, Y, lr: (
        W - lr * sum((softmax(W @ X[:, [i]] + b) - Y[:, [i]]) @ X[:, [i]].T for i in range(X.shape[1])) / X.shape[1],
        b - lr * sum(softmax(W @ X[:, [i]] + b) - Y[:, [i]] for i in range(X.shape[1])) / X.shape[1]),)),
    ("softmax_regression_step", "a list", (lambda W, b, X, Y, lr: list(ref_step(W, b, X, Y, lr)),)),
    ("softmax_regression_step", "in place", (lambda W, b, X, Y, lr: (lambda W2, b2: (
        np.subtract(W, W - W2, out=W), np.subtract(b, b - b2, out=b)))(*ref_step(W, b, X, Y, lr)),)),
    ("softmax_jacobian", "entry by entry", (jacobian_loops,)),
    ("softmax_jacobian", "np.diag of a flat a", (lambda z: np.diag(softmax(z)[:, 0]) - softmax(z) @ softmax(z).T,)),
    ("softmax_jacobian", "np.outer", (lambda z: np.diag(softmax(z).ravel()) - np.outer(softmax(z), softmax(z)),)),
    ("confusion_counts", "a loop", (confusion_loop,)),
    ("confusion_counts", "np.add.at", (lambda t, p, k: (lambda C: (np.add.at(C, (t, p), 1), C)[1])(np.zeros((k, k))),)),
    ("confusion_counts", "bincount of t * k + p", (lambda t, p, k: np.bincount(t * k + p, minlength=k * k).reshape(k, k),)),
    ("precision_recall_from_confusion", "a list", (lambda C: list(ref_pr(C)),)),
    ("precision_recall_from_confusion", "via metrics", (lambda C: (np.diag(C) / C.sum(0), np.diag(C) / C.sum(1)),)),
]

WRONG = [
    # softmax_regression_step
    ("softmax_regression_step", "None", (None,), "got None"),
    ("softmax_regression_step", "not a function", (np.eye(2),), "expected your function"),
    ("softmax_regression_step", "forgot return", (lambda W, b, X, Y, lr: None,), "returned None"),
    ("softmax_regression_step", "only W", (lambda W, b, X, Y, lr: ref_step(W, b, X, Y, lr)[0],), "the pair"),
    ("softmax_regression_step", "no change", (lambda W, b, X, Y, lr: (W, b),), "nothing changed"),
    ("softmax_regression_step", "uphill", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        W + lr * dZ @ X.T / X.shape[1], b + lr * dZ.mean(1, keepdims=True))),), "uphill"),
    ("softmax_regression_step", "no 1/m", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        W - lr * dZ @ X.T, b - lr * dZ.mean(1, keepdims=True))),), "1/m"),
    ("softmax_regression_step", "sigmoid-style delta", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        W - lr * (dZ * A * (1 - A)) @ X.T / X.shape[1], b - lr * dZ.mean(1, keepdims=True))),), "a(1 - a)"),
    ("softmax_regression_step", "softmax over rows", (lambda W, b, X, Y, lr: (lambda A: (
        W - lr * (A - Y) @ X.T / X.shape[1], b - lr * (A - Y).mean(1, keepdims=True)))(
        softmax((W @ X + b).T).T),), "each column"),
    ("softmax_regression_step", "no learning rate", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        W - dZ @ X.T / X.shape[1], b - dZ.mean(1, keepdims=True))),), "learning rate is missing"),
    ("softmax_regression_step", "returns gradients", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        dZ @ X.T / X.shape[1], dZ.mean(1, keepdims=True))),), "not the updated weights"),
    ("softmax_regression_step", "sigmoid outputs", (lambda W, b, X, Y, lr: (lambda dZ: (
        W - lr * dZ @ X.T / X.shape[1], b - lr * dZ.mean(1, keepdims=True)))(sigmoid(W @ X + b) - Y),), "sigmoid"),
    ("softmax_regression_step", "bias not updated", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        W - lr * dZ @ X.T / X.shape[1], b)),), "bias did not move"),
    ("softmax_regression_step", "bias summed", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        W - lr * dZ @ X.T / X.shape[1], b - lr * dZ.sum(1, keepdims=True))),), "do not sum"),
    ("softmax_regression_step", "bias rank-1", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        W - lr * dZ @ X.T / X.shape[1], (b - lr * dZ.mean(1, keepdims=True)).ravel())),), "keepdims"),
    ("softmax_regression_step", "dW transposed", (step_with(lambda W, b, X, Y, lr, A, dZ: (
        (W - lr * dZ @ X.T / X.shape[1]).T, b - lr * dZ.mean(1, keepdims=True))),), "transpose"),
    ("softmax_regression_step", "raises", (lambda W, b, X, Y, lr: W @ Y,), "your function raised"),
    # softmax_jacobian
    ("softmax_jacobian", "None", (None,), "got None"),
    ("softmax_jacobian", "not a function", (np.eye(3),), "expected your function"),
    ("softmax_jacobian", "forgot return", (lambda z: None,), "is None"),
    ("softmax_jacobian", "diagonal only", (lambda z: np.diagflat(softmax(z) * (1 - softmax(z))),), "only the diagonal"),
    ("softmax_jacobian", "a vector a(1 - a)", (lambda z: softmax(z) * (1 - softmax(z)),), "the diagonal only"),
    ("softmax_jacobian", "signs flipped", (lambda z: softmax(z) @ softmax(z).T - np.diagflat(softmax(z)),), "sign"),
    ("softmax_jacobian", "no diagonal term", (lambda z: -softmax(z) @ softmax(z).T,), "diagonal term is missing"),
    ("softmax_jacobian", "from z", (lambda z: np.diagflat(z) - z @ z.T,), "scores z themselves"),
    ("softmax_jacobian", "sigmoid", (lambda z: np.diagflat(sigmoid(z)) - sigmoid(z) @ sigmoid(z).T,), "sigmoid"),
    ("softmax_jacobian", "a^T a", (lambda z: np.diagflat(softmax(z)) - (softmax(z).T @ softmax(z)).item(),), "outer product"),
    ("softmax_jacobian", "diag(a) alone", (lambda z: np.diagflat(softmax(z)),), "diag(a) alone"),
    ("softmax_jacobian", "overflowing softmax", (naive_softmax_jacobian,), "overflows for large scores"),
    ("softmax_jacobian", "a list", (lambda z: ref_jacobian(z).tolist(),), "numpy array"),
    ("softmax_jacobian", "raises", (lambda z: z + "1",), "your function raised"),
    # confusion_counts
    ("confusion_counts", "None", (None,), "got None"),
    ("confusion_counts", "not a function", (np.eye(3),), "expected your function"),
    ("confusion_counts", "forgot return", (lambda t, p, k: None,), "is None"),
    ("confusion_counts", "transposed", (lambda t, p, k: metrics.confusion_matrix(t, p, k).T,), "swapped"),
    ("confusion_counts", "fancy index counts once", (_fancy_once,), "at most once"),
    ("confusion_counts", "rows normalised", (lambda t, p, k: (lambda C: C / C.sum(1, keepdims=True).clip(1))(
        metrics.confusion_matrix(t, p, k).astype(float)),), "divided by its total"),
    ("confusion_counts", "diagonal only", (lambda t, p, k: np.diag(np.diag(metrics.confusion_matrix(t, p, k))),),
     "only the correct"),
    ("confusion_counts", "size from the labels", (lambda t, p, k: metrics.confusion_matrix(t, p),), "never occurs"),
    ("confusion_counts", "k - 1", (lambda t, p, k: np.zeros((k - 1, k - 1)),), "one row and column short"),
    ("confusion_counts", "the accuracy", (lambda t, p, k: float(np.mean(t == p)),), "one number"),
    ("confusion_counts", "labels shifted", (lambda t, p, k: np.roll(metrics.confusion_matrix(t, p, k), 1, axis=0),),
     "wrong"),
    ("confusion_counts", "raises", (lambda t, p, k: t + "1",), "your function raised"),
    # precision_recall_from_confusion
    ("precision_recall_from_confusion", "None", (None,), "got None"),
    ("precision_recall_from_confusion", "not a function", (np.eye(3),), "expected your function"),
    ("precision_recall_from_confusion", "forgot return", (lambda C: None,), "returned None"),
    ("precision_recall_from_confusion", "one array", (lambda C: ref_pr(C)[0],), "the pair"),
    ("precision_recall_from_confusion", "swapped", (lambda C: ref_pr(C)[::-1],), "swapped"),
    ("precision_recall_from_confusion", "over the total", (lambda C: (np.diag(C) / C.sum(), ref_pr(C)[1]),),
     "all the samples"),
    ("precision_recall_from_confusion", "error rates", (lambda C: (1 - ref_pr(C)[0], ref_pr(C)[1]),),
     "share of mistakes"),
    ("precision_recall_from_confusion", "accuracy for all", (lambda C: (ref_pr(C)[0], np.full(C.shape[0], np.trace(C) / C.sum())),),
     "the accuracy"),
    ("precision_recall_from_confusion", "recall by columns", (lambda C: (ref_pr(C)[0], ref_pr(C)[0]),),
     "wrong total"),
    ("precision_recall_from_confusion", "keepdims", (lambda C: tuple(r[:, None] for r in ref_pr(C)),), "flat array"),
    ("precision_recall_from_confusion", "averaged", (lambda C: tuple(float(r.mean()) for r in ref_pr(C)),),
     "not an average"),
    ("precision_recall_from_confusion", "raises", (lambda C: C + "1",), "your function raised"),
]


# ------------------------------------------------- numbers the hints must not show
def _reference_numbers(check):
    if check == "softmax_regression_step":
        return number_texts(np.concatenate([np.concatenate([a.ravel() for a in ref_step(*case[1:])])
                                            for case in ch08.step_cases()]))
    if check == "softmax_jacobian":
        return number_texts(np.concatenate([ref_jacobian(z).ravel() for _, z in ch08.jacobian_cases()]))
    if check == "confusion_counts":
        return set()  # counts are small whole numbers, which any hint may contain
    return number_texts(np.concatenate([np.concatenate(ref_pr(C)) for _, C in ch08.pr_cases()]))


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_here_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)


@pytest.mark.parametrize("check", sorted(REFERENCES))
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)

