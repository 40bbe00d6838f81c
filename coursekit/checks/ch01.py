"""Checks for chapter 01, the neuron and the perceptron."""
from __future__ import annotations

import functools

import numpy as np

from .. import activations as _act
from .. import data as _data
from ..perceptron import Perceptron as _Perceptron
from . import random_cases as _random
from ._core import Check, describe, fmt_vector, is_close

__all__ = [
    "step_neuron", "perceptron_cases", "perceptron_update", "nand_weights", "count_mistakes",
    "xor_fewest_mistakes", "xor_min_mistakes", "collapse_cases", "collapse_layers",
    "train_perceptron", "train_variant", "training_cases",
]


def _step_cases():
    """(description, X, w, b) inputs for :func:`step_neuron`, fixed by a seed."""
    rng = np.random.default_rng(7)
    return [
        ("one sample", np.array([[1.0], [2.0]]), np.array([[0.5, -0.5]]), 0.75),
        ("a batch of 6 samples", rng.normal(size=(2, 6)), rng.normal(size=(1, 2)), 0.6),
        ("3 inputs and 5 samples", rng.normal(size=(3, 5)), rng.normal(size=(1, 3)), -0.4),
        # On the line w.x + b = 0 itself: the step is 1 only *above* zero.
        ("samples on the line w·x + b = 0", np.array([[1.0, 0.0, 2.0], [1.0, 2.0, 1.0]]),
         np.array([[1.0, -1.0]]), 0.0),
    ]


def step_neuron(fn, seed=None):
    """Check ``fn(X, w, b)``, a step neuron ``y = step(w @ X + b)``.

    ``X`` is ``(n_x, m)`` with one sample per column, ``w`` is a row
    ``(1, n_x)``, ``b`` a float. ``fn`` returns ``(1, m)`` holding 1 where
    ``w·x + b > 0`` and 0 elsewhere (bool or number arrays are both fine).
    """
    c = Check("step_neuron")
    c.function(fn, "your step-neuron function fn(X, w, b)")
    cases = _step_cases() + _random.step(seed)
    outputs = []
    for label, X, w, b in cases:
        y = c.array(c.call(fn, X, w, b, context=f"X of shape {X.shape}, w of shape {w.shape}, b = {b:g}"),
                    f"the output for {label}", (1, X.shape[1]), allow_bool=True)
        if not np.all((y == 0) | (y == 1)):
            c.fail(f"the output for {label} holds values other than 0 and 1: a step neuron jumps from "
                   "0 to 1, it is not a smooth curve.")
        outputs.append(y)
    # Judged on all cases together: on one sample, several mistakes give the same output.
    z = [w @ X + b for _, X, w, b in cases]
    joined = lambda arrays: np.hstack(arrays)
    ref = joined([_act.step(zi) for zi in z])
    got = joined(outputs)
    j = int(np.flatnonzero(got[0] != ref[0])[0]) if not is_close(got, ref) else 0
    k = int(np.searchsorted(np.cumsum([X.shape[1] for _, X, _, _ in cases]), j, side="right"))
    label, X, w, b = cases[k]
    col = j - sum(Xi.shape[1] for _, Xi, _, _ in cases[:k])
    c.compare(got, ref, "the output", [
        ("it does not change when b does: z = w·x + b includes the bias.",
         joined([_act.step(w @ X) for _, X, w, b in cases])),
        ("the bias enters with the wrong sign: z = w·x + b.",
         joined([_act.step(w @ X - b) for _, X, w, b in cases])),
        ("where w·x + b = 0 exactly your neuron outputs 1; the step is 1 only above zero.",
         joined([(zi >= 0).astype(np.float64) for zi in z])),
        ("every output is the opposite of what it should be: 1 means w·x + b > 0.",
         joined([_act.step(-zi) for zi in z])),
    ], otherwise=(f"for {label}, sample {col} (x = {fmt_vector(X[:, col])}) with w = {fmt_vector(w)} and b = {b:g}, "
                  f"your neuron outputs {got[0, j]:g}; work out w·x + b for it by hand."))
    c.passed()


