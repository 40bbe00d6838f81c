"""Chapter 02's checks, both ways: the reference passes with one line, known-wrong answers are refused.

``xor_by_hand`` (exercise 1: a sigmoid network [2, 2, 1] for XOR from the
hidden units x1 AND NOT x2 and x2 AND NOT x1), ``forward_pass`` (exercise 2)
and ``count_parameters`` (exercise 3). For each: a REFERENCES entry, other
correct ways of writing it, and a WRONG table whose hints must name the
mistake without showing the reference's numbers.
"""
from __future__ import annotations

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import MLP, checks
from coursekit.activations import linear, sigmoid, step, tanh
from coursekit.checks import ch02


# ------------------------------------------------------------------ answers
# Exercise 1: h1 = x1 AND NOT x2, h2 = x2 AND NOT x1, output = OR(h1, h2); sigmoid with large weights.
W1 = np.array([[20.0, -20.0], [-20.0, 20.0]])
B1 = np.array([[-10.0], [-10.0]])
W2 = np.array([[20.0, 20.0]])
B2 = np.array([[-10.0]])
# Also right, and not symmetric, so that writing it transposed breaks it (W1 above is symmetric).
W1_ASYMMETRIC = np.array([[30.0, -40.0], [-15.0, 20.0]])


def ref_forward(params, X):
    # Written against coursekit's MLP, the tested forward pass.
    sizes = [params[0][0].shape[1]] + [W.shape[0] for W, _ in params]
    net = MLP(sizes)
    net.set_params(params)
    return net.forward(X)


def forward_with(g_hidden=sigmoid, g_out=sigmoid, bias=True, transpose=False, layers=slice(None),
                 finish=lambda A: A):
    """A forward pass built from pieces, so each wrong variant changes one thing."""
    def fn(params, X):
        A = X
        params = params[layers]
        for l, (W, b) in enumerate(params, start=1):
            W = W.T if transpose else W
            Z = W @ A + (b if bias else 0.0)
            A = g_out(Z) if l == len(params) else g_hidden(Z)
        return finish(A)
    return fn


def forward_loop_over_samples(params, X):
    """Another correct way: one sample (column) at a time."""
    columns = []
    for j in range(X.shape[1]):
        a = X[:, j:j + 1]
        for W, b in params:
            a = 1.0 / (1.0 + np.exp(-(W @ a + b)))
        columns.append(a)
    return np.hstack(columns)


def forward_all_activations(params, X):
    A, out = X, [X]
    for W, b in params:
        A = sigmoid(W @ A + b)
        out.append(A)
    return out


def forward_in_place(params, X):
    A = X
    for W, b in params:
        b += 0.0 * b + 1e-3          # edits the parameters it was handed
        A = sigmoid(W @ A + b)
    return A


# Exercise 4: parity of three inputs. Hidden unit k is on when at least k inputs are on; the
# output adds them with alternating signs, 1 - 1 + 1, so it is on for one or three inputs.
PW1 = np.full((3, 3), 20.0)
PB1 = np.array([[-10.0], [-30.0], [-50.0]])
PW2 = np.array([[20.0, -20.0, 20.0]])
PB2 = np.array([[-10.0]])
# Also right: four hidden units, each on at one of the odd corners only, and an OR on top.
_ODD = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], dtype=float)
CORNER_W1 = 20.0 * (2 * _ODD - 1)
CORNER_B1 = (-20.0 * _ODD.sum(axis=1) + 10.0)[:, None]
CORNER_W2 = np.full((1, 4), 20.0)
CORNER_B2 = np.array([[-10.0]])


def ref_count(sizes):
    # Written against coursekit's MLP: its n_params counts the arrays it holds.
    return MLP(sizes).n_params


def count_with(per_layer, extra=lambda sizes: 0):
    return lambda sizes: sum(per_layer(a, b) for a, b in zip(sizes[:-1], sizes[1:])) + extra(sizes)


