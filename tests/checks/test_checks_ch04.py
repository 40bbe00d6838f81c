"""Chapter 04's exercise checks, both ways (the model is tests/checks/test_checks.py).

For each check: the reference answer passes and prints exactly one line;
other correct ways of writing it pass too; and a table of known-wrong answers
(None, wrong shape, transposed, off by one, missing bias, sign error, wrong
derivative, a missing 1/m, a list where an array is due, ...) raises
AssertionError whose hint names the mistake and shows none of the
reference's numbers.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from checks_harness import (assert_enough_wrong_answers, assert_student_stub_propagates, define_both_ways_tests,
                            number_texts)

import coursekit as ck
from coursekit import checks
from coursekit.activations import sigmoid
from coursekit.checks import ch04, ch04_backward

sig = sigmoid


# ------------------------------------------------------------------ answers
def ref_output_delta(A, Y, loss):
    if loss == "mse":
        return (A - Y) * A * (1 - A)
    return A - Y


def _hand_values():
    x, W1, b1, W2, b2 = ch04.HAND_X, ch04.HAND_W1, ch04.HAND_B1, ch04.HAND_W2, ch04.HAND_B2
    y = float(ch04.HAND_Y[0, 0])
    z1 = W1 @ x + b1
    a1 = 1 / (1 + np.exp(-z1))
    z2 = float((W2 @ a1 + b2)[0, 0])
    a2 = 1 / (1 + math.exp(-z2))
    d2 = (a2 - y) * a2 * (1 - a2)
    d1 = W2.T * d2 * a1 * (1 - a1)
    return a1, a2, d2, d1, z1, z2


A1, A2, D2, D1, Z1, Z2 = _hand_values()


def hand(**changes):
    """The by-hand answers with some replaced: each wrong variant changes one step."""
    values = dict(a1=A1, a2=A2, delta2=D2, delta1=D1)
    values.update(changes)
    return (values["a1"], values["a2"], values["delta2"], values["delta1"])


def ref_table(layer_sizes, m):
    return [((n, p), (n, 1), (n, m), (n, m)) for p, n in zip(layer_sizes[:-1], layer_sizes[1:])]


def table_with(change):
    """A dimension table with ``change(l, n, p, m) -> entry`` applied to every layer."""
    def fn(layer_sizes, m):
        return [change(l, n, p, m) for l, (p, n) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1)]
    return fn


def backward_parts(params, X, Y):
    (W1, b1), (W2, b2) = params
    A1 = sig(W1 @ X + b1)
    Z2 = W2 @ A1 + b2
    A2 = sig(Z2)
    return W1, b1, W2, b2, A1, Z2, A2, X.shape[1]


def ref_backward(params, X, Y):
    W1, b1, W2, b2, A1, Z2, A2, m = backward_parts(params, X, Y)
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    return [(dZ1 @ X.T / m, dZ1.sum(axis=1, keepdims=True) / m), (dW2, db2)]


def backward_with(dZ2_of=None, slope_of=None, dW1_of=None, db_of=None, dW2_prev=None):
    """A backward pass with one step changed, for the table of wrong answers."""
    def fn(params, X, Y):
        W1, b1, W2, b2, A1, Z2, A2, m = backward_parts(params, X, Y)
        dZ2 = (A2 - Y) if dZ2_of is None else dZ2_of(A2, Z2, Y)
        prev = A1 if dW2_prev is None else dW2_prev(X, A1)
        dW2 = dZ2 @ prev.T / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m if db_of is None else db_of(dZ2, m)
        slope = A1 * (1 - A1) if slope_of is None else slope_of(A1)
        dZ1 = (W2.T @ dZ2) * slope
        dW1 = dZ1 @ X.T / m if dW1_of is None else dW1_of(dZ1, X, m)
        db1 = dZ1.sum(axis=1, keepdims=True) / m if db_of is None else db_of(dZ1, m)
        return [(dW1, db1), (dW2, db2)]
    return fn


def ref_epochs(n, b, e):
    per = -(-n // b)
    return per, per * e


def in_place(params, X, Y):
    grads = ref_backward(params, X, Y)
    W1 = params[0][0]
    W1 -= 0.1 * grads[0][0]                 # an "update" inside the backward pass
    return grads


def transposed_when_square(params, X, Y):
    (dW1, db1), (dW2, db2) = ref_backward(params, X, Y)
    return [(dW1.T if dW1.shape[0] == dW1.shape[1] else dW1, db1), (dW2, db2)]


# (check, args) that must pass, printing exactly one line.
def ref_deep(params, X, Y):
    """Backprop for any depth: BP1 once, then BP2 to BP4 layer by layer (sigmoid, cross-entropy)."""
    A = [X]
    for W, b in params:
        A.append(sigmoid(W @ A[-1] + b))
    m, delta, grads = X.shape[1], A[-1] - Y, []
    for l in range(len(params), 0, -1):
        grads.append((delta @ A[l - 1].T / m, delta.sum(axis=1, keepdims=True) / m))
        delta = (params[l - 1][0].T @ delta) * A[l - 1] * (1 - A[l - 1])
    return grads[::-1]


def deep_with(**mistake):
    """The check's own model of a backward pass with one known mistake."""
    return lambda P, X, Y: ch04_backward.deep_variant(P, X, Y, **mistake)


