"""Every exercise check, both ways: right answers pass with one line, wrong answers are refused.

For each check: the coursekit reference passes and prints exactly one line;
other correct ways of writing the answer pass too; and a list of known-wrong
answers (wrong shape, transposed, off by one, missing bias, sign error, wrong
derivative, None, a list where an array is due) raises AssertionError whose
hint names the mistake and shows none of the reference's numbers. A check
that accepts a wrong answer is a bug.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

from coursekit import Perceptron, checks
from coursekit.checks import ch01, ch03
from coursekit.activations import sigmoid, step
from coursekit.regression import logistic_gradient, logistic_gradient_loop


# ------------------------------------------------------------------ answers
def ref_step_neuron(X, w, b):
    return step(w @ X + b)


def ref_update(w, b, x, y, lr):
    # Written against coursekit's Perceptron, the tested implementation of the rule.
    p = Perceptron(n_inputs=w.shape[1], learning_rate=lr, init="zeros")
    p.W, p.b = w.copy(), np.array([[b]])
    p.fit(x, np.array([[y]]), epochs=1)
    return p.W, float(p.b.item())


def update_with(err_fn=None, w_fn=None, b_fn=None):
    """A perceptron update built from pieces, so each wrong variant changes one thing."""
    def fn(w, b, x, y, lr):
        err = (err_fn or (lambda z, y: y - step(np.array(z)).item()))((w @ x + b).item(), y)
        w_new = (w_fn or (lambda w, x, lr, err: w + lr * err * x.T))(w, x, lr, err)
        b_new = (b_fn or (lambda b, lr, err: b + lr * err))(b, lr, err)
        return w_new, b_new
    return fn


def update_in_place(w, b, x, y, lr):
    err = y - step(w @ x + b).item()
    w += lr * err * x.T
    return w, b + lr * err


def ref_count(w, b, X, Y):
    return int(np.sum(step(w @ X + b) != Y))


def ref_gradient(w, b, X, Y):
    dw, db, _ = logistic_gradient(w, b, X, Y)
    return dw, db


def gradient_with(dZ_fn=None, dw_fn=None, db_fn=None, z_fn=None):
    """A logistic-regression gradient built from pieces, each wrong variant changing one."""
    def fn(w, b, X, Y):
        m = X.shape[1]
        Z = (z_fn or (lambda w, b, X: w.T @ X + b))(w, b, X)
        A = sigmoid(Z)
        dZ = (dZ_fn or (lambda A, Y, Z: A - Y))(A, Y, Z)
        dw = (dw_fn or (lambda X, dZ, m: X @ dZ.T / m))(X, dZ, m)
        db = (db_fn or (lambda dZ, m: float(np.sum(dZ) / m)))(dZ, m)
        return dw, db
    return fn


NAND_W, NAND_B = np.array([[-1.5, -1.5]]), 2.25   # the reference answer whose numbers must not leak

# (check, args) that must pass, printing exactly one line.
REFERENCES = {
    "step_neuron": (ref_step_neuron,),
    "perceptron_update": (ref_update,),
    "nand_weights": (NAND_W, NAND_B),
    "count_mistakes": (ref_count,),
    "xor_min_mistakes": (1,),
    "sigmoid": (sigmoid,),
    "vectorised_logistic_gradient": (ref_gradient,),
}

# Other correct answers: a check that refuses them is as wrong as one that accepts a mistake.
ALSO_CORRECT = [
    ("step_neuron", "bool array", (lambda X, w, b: w @ X + b > 0,)),
    ("step_neuron", "np.where", (lambda X, w, b: np.where(np.dot(w, X) + b > 0, 1, 0),)),
    ("perceptron_update", "b as a (1, 1) array", (update_with(
        err_fn=lambda z, y: y - step(np.array([[z]])), b_fn=lambda b, lr, err: b + lr * err,
        w_fn=lambda w, x, lr, err: w + lr * err * x.T),)),
    ("perceptron_update", "if/else", (lambda w, b, x, y, lr:
                                      (w, b) if (w @ x + b > 0).item() == y else
                                      (w + lr * (2 * y - 1) * x.T, b + lr * (2 * y - 1)),)),
    ("nand_weights", "other weights", (np.array([[-1.0, -2.0]]), 2.5)),
    ("nand_weights", "integer weights, b as a 1-element array", (np.array([[-2, -2]]), np.array([3]))),
    ("count_mistakes", "float count", (lambda w, b, X, Y: float(np.mean(step(w @ X + b) != Y) * X.shape[1]),)),
    ("count_mistakes", "loop", (lambda w, b, X, Y: sum(int((w @ X[:, i] + b > 0).item() != Y[0, i])
                                                       for i in range(X.shape[1])),)),
    ("xor_min_mistakes", "float", (1.0,)),
    ("xor_min_mistakes", "numpy integer", (np.int64(1),)),
    ("sigmoid", "naive formula", (lambda Z: 1 / (1 + np.exp(-Z)),)),
    ("sigmoid", "tanh identity", (lambda Z: 0.5 * (1 + np.tanh(Z / 2)),)),
    ("sigmoid", "float32", (lambda Z: (1 / (1 + np.exp(-Z.astype(np.float32)))),)),
    ("vectorised_logistic_gradient", "loop version", (lambda w, b, X, Y: logistic_gradient_loop(w, b, X, Y)[:2],)),
    ("vectorised_logistic_gradient", "db as a (1, 1) array", (gradient_with(
        db_fn=lambda dZ, m: np.sum(dZ, axis=1, keepdims=True) / m),)),
    ("vectorised_logistic_gradient", "np.dot and np.mean", (lambda w, b, X, Y: (
        np.dot(X, (sigmoid(np.dot(w.T, X) + b) - Y).T) / X.shape[1],
        np.mean(sigmoid(np.dot(w.T, X) + b) - Y)),)),
]

S = step
sig = sigmoid

# (check, label, args, a fragment the hint must contain)
WRONG = [
    # step_neuron(fn)
    ("step_neuron", "None", (None,), "got None"),
    ("step_neuron", "not a function", (np.array([[1.0, 2.0]]),), "expected your step-neuron"),
    ("step_neuron", "forgot return", (lambda X, w, b: None,), "return"),
    ("step_neuron", "list", (lambda X, w, b: S(w @ X + b).tolist(),), "numpy array"),
    ("step_neuron", "transposed", (lambda X, w, b: S(w @ X + b).T,), "transpose"),
    ("step_neuron", "1-D", (lambda X, w, b: S(w @ X + b).ravel(),), "1-D"),
    ("step_neuron", "a float for one sample", (lambda X, w, b: float(S(w @ X + b)[0, 0]),), "numpy array"),
    ("step_neuron", "missing bias", (lambda X, w, b: S(w @ X),), "bias"),
    ("step_neuron", "bias sign error", (lambda X, w, b: S(w @ X - b),), "sign"),
    ("step_neuron", ">= threshold", (lambda X, w, b: (w @ X + b >= 0).astype(float),), "above zero"),
    ("step_neuron", "sigmoid, not step", (lambda X, w, b: sig(w @ X + b),), "0 and 1"),
    ("step_neuron", "inverted", (lambda X, w, b: S(-(w @ X + b)),), "opposite"),
    ("step_neuron", "threshold off by one", (lambda X, w, b: S(w @ X + b - 1),), "by hand"),
    ("step_neuron", "first sample only", (lambda X, w, b: S(w @ X[:, :1] + b),), "shape"),
    ("step_neuron", "X @ w", (lambda X, w, b: S(X @ w + b),), "shape"),
    ("step_neuron", "X.T @ w.T", (lambda X, w, b: S(X.T @ w.T + b),), "transpose"),
    ("step_neuron", "raises", (lambda X, w, b: w.dot(X) + "b",), "your function raised"),
    # perceptron_update(fn)
    ("perceptron_update", "None", (None,), "got None"),
    ("perceptron_update", "returns only w", (lambda w, b, x, y, lr: ref_update(w, b, x, y, lr)[0],), "two things"),
    ("perceptron_update", "returns three", (lambda w, b, x, y, lr: ref_update(w, b, x, y, lr) + (0,),), "two things"),
    ("perceptron_update", "sign error", (update_with(err_fn=lambda z, y: step(np.array(z)).item() - y),), "wrong way"),
    ("perceptron_update", "no learning rate", (update_with(w_fn=lambda w, x, lr, err: w + err * x.T,
                                                           b_fn=lambda b, lr, err: b + err),), "learning rate"),
    ("perceptron_update", "bias not updated", (update_with(b_fn=lambda b, lr, err: b),), "bias did not move"),
    ("perceptron_update", "bias sign error", (update_with(b_fn=lambda b, lr, err: b - lr * err),), "wrong way"),
    ("perceptron_update", "bias without learning rate", (update_with(b_fn=lambda b, lr, err: b + err),),
     "learning rate"),
    ("perceptron_update", "updates when right", (update_with(err_fn=lambda z, y: 2 * y - 1),), "stay as they are"),
    ("perceptron_update", "x not transposed", (update_with(w_fn=lambda w, x, lr, err: w + lr * err * x),),
     "square"),
    ("perceptron_update", "in place", (update_in_place,), "changed the array"),
    ("perceptron_update", ">= threshold", (update_with(err_fn=lambda z, y: y - float(z >= 0)),), "above zero"),
    ("perceptron_update", "sigmoid prediction", (update_with(err_fn=lambda z, y: y - float(sig(z))),),
     "w_new"),
    ("perceptron_update", "w 1-D", (update_with(w_fn=lambda w, x, lr, err: (w + lr * err * x.T).ravel()),),
     "1-D"),
    ("perceptron_update", "w transposed", (update_with(w_fn=lambda w, x, lr, err: (w + lr * err * x.T).T),),
     "transpose"),
    ("perceptron_update", "w as a list", (update_with(w_fn=lambda w, x, lr, err: (w + lr * err * x.T).tolist()),),
     "numpy array"),
    ("perceptron_update", "b off by one", (update_with(b_fn=lambda b, lr, err: b + lr * err + 1),), "b_new"),
    # nand_weights(w, b)
    ("nand_weights", "None", (None, None), "w is None"),
    ("nand_weights", "b None", (NAND_W, None), "b is None"),
    ("nand_weights", "list", ([[-1.5, -1.5]], NAND_B), "numpy array"),
    ("nand_weights", "transposed", (NAND_W.T, NAND_B), "transpose"),
    ("nand_weights", "1-D", (NAND_W.ravel(), NAND_B), "1-D"),
    ("nand_weights", "AND weights", (-NAND_W, -NAND_B), "opposite"),
    ("nand_weights", "OR weights", (np.array([[1.0, 1.0]]), -0.5), "NAND(0, 0) = 1"),
    ("nand_weights", "missing bias", (NAND_W, 0.0), "exactly 0"),
    ("nand_weights", "bias off by one", (NAND_W, NAND_B - 1), "NAND(0, 1) = 1"),
    ("nand_weights", "bias sign error", (NAND_W, -NAND_B), "NAND(0, 0) = 1"),
    ("nand_weights", "three weights", (np.array([[-1.5, -1.5, 0.0]]), NAND_B), "shape"),
    ("nand_weights", "b an array", (NAND_W, np.array([[2.25, 2.25]])), "one number"),
    ("nand_weights", "b a string", (NAND_W, "3"), "must be a number"),
    ("nand_weights", "b a bool", (NAND_W, True), "must be a number"),
    ("nand_weights", "NaN", (np.array([[np.nan, -1.5]]), NAND_B), "NaN"),
    # count_mistakes(fn)
    ("count_mistakes", "None", (None,), "got None"),
    ("count_mistakes", "counts the right ones", (lambda w, b, X, Y: X.shape[1] - ref_count(w, b, X, Y),), "right"),
    ("count_mistakes", "fraction", (lambda w, b, X, Y: ref_count(w, b, X, Y) / X.shape[1],), "not a whole number"),
    ("count_mistakes", "missing bias", (lambda w, b, X, Y: ref_count(w, 0.0, X, Y),), "b"),
    ("count_mistakes", "bias sign error", (lambda w, b, X, Y: ref_count(w, -b, X, Y),), "sign"),
    ("count_mistakes", ">= threshold", (lambda w, b, X, Y: int(np.sum((w @ X + b >= 0) != Y)),), "above zero"),
    ("count_mistakes", "no sum", (lambda w, b, X, Y: S(w @ X + b) != Y,), "add the entries up"),
    ("count_mistakes", "list", (lambda w, b, X, Y: [ref_count(w, b, X, Y)],), "whole number"),
    ("count_mistakes", "off by one", (lambda w, b, X, Y: ref_count(w, b, X, Y) + 1,), "you counted"),
    ("count_mistakes", "counts predicted ones", (lambda w, b, X, Y: int(np.sum(S(w @ X + b))),), "predicted as 1"),
    ("count_mistakes", "forgot return", (lambda w, b, X, Y: None,), "return"),
    ("count_mistakes", "Y transposed", (lambda w, b, X, Y: int(np.sum(S(w @ X + b) != Y.T)),), "you counted"),
    # xor_min_mistakes(k)
    ("xor_min_mistakes", "None", (None,), "is None"),
    ("xor_min_mistakes", "zero", (0,), "no line"),
    ("xor_min_mistakes", "two", (2,), "fewer than 2"),
    ("xor_min_mistakes", "four", (4,), "fewer than 4"),
    ("xor_min_mistakes", "fraction", (0.25,), "not a whole number"),
    ("xor_min_mistakes", "string", ("1",), "must be a number"),
    ("xor_min_mistakes", "bool", (True,), "must be a number"),
    ("xor_min_mistakes", "list", ([1],), "whole number"),
    # sigmoid(fn)
    ("sigmoid", "None", (None,), "got None"),
    ("sigmoid", "not a function", ("sigmoid",), "expected your sigmoid"),
    ("sigmoid", "sign error", (lambda Z: 1 / (1 + np.exp(Z)),), "decreases"),
    ("sigmoid", "tanh", (np.tanh,), "between 0 and 1"),
    ("sigmoid", "missing 1 +", (lambda Z: 1 / np.exp(-Z),), "between 0 and 1"),
    ("sigmoid", "shifted by one", (lambda Z: 1 / (1 + np.exp(-(Z + 1))),), "symmetric"),
    ("sigmoid", "2 + instead of 1 +", (lambda Z: 1 / (2 + np.exp(-Z)),), "symmetric"),
    ("sigmoid", "derivative instead", (lambda Z: sig(Z) * (1 - sig(Z)),), "goes down"),
    ("sigmoid", "wrong slope", (lambda Z: 1 / (1 + np.exp(-2 * Z)),), "at z ="),
    ("sigmoid", "list", (lambda Z: sig(Z).tolist(),), "numpy array"),
    ("sigmoid", "a single number", (lambda Z: np.mean(sig(Z)),), "single number"),
    ("sigmoid", "1-D", (lambda Z: sig(Z).ravel(),), "1-D"),
    ("sigmoid", "transposed", (lambda Z: sig(Z).T,), "transpose"),
    ("sigmoid", "overflows to NaN", (lambda Z: np.exp(Z) / (1 + np.exp(Z)),), "overflowed"),
    ("sigmoid", "math.exp", (lambda Z: 1 / (1 + math.exp(-Z)),), "raised TypeError"),
    ("sigmoid", "forgot return", (lambda Z: None,), "return"),
    ("sigmoid", "rounded", (lambda Z: np.round(sig(Z)),), "symmetric"),
    # vectorised_logistic_gradient(fn)
    ("vectorised_logistic_gradient", "None", (None,), "got None"),
    ("vectorised_logistic_gradient", "returns dw only", (lambda w, b, X, Y: ref_gradient(w, b, X, Y)[0],), "pair"),
    ("vectorised_logistic_gradient", "returns the cost too", (lambda w, b, X, Y: logistic_gradient(w, b, X, Y),),
     "three things"),
    ("vectorised_logistic_gradient", "sign error", (gradient_with(dZ_fn=lambda A, Y, Z: Y - A),), "sign is flipped"),
    ("vectorised_logistic_gradient", "not divided by m", (gradient_with(
        dw_fn=lambda X, dZ, m: X @ dZ.T, db_fn=lambda dZ, m: float(np.sum(dZ))),), "m times"),
    ("vectorised_logistic_gradient", "missing bias", (gradient_with(z_fn=lambda w, b, X: w.T @ X),), "with b"),
    ("vectorised_logistic_gradient", "squared-error derivative", (gradient_with(
        dZ_fn=lambda A, Y, Z: (A - Y) * A * (1 - A)),), "squared error"),
    ("vectorised_logistic_gradient", "no sigmoid", (gradient_with(dZ_fn=lambda A, Y, Z: Z - Y),), "uses z"),
    ("vectorised_logistic_gradient", "dw transposed", (gradient_with(dw_fn=lambda X, dZ, m: dZ @ X.T / m),),
     "transpose"),
    ("vectorised_logistic_gradient", "dw 1-D", (gradient_with(dw_fn=lambda X, dZ, m: (X @ dZ.T / m).ravel()),),
     "1-D"),
    ("vectorised_logistic_gradient", "dw not summed", (gradient_with(dw_fn=lambda X, dZ, m: X * dZ / m),),
     "one column per sample"),
    ("vectorised_logistic_gradient", "dw a list", (gradient_with(dw_fn=lambda X, dZ, m: (X @ dZ.T / m).tolist()),),
     "numpy array"),
    ("vectorised_logistic_gradient", "db not averaged", (gradient_with(db_fn=lambda dZ, m: float(np.sum(dZ))),),
     "m times"),
    ("vectorised_logistic_gradient", "db sign error", (gradient_with(db_fn=lambda dZ, m: -float(np.mean(dZ))),),
     "sign is flipped"),
    ("vectorised_logistic_gradient", "db per sample", (gradient_with(db_fn=lambda dZ, m: dZ / m),),
     "one value per sample"),
    ("vectorised_logistic_gradient", "db None", (gradient_with(db_fn=lambda dZ, m: None),), "db"),
    ("vectorised_logistic_gradient", "off by one", (gradient_with(
        dw_fn=lambda X, dZ, m: X @ dZ.T / (m - 1) if m > 1 else X @ dZ.T),), "off by one"),
    ("vectorised_logistic_gradient", "divided by n_x", (gradient_with(
        dw_fn=lambda X, dZ, m: X @ dZ.T / X.shape[0]),), "number of features"),
    ("vectorised_logistic_gradient", "w @ X", (gradient_with(z_fn=lambda w, b, X: w @ X + b),), "raised ValueError"),
]


# ------------------------------------------------- numbers the hints must not show


def _reference_numbers(check):
    """What the reference answer of ``check`` computes on the check's own inputs."""
    if check == "perceptron_update":
        return number_texts(np.concatenate([np.r_[ref_update(w, b, x, y, lr)[0].ravel(), ref_update(w, b, x, y, lr)[1]]
                                        for _, w, b, x, y, lr in ch01.perceptron_cases()
                                        if y != step(w @ x + b).item()]))  # else the inputs themselves
    if check == "nand_weights":
        return number_texts(np.r_[NAND_W.ravel(), NAND_B])
    if check == "sigmoid":
        return number_texts(np.r_[sigmoid(ch03.SIGMOID_GRID).ravel(), sigmoid(ch03.SIGMOID_COLUMN).ravel()])
    if check == "vectorised_logistic_gradient":
        return number_texts(np.concatenate([np.r_[ref_gradient(w, b, X, Y)[0].ravel(), ref_gradient(w, b, X, Y)[1]]
                                        for _, w, b, X, Y in ch03.gradient_cases()]))
    return set()   # step_neuron, count_mistakes, xor_min_mistakes: their answers are 0/1 and counts


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_is_covered_both_ways():
    # This file's checks: a reference and at least 8 wrong answers, including None.
    assert_enough_wrong_answers(REFERENCES, WRONG)
    # Every exported check has a reference in this file or in a chapter's tests/checks/test_checks_chNN.py,
    # each of which runs the same both-ways tests on its own REFERENCES and WRONG tables.
    from pathlib import Path

    texts = "".join(f.read_text() for f in Path(__file__).parent.glob("test_checks*.py"))
    untested = [name for name in checks.__all__ if f'"{name}":' not in texts]
    assert not untested, f"checks without a REFERENCES entry in tests/checks/test_checks*.py: {untested}"


@pytest.mark.parametrize("check", ["step_neuron", "perceptron_update", "count_mistakes", "sigmoid",
                                   "vectorised_logistic_gradient"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


def test_checks_leave_the_learners_inputs_alone():
    w = NAND_W.copy()
    checks.nand_weights(w, NAND_B)
    assert np.array_equal(w, NAND_W)


def test_the_xor_reference_comes_from_a_scan_of_lines():
    # 1 is the fewest XOR mistakes of any line (for example the OR line); the check must agree.
    assert ch01.xor_fewest_mistakes() == 1


def test_each_chapter_checks_module_has_tests():
    """checks/chNN.py (and chNN_<part>.py, a chapter's checks split by idea) is tested both ways in
    tests/checks/test_checks_chNN.py (01 and 03 in this file)."""
    import pkgutil
    from pathlib import Path

    tests = Path(__file__).parent
    for info in pkgutil.iter_modules(checks.__path__):
        chapter = info.name.split("_")[0]
        if chapter.startswith("ch") and chapter not in ("ch01", "ch03"):
            assert (tests / f"test_checks_{chapter}.py").exists(), info.name
    exported = {getattr(checks, name).__module__ for name in checks.__all__}
    assert exported >= {ch01.__name__, ch03.__name__}