REFERENCES = {
    "xor_by_hand": (W1, B1, W2, B2),
    "forward_pass": (ref_forward,),
    "count_parameters": (ref_count,),
    "parity_weights": (PW1, PB1, PW2, PB2),
}

ALSO_CORRECT = [
    ("xor_by_hand", "units in the other order", (W1[::-1], B1[::-1], W2, B2)),
    ("xor_by_hand", "asymmetric weights", (W1_ASYMMETRIC, B1, W2, B2)),
    ("xor_by_hand", "integer arrays", (np.array([[10, -10], [-10, 10]]), np.array([[-5], [-5]]),
                                        np.array([[10, 10]]), np.array([[-5]]))),
    ("xor_by_hand", "other large weights", (np.array([[30.0, -25.0], [-25.0, 30.0]]), np.array([[-12.0], [-12.0]]),
                                            np.array([[15.0, 15.0]]), np.array([[-6.0]]))),
    ("parity_weights", "units in another order", (PW1[::-1], PB1[::-1], PW2[:, ::-1], PB2)),
    ("parity_weights", "one unit per odd corner, then OR", (CORNER_W1, CORNER_B1, CORNER_W2, CORNER_B2)),
    ("parity_weights", "integer arrays", (np.full((3, 3), 10), np.array([[-5], [-15], [-25]]),
                                          np.array([[10, -10, 10]]), np.array([[-5]]))),
    ("forward_pass", "a loop over samples", (forward_loop_over_samples,)),
    ("forward_pass", "np.dot and tanh identity", (lambda params, X: _reduce_tanh(params, X),)),
    ("forward_pass", "float32", (forward_with(finish=lambda A: A.astype(np.float32)),)),
    ("count_parameters", "a formula per layer", (count_with(lambda a, b: b * (a + 1)),)),
    ("count_parameters", "weights plus biases", (lambda s: sum(s[i] * s[i + 1] for i in range(len(s) - 1)) + sum(s[1:]),)),
    ("count_parameters", "a float", (lambda s: float(MLP(s).n_params),)),
    ("count_parameters", "a numpy integer", (lambda s: np.int64(np.dot(s[:-1], s[1:]) + np.sum(s[1:])),)),
]


def _reduce_tanh(params, X):
    A = X
    for W, b in params:
        A = 0.5 * (1.0 + np.tanh(0.5 * (np.dot(W, A) + b)))
    return A


