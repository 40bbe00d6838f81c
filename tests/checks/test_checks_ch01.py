"""Chapter 01's new check, both ways: the reference passes with one line, known-wrong answers are refused.

The chapter's other checks (step_neuron, perceptron_update, nand_weights,
count_mistakes, xor_min_mistakes) are tested in tests/checks/test_checks.py. This file
covers ``collapse_layers`` (exercise 6: two linear layers as one) in the same
way: a REFERENCES entry, other correct ways of writing it, and a WRONG table
whose hints must name the mistake without showing the reference's numbers.
"""
from __future__ import annotations

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import checks
from coursekit.checks import ch01
from coursekit.experiments import collapse_linear
from coursekit.perceptron import Perceptron


# ------------------------------------------------------------------ answers
def ref_collapse(W1, b1, W2, b2):
    # Written against coursekit's tested collapse_linear.
    return collapse_linear([(W1, b1), (W2, b2)])


def collapse_with(W_fn=None, b_fn=None):
    """A collapse built from pieces, so each wrong variant changes one thing."""
    def fn(W1, b1, W2, b2):
        W = (W_fn or (lambda W1, W2: W2 @ W1))(W1, W2)
        b = (b_fn or (lambda W1, b1, W2, b2: W2 @ b1 + b2))(W1, b1, W2, b2)
        return W, b
    return fn


def collapse_by_columns(W1, b1, W2, b2):
    """Another correct way: push the identity and a zero input through both layers."""
    n0 = W1.shape[1]
    b = W2 @ (W1 @ np.zeros((n0, 1)) + b1) + b2           # the output for x = 0 is the bias
    W = W2 @ (W1 @ np.eye(n0) + b1) + b2 - b               # column j: the output for x = e_j, minus b
    return W, b


def ref_train(X, Y, lr, epochs):
    # Written against coursekit's tested Perceptron, from zero weights.
    p = Perceptron(n_inputs=X.shape[0], learning_rate=lr, init="zeros").fit(X, Y, epochs=epochs)
    return p.W, p.b.item(), p.errors_per_epoch


def train_with(**changes):
    """The check's own training loop with one thing changed: each a known-wrong answer."""
    return lambda X, Y, lr, epochs: ch01.train_variant(X, Y, lr, epochs, **changes)


def train_written_out(X, Y, lr, epochs):
    """Another correct way: the loop written out, mistakes as a numpy array, b a (1, 1) array."""
    w, b, mistakes = np.zeros((1, X.shape[0])), np.zeros((1, 1)), []
    for _ in range(epochs):
        wrong = 0
        for j in range(X.shape[1]):
            x = X[:, [j]]
            error = Y[0, j] - float((w @ x + b).item() > 0)
            wrong += int(error != 0)
            w, b = w + lr * error * x.T, b + lr * error
        mistakes.append(wrong)
        if wrong == 0:
            break
    return w, b, np.array(mistakes)


REFERENCES = {
    "collapse_layers": (ref_collapse,),
    "train_perceptron": (ref_train,),
}

ALSO_CORRECT = [
    ("train_perceptron", "written out, arrays", (train_written_out,)),
    ("train_perceptron", "a tuple of mistakes", (lambda X, Y, lr, e: (lambda r: (r[0], r[1], tuple(r[2])))(
        ref_train(X, Y, lr, e)),)),
    ("collapse_layers", "np.dot", (lambda W1, b1, W2, b2: (np.dot(W2, W1), np.dot(W2, b1) + b2),)),
    ("collapse_layers", "through the layers", (collapse_by_columns,)),
    ("collapse_layers", "a list (W, b)", (lambda W1, b1, W2, b2: [W2 @ W1, W2 @ b1 + b2],)),
    ("collapse_layers", "float32", (lambda W1, b1, W2, b2: ((W2 @ W1).astype(np.float32),
                                                          (W2 @ b1 + b2).astype(np.float32)),)),
]

