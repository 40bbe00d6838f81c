"""Checks for chapter 04, backpropagation: the derivation.

The expected values come from coursekit's tested code: ``MLP.forward`` and
``MLP.backward`` (gradient-checked for every activation, loss and depth),
``losses.get(...)`` for dC/da, ``activations.PRIME_FROM_OUTPUT`` for g'(z)
written with a = g(z), ``gradcheck.numerical_gradient`` for the centred
differences, and ``MLP.fit``'s batching for the iteration counts (tests
confirm the two agree).
"""
from __future__ import annotations

import numbers

import numpy as np

from .. import activations as _act
from .. import losses as _losses
from ..gradcheck import numerical_gradient as _numerical_gradient
from ..gradcheck import relative_error as _relative_error
from ..network import MLP as _MLP
from . import random_cases as _random
from ._core import Check, describe, is_close, sigmoid_prime_applied_to

_sig = _act.sigmoid
_sig_prime_of_a = _act.PRIME_FROM_OUTPUT["sigmoid"]   # g'(z) written with a = g(z): a (1 - a)

__all__ = [
    "output_delta_cases", "reference_output_delta", "output_delta", "HAND_X", "HAND_W1", "HAND_B1",
    "HAND_W2", "HAND_B2", "HAND_Y", "hand_network", "hand_reference", "deltas_by_hand",
    "DIMENSION_CASES", "reference_table", "dimension_table", "EPOCH_CASES", "reference_iterations",
    "epoch_arithmetic",
]



# ------------------------------------------------------------ the output delta
def output_delta_cases():
    """(description, A, Y): sigmoid outputs strictly inside (0, 1) and 0/1 targets, seeded."""
    rng = np.random.default_rng(404)
    return [
        ("one output unit and 6 samples", rng.uniform(0.05, 0.95, size=(1, 6)),
         np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0]])),
        ("3 output units and 4 samples", rng.uniform(0.05, 0.95, size=(3, 4)),
         np.array([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, 1.0], [1.0, 1.0, 0.0, 0.0]])),
        ("one output unit and one sample", np.array([[0.3]]), np.array([[1.0]])),
    ]


def reference_output_delta(A, Y, loss):
    """delta^L = dC/da (.) sigma'(z^L) for a sigmoid output, one column per sample (BP1)."""
    return _losses.get(loss)[1](A, Y) * _sig_prime_of_a(A)


def output_delta(fn, seed=None):
    """Check ``fn(A, Y, loss)``: the output layer's error term delta^L for a sigmoid output (BP1).

    ``A`` is ``(n_L, m)``, the sigmoid outputs a^L = sigma(z^L), strictly
    between 0 and 1; ``Y`` is ``(n_L, m)`` of 0/1 targets; ``loss`` is
    ``"mse"`` (C = 1/2 sum (a - y)^2 per sample) or ``"bce"`` (cross-entropy).
    ``fn`` returns delta^L = dC/dz^L, shape ``(n_L, m)``, one column per
    sample: the 1/m of the mean enters later, in dW and db, exactly as in
    ``MLP._output_delta``.
    """
    c = Check("output_delta")
    c.function(fn, "your function fn(A, Y, loss)")
    for loss in ("mse", "bce"):
        for label, A, Y in output_delta_cases() + _random.output_delta(seed):
            (n, m), where = A.shape, f' for loss="{loss}" with {label}'
            out = c.call(fn, A, Y, loss, context=f'A and Y of shape {A.shape} and loss="{loss}"')
            what = "delta^L" + where
            extra = {(n, 1): "that is one value per output unit, added up or averaged over the samples. "
                             "delta^L keeps one column per sample; the 1/m of the mean enters later, in "
                             "dW and db.",
                     (): "delta^L holds one value per output unit and sample, like A."}
            if m > 1 and n > 1:
                extra[(1, m)] = "that is one value per sample, added over the output units. Each unit has its own delta."
            d = c.array(out, what, A.shape, extra=extra)
            ref = reference_output_delta(A, Y, loss)
            err = A - Y
            slope = _sig_prime_of_a(A)
            dC_da = _losses.get(loss)[1](A, Y)
            alternatives = [
                ("the sign is flipped. delta^L = dC/dz^L: prediction minus target, (a - y), comes first "
                 "(the lecture notes' error term (y - a) ... is its negative).", -ref),
                ("it is divided by m. delta^L keeps one column per sample; the 1/m of the mean enters "
                 "later, in dW and db.", ref / m if m > 1 else None),
                ("sigma' was applied to a, but it belongs to z. Since a = sigma(z), sigma'(z) = a (1 - a).",
                 dC_da * sigmoid_prime_applied_to(A)),
                ("it lacks the error a - y: that is sigma'(z) alone.", slope),
            ]
            if loss == "mse":
                alternatives += [
                    ("that is (a - y) alone, which is right for cross-entropy. With squared error the "
                     "sigmoid's slope does not cancel: multiply by sigma'(z^L) = a (1 - a).", err),
                    ("it is twice too large. The squared error here has a 1/2 in front, C = 1/2 (a - y)^2, "
                     "so dC/da = a - y.", 2.0 * ref),
                    ("the sign is flipped and the slope is missing: delta^L = (a - y) (.) sigma'(z^L).", -err),
                ]
            else:
                alternatives += [
                    ("that is the squared error's delta. With cross-entropy the sigmoid's slope cancels: "
                     "dC/da = (a - y) / (a (1 - a)), and multiplying by sigma'(z) = a (1 - a) leaves a - y.",
                     err * slope),
                    ("that is dC/da only. BP1 multiplies it by the sigmoid's slope sigma'(z^L) = a (1 - a).",
                     dC_da),
                ]
            c.compare(d, ref, what, alternatives,
                      otherwise="delta^L = dC/da (.) sigma'(z^L), one entry per output unit and sample, with "
                                "sigma'(z) = a (1 - a). Work out dC/da for this loss first.")
    c.passed()