def perceptron_cases():
    """(description, w, b, x, y, learning_rate) for :func:`perceptron_update`."""
    return [
        ("a sample labelled 1 that the neuron classifies as 0",
         np.array([[0.4, -0.6]]), -0.1, np.array([[1.0], [2.0]]), 1.0, 0.5),
        ("a sample labelled 0 that the neuron classifies as 1",
         np.array([[0.2, 0.5, -0.3]]), 0.25, np.array([[1.0], [1.0], [0.5]]), 0.0, 0.1),
        ("a sample labelled 1 that the neuron already classifies correctly",
         np.array([[0.3, 0.3]]), 0.1, np.array([[1.0], [1.5]]), 1.0, 0.5),
        ("a sample labelled 0 that the neuron already classifies correctly",
         np.array([[0.3, 0.3]]), -1.0, np.array([[0.5], [0.5]]), 0.0, 0.5),
        ("a sample labelled 1 lying exactly on the line w·x + b = 0",
         np.array([[1.0, -1.0]]), 0.0, np.array([[2.0], [2.0]]), 1.0, 0.25),
    ]


def _perceptron_reference(w, b, x, y, learning_rate):
    """One visit of coursekit's tested Perceptron to the single sample ``x``."""
    p = _Perceptron(n_inputs=w.shape[1], n_outputs=1, learning_rate=learning_rate, init="zeros")
    p.W, p.b = w.copy(), np.array([[b]])
    p.fit(x, np.array([[y]]), epochs=1)
    return p.W, float(p.b.item())


def perceptron_update(fn, seed=None):
    """Check ``fn(w, b, x, y, learning_rate)``, one application of the perceptron rule.

    ``w`` is a row ``(1, n_x)``, ``b`` a float, ``x`` one sample as a column
    ``(n_x, 1)``, ``y`` its label (0.0 or 1.0). With ``y_hat = step(w·x + b)``,
    ``fn`` returns ``(w_new, b_new)``: ``w_new = w + eta (y - y_hat) x^T`` of
    shape ``(1, n_x)`` and ``b_new = b + eta (y - y_hat)``, a number (a
    one-entry array is fine). It must not modify the ``w`` it is given.
    """
    c = Check("perceptron_update")
    c.function(fn, "your update function fn(w, b, x, y, learning_rate)")
    for label, w, b, x, y, lr in perceptron_cases() + _random.perceptron(seed):
        n = w.shape[1]
        w_in, x_in = w.copy(), x.copy()
        # Called directly on w_in and x_in (not through c.call's copies) to see in-place edits.
        out = c.call(lambda: fn(w_in, b, x_in, y, lr),
                     context=f"w of shape {w.shape}, b = {b:g}, x of shape {x.shape}, y = {y:g}, "
                             f"learning_rate = {lr:g}")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return two things, (w_new, b_new); got {describe(out)}"
                   + (f" of length {len(out)}" if isinstance(out, (tuple, list)) else "") + ".")
        if not (np.array_equal(w_in, w) and np.array_equal(x_in, x)):
            c.fail("your function changed the array it was given (an in-place update such as `w += ...`). "
                   "Build a new one instead, w_new = w + ..., so the caller's weights stay as they were "
                   "(replaying the updates, for one, needs every earlier w).")
        where = f" for {label}"
        w_new = c.array(out[0], "w_new" + where, (1, n), extra={
            (n, n): "a (1, n_x) row plus a (n_x, 1) column broadcasts to a square. x is a column; the "
                    "update adds it as a row."})
        b_new = c.number(out[1], "b_new" + where)
        ref_w, ref_b = _perceptron_reference(w, b, x, y, lr)
        err = y - _act.step(w @ x + b).item()          # y - y_hat: 0 when right, +-1 when wrong
        err_ge = y - float((w @ x + b).item() >= 0)     # the same with a >= threshold
        if err == 0 and not (is_close(w_new, w) and is_close(b_new, b)):
            c.fail(f"for {label}, w and b must stay as they are: the rule moves the line only when "
                   "the prediction is wrong.")
        c.compare(w_new, ref_w, "w_new" + where, [
            ("the update moves the line the wrong way: check the sign of (y - y_hat).", w - lr * err * x.T),
            ("the learning rate is missing from the update.", w + err * x.T),
            ("at w·x + b = 0 exactly the neuron predicts 0: the step is 1 only above zero.",
             w + lr * err_ge * x.T),
        ])
        c.compare(b_new, ref_b, "b_new" + where, [
            ("the bias did not move. It learns like a weight whose input is always 1.", b),
            ("the bias moves the wrong way: check the sign of (y - y_hat).", b - lr * err),
            ("the learning rate is missing from the bias update.", b + err),
        ], otherwise="w_new is right, so look at how the bias is updated.")
    c.passed()