WRONG = [
    ("train_perceptron", "None", (None,), "got None"),
    ("train_perceptron", "forgot return", (lambda X, Y, lr, e: None,), "triple"),
    ("train_perceptron", "returns (w, b)", (lambda X, Y, lr, e: ref_train(X, Y, lr, e)[:2],), "triple"),
    ("train_perceptron", "never stops early", (train_with(stop=False),), "stop there"),
    ("train_perceptron", "Hebb's rule", (train_with(hebb=True),), "Hebb's rule"),
    ("train_perceptron", "error sign flipped", (train_with(sign=-1.0),), "wrong sign"),
    ("train_perceptron", "bias never updated", (train_with(update_b=False),), "b never changes"),
    ("train_perceptron", "fires at zero", (train_with(fire_at_zero=True),), "z > 0"),
    ("train_perceptron", "learning rate ignored", (train_with(use_rate=False),), "learning rate"),
    ("train_perceptron", "cumulative mistakes", (train_with(cumulative=True),), "add up"),
    ("train_perceptron", "w as a column", (lambda X, Y, lr, e: (lambda r: (r[0].T, r[1], r[2]))(
        ref_train(X, Y, lr, e)),), "transpose"),
    ("train_perceptron", "mistakes as a number", (lambda X, Y, lr, e: (lambda r: (r[0], r[1], sum(r[2])))(
        ref_train(X, Y, lr, e)),), "one count per epoch"),
    ("collapse_layers", "None", (None,), "got None"),
    ("collapse_layers", "not a function", (np.eye(2),), "expected your function"),
    ("collapse_layers", "forgot return", (lambda W1, b1, W2, b2: None,), "two things"),
    ("collapse_layers", "returns only W", (lambda W1, b1, W2, b2: W2 @ W1,), "two things"),
    ("collapse_layers", "returns three", (lambda W1, b1, W2, b2: (W2 @ W1, W2 @ b1 + b2, 0),), "two things"),
    ("collapse_layers", "W None", (collapse_with(W_fn=lambda W1, W2: None),), "W (in the case"),
    ("collapse_layers", "wrong order", (collapse_with(W_fn=lambda W1, W2: W1 @ W2),), "wrong order"),
    ("collapse_layers", "transposed", (collapse_with(W_fn=lambda W1, W2: W1.T @ W2.T),), "transposed"),
    ("collapse_layers", "elementwise", (collapse_with(W_fn=lambda W1, W2: W2 * W1),), "elementwise"),
    ("collapse_layers", "added", (collapse_with(W_fn=lambda W1, W2: W2 + W1),), "added"),
    ("collapse_layers", "W as a list", (collapse_with(W_fn=lambda W1, W2: (W2 @ W1).tolist()),), "numpy array"),
    ("collapse_layers", "W 1-D", (collapse_with(W_fn=lambda W1, W2: (W2 @ W1).ravel()),), "1-D"),
    ("collapse_layers", "W off by one", (collapse_with(W_fn=lambda W1, W2: W2 @ W1 + 1),), "on paper"),
    ("collapse_layers", "b1 not through W2", (collapse_with(b_fn=lambda W1, b1, W2, b2: b1 + b2),), "pass through"),
    ("collapse_layers", "b1 missing", (collapse_with(b_fn=lambda W1, b1, W2, b2: b2),), "b1 is missing"),
    ("collapse_layers", "b2 missing", (collapse_with(b_fn=lambda W1, b1, W2, b2: W2 @ b1),), "b2 is missing"),
    ("collapse_layers", "bias sign error", (collapse_with(b_fn=lambda W1, b1, W2, b2: W2 @ b1 - b2),),
     "biases combine"),
    ("collapse_layers", "b None", (collapse_with(b_fn=lambda W1, b1, W2, b2: None),), "b (in the case"),
    ("collapse_layers", "b 1-D", (collapse_with(b_fn=lambda W1, b1, W2, b2: (W2 @ b1 + b2).ravel()),), "1-D"),
    ("collapse_layers", "b a number", (collapse_with(b_fn=lambda W1, b1, W2, b2: float(np.sum(W2 @ b1 + b2))),),
     "single number"),
    ("collapse_layers", "raises", (lambda W1, b1, W2, b2: (W2 @ W1, W2 @ b1 + "b2"),), "your function raised"),
]


# ------------------------------------------------- numbers the hints must not show


def _reference_numbers(check):
    if check == "train_perceptron":
        return number_texts(np.concatenate([np.r_[w.ravel(), b] for w, b, _ in
                                            (ref_train(*case[1:]) for case in ch01.training_cases())]))
    assert check == "collapse_layers"
    return number_texts(np.concatenate([np.r_[W.ravel(), b.ravel()] for W, b in
                                    (ref_collapse(*case[1:]) for case in ch01.collapse_cases())]))


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_here_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)


@pytest.mark.parametrize("check", ["collapse_layers", "train_perceptron"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


def test_the_check_leaves_the_inputs_alone():
    def in_place(W1, b1, W2, b2):
        b2 += W2 @ b1                       # edits the copy the check handed over, not the check's cases
        return W2 @ W1, b2
    checks.collapse_layers(in_place)
    first = ch01.collapse_cases()[0]
    np.testing.assert_array_equal(first[4], ch01.collapse_cases()[0][4])


def test_the_cases_start_square_so_order_mistakes_get_named():
    _, W1, b1, W2, b2 = ch01.collapse_cases()[0]
    assert W1.shape == W2.shape and b1.shape == b2.shape
