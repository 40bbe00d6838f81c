"""Chapter 03's new exercise checks, both ways (the model is tests/checks/test_checks.py).

For each check: the coursekit reference passes and prints exactly one line;
other correct ways of writing the answer pass too; and a table of
known-wrong answers (None, wrong shape, transposed, off by one, missing bias,
sign error, wrong derivative, a list where an array is due, ...) raises
AssertionError whose hint names the mistake and shows none of the
reference's numbers. ``sigmoid`` and ``vectorised_logistic_gradient`` are
tested in tests/checks/test_checks.py.
"""
from __future__ import annotations

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import checks
from coursekit.activations import sigmoid
from coursekit.checks import ch03
from coursekit.losses import bce
from coursekit.regression import logistic_gradient, logistic_regression

sig = sigmoid


# ------------------------------------------------------------------ answers
def ref_cost(A, Y):
    return bce(A, Y)


def ref_predict(w, b, X):
    return (sigmoid(w.T @ X + b) >= 0.5).astype(float)


def _hand_values():
    x, w, b, y = ch03.HAND_X, ch03.HAND_W, ch03.HAND_B, ch03.HAND_Y
    z = float(w[0, 0] * x[0, 0] + w[1, 0] * x[1, 0] + b)
    a = float(1 / (1 + np.exp(-z)))
    dz = a - y
    return z, a, dz, x * dz, dz


HAND = _hand_values()


def hand(**changes):
    """The by-hand answers with some of them replaced: each wrong variant changes one step."""
    names = ("z", "a", "dz", "dw", "db")
    values = dict(zip(names, HAND))
    values.update(changes)
    return tuple(values[n] for n in names)


def ref_train(X, Y, learning_rate, iterations):
    # Written against coursekit's tested loop.
    return logistic_regression(X, Y, learning_rate, iterations)


def train_with(**changes):
    """A training loop with one thing changed (the check's own variants, reused as wrong answers)."""
    return lambda X, Y, lr, its: ch03.train_variant(X, Y, lr, its, **changes)


def train_as_list_and_numbers(X, Y, lr, its):
    """Another correct way: costs in a Python list, b a plain float, the loop written out."""
    m = X.shape[1]
    w, b, costs = np.zeros((X.shape[0], 1)), 0.0, []
    for _ in range(its):
        A = 1 / (1 + np.exp(-(np.dot(w.T, X) + b)))
        costs.append(float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))))
        dZ = A - Y
        w -= lr * np.dot(X, dZ.T) / m
        b -= lr * float(np.mean(dZ))
    return w, b, costs


def train_from(w0):
    def fn(X, Y, lr, its):
        w, b, costs = ref_train(X, Y, lr, its)
        return w + w0, b, costs
    return fn


# (check, args) that must pass, printing exactly one line.
REFERENCES = {
    "train_logistic": (ref_train,),
    "logistic_cost": (ref_cost,),
    "logistic_predict": (ref_predict,),
    "logistic_gradient_by_hand": HAND,
}

ALSO_CORRECT = [
    ("train_logistic", "a written-out loop with a list of costs", (train_as_list_and_numbers,)),
    ("train_logistic", "costs as a column turned 1-D", (lambda X, Y, lr, its: (lambda r: (r[0], np.float64(r[1]),
                                                                                       r[2][:, None].ravel()))(
        ref_train(X, Y, lr, its)),)),
    ("logistic_cost", "a one-entry array", (lambda A, Y: -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A),
                                                                   keepdims=True),)),
    ("logistic_cost", "np.sum / m", (lambda A, Y: float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
                                                        / Y.shape[1]),)),
    ("logistic_cost", "a Python loop", (lambda A, Y: -sum(
        (Y[0, i] * np.log(A[0, i]) + (1 - Y[0, i]) * np.log(1 - A[0, i])) for i in range(A.shape[1]))
        / A.shape[1],)),
    ("logistic_cost", "np.dot form", (lambda A, Y: -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T))
                                      .item() / Y.shape[1],)),
    ("logistic_predict", "bool array", (lambda w, b, X: sigmoid(w.T @ X + b) >= 0.5,)),
    ("logistic_predict", "z >= 0", (lambda w, b, X: (np.dot(w.T, X) + b >= 0).astype(int),)),
    ("logistic_predict", "np.where on the naive sigmoid", (lambda w, b, X: np.where(
        1 / (1 + np.exp(-(w.T @ X + b))) >= 0.5, 1.0, 0.0),)),
    ("logistic_gradient_by_hand", "arrays of one entry", hand(z=np.array([[HAND[0]]]), a=np.array(HAND[1]),
                                                              db=np.array([HAND[4]]))),
    ("logistic_gradient_by_hand", "float32", hand(dw=HAND[3].astype(np.float32),
                                                  a=np.float32(HAND[1]))),
    ("logistic_gradient_by_hand", "integers where exact", hand(dw=HAND[3].copy())),
]