# (check, label, args, a fragment the hint must contain)
WRONG = [
    # xor_by_hand(W1, b1, W2, b2)
    ("xor_by_hand", "None", (None, None, None, None), "W1 is None"),
    ("xor_by_hand", "b2 None", (W1, B1, W2, None), "b2 is None"),
    ("xor_by_hand", "lists", (W1.tolist(), B1, W2, B2), "numpy array"),
    ("xor_by_hand", "b1 1-D", (W1, B1.ravel(), W2, B2), "column"),
    ("xor_by_hand", "b1 a row", (W1, B1.T, W2, B2), "transpose"),
    ("xor_by_hand", "W2 a column", (W1, B1, W2.T, B2), "transpose"),
    ("xor_by_hand", "b2 a number", (W1, B1, W2, -10.0), "(1, 1)"),
    ("xor_by_hand", "W1 transposed", (W1_ASYMMETRIC.T, B1, W2, B2), "transposed"),
    ("xor_by_hand", "the chapter's OR/NAND/AND", (np.array([[20.0, 20.0], [-20.0, -20.0]]), np.array([[-10.0], [30.0]]),
                                                   np.array([[20.0, 20.0]]), np.array([[-30.0]])), "hidden unit"),
    ("xor_by_hand", "small weights", (W1 / 10, B1 / 10, W2, B2), "not close enough"),
    ("xor_by_hand", "hidden bias sign error", (W1, -B1, W2, B2), "hidden unit 1"),
    ("xor_by_hand", "missing hidden bias", (W1, np.zeros((2, 1)), W2, B2), "hidden unit 1"),
    ("xor_by_hand", "both units the same", (np.array([[20.0, -20.0], [20.0, -20.0]]), B1, W2, B2), "same gate"),
    ("xor_by_hand", "output computes AND", (W1, B1, W2, np.array([[-30.0]])), "must compute OR"),
    ("xor_by_hand", "output NOR", (W1, B1, -W2, -B2), "NOR"),
    ("xor_by_hand", "output small weights", (W1, B1, W2 / 10, B2 / 10), "larger"),
    ("xor_by_hand", "missing output bias", (W1, B1, W2, np.zeros((1, 1))), "must compute OR"),
    ("xor_by_hand", "NaN", (W1 * np.nan, B1, W2, B2), "NaN"),
    ("xor_by_hand", "W1 wrong shape", (np.array([[20.0, -20.0]]), B1, W2, B2), "shape"),
    # parity_weights(W1, b1, W2, b2)
    ("parity_weights", "None", (None, None, None, None), "W1 is None"),
    ("parity_weights", "b2 None", (PW1, PB1, PW2, None), "b2 is None"),
    ("parity_weights", "b1 1-D", (PW1, PB1.ravel(), PW2, PB2), "column"),
    ("parity_weights", "W2 a column", (PW1, PB1, PW2.T, PB2), "transpose"),
    ("parity_weights", "b2 a number", (PW1, PB1, PW2, -10.0), "(1, 1)"),
    ("parity_weights", "the two-input XOR network", (np.array([[20.0, -20.0], [-20.0, 20.0]]),
                                                     np.array([[-10.0], [-10.0]]), np.array([[20.0, 20.0]]),
                                                     np.array([[-10.0]])), "shape"),
    ("parity_weights", "only two counting units", (PW1[:2], PB1[:2], PW2[:, :2], PB2), "straight cuts"),
    ("parity_weights", "all output weights positive", (PW1, PB1, np.abs(PW2), PB2), "parity is"),
    ("parity_weights", "small weights", (PW1 / 8, PB1 / 8, PW2, PB2), "larger"),
    ("parity_weights", "output bias sign", (PW1, PB1, PW2, -PB2), "parity is"),
    ("parity_weights", "hidden biases all the same", (PW1, np.full((3, 1), -10.0), PW2, PB2), "parity is"),
    ("parity_weights", "NaN", (PW1 * np.nan, PB1, PW2, PB2), "NaN"),
    ("parity_weights", "a list", (PW1.tolist(), PB1, PW2, PB2), "numpy array"),
    # forward_pass(fn)
    ("forward_pass", "None", (None,), "got None"),
    ("forward_pass", "not a function", (np.eye(2),), "expected your forward-pass"),
    ("forward_pass", "forgot return", (lambda params, X: None,), "return"),
    ("forward_pass", "missing bias", (forward_with(bias=False),), "biases are missing"),
    ("forward_pass", "no sigmoid on the output", (forward_with(g_out=linear),), "last layer has no sigmoid"),
    ("forward_pass", "no sigmoid on hidden layers", (forward_with(g_hidden=linear),), "hidden layers have no sigmoid"),
    ("forward_pass", "W transposed", (forward_with(transpose=True),), "raised ValueError"),
    ("forward_pass", "step", (forward_with(g_hidden=step, g_out=step),), "step function"),
    ("forward_pass", "tanh", (forward_with(g_hidden=tanh, g_out=tanh),), "tanh"),
    ("forward_pass", "all activations", (forward_all_activations,), "only the output"),
    ("forward_pass", "first layer only", (forward_with(layers=slice(0, 1)),), "every layer"),
    ("forward_pass", "transposed output", (forward_with(finish=lambda A: A.T),), "transpose"),
    ("forward_pass", "1-D output", (forward_with(finish=lambda A: A.ravel()),), "1-D"),
    ("forward_pass", "a list", (forward_with(finish=lambda A: A.tolist()),), "numpy array"),
    ("forward_pass", "mean over samples", (forward_with(finish=lambda A: A.mean(axis=1, keepdims=True)),), "shape"),
    ("forward_pass", "off by one in the sigmoid", (forward_with(g_hidden=lambda Z: 1 / (2 + np.exp(-Z)),
                                                                g_out=lambda Z: 1 / (2 + np.exp(-Z))),),
     "largest error"),
    ("forward_pass", "in place", (forward_in_place,), "changed the weights"),
    # count_parameters(fn)
    ("count_parameters", "None", (None,), "got None"),
    ("count_parameters", "forgot return", (lambda s: None,), "return"),
    ("count_parameters", "weights only", (count_with(lambda a, b: a * b),), "biases are missing"),
    ("count_parameters", "bias on the input layer", (count_with(lambda a, b: b * (a + 1), lambda s: s[0]),),
     "input layer has no biases"),
    ("count_parameters", "units", (lambda s: sum(s),), "units"),
    ("count_parameters", "bias on the wrong side", (count_with(lambda a, b: a * (b + 1)),), "receives the edges"),
    ("count_parameters", "last layer missing", (lambda s: count_with(lambda a, b: b * (a + 1))(s[:-1]),),
     "last layer"),
    ("count_parameters", "product of sizes", (lambda s: int(np.prod(s)),), "multiplies"),
    ("count_parameters", "number of layers", (lambda s: len(s) - 1,), "weight matrices"),
    ("count_parameters", "off by one", (lambda s: ref_count(s) + 1,), "you counted"),
    ("count_parameters", "per-layer list", (lambda s: [b * (a + 1) for a, b in zip(s[:-1], s[1:])],), "total"),
    ("count_parameters", "a fraction", (lambda s: ref_count(s) / 2,), "count"),
    ("count_parameters", "a string", (lambda s: str(ref_count(s)),), "must be a number"),
    ("count_parameters", "raises", (lambda s: s[0] * s[1] * s[2],), "your function raised"),
]