# ------------------------------------------------------------ deltas by hand
#: The network of the exercise "deltas by hand": [2, 2, 1], sigmoid units, squared error, one sample.
HAND_X = np.array([[0.5], [-1.0]])
HAND_W1 = np.array([[0.2, -0.4], [0.7, 0.1]])
HAND_B1 = np.array([[0.1], [-0.3]])
HAND_W2 = np.array([[0.6, -0.5]])
HAND_B2 = np.array([[0.2]])
HAND_Y = np.array([[1.0]])


def hand_network():
    """coursekit's ``MLP([2, 2, 1], loss="mse")`` with the exercise's weights (sigmoid everywhere)."""
    net = _MLP([2, 2, 1], hidden_activation="sigmoid", output_activation="sigmoid", loss="mse")
    net.set_params([(HAND_W1, HAND_B1), (HAND_W2, HAND_B2)])
    return net


def hand_reference():
    """(a1 (2, 1), a2, delta2, delta1 (2, 1)) from coursekit: with one sample, db^l = delta^l (BP3)."""
    net = hand_network()
    a2 = float(net.forward(HAND_X)[0, 0])
    _, As = net.forward_layers(HAND_X)
    (_, db1), (_, db2) = net.backward(HAND_Y)
    return As[1].copy(), a2, float(db2[0, 0]), db1.copy()