# (check, label, args, a fragment the hint must contain)
WRONG = [
    # train_logistic(fn)
    ("train_logistic", "None", (None,), "got None"),
    ("train_logistic", "forgot return", (lambda X, Y, lr, its: None,), "triple"),
    ("train_logistic", "returns (w, b)", (lambda X, Y, lr, its: ref_train(X, Y, lr, its)[:2],), "triple"),
    ("train_logistic", "no 1/m", (lambda X, Y, lr, its: ch03.train_variant(X, Y, lr, its, scale=X.shape[1]),), "m times too large"),
    ("train_logistic", "b never updated", (train_with(update_b=False),), "b never changes"),
    ("train_logistic", "gradient ascent", (train_with(sign=-1.0),), "uphill"),
    ("train_logistic", "squared error's gradient", (train_with(dz="mse"),), "squared error's gradient"),
    ("train_logistic", "gradient computed once", (train_with(once=True),), "computed once"),
    ("train_logistic", "cost after the step", (train_with(cost_after=True),), "after its step"),
    ("train_logistic", "squared error as the cost", (train_with(cost="mse"),), "record the cross-entropy"),
    ("train_logistic", "costs as a row", (lambda X, Y, lr, its: (lambda r: (r[0], r[1], r[2][None, :]))(
        ref_train(X, Y, lr, its)),), "flat list"),
    ("train_logistic", "w as a row", (lambda X, Y, lr, its: (lambda r: (r[0].T, r[1], r[2]))(
        ref_train(X, Y, lr, its)),), "transpose"),
    ("train_logistic", "starts from ones", (train_from(1.0),), "w for"),
    ("train_logistic", "one iteration short", (lambda X, Y, lr, its: ref_train(X, Y, lr, max(its - 1, 0)),), "costs"),
    # logistic_cost(fn)
    ("logistic_cost", "None", (None,), "got None"),
    ("logistic_cost", "not a function", (0.5,), "expected your cost function"),
    ("logistic_cost", "forgot return", (lambda A, Y: None,), "return"),
    ("logistic_cost", "per-sample losses", (lambda A, Y: -(Y * np.log(A) + (1 - Y) * np.log(1 - A)),), "their mean"),
    ("logistic_cost", "sum, not mean", (lambda A, Y: -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)),),
     "m times"),
    ("logistic_cost", "off by one", (lambda A, Y: -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))
                                     / max(Y.shape[1] - 1, 1),), "off by one"),
    ("logistic_cost", "missing minus", (lambda A, Y: np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)),),
     "negative"),
    ("logistic_cost", "y and 1 - y swapped", (lambda A, Y: -np.mean(Y * np.log(1 - A) + (1 - Y) * np.log(A)),),
     "swapped"),
    ("logistic_cost", "log10", (lambda A, Y: -np.mean(Y * np.log10(A) + (1 - Y) * np.log10(1 - A)),),
     "natural log"),
    ("logistic_cost", "log2", (lambda A, Y: -np.mean(Y * np.log2(A) + (1 - Y) * np.log2(1 - A)),),
     "natural log"),
    ("logistic_cost", "squared error", (lambda A, Y: np.mean((A - Y) ** 2) / 2,), "squared error"),
    ("logistic_cost", "squared error without 1/2", (lambda A, Y: np.mean((A - Y) ** 2),), "squared error"),
    ("logistic_cost", "absolute error", (lambda A, Y: np.mean(np.abs(A - Y)),), "absolute error"),
    ("logistic_cost", "only the y term", (lambda A, Y: -np.mean(Y * np.log(A)),), "(1 - y) log(1 - a)"),
    ("logistic_cost", "only the 1 - y term", (lambda A, Y: -np.mean((1 - Y) * np.log(1 - A)),), "y log a"),
    ("logistic_cost", "a list", (lambda A, Y: [bce(A, Y)],), "one number"),
    ("logistic_cost", "a string", (lambda A, Y: "J",), "must be a number"),
    ("logistic_cost", "Y transposed", (lambda A, Y: -np.mean(Y.T * np.log(A) + (1 - Y.T) * np.log(1 - A)),),
     "broadcasts to a square"),
    ("logistic_cost", "math.log", (lambda A, Y: __import__("math").log(A),), "your function raised"),
    ("logistic_cost", "wrong formula", (lambda A, Y: -np.mean(Y * np.log(A) + (1 - Y) * np.log(A)),),
     "check each piece"),
    # logistic_predict(fn)
    ("logistic_predict", "None", (None,), "got None"),
    ("logistic_predict", "not a function", (np.array([[1.0, 0.0]]),), "expected your prediction"),
    ("logistic_predict", "forgot return", (lambda w, b, X: None,), "return"),
    ("logistic_predict", "probabilities", (lambda w, b, X: sigmoid(w.T @ X + b),), "probabilities"),
    ("logistic_predict", "missing bias", (lambda w, b, X: ref_predict(w, 0.0, X),), "bias"),
    ("logistic_predict", "bias sign", (lambda w, b, X: ref_predict(w, -b, X),), "sign"),
    ("logistic_predict", "inverted", (lambda w, b, X: 1 - ref_predict(w, b, X),), "opposite"),
    ("logistic_predict", "> 0.5 at the tie", (lambda w, b, X: (sigmoid(w.T @ X + b) > 0.5).astype(float),),
     "exactly 0.5"),
    ("logistic_predict", "np.round", (lambda w, b, X: np.round(sigmoid(w.T @ X + b)),), "exactly 0.5"),
    ("logistic_predict", "threshold on z", (lambda w, b, X: (w.T @ X + b >= 0.5).astype(float),), "not to z"),
    ("logistic_predict", "transposed", (lambda w, b, X: ref_predict(w, b, X).T,), "transpose"),
    ("logistic_predict", "1-D", (lambda w, b, X: ref_predict(w, b, X).ravel(),), "1-D"),
    ("logistic_predict", "a list", (lambda w, b, X: ref_predict(w, b, X).tolist(),), "numpy array"),
    ("logistic_predict", "w @ X", (lambda w, b, X: ref_predict(w.T, b, X.T),), "your function raised"),
    ("logistic_predict", "X.T @ w", (lambda w, b, X: (sig(X.T @ w + b) >= 0.5).astype(float),), "transpose"),
    ("logistic_predict", "b broadcast on a column", (lambda w, b, X: (sig(w.T @ X + np.full((X.shape[1], 1), b))
                                                                     >= 0.5).astype(float),), "square"),
    ("logistic_predict", "labels 1 and 2", (lambda w, b, X: ref_predict(w, b, X) + 1,), "other than 0 and 1"),
    ("logistic_predict", "first sample only", (lambda w, b, X: ref_predict(w, b, X[:, :1]),), "shape"),
    # logistic_gradient_by_hand(z, a, dz, dw, db)
    ("logistic_gradient_by_hand", "None", hand(z=None), "z is None"),
    ("logistic_gradient_by_hand", "dw None", hand(dw=None), "dw is None"),
    ("logistic_gradient_by_hand", "z without bias", hand(z=HAND[0] - ch03.HAND_B), "leaves out the bias"),
    ("logistic_gradient_by_hand", "z with the bias's sign flipped", hand(z=HAND[0] - 2 * ch03.HAND_B),
     "wrong sign"),
    ("logistic_gradient_by_hand", "z with weights and inputs crossed",
     hand(z=float(ch03.HAND_W[0, 0] * ch03.HAND_X[1, 0] + ch03.HAND_W[1, 0] * ch03.HAND_X[0, 0] + ch03.HAND_B)),
     "wrong input"),
    ("logistic_gradient_by_hand", "a = 1 - sigmoid", hand(a=1 - HAND[1]), "sign in the exponent"),
    ("logistic_gradient_by_hand", "a = derivative", hand(a=HAND[1] * (1 - HAND[1])), "derivative"),
    ("logistic_gradient_by_hand", "a = e^-z", hand(a=float(np.exp(-HAND[0]))), "not e^(-z) alone"),
    ("logistic_gradient_by_hand", "dz sign", hand(dz=-HAND[2]), "sign is flipped"),
    ("logistic_gradient_by_hand", "dz of squared error", hand(dz=HAND[2] * HAND[1] * (1 - HAND[1])),
     "squared error"),
    ("logistic_gradient_by_hand", "dz from z", hand(dz=HAND[0] - ch03.HAND_Y), "uses z"),
    ("logistic_gradient_by_hand", "dw sign", hand(dw=-HAND[3]), "sign is flipped"),
    ("logistic_gradient_by_hand", "dw without x", hand(dw=np.full((2, 1), HAND[2])), "missing the inputs"),
    ("logistic_gradient_by_hand", "dw from w", hand(dw=ch03.HAND_W * HAND[2]), "*input*"),
    ("logistic_gradient_by_hand", "dw from a", hand(dw=ch03.HAND_X * HAND[1]), "multiplies x by a"),
    ("logistic_gradient_by_hand", "dw swapped", hand(dw=HAND[3][::-1].copy()), "swaps"),
    ("logistic_gradient_by_hand", "dw a row", hand(dw=HAND[3].T), "transpose"),
    ("logistic_gradient_by_hand", "dw 1-D", hand(dw=HAND[3].ravel()), "1-D"),
    ("logistic_gradient_by_hand", "dw a list", hand(dw=HAND[3].tolist()), "numpy array"),
    ("logistic_gradient_by_hand", "db sign", hand(db=-HAND[4]), "sign is flipped"),
    ("logistic_gradient_by_hand", "db summed over x", hand(db=float(np.sum(ch03.HAND_X)) * HAND[4]), "constant 1"),
    ("logistic_gradient_by_hand", "db = a", hand(db=HAND[1]), "not a"),
    ("logistic_gradient_by_hand", "db zero", hand(db=0.0), "learns like a weight"),
    ("logistic_gradient_by_hand", "db a string", hand(db="db"), "must be a number"),
    ("logistic_gradient_by_hand", "z a bool", hand(z=True), "must be a number"),
]