# ------------------------------------------------- numbers the hints must not show


def _reference_numbers(check):
    """What the reference answer of ``check`` computes on the check's own inputs."""
    if check == "xor_by_hand":
        return number_texts(np.r_[W1.ravel(), B1.ravel(), W2.ravel(), B2.ravel()])
    if check == "parity_weights":
        return number_texts(np.r_[PW1.ravel(), PB1.ravel(), PW2.ravel(), PB2.ravel()])
    if check == "forward_pass":
        return number_texts(np.concatenate([ref_forward(p, X).ravel() for _, p, X in ch02.forward_cases()]))
    # The counts are whole numbers; a hint must not print any count of the case it names either.
    return {str(ref_count(s)) for s in ch02.COUNT_CASES if ref_count(s) >= 10}


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_here_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)


@pytest.mark.parametrize("check", ["forward_pass", "count_parameters"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


def test_xor_check_leaves_the_learners_arrays_alone():
    w1, b1 = W1.copy(), B1.copy()
    checks.xor_by_hand(w1, b1, W2, B2)
    np.testing.assert_array_equal(w1, W1)
    np.testing.assert_array_equal(b1, B1)


def test_forward_cases_cover_no_hidden_layer_to_three_and_one_sample():
    depths = {len(p) - 1 for _, p, _ in ch02.forward_cases()}
    assert {0, 1, 2, 3} <= depths
    assert any(X.shape[1] == 1 for _, _, X in ch02.forward_cases())
    # A square first layer, so that a transposed W gives wrong numbers rather than only a crash.
    assert any(p[0][0].shape[0] == p[0][0].shape[1] for _, p, _ in ch02.forward_cases())


def test_count_reference_is_the_edges_plus_biases():
    # One known network by hand: 2-2-1 has 2*2 + 2 + 2*1 + 1 = 9; Nielsen's 784-30-10 has 23,860.
    assert MLP([2, 2, 1]).n_params == 9
    assert [2, 2, 1] in ch02.COUNT_CASES and [784, 30, 10] in ch02.COUNT_CASES
    assert MLP([784, 30, 10]).n_params == 784 * 30 + 30 + 30 * 10 + 10