def nand_weights(w, b):
    """Check weights ``w`` (a row ``(1, 2)``) and bias ``b`` (a number) for a step neuron computing NAND.

    Any line that separates NAND's truth table the right way round passes;
    the truth table comes from ``coursekit.data.logic_gate("nand")``.
    """
    c = Check("nand_weights")
    w = c.array(w, "w", (1, 2), none_hint="Assign your weights in the exercise cell: w = np.array([[w1, w2]]).")
    b = c.number(b, "b", none_hint="Assign your bias in the exercise cell: b = a number.")
    X, Y = _data.logic_gate("nand")
    z = w @ X + b
    y = _act.step(z)
    if np.array_equal(y, Y):
        return c.passed()
    if np.all(y != Y):
        c.fail("every output is the opposite of NAND's: your line separates the right points but "
               "labels the two sides the wrong way round.")
    j = int(np.flatnonzero(y[0] != Y[0])[0])
    x1, x2 = X[:, j]
    if z[0, j] == 0:
        c.fail(f"for the input ({x1:g}, {x2:g}), w·x + b is exactly 0, where the step outputs 0, but "
               f"NAND({x1:g}, {x2:g}) = {Y[0, j]:g}. Move the line off that point.")
    c.fail(f"for the input ({x1:g}, {x2:g}) your neuron outputs {y[0, j]:g}, but NAND({x1:g}, {x2:g}) = "
           f"{Y[0, j]:g} ({int(np.sum(y != Y))} of the 4 inputs are wrong).")


def _count_cases():
    """(description, w, b, X, Y) for :func:`count_mistakes`: many random lines on the gates."""
    rng = np.random.default_rng(11)
    cases = []
    for gate in ("and", "or", "nand", "xor"):
        X, Y = _data.logic_gate(gate)
        cases += [(f"the {gate.upper()} truth table", rng.normal(size=(1, 2)), float(rng.normal()), X, Y)
                  for _ in range(50)]
    X, Y = _data.logic_gate("xor")
    # The line x1 = x2 passes through (0, 0) and (1, 1): there w·x + b = 0 and the step says 0.
    cases.append(("the XOR truth table with a line through two of its points", np.array([[1.0, -1.0]]),
                  0.0, X, Y))
    X, Y = _data.make_blobs(30, centers=2, seed=3)
    cases += [("30 points in two clouds", rng.normal(size=(1, 2)), float(rng.normal()), X, Y)
              for _ in range(5)]
    return cases


def _mistakes(w, b, X, Y) -> int:
    return int(np.sum(_act.step(w @ X + b) != Y))


def count_mistakes(fn, seed=None):
    """Check ``fn(w, b, X, Y)``: how many samples the line ``w·x + b = 0`` gets wrong.

    ``w`` is a row ``(1, n_x)``, ``b`` a float, ``X`` is ``(n_x, m)``, ``Y``
    is ``(1, m)`` of 0/1 labels. The neuron predicts ``step(w @ X + b)``; ``fn``
    returns the number of columns where the prediction differs from ``Y``, a
    whole number. Tested on 200 random lines over AND, OR, NAND and XOR, and
    on a small cloud dataset.
    """
    c = Check("count_mistakes")
    c.function(fn, "your function fn(w, b, X, Y)")
    cases = _count_cases() + _random.count(seed)
    got = np.array([c.count(c.call(fn, w, b, X, Y, context=f"w of shape {w.shape}, b = {b:g}, X of shape "
                                                           f"{X.shape}, Y of shape {Y.shape}"),
                            "the number of mistakes") for _, w, b, X, Y in cases])
    # Judged on all lines together: on one line, several mistakes can give the same count.
    ref = np.array([_mistakes(w, b, X, Y) for _, w, b, X, Y in cases])
    j = int(np.flatnonzero(got != ref)[0]) if np.any(got != ref) else 0
    label, w, b, _, _ = cases[j]
    c.compare(got, ref, "the count", [
        ("you counted the samples the line gets right; count the ones it gets wrong.",
         [X.shape[1] - r for (_, _, _, X, _), r in zip(cases, ref)]),
        ("it does not change when b does: the neuron uses z = w·x + b.",
         [_mistakes(w, 0.0, X, Y) for _, w, b, X, Y in cases]),
        ("the bias enters with the wrong sign: z = w·x + b.", [_mistakes(w, -b, X, Y) for _, w, b, X, Y in cases]),
        ("where w·x + b = 0 exactly the neuron predicts 0: the step is 1 only above zero.",
         [int(np.sum((w @ X + b >= 0) != Y)) for _, w, b, X, Y in cases]),
        ("you counted the samples predicted as 1, not the ones predicted wrongly.",
         [int(np.sum(_act.step(w @ X + b))) for _, w, b, X, Y in cases]),
    ], otherwise=(f"for {label} with w = {fmt_vector(w)} and b = {b:.3g} you counted {got[j]}; recompute "
                  "step(w·x + b) for each column and compare it with Y."))
    c.passed()