# ------------------------------------------------- numbers the hints must not show


def _reference_numbers(check):
    """What the reference answer of ``check`` computes on the check's own inputs."""
    if check == "logistic_cost":
        return number_texts([bce(A, Y) for _, A, Y in ch03.cost_cases()])
    if check == "logistic_gradient_by_hand":
        z, a, dz, dw, db = HAND
        return number_texts(np.r_[z, a, dz, dw.ravel(), db]) - number_texts(  # the given inputs may be quoted
            np.r_[ch03.HAND_X.ravel(), ch03.HAND_W.ravel(), ch03.HAND_B, ch03.HAND_Y])
    if check == "train_logistic":
        return number_texts(np.concatenate([np.r_[w.ravel(), b, costs] for w, b, costs in
                                            (ref_train(X, Y, lr, its) for _, X, Y, lr, its in ch03.training_cases())]))
    return set()   # logistic_predict: its answers are 0/1 labels


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)


@pytest.mark.parametrize("check", ["logistic_cost", "logistic_predict", "train_logistic"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


def test_the_references_come_from_coursekit():
    # The by-hand answer agrees with the tested vectorised gradient on the same sample.
    dw, db, _ = logistic_gradient(ch03.HAND_W, ch03.HAND_B, ch03.HAND_X, np.array([[ch03.HAND_Y]]))
    assert np.allclose(dw, HAND[3]) and np.isclose(db, HAND[4])
    # The prediction cases keep z away from 0 except where a tie is meant, so that
    # sigmoid(z) >= 0.5 and z >= 0 agree for any correct way of writing the answer.
    for label, w, b, X in ch03.predict_cases():
        z = w.T @ X + b
        assert np.all((np.abs(z) > 1e-3) | (z == 0)), label
    assert any(np.any(w.T @ X + b == 0) for _, w, b, X in ch03.predict_cases())
    # The cost cases have both labels, so a missing term changes the answer.
    for _, A, Y in ch03.cost_cases()[:2]:
        assert 0 < Y.mean() < 1 and np.all((A > 0) & (A < 1))


def test_checks_leave_the_learners_inputs_alone():
    seen = []

    def spy(A, Y):
        seen.append((A.copy(), Y.copy()))
        A *= 0.5   # an in-place edit must not reach the reference
        return bce(seen[-1][0], seen[-1][1])
    checks.logistic_cost(spy)
    assert [np.allclose(A, A0) for (A, _), (_, A0, _) in zip(seen, ch03.cost_cases())] == [True] * len(seen)