def deltas_by_hand(a1, a2, delta2, delta1):
    """Check one sample's forward pass and error terms through a ``[2, 2, 1]`` network.

    Sigmoid units everywhere, squared error C = 1/2 (a^2 - y)^2, the sample
    ``HAND_X`` = (0.5, -1) with target 1, weights ``HAND_W1`` (2, 2),
    ``HAND_B1`` (2, 1), ``HAND_W2`` (1, 2), ``HAND_B2`` (1, 1). ``a1`` and
    ``delta1`` are columns (2, 1); ``a2`` and ``delta2`` numbers (a (1, 1)
    array is fine). delta^l = dC/dz^l, the course's sign. Judged in order, so
    the first wrong step is the one named.
    """
    c = Check("deltas_by_hand")
    ref_a1, ref_a2, ref_d2, ref_d1 = hand_reference()
    x, W1, b1, W2, b2, y = HAND_X, HAND_W1, HAND_B1, HAND_W2, HAND_B2, float(HAND_Y[0, 0])
    assign = "Assign it in the exercise cell."
    z1 = W1 @ x + b1
    a1 = c.array(a1, "a1", (2, 1), none_hint=assign)
    c.compare(a1, ref_a1, "a1", [
        ("that is z^1, the weighted input. The hidden layer's output is a^1 = sigma(z^1).", z1),
        ("the biases are missing: z^1 = W^1 x + b^1.", _sig(W1 @ x)),
        ("it uses W^1 transposed. Row i of W^1 holds the weights into hidden unit i: z^1 = W^1 x + b^1.",
         _sig(W1.T @ x + b1)),
        ("the bias enters with the wrong sign: z^1 = W^1 x + b^1.", _sig(W1 @ x - b1)),
    ], otherwise="a^1 = sigma(W^1 x + b^1), one entry per hidden unit.")
    z2 = float((W2 @ ref_a1 + b2)[0, 0])
    a2 = c.number(a2, "a2", none_hint=assign)
    c.compare(a2, ref_a2, "a2", [
        ("that is z^2, the output's weighted input. The output is a^2 = sigma(z^2).", z2),
        ("the output bias is missing: z^2 = W^2 a^1 + b^2.", float(_sig(W2 @ ref_a1)[0, 0])),
        ("the output layer reads the hidden layer's outputs a^1, not the inputs x.",
         float(_sig(W2 @ x + b2)[0, 0])),
        ("the output layer reads a^1 = sigma(z^1), not z^1.", float(_sig(W2 @ z1 + b2)[0, 0])),
    ], otherwise="a^2 = sigma(W^2 a^1 + b^2), one number.")
    d2 = c.number(delta2, "delta2", none_hint=assign)
    slope2 = ref_a2 * (1 - ref_a2)
    c.compare(d2, ref_d2, "delta2", [
        ("the sign is flipped: that is the lecture notes' error term (y - a) sigma'(z), which is -delta. "
         "This course's delta is dC/dz = (a - y) sigma'(z).", -ref_d2),
        ("that is (a - y) alone, the cross-entropy's delta. With squared error multiply by the slope "
         "sigma'(z^2) = a^2 (1 - a^2).", ref_a2 - y),
        ("sigma' was applied to a^2, but it belongs to z^2. Since a = sigma(z), sigma'(z) = a (1 - a).",
         (ref_a2 - y) * float(sigmoid_prime_applied_to(np.array(ref_a2)))),
        ("it uses z^2 (1 - z^2) for the slope; the sigmoid's slope is a (1 - a), with a = sigma(z).",
         (ref_a2 - y) * z2 * (1 - z2)),
        ("it is twice too large: with C = 1/2 (a - y)^2, dC/da = a - y.", 2.0 * ref_d2),
        ("it lacks the error a - y: that is the slope sigma'(z^2) alone.", slope2),
    ], otherwise="delta^2 = (a^2 - y) sigma'(z^2), with sigma'(z) = a (1 - a).")
    d1 = c.array(delta1, "delta1", (2, 1), none_hint=assign, extra={
        (2, 2): "(W^2)^T delta^2 is a (2, 1) column times a number: check for an outer product or a "
                "broadcast between a row and a column.",
        (): "delta^1 has one entry per hidden unit: a column (2, 1)."})
    back = W2.T * ref_d2                                   # (W^2)^T delta^2, (2, 1)
    slope1 = _sig_prime_of_a(ref_a1)
    c.compare(d1, ref_d1, "delta1", [
        ("the sign is flipped: delta^1 = ((W^2)^T delta^2) (.) sigma'(z^1), with this course's delta^2.",
         -ref_d1),
        ("the slope is missing: BP2 multiplies (W^2)^T delta^2 elementwise by sigma'(z^1) = a^1 (1 - a^1).",
         back),
        ("it uses the output layer's slope. The slope in BP2 belongs to layer 1: sigma'(z^1) = a^1 (1 - a^1).",
         back * slope2),
        ("the weights are missing: BP2 sends delta^2 back through them, (W^2)^T delta^2.", ref_d2 * slope1),
        ("sigma' was applied to a^1, but it belongs to z^1. Since a = sigma(z), sigma'(z) = a (1 - a).",
         back * sigmoid_prime_applied_to(ref_a1)),
        ("it uses z^1 (1 - z^1) for the slope; the sigmoid's slope is a (1 - a), with a = sigma(z).",
         back * z1 * (1 - z1)),
    ], otherwise="delta^1 = ((W^2)^T delta^2) (.) sigma'(z^1): send delta^2 back through the weights, then "
                 "multiply each entry by its own unit's slope.")
    c.passed()


# ------------------------------------------------------------ the dimension table
#: Architectures and batch sizes for :func:`dimension_table`.
DIMENSION_CASES = [([4, 5, 3, 2], 7), ([2, 1], 3), ([3, 6, 6, 6, 1], 10), ([784, 128, 10], 64), ([2, 3, 1], 1)]