@functools.lru_cache(maxsize=None)
def xor_fewest_mistakes() -> int:
    """The fewest XOR points any line gets wrong, by scanning many lines with the reference count."""
    X, Y = _data.logic_gate("xor")
    angles = np.linspace(0.0, 2 * np.pi, 720, endpoint=False)
    W = np.stack([np.cos(angles), np.sin(angles)], axis=1)           # (720, 2), unit normals
    offsets = np.linspace(-2.0, 2.0, 161)[:, None, None]             # (161, 1, 1)
    mistakes = np.sum(_act.step(W @ X + offsets) != Y, axis=-1)      # (161, 720)
    return int(mistakes.min())


def xor_min_mistakes(k):
    """Check ``k``: the fewest of XOR's four points that any single line gets wrong (a whole number)."""
    c = Check("xor_min_mistakes")
    k = c.count(k, "your answer", none_hint="Assign your answer, a whole number, in the exercise cell.")
    ref = xor_fewest_mistakes()
    if k == ref:
        return c.passed()
    if k < ref:
        c.fail(f"no line gets as few as {k} of XOR's points wrong. Try to draw one, or count the mistakes "
               "of many lines: what stops every line from doing better?")
    c.fail(f"some line gets fewer than {k} of XOR's points wrong; keep looking, for instance by counting "
           "the mistakes of many lines.")



def collapse_cases():
    """(description, W1, b1, W2, b2) for :func:`collapse_layers`, fixed by a seed.

    The square case comes first: there a product in the wrong order, or b1 added
    without passing through W2, still has the right shape, so the check can name it.
    """
    rng = np.random.default_rng(5)

    def layers(n0, n1, n2):
        return (rng.normal(size=(n1, n0)).round(2), rng.normal(size=(n1, 1)).round(2),
                rng.normal(size=(n2, n1)).round(2), rng.normal(size=(n2, 1)).round(2))

    return [("2 inputs, 2 hidden units, 2 outputs", *layers(2, 2, 2)),
            ("2 inputs, 3 hidden units, 1 output", *layers(2, 3, 1)),
            ("3 inputs, 4 hidden units, 2 outputs", *layers(3, 4, 2))]