REFERENCES = {
    "output_delta": (ref_output_delta,),
    "deltas_by_hand": hand(),
    "dimension_table": (ref_table,),
    "two_layer_backward": (ref_backward,),
    "deep_backward": (ref_deep,),
    "epoch_arithmetic": (ref_epochs,),
}

ALSO_CORRECT = [
    ("deep_backward", "coursekit's own network", (lambda P, X, Y: ch04_backward.deep_variant(P, X, Y),)),
    ("deep_backward", "tuples and np.mean", (lambda P, X, Y: tuple((dW, db) for dW, db in ref_deep(P, X, Y)),)),
    ("output_delta", "coursekit's dC/da times a(1-a)",
     (lambda A, Y, loss: ck.losses.get(loss)[1](A, Y) * A * (1 - A),)),
    ("output_delta", "sigmoid' of the logit", (lambda A, Y, loss: (A - Y) * (
        ck.activations.sigmoid_prime(np.log(A / (1 - A))) if loss == "mse" else 1.0),)),
    ("output_delta", "float32", (lambda A, Y, loss: ref_output_delta(A, Y, loss).astype(np.float32),)),
    ("deltas_by_hand", "(1, 1) arrays for the numbers", hand(a2=np.array([[A2]]), delta2=np.array([[D2]]))),
    ("deltas_by_hand", "float32", hand(a1=A1.astype(np.float32), delta1=D1.astype(np.float32))),
    ("dimension_table", "lists for shapes", (lambda s, m: [[list(t) for t in e] for e in ref_table(s, m)],)),
    ("dimension_table", "numpy integers", (lambda s, m: [tuple(tuple(np.int64(v) for v in t) for t in e)
                                                         for e in ref_table(s, m)],)),
    ("dimension_table", "shapes read off arrays", (lambda s, m: [
        (np.zeros((n, p)).shape, np.zeros((n, 1)).shape, np.zeros((n, m)).shape, np.zeros((n, m)).shape)
        for p, n in zip(s[:-1], s[1:])],)),
    ("two_layer_backward", "tuples", (lambda P, X, Y: tuple(tuple(g) for g in ref_backward(P, X, Y)),)),
    ("two_layer_backward", "a loop over samples", (lambda P, X, Y: [
        tuple(sum(g[l][k] for g in (ref_backward(P, X[:, [i]], Y[:, [i]]) for i in range(X.shape[1])))
              / X.shape[1] for k in range(2)) for l in range(2)],)),
    ("two_layer_backward", "np.mean for db", (backward_with(db_of=lambda dZ, m: dZ.mean(axis=1, keepdims=True)),)),
    ("epoch_arithmetic", "math.ceil", (lambda n, b, e: (math.ceil(n / b), math.ceil(n / b) * e),)),
    ("epoch_arithmetic", "whole floats", (lambda n, b, e: (float(-(-n // b)), float(-(-n // b) * e)),)),
    ("epoch_arithmetic", "numpy integers", (lambda n, b, e: (np.int64(-(-n // b)), np.int64(-(-n // b)) * e),)),
    ("epoch_arithmetic", "a list", (lambda n, b, e: list(ref_epochs(n, b, e)),)),
]

# (check, label, args, a fragment the hint must contain)
WRONG = [
    ("deep_backward", "None", (None,), "got None"),
    ("deep_backward", "forgot return", (lambda P, X, Y: None,), "list of (dW, db) pairs"),
    ("deep_backward", "last layer only", (lambda P, X, Y: ref_deep(P, X, Y)[-1:],), "returned 1 pairs"),
    ("deep_backward", "reverse order", (lambda P, X, Y: ref_deep(P, X, Y)[::-1],), "reverse order"),
    ("deep_backward", "sum, not mean", (deep_with(mean=False),), "m times too large"),
    ("deep_backward", "no slope", (deep_with(slope=False),), "slope is missing"),
    ("deep_backward", "the next layer's slope", (deep_with(slope_layer=1),), "not sigma'(z^(l+1))"),
    ("deep_backward", "sign", (deep_with(sign=-1.0),), "sign is flipped"),
    ("deep_backward", "dW transposed", (lambda P, X, Y: [(dW.T, db) for dW, db in ref_deep(P, X, Y)],), "transpose"),
    ("deep_backward", "db not summed", (lambda P, X, Y: [(dW, np.zeros((db.shape[0], X.shape[1]))) for dW, db in
                                                          ref_deep(P, X, Y)],), "shape"),
    ("deep_backward", "raises", (lambda P, X, Y: P[0][0] @ "x",), "your function raised"),
    # output_delta(fn)
    ("output_delta", "None", (None,), "got None"),
    ("output_delta", "not a function", (0.5,), "expected your function"),
    ("output_delta", "forgot return", (lambda A, Y, loss: None,), "return"),
    ("output_delta", "sign flipped", (lambda A, Y, loss: -ref_output_delta(A, Y, loss),), "sign is flipped"),
    ("output_delta", "divided by m", (lambda A, Y, loss: ref_output_delta(A, Y, loss) / A.shape[1],),
     "divided by m"),
    ("output_delta", "a - y for both", (lambda A, Y, loss: A - Y,), "(a - y) alone"),
    ("output_delta", "squared error's delta for both", (lambda A, Y, loss: (A - Y) * A * (1 - A),),
     "squared error's delta"),
    ("output_delta", "sigma' applied to a", (lambda A, Y, loss: ck.losses.get(loss)[1](A, Y)
                                             * ck.activations.sigmoid_prime(A),), "belongs to z"),
    ("output_delta", "no 1/2 in the squared error", (lambda A, Y, loss: 2 * (A - Y) * A * (1 - A) if loss == "mse"
                                                     else A - Y,), "twice too large"),
    ("output_delta", "dC/da for cross-entropy", (lambda A, Y, loss: ref_output_delta(A, Y, "mse") if loss == "mse"
                                                 else (A - Y) / (A * (1 - A)),), "dC/da only"),
    ("output_delta", "the slope alone", (lambda A, Y, loss: A * (1 - A),), "lacks the error"),
    ("output_delta", "averaged over samples", (lambda A, Y, loss: ref_output_delta(A, Y, loss).mean(
        axis=1, keepdims=True),), "averaged over the samples"),
    ("output_delta", "summed over outputs", (lambda A, Y, loss: ref_output_delta(A, Y, loss).sum(
        axis=0, keepdims=True) if A.shape[0] > 1 else ref_output_delta(A, Y, loss),), "added over the output units"),
    ("output_delta", "transposed", (lambda A, Y, loss: ref_output_delta(A, Y, loss).T,), "transpose"),
    ("output_delta", "1-D", (lambda A, Y, loss: ref_output_delta(A, Y, loss).ravel(),), "1-D"),
    ("output_delta", "a list", (lambda A, Y, loss: ref_output_delta(A, Y, loss).tolist(),), "numpy array"),
    ("output_delta", "a single number", (lambda A, Y, loss: float(ref_output_delta(A, Y, loss).mean()),),
     "one value per output unit and sample"),
    ("output_delta", "unknown loss name", (lambda A, Y, loss: {"mse": ref_output_delta(A, Y, "mse"), "cross-entropy": A - Y}[loss],),
     "your function raised"),
    ("output_delta", "other formula", (lambda A, Y, loss: (A - Y) ** 2,), "Work out dC/da"),
    # deltas_by_hand(a1, a2, delta2, delta1)
    ("deltas_by_hand", "None", hand(a1=None), "a1 is None"),
    ("deltas_by_hand", "delta1 None", hand(delta1=None), "delta1 is None"),
    ("deltas_by_hand", "a1 = z1", hand(a1=Z1), "that is z^1"),
    ("deltas_by_hand", "a1 without bias", hand(a1=sig(ch04.HAND_W1 @ ch04.HAND_X)), "biases are missing"),
    ("deltas_by_hand", "a1 with W1 transposed", hand(a1=sig(ch04.HAND_W1.T @ ch04.HAND_X + ch04.HAND_B1)),
     "transposed"),
    ("deltas_by_hand", "a1 with the bias's sign flipped", hand(a1=sig(ch04.HAND_W1 @ ch04.HAND_X - ch04.HAND_B1)),
     "wrong sign"),
    ("deltas_by_hand", "a1 1-D", hand(a1=A1.ravel()), "1-D"),
    ("deltas_by_hand", "a1 a row", hand(a1=A1.T), "transpose"),
    ("deltas_by_hand", "a1 a list", hand(a1=A1.tolist()), "numpy array"),
    ("deltas_by_hand", "a2 = z2", hand(a2=Z2), "that is z^2"),
    ("deltas_by_hand", "a2 without bias", hand(a2=float(sig(ch04.HAND_W2 @ A1)[0, 0])), "output bias is missing"),
    ("deltas_by_hand", "a2 from x", hand(a2=float(sig(ch04.HAND_W2 @ ch04.HAND_X + ch04.HAND_B2)[0, 0])),
     "not the inputs x"),
    ("deltas_by_hand", "a2 from z1", hand(a2=float(sig(ch04.HAND_W2 @ Z1 + ch04.HAND_B2)[0, 0])), "not z^1"),
    ("deltas_by_hand", "delta2 in the notes' sign", hand(delta2=-D2), "lecture notes' error term"),
    ("deltas_by_hand", "delta2 without the slope", hand(delta2=A2 - 1.0), "(a - y) alone"),
    ("deltas_by_hand", "delta2 with sigma'(a)", hand(delta2=(A2 - 1) * float(sig(A2) * (1 - sig(A2)))),
     "belongs to z^2"),
    ("deltas_by_hand", "delta2 with z(1-z)", hand(delta2=(A2 - 1) * Z2 * (1 - Z2)), "z^2 (1 - z^2)"),
    ("deltas_by_hand", "delta2 twice", hand(delta2=2 * D2), "twice too large"),
    ("deltas_by_hand", "delta2 the slope alone", hand(delta2=A2 * (1 - A2)), "lacks the error"),
    ("deltas_by_hand", "delta2 a string", hand(delta2="delta"), "must be a number"),
    ("deltas_by_hand", "delta1 sign", hand(delta1=-D1), "sign is flipped"),
    ("deltas_by_hand", "delta1 without the slope", hand(delta1=ch04.HAND_W2.T * D2), "slope is missing"),
    ("deltas_by_hand", "delta1 with the output's slope", hand(delta1=ch04.HAND_W2.T * D2 * A2 * (1 - A2)),
     "output layer's slope"),
    ("deltas_by_hand", "delta1 without the weights", hand(delta1=D2 * A1 * (1 - A1)), "weights are missing"),
    ("deltas_by_hand", "delta1 with sigma'(a1)", hand(delta1=ch04.HAND_W2.T * D2 * sig(A1) * (1 - sig(A1))),
     "belongs to z^1"),
    ("deltas_by_hand", "delta1 with z(1-z)", hand(delta1=ch04.HAND_W2.T * D2 * Z1 * (1 - Z1)), "z^1 (1 - z^1)"),
    ("deltas_by_hand", "delta1 an outer product", hand(delta1=ch04.HAND_W2.T * D2 * (A1 * (1 - A1)).T),
     "outer product"),
    ("deltas_by_hand", "delta1 1-D", hand(delta1=D1.ravel()), "1-D"),
    ("deltas_by_hand", "delta1 other", hand(delta1=D1 + 0.01), "send delta^2 back"),
    # dimension_table(fn)
    ("dimension_table", "None", (None,), "got None"),
    ("dimension_table", "not a function", ([((3, 2), (3, 1), (3, 5), (3, 5))],), "expected your function"),
    ("dimension_table", "forgot return", (lambda s, m: None,), "forget to `return`"),
    ("dimension_table", "a dict", (lambda s, m: {l: e for l, e in enumerate(ref_table(s, m))},), "must be a list"),
    ("dimension_table", "with the input layer", (lambda s, m: [((s[0], 0), (s[0], 1), (s[0], m), (s[0], m))]
                                                 + ref_table(s, m),), "including the input layer"),
    ("dimension_table", "without the output layer", (lambda s, m: ref_table(s, m)[:-1],), "the output layer counts"),
    ("dimension_table", "W transposed", (table_with(lambda l, n, p, m: ((p, n), (n, 1), (n, m), (n, m))),),
     "one row per unit of layer l"),
    ("dimension_table", "b with a column per sample", (table_with(lambda l, n, p, m: ((n, p), (n, m), (n, m), (n, m))),),
     "one bias per unit"),
    ("dimension_table", "b 1-D", (table_with(lambda l, n, p, m: ((n, p), (n,), (n, m), (n, m))),), "1-D"),
    ("dimension_table", "b a row", (table_with(lambda l, n, p, m: ((n, p), (1, n), (n, m), (n, m))),), "is a row"),
    ("dimension_table", "Z transposed", (table_with(lambda l, n, p, m: ((n, p), (n, 1), (m, n), (n, m))),),
     "Samples are columns"),
    ("dimension_table", "A one column", (table_with(lambda l, n, p, m: ((n, p), (n, 1), (n, m), (n, 1))),),
     "its own column"),
    ("dimension_table", "shifted by a layer", (lambda s, m: ref_table(s, m)[1:] + ref_table(s, m)[:1],),
     "belongs to another layer"),
    ("dimension_table", "A of the layer before", (table_with(lambda l, n, p, m: ((n, p), (n, 1), (n, m), (p, m))),),
     "Work it out"),
    ("dimension_table", "three shapes", (lambda s, m: [e[:3] for e in ref_table(s, m)],), "tuple of four shapes"),
    ("dimension_table", "strings", (lambda s, m: [tuple(str(t) for t in e) for e in ref_table(s, m)],),
     "tuple of whole numbers"),
    ("dimension_table", "floats", (lambda s, m: [tuple(tuple(float(v) for v in t) for t in e)
                                                 for e in ref_table(s, m)],), "tuple of whole numbers"),
    ("dimension_table", "raises", (lambda s, m: [(s[l], s[l - 1]) for l in range(len(s) + 1)],), "your function raised"),
    # two_layer_backward(fn)
    ("two_layer_backward", "None", (None,), "got None"),
    ("two_layer_backward", "not a function", ([(np.zeros((4, 3)), np.zeros((4, 1)))],), "expected your backward-pass"),
    ("two_layer_backward", "forgot return", (lambda P, X, Y: None,), "must return [(dW1, db1), (dW2, db2)]"),
    ("two_layer_backward", "four arrays", (lambda P, X, Y: tuple(g for pair in ref_backward(P, X, Y) for g in pair),),
     "four arrays"),
    ("two_layer_backward", "reverse order", (lambda P, X, Y: ref_backward(P, X, Y)[::-1],), "reverse order"),
    ("two_layer_backward", "missing 1/m", (lambda P, X, Y: [(dW * X.shape[1], db * X.shape[1])
                                                            for dW, db in ref_backward(P, X, Y)],),
     "m times too large"),
    ("two_layer_backward", "sign flipped", (lambda P, X, Y: [(-dW, -db) for dW, db in ref_backward(P, X, Y)],),
     "sign is flipped"),
    ("two_layer_backward", "squared error's delta", (backward_with(dZ2_of=lambda A, Z, Y: (A - Y) * A * (1 - A)),),
     "squared error's delta"),
    ("two_layer_backward", "z2 for a2", (backward_with(dZ2_of=lambda A, Z, Y: Z - Y),), "uses z^2"),
    ("two_layer_backward", "dW2 from x", (backward_with(dW2_prev=lambda X, A1: X),), "layer 2 reads a^1"),
    ("two_layer_backward", "db not summed", (backward_with(db_of=lambda dZ, m: dZ / m),), "one column per sample"),
    ("two_layer_backward", "db summed over everything", (backward_with(db_of=lambda dZ, m: np.sum(dZ) / m),),
     "one bias per unit"),
    ("two_layer_backward", "no hidden slope", (backward_with(slope_of=lambda A1: 1.0),), "slope is missing"),
    ("two_layer_backward", "sigma'(a1)", (backward_with(slope_of=lambda A1: sig(A1) * (1 - sig(A1))),),
     "belongs to z^1"),
    ("two_layer_backward", "transposed product", (backward_with(dW1_of=lambda dZ1, X, m: X @ dZ1.T / m),),
     "transpose"),
    ("two_layer_backward", "transposed when square", (transposed_when_square,), "shapes cannot tell"),
    ("two_layer_backward", "changes the weights", (in_place,), "changed the weights"),
    ("two_layer_backward", "raises", (lambda P, X, Y: P[1][0] @ X,), "your function raised"),
    ("two_layer_backward", "a list for an array", (lambda P, X, Y: [(dW.tolist(), db) for dW, db in ref_backward(P, X, Y)],),
     "numpy array"),
    ("two_layer_backward", "an unknown slip", (lambda P, X, Y: [(dW + 0.05, db) for dW, db in ref_backward(P, X, Y)],),
     "gradient check finds a relative error"),
    # epoch_arithmetic(fn)
    ("epoch_arithmetic", "None", (None,), "got None"),
    ("epoch_arithmetic", "forgot return", (lambda n, b, e: None,), "must return the pair"),
    ("epoch_arithmetic", "one number", (lambda n, b, e: ref_epochs(n, b, e)[1],), "got a single number"),
    ("epoch_arithmetic", "floor division", (lambda n, b, e: (n // b, n // b * e),), "left out"),
    ("epoch_arithmetic", "float division", (lambda n, b, e: (n / b, n / b * e),), "not a whole number"),
    ("epoch_arithmetic", "swapped", (lambda n, b, e: ref_epochs(n, b, e)[::-1],), "swapped"),
    ("epoch_arithmetic", "total forgets the epochs", (lambda n, b, e: (ref_epochs(n, b, e)[0],) * 2,),
     "multiply by the number of epochs"),
    ("epoch_arithmetic", "samples per epoch", (lambda n, b, e: (n, n * e),), "samples an epoch sees"),
    ("epoch_arithmetic", "samples in total", (lambda n, b, e: (ref_epochs(n, b, e)[0], n * e),), "samples seen"),
    ("epoch_arithmetic", "one too many", (lambda n, b, e: (n // b + 1, (n // b + 1) * e),), "one too many"),
    ("epoch_arithmetic", "adds the epochs", (lambda n, b, e: (ref_epochs(n, b, e)[0], ref_epochs(n, b, e)[0] + e),),
     "adds the epochs"),
    ("epoch_arithmetic", "the batch size", (lambda n, b, e: (b, b * e),), "that is the batch size"),
    ("epoch_arithmetic", "a string", (lambda n, b, e: ("10000", "10000"),), "must be a number"),
]


# ------------------------------------------------- numbers the hints must not show


def _reference_numbers(check):
    """What the reference answer of ``check`` computes on the check's own inputs."""
    if check == "output_delta":
        return number_texts(np.concatenate([ref_output_delta(A, Y, loss).ravel() for loss in ("mse", "bce")
                                        for _, A, Y in ch04.output_delta_cases()]))
    if check == "deltas_by_hand":
        given = np.r_[ch04.HAND_X.ravel(), ch04.HAND_W1.ravel(), ch04.HAND_B1.ravel(), ch04.HAND_W2.ravel(),
                      ch04.HAND_B2.ravel()]
        return number_texts(np.r_[A1.ravel(), A2, D2, D1.ravel()]) - number_texts(given)
    if check == "two_layer_backward":
        return number_texts(np.concatenate([g.ravel() for _, P, X, Y in ch04_backward.backward_cases()
                                        for pair in ref_backward(P, X, Y) for g in pair]))
    if check == "deep_backward":
        return number_texts(np.concatenate([g.ravel() for _, P, X, Y in ch04_backward.deep_cases()
                                            for pair in ref_deep(P, X, Y) for g in pair]))
    return set()   # dimension_table and epoch_arithmetic: whole numbers only


# --------------------------------------------------------------------- tests
define_both_ways_tests(globals(), REFERENCES, ALSO_CORRECT, WRONG, _reference_numbers)


def test_every_check_is_covered_both_ways():
    assert_enough_wrong_answers(REFERENCES, WRONG)
    assert set(REFERENCES) <= set(checks.__all__)


@pytest.mark.parametrize("check", ["output_delta", "dimension_table", "two_layer_backward", "epoch_arithmetic",
                                   "deep_backward"])
def test_the_student_stub_raises_not_implemented(check):
    assert_student_stub_propagates(check)


# ------------------------------------------------- the references come from coursekit
def test_the_output_delta_is_bp1_of_coursekits_network():
    """With one sample and one layer, BP3 makes ``backward``'s db^L the sample's delta^L; the
    weights are zero and the bias is the z whose sigmoid is A, so a^L is A."""
    for loss in ("mse", "bce"):
        for _, A, Y in ch04.output_delta_cases():
            n, Z = A.shape[0], np.log(A / (1 - A))
            net = ck.MLP([n, n], loss=loss)
            deltas = []
            for j in range(A.shape[1]):
                net.set_params([(np.zeros((n, n)), Z[:, [j]])])
                net.forward(np.zeros((n, 1)))
                deltas.append(net.backward(Y[:, [j]])[0][1])
            np.testing.assert_allclose(np.hstack(deltas), ch04.reference_output_delta(A, Y, loss),
                                       rtol=1e-10, atol=1e-12)


def test_the_hand_exercise_agrees_with_coursekit_and_a_gradient_check():
    a1, a2, d2, d1 = ch04.hand_reference()
    np.testing.assert_allclose(a1, A1, rtol=1e-12)
    assert a2 == pytest.approx(A2, rel=1e-12) and d2 == pytest.approx(D2, rel=1e-12)
    np.testing.assert_allclose(d1, D1, rtol=1e-12)
    net = ch04.hand_network()
    assert ck.gradient_check(net, ch04.HAND_X, ch04.HAND_Y)["error"] < 1e-7
    # the mistakes the check names give different numbers from the answer (else a hint would mislead)
    assert abs(d2) > 1e-3 and np.all(np.abs(d1) > 1e-3) and not np.isclose(d1[0, 0], d1[1, 0])


def test_the_dimension_table_reads_a_real_forward_pass():
    for sizes, m in ch04.DIMENSION_CASES:
        assert ch04.reference_table(sizes, m) == ref_table(sizes, m)


def test_the_backward_cases_include_a_square_W1_and_both_labels():
    cases = ch04_backward.backward_cases()
    assert any(P[0][0].shape[0] == P[0][0].shape[1] for _, P, _, _ in cases)
    assert any(P[1][0].shape[0] > 1 for _, P, _, _ in cases)        # more than one output
    for _, P, X, Y in cases:
        net = ch04_backward.bce_net(P)
        net.forward(X)
        for (dW, db), (rW, rb) in zip(net.backward(Y), ref_backward(P, X, Y)):
            np.testing.assert_allclose(dW, rW, rtol=1e-10, atol=1e-12)
            np.testing.assert_allclose(db, rb, rtol=1e-10, atol=1e-12)
        if X.shape[1] > 1:
            assert np.all(Y.max(axis=1) == 1) and np.all(Y.min(axis=1) == 0)


@pytest.mark.parametrize("n, b", [(10, 3), (12, 4), (7, 1), (5, 5), (4, 9), (100, 64)])
def test_iterations_per_epoch_is_what_fit_does(n, b):
    X, Y = ck.data.make_blobs(n, centers=2, seed=0)
    history = ck.MLP([2, 1]).fit(X, Y, learning_rate=0.1, epochs=2, batch_size=b)
    assert history.updates_per_epoch == ch04.reference_iterations(n, b)
    assert history.step_loss.size == 2 * ch04.reference_iterations(n, b)


def test_the_notes_example():
    assert ch04.reference_iterations(2_560_000, 256) == 10_000


def test_checks_leave_the_learners_inputs_alone():
    seen = []

    def spy(params, X, Y):
        seen.append(X.copy())
        X *= 2.0                       # an in-place edit must not reach the reference
        return ref_backward(params, seen[-1], Y)
    checks.two_layer_backward(spy)
    assert [np.allclose(a, b) for a, (_, _, b, _) in zip(seen, ch04_backward.backward_cases())] == [True] * len(seen)


def test_the_deep_cases_let_only_the_numbers_catch_a_slope_from_the_wrong_layer():
    """In the case with equal hidden widths the next layer's slope has the right shape but wrong values,
    and every mistake the check names changes some gradient there."""
    label, P, X, Y = ch04_backward.deep_cases()[1]
    ref = ref_deep(P, X, Y)
    for mistake in (dict(mean=False), dict(slope=False), dict(transpose=False), dict(slope_layer=1), dict(sign=-1.0)):
        wrong = ch04_backward.deep_variant(P, X, Y, **mistake)
        assert wrong is not None, (label, mistake)
        assert not all(np.allclose(a, b) for pw, pr in zip(wrong, ref) for a, b in zip(pw, pr)), mistake