def reference_table(sizes, m):
    """[(W shape, b shape, Z shape, A shape), ...] read off a real forward pass of coursekit's MLP."""
    net = _MLP(sizes, init="zeros")
    Zs, As = net.forward_layers(np.zeros((sizes[0], m)))
    return [(W.shape, b.shape, Z.shape, A.shape) for (W, b), Z, A in zip(net.params, Zs, As[1:])]


def _as_shape(value):
    """A shape as a tuple of ints, or None if ``value`` is not a sequence of whole numbers."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (tuple, list)):
        return None
    if not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in value):
        return None
    return tuple(int(v) for v in value)


_ITEMS = ("W", "b", "Z", "A")


def dimension_table(fn, seed=None):
    """Check ``fn(layer_sizes, m)``: the shapes of W^l, b^l, Z^l and A^l for every layer.

    ``layer_sizes`` is ``[n_0, n_1, ..., n_L]`` (inputs first) and ``m`` the
    number of samples. ``fn`` returns a list with one entry per layer of
    weights, l = 1..L, each a tuple of four shapes ``(W shape, b shape,
    Z shape, A shape)``, each shape a tuple such as ``(3, 2)``. Compared with
    the shapes of a real forward pass of coursekit's ``MLP``.
    """
    c = Check("dimension_table")
    c.function(fn, "your function fn(layer_sizes, m)")
    for sizes, m in DIMENSION_CASES + _random.dimensions(seed):
        L = len(sizes) - 1
        where = f" for layer_sizes={sizes} and m={m}"
        out = c.call(fn, list(sizes), m, context=f"layer_sizes={sizes} and m={m}")
        if out is None:
            c.fail(f"the table{where} is None. Did your function forget to `return` it?")
        if not isinstance(out, (list, tuple)):
            c.fail(f"the table{where} must be a list with one entry per layer; got {describe(out)}.")
        if len(out) == L + 1:
            c.fail(f"the table{where} has {len(out)} entries, one per layer including the input layer. The "
                   "input layer has no W or b: list the layers of weights l = 1..L, one entry each.")
        if len(out) != L:
            c.fail(f"the table{where} has {len(out)} entries; it needs one per layer of weights, l = 1..L "
                   "(the output layer counts, the input layer does not).")
        ref = reference_table(sizes, m)
        for l, (entry, want) in enumerate(zip(out, ref), start=1):
            if not isinstance(entry, (list, tuple)) or len(entry) != 4:
                c.fail(f"layer {l}'s entry{where} must be a tuple of four shapes (W, b, Z, A); got {describe(entry)}"
                       + (f" of length {len(entry)}." if isinstance(entry, (list, tuple)) else "."))
            for name, got_raw, shape in zip(_ITEMS, entry, want):
                what = f"the shape of {name}^{l}{where}"
                got = _as_shape(got_raw)
                if got is None:
                    shown = repr(got_raw) if isinstance(got_raw, (tuple, list, str)) and len(repr(got_raw)) < 40 \
                        else describe(got_raw)
                    c.fail(f"{what} must be a tuple of whole numbers such as (3, 2); got {shown}.")
                if got == shape:
                    continue
                n_l, n_prev = sizes[l], sizes[l - 1]
                if len(got) == 1:
                    c.fail(f"{what} is the 1-D shape {got}. This course keeps two dimensions: "
                           + ("b^l is a column, (rows, 1)." if name == "b" else "(rows, columns)."))
                if len(got) != 2:
                    c.fail(f"{what} has {len(got)} dimensions; every shape in the table has two, (rows, columns).")
                others = [r[_ITEMS.index(name)] for k, r in enumerate(ref, start=1) if k != l]
                if name == "W" and got == (n_prev, n_l) and n_prev != n_l:
                    c.fail(f"{what} is transposed: W^l has one row per unit of layer l and one column per "
                           "unit of layer l-1, so that z^l = W^l a^(l-1) works.")
                if name == "b" and got == (n_l, m) and m != 1:
                    c.fail(f"{what} has one column per sample, but there is one bias per unit, shared by "
                           "all m samples: broadcasting adds it to every column of W^l A^(l-1).")
                if name == "b" and got == (1, n_l) and n_l != 1:
                    c.fail(f"{what} is a row; b^l is a column, one bias per unit of layer l.")
                if name in ("Z", "A") and got == (m, n_l) and m != n_l:
                    c.fail(f"{what} is transposed. Samples are columns in this course: one row per unit, "
                           "one column per sample.")
                if name in ("Z", "A") and got == (n_l, 1) and m != 1:
                    c.fail(f"{what} has one column, but every sample gets its own column: there are m of them.")
                if got in others:
                    c.fail(f"{what} belongs to another layer: layer l has n_l = layer_sizes[l] units and "
                           "reads the n_(l-1) = layer_sizes[l-1] outputs of the layer before it.")
                c.fail(f"{what} is {got}. Work it out from z^l = W^l a^(l-1) + b^l: how many units does "
                       "layer l have, how many does it read, and how many samples are there?")
    c.passed()


# ------------------------------------------------------------ epochs and iterations
#: (n_samples, batch_size, epochs) for :func:`epoch_arithmetic`: the notes' example, a leftover
#: batch, SGD, full batch, and a batch larger than the data.
EPOCH_CASES = [(2_560_000, 256, 1), (1000, 32, 5), (60_000, 1, 2), (500, 500, 10), (100, 64, 3),
               (50, 128, 4), (1_000_000, 100, 3)]


def reference_iterations(n_samples: int, batch_size: int) -> int:
    """Updates in one epoch: one per batch, the last batch possibly smaller (as ``MLP.fit`` batches)."""
    return len(range(0, n_samples, batch_size))


def epoch_arithmetic(fn, seed=None):
    """Check ``fn(n_samples, batch_size, epochs) -> (iterations_per_epoch, total_iterations)``.

    An iteration is one update from one batch; an epoch is one pass over all
    ``n_samples``. A last batch smaller than ``batch_size`` is still a batch
    (it is what ``MLP.fit`` does), and a batch size at least ``n_samples`` is
    one full batch per epoch. Both results are whole numbers.
    """
    c = Check("epoch_arithmetic")
    c.function(fn, "your function fn(n_samples, batch_size, epochs)")
    for n, b, e in EPOCH_CASES + _random.epochs(seed):
        where = f" for {n:,} samples, batch size {b:,} and {e} epoch{'s' if e != 1 else ''}"
        out = c.call(fn, n, b, e, context=f"n_samples={n}, batch_size={b}, epochs={e}")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            got = ("a single number" if isinstance(out, (numbers.Number, np.generic)) and not isinstance(out, bool)
                   else describe(out))
            c.fail(f"the function must return the pair (iterations_per_epoch, total_iterations); got {got}.")
        per_raw, total_raw = out
        for value, name in ((per_raw, "iterations per epoch"), (total_raw, "total iterations")):
            if isinstance(value, (float, np.floating)) and not float(value).is_integer():
                c.fail(f"{name}{where} is {float(value):g}, not a whole number. You cannot run part of a "
                       "batch as an iteration: the last, smaller batch counts as one whole iteration.")
        per = c.count(per_raw, "iterations per epoch" + where)
        total = c.count(total_raw, "total iterations" + where)
        ref = reference_iterations(n, b)
        if per == ref * e and total == ref and e > 1:
            c.fail(f"the two results{where} are swapped: return (iterations_per_epoch, total_iterations).")
        alts = [
            ("the last, smaller batch is left out. It still makes an update, so round the division up.",
             n // b if n % b else None),
            ("one too many: when the batch size divides the samples exactly there is no leftover batch.",
             n // b + 1 if n % b == 0 else None),
            ("that is the number of samples an epoch sees, not the number of updates: each iteration uses a "
             "whole batch.", n),
            ("that is the batch size; an epoch takes as many iterations as there are batches in the data.", b),
            ("that counts every epoch; iterations per epoch is the count for one pass over the data.", ref * e),
        ]
        c.compare(per, ref, "iterations per epoch" + where, alts,
                  otherwise="count the batches that cover the data once: the number of samples over the "
                            "batch size, rounded up.")
        c.compare(total, ref * e, "total iterations" + where, [
            ("that is one epoch's iterations; multiply by the number of epochs.", ref if e > 1 else None),
            ("that is the number of samples seen, not the number of updates.", n * e),
            ("it adds the epochs instead of multiplying: every epoch runs all its iterations.", ref + e),
        ], otherwise="total iterations = iterations per epoch x epochs.")
    c.passed()