def collapse_layers(fn, seed=None):
    """Check ``fn(W1, b1, W2, b2)``: the one layer ``(W, b)`` equal to two linear layers.

    ``W1`` is ``(n1, n0)``, ``b1`` ``(n1, 1)``, ``W2`` ``(n2, n1)``, ``b2``
    ``(n2, 1)``; the layers compute ``W2 (W1 x + b1) + b2``. ``fn`` returns
    ``(W, b)`` with ``W = W2 W1`` of shape ``(n2, n0)`` and ``b = W2 b1 + b2`` of
    shape ``(n2, 1)``. The reference is ``coursekit.experiments.collapse_linear``.
    """
    from ..experiments import collapse_linear as _collapse

    c = Check("collapse_layers")
    c.function(fn, "your function fn(W1, b1, W2, b2)")
    for label, W1, b1, W2, b2 in collapse_cases() + _random.collapse(seed):
        n2, n0 = W2.shape[0], W1.shape[1]
        out = c.call(fn, W1, b1, W2, b2, context=f"W1 of shape {W1.shape}, b1 {b1.shape}, W2 {W2.shape}, "
                                                 f"b2 {b2.shape} ({label})")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return two things, (W, b); got {describe(out)}"
                   + (f" of length {len(out)}" if isinstance(out, (tuple, list)) else "") + ".")
        where = f" (in the case with {label})"
        n1 = W1.shape[0]
        W = c.array(out[0], "W" + where, (n2, n0), extra={} if (n1, n1) == (n2, n0) else {
            (n1, n1): "that is the shape of W1 W2. The input meets W1 first, so W1 is the rightmost factor."})
        b = c.array(out[1], "b" + where, (n2, 1), extra={} if n1 == n2 else {
            (n1, 1): "that is b1's shape, but b1 is multiplied by W2 on its way through the second layer."})
        ref_W, ref_b = _collapse([(W1, b1), (W2, b2)])
        square = W1.shape == W2.shape
        c.compare(W, ref_W, "W" + where, [
            ("the product is in the wrong order: the input meets W1 first, so W1 is the rightmost factor.",
             W1 @ W2 if square else None),
            ("W is transposed: check the order of the factors and any .T.", ref_W.T if square else None),
            ("that is an elementwise product (*); layers compose by matrix product (@).",
             W2 * W1 if square else None),
            ("the layers' weights were added; composing two layers multiplies their matrices.",
             W2 + W1 if square else None),
        ], otherwise="multiply the matrices on paper for this case and compare.")
        c.compare(b, ref_b, "b" + where, [
            ("b1 must pass through the second layer too: it is multiplied by W2 before b2 is added.",
             b1 + b2 if b1.shape == b2.shape else None),
            ("b1 is missing: the first layer's bias passes through the second layer (as W2 b1).", b2),
            ("b2 is missing: the second layer adds its own bias after W2.", W2 @ b1),
            ("the bias went through the wrong layer: b1 is multiplied by W2, not b2 by W1.",
             W1 @ b2 + b1 if W1.shape[1] == b2.shape[0] else None),
        ], otherwise="W is right, so look at how the biases combine: substitute W1 x + b1 into the second layer.")
    c.passed()


# ------------------------------------------------------------------ training a perceptron
def training_cases():
    """(description, X, Y, learning_rate, epochs) for :func:`train_perceptron`."""
    X2, _ = _data.logic_gate("and")
    X3 = np.array([[(k >> 2) & 1, (k >> 1) & 1, k & 1] for k in range(8)], dtype=float).T
    vote = (X3.sum(axis=0, keepdims=True) >= 2).astype(float)          # majority of three
    return [("AND", X2, _data.logic_gate("and")[1], 1.0, 20),
            ("NAND", X2, _data.logic_gate("nand")[1], 0.5, 20),
            ("OR", X2, _data.logic_gate("or")[1], 0.3, 20),
            ("the majority vote of three inputs", X3, vote, 1.0, 20),
            ("XOR (never converges)", X2, _data.logic_gate("xor")[1], 1.0, 6)]


def train_variant(X, Y, learning_rate, epochs, *, stop=True, hebb=False, sign=1.0, update_b=True,
                   fire_at_zero=False, use_rate=True, cumulative=False):
    """The perceptron rule from zero weights, one sample at a time in column order, with one thing
    changed for the hints. Returns (w (1, n_x), b, mistakes per epoch)."""
    w, b, mistakes = np.zeros((1, X.shape[0])), 0.0, []
    rate = learning_rate if use_rate else 1.0
    for _ in range(epochs):
        wrong = 0
        for j in range(X.shape[1]):
            x, y = X[:, j:j + 1], float(Y[0, j])
            z = (w @ x).item() + b
            y_hat = float(z >= 0) if fire_at_zero else float(z > 0)
            wrong += y_hat != y
            push = y if hebb else sign * (y - y_hat)             # Hebb: eta x y, right or wrong
            w = w + rate * push * x.T
            b = b + rate * push if update_b else b
        mistakes.append(wrong + (mistakes[-1] if cumulative and mistakes else 0))
        if stop and wrong == 0:
            break
    return w, b, mistakes


def train_perceptron(fn, seed=None):
    """Check ``fn(X, Y, learning_rate, epochs) -> (w, b, mistakes)``: the perceptron rule from
    ``w = 0``, ``b = 0``, visiting the samples (the columns of ``X``, ``(n_x, m)``) in order,
    epoch after epoch, and stopping after the first epoch without a mistake or after ``epochs``.

    ``w`` is a row ``(1, n_x)``, ``b`` a number, ``mistakes`` the number of mistakes in each
    epoch run (a list or 1-D array). Compared with coursekit's ``Perceptron`` (``init="zeros"``).
    """
    c = Check("train_perceptron")
    c.function(fn, "your training function fn(X, Y, learning_rate, epochs)")
    for label, X, Y, lr, epochs in training_cases() + _random.perceptron_training(seed):
        where = f" for {label} (learning rate {lr:g})"
        out = c.call(fn, X.copy(), Y.copy(), lr, epochs,
                     context=f"X of shape {X.shape}, Y of shape {Y.shape}, learning_rate={lr:g}, epochs={epochs}")
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            c.fail(f"the function must return the triple (w, b, mistakes); got {describe(out)}.")
        w = c.array(out[0], "w" + where, (1, X.shape[0]))
        b = c.number(out[1], "b" + where)
        p = _Perceptron(n_inputs=X.shape[0], learning_rate=lr, init="zeros").fit(X, Y, epochs=epochs)
        ref = np.array(p.errors_per_epoch, dtype=float)
        got = out[2]
        if isinstance(got, (list, tuple)) and all(np.ndim(v) == 0 for v in got):
            got = np.array(got, dtype=float)
        if got is None or not isinstance(got, np.ndarray) or got.ndim != 1:
            c.fail(f"mistakes{where} must be a list (or 1-D array) with one count per epoch; got {describe(got)}.")

        def variant(**kwargs):
            return train_variant(X, Y, lr, epochs, **kwargs)
        mistakes = [
            ("it keeps going after an epoch without mistakes: stop there, the rule has converged.",
             variant(stop=False)),
            ("that is Hebb's rule, which moves the weights on every sample by η x y. The perceptron rule "
             "moves them only on a mistake, by η (y - ŷ) x.", variant(hebb=True)),
            ("the error has the wrong sign: it is y - ŷ, the label minus the prediction.", variant(sign=-1.0)),
            ("b never changes: on a mistake b moves by η (y - ŷ) too.", variant(update_b=False)),
            ("the neuron fires at z = 0. The step is 1 only for z > 0.", variant(fire_at_zero=True)),
            ("the learning rate is missing from the update.", variant(use_rate=False) if lr != 1 else None),
            ("the mistakes add up across epochs; count each epoch's mistakes afresh.", variant(cumulative=True)),
        ]
        alts = [(h, None if v is None else np.array(v[2], dtype=float)) for h, v in mistakes]

        def same(v):   # the whole answer (w, b, mistakes) is what this variant gives
            return (v is not None and np.shape(v[2]) == got.shape and is_close(got, np.array(v[2], dtype=float))
                    and is_close(w, v[0]) and is_close(b, v[1]))
        whole = [h for h, v in mistakes if same(v)]
        if len(whole) == 1 and not (got.shape == ref.shape and is_close(got, ref) and is_close(w, p.W)):
            c.fail(f"the training{where} is wrong: {whole[0]}")
        if got.shape != ref.shape:
            matches = [h for h, v in alts if v is not None and v.shape == got.shape and is_close(got, v)]
            c.fail(f"mistakes{where} is wrong: {matches[0]}" if len(matches) == 1 else
                   f"mistakes{where} has {got.size} entries, one per epoch run; the rule runs a different "
                   "number of epochs. It stops after the first epoch with no mistake (or after `epochs`).")
        c.compare(got, ref, "mistakes" + where, alts)
        c.compare(w, p.W, "w" + where, [(h, None if v is None else v[0]) for h, v in mistakes])
        c.compare(b, float(p.b.item()), "b" + where, [(h, None if v is None else v[1]) for h, v in mistakes])
    c.passed()
