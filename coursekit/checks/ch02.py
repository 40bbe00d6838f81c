"""Checks for chapter 02, XOR with two layers."""
from __future__ import annotations

import numpy as np

from .. import activations as _act
from .. import data as _data
from ..network import MLP as _MLP
from . import random_cases as _random
from ._core import Check, describe, fmt_vector, is_close

__all__ = [
    "XOR_TOLERANCE", "xor_by_hand", "forward_cases", "forward_pass", "COUNT_CASES",
    "count_parameters", "parity_weights",
]

# ------------------------------------------------------------------ XOR by hand
#: How close to 0 or 1 a sigmoid unit must come to count as "on" or "off".
XOR_TOLERANCE = 0.1


def _hidden_targets():
    """The truth table X (2, 4) and the two hidden gates the exercise asks for, each (4,)."""
    X, _ = _data.logic_gate("xor")
    x1, x2 = X
    return X, {"x1 AND NOT x2": x1 * (1 - x2), "x2 AND NOT x1": x2 * (1 - x1)}


def _xor_net(W1, b1, W2, b2):
    """coursekit's sigmoid MLP [2, 2, 1] with the given weights."""
    net = _MLP([2, 2, 1])
    net.set_params([(W1, b1), (W2, b2)])
    return net


def _first_miss(values, targets):
    """Index of the input where ``values`` is furthest from ``targets``, or None if all are close."""
    err = np.abs(values - targets)
    return None if np.all(err < XOR_TOLERANCE) else int(np.argmax(err))


def _right_side(value, target) -> bool:
    """Whether a unit's output is on its target's side of 0.5 (exactly 0.5 is on neither)."""
    return value > 0.5 if target > 0.5 else value < 0.5


def xor_by_hand(W1, b1, W2, b2):
    """Check hand-chosen weights of a sigmoid network ``[2, 2, 1]`` that computes XOR.

    The exercise asks for hidden unit 1 = x1 AND NOT x2, hidden unit 2 =
    x2 AND NOT x1 (either order passes) and an output unit computing OR of the
    two. ``W1`` is ``(2, 2)`` (row i = the weights into hidden unit i),
    ``b1`` is ``(2, 1)``, ``W2`` is ``(1, 2)`` and ``b2`` is ``(1, 1)``. Every
    unit is a sigmoid; each must come within 0.1 of its gate's 0 or 1 on all
    four inputs. The forward pass is coursekit's ``MLP``.
    """
    c = Check("xor_by_hand")
    none = "Assign all four arrays in the exercise cell: W1, b1, W2, b2."
    W1 = c.array(W1, "W1", (2, 2), none_hint=none)
    b1 = c.array(b1, "b1", (2, 1), none_hint=none, extra={
        (2,): "a column, one bias per hidden unit: np.array([[b_1], [b_2]]).",
        (): "one bias per hidden unit, as a column (2, 1)."})
    W2 = c.array(W2, "W2", (1, 2), none_hint=none, extra={
        (2,): "a row, one weight per hidden unit: np.array([[w_1, w_2]])."})
    b2 = c.array(b2, "b2", (1, 1), none_hint=none, extra={
        (): "even a single bias is a (1, 1) array in this course: np.array([[b]]).",
        (1,): "even a single bias is a (1, 1) array in this course: np.array([[b]])."})
    X, gates = _hidden_targets()
    _, Y = _data.logic_gate("xor")
    net = _xor_net(W1, b1, W2, b2)
    out = net.forward(X)[0]
    H = _act.sigmoid(W1 @ X + b1)                     # a^1 = sigmoid(W^1 x + b^1), (2, 4)
    targets = list(gates.values())
    names = list(gates)
    orders = [(0, 1), (1, 0)]                          # hidden units in either order
    hidden_ok = any(all(_first_miss(H[i], targets[k]) is None for i, k in zip((0, 1), order))
                    for order in orders)
    if not hidden_ok:
        # A transposed W1 is the classic slip: row i must hold the weights INTO unit i.
        H_T = _act.sigmoid(W1.T @ X + b1)
        if any(all(_first_miss(H_T[i], targets[k]) is None for i, k in zip((0, 1), order))
               for order in orders):
            c.fail("your hidden units work if W1 is transposed. Row i of W1 holds the weights into "
                   "hidden unit i: w^1_ij is the weight from input j to hidden unit i.")
        # Name the first hidden unit that is wrong, against the gate it is closest to.
        for i in (0, 1):
            k = int(np.argmin([np.max(np.abs(H[i] - t)) for t in targets]))
            j = _first_miss(H[i], targets[k])
            if j is not None:
                x = X[:, j]
                side = _right_side(H[i, j], targets[k][j])
                extra = (" It is on the right side of 0.5 but not close enough: a sigmoid behaves like "
                         "a step only when |z| is large, so scale its weights and bias up."
                         if side else "")
                c.fail(f"hidden unit {i + 1} should compute {names[k]} (or, in the other order, "
                       f"{names[1 - k]}). For the input {fmt_vector(x)} it outputs {H[i, j]:.3g}, but "
                       f"{names[k]} is {targets[k][j]:g} there.{extra}")
        c.fail("both hidden units compute the same gate; one must be x1 AND NOT x2, the other "
               "x2 AND NOT x1.")
    j = _first_miss(out, Y[0])
    if j is not None:
        x = X[:, j]
        side = _right_side(out[j], Y[0, j])
        if side:
            c.fail(f"the hidden units are right, and the output for {fmt_vector(x)} is on the right side of "
                   f"0.5 but only {out[j]:.3g}: make the output unit's weights and bias larger, so the "
                   "sigmoid acts like a step.")
        y_or = np.maximum(*targets)
        if np.all(np.abs(out - (1 - y_or)) < XOR_TOLERANCE):
            c.fail("the hidden units are right, but the output unit computes NOR, the opposite of OR: "
                   "flip the signs of its weights and bias.")
        c.fail(f"the hidden units are right, but for the input {fmt_vector(x)} the output is {out[j]:.3g} and "
               f"XOR{fmt_vector(x)} = {Y[0, j]:g}. The output unit must compute OR of the two hidden units.")
    c.passed()


# ------------------------------------------------------------------ forward pass
def forward_cases():
    """(description, params, X) for :func:`forward_pass`, fixed by a seed."""
    rng = np.random.default_rng(2)

    def params(sizes, scale=1.5):
        return [(scale * rng.normal(size=(n_out, n_in)), rng.normal(size=(n_out, 1)))
                for n_in, n_out in zip(sizes[:-1], sizes[1:])]

    X_xor, _ = _data.logic_gate("xor")
    return [
        ("a [2, 2, 1] network on the XOR truth table", params([2, 2, 1]), X_xor),
        ("a [3, 4, 2] network on 5 samples", params([3, 4, 2]), rng.normal(size=(3, 5))),
        ("a [2, 3, 3, 1] network with two hidden layers on 6 samples", params([2, 3, 3, 1]),
         rng.normal(size=(2, 6))),
        ("a [4, 1] network with no hidden layer on 3 samples", params([4, 1]), rng.normal(size=(4, 3))),
        ("a [2, 5, 4, 3, 2] network on one sample", params([2, 5, 4, 3, 2]), rng.normal(size=(2, 1))),
    ]


def _reference_forward(params, X):
    """coursekit's MLP (sigmoid in every layer) with these weights, evaluated on X."""
    sizes = [params[0][0].shape[1]] + [W.shape[0] for W, _ in params]
    net = _MLP(sizes)
    net.set_params([(W.copy(), b.copy()) for W, b in params])
    return net.predict_proba(X)


def _forward_with(params, X, g_hidden=_act.sigmoid, g_out=_act.sigmoid, bias=True, transpose=False):
    """A forward pass with one thing changed, for the hints; None if the shapes do not allow it."""
    A = X
    for l, (W, b) in enumerate(params, start=1):
        W = W.T if transpose else W
        if W.shape[1] != A.shape[0]:
            return None
        Z = W @ A + (b if bias else 0.0)
        A = g_out(Z) if l == len(params) else g_hidden(Z)
    return A


def forward_pass(fn, seed=None):
    """Check ``fn(params, X)``, the forward pass of a network with sigmoid units in every layer.

    ``params`` is ``[(W1, b1), ..., (WL, bL)]`` with ``W^l`` of shape
    ``(n_l, n_(l-1))`` and ``b^l`` of shape ``(n_l, 1)``; ``X`` is
    ``(n_0, m)``, one sample per column. ``fn`` returns ``A^L`` of shape
    ``(n_L, m)``, where ``A^0 = X`` and ``A^l = sigmoid(W^l A^(l-1) + b^l)``.
    Compared with coursekit's ``MLP`` on five networks, from no hidden layer
    to three hidden layers, and from one sample to six.
    """
    c = Check("forward_pass")
    c.function(fn, "your forward-pass function fn(params, X)")
    for label, params, X in forward_cases() + _random.forward(seed):
        copies = [(W.copy(), b.copy()) for W, b in params]
        out = c.call(fn, copies, X, context=f"{label} (X of shape {X.shape})")
        if not all(np.array_equal(W, W0) and np.array_equal(b, b0) for (W, b), (W0, b0) in zip(copies, params)):
            c.fail("your function changed the weights it was given (an in-place operation such as "
                   "`W -= ...` or `b += ...`). A forward pass only reads the parameters.")
        n_L, m = params[-1][0].shape[0], X.shape[1]
        if isinstance(out, (list, tuple)) and len(out) in (len(params), len(params) + 1):
            c.fail(f"for {label} your function returns a {type(out).__name__} of {len(out)} items; return "
                   "only the output layer's activations A^L.")
        where = f" for {label}"
        A = c.array(out, "the output" + where, (n_L, m), extra={
            **{(W.shape[0], m): "that is the shape of a hidden layer's activations. Go through every "
                                "layer and return the last one, A^L." for W, _ in params[:-1]
               if W.shape[0] != n_L}})
        ref = _reference_forward(params, X)
        c.compare(A, ref, "the output" + where, [
            ("the biases are missing: z^l = W^l a^(l-1) + b^l.", _forward_with(params, X, bias=False)),
            ("the last layer has no sigmoid: the output is a^L = sigmoid(z^L), not z^L.",
             _forward_with(params, X, g_out=_act.linear)),
            ("the hidden layers have no sigmoid: every layer applies g to its z.",
             _forward_with(params, X, g_hidden=_act.linear)),
            ("it uses W transposed: z^l = W^l a^(l-1), with W^l of shape (n_l, n_(l-1)).",
             _forward_with(params, X, transpose=True)),
            ("that is the step function; this network uses the sigmoid, 1 / (1 + e^(-z)).",
             _forward_with(params, X, g_hidden=_act.step, g_out=_act.step)),
            ("that is tanh; this network uses the sigmoid, 1 / (1 + e^(-z)).",
             _forward_with(params, X, g_hidden=_act.tanh, g_out=_act.tanh)),
            ("the last layer is left out: go through every (W, b) pair in params.",
             _forward_with(params[:-1], X) if len(params) > 1 and params[-2][0].shape[0] == n_L else None),
        ])
    c.passed()


# ------------------------------------------------------------------ parameter counting
#: Architectures the count is tested on: from logistic regression to a small image classifier.
COUNT_CASES = [
    [2, 1], [2, 2, 1], [2, 4, 4, 1], [3, 5, 2], [1, 1], [10, 1], [1, 30, 1],
    [5, 5, 5, 5, 5, 1], [784, 30, 10], [2, 8, 8, 8, 8, 8, 1], [4, 3], [12, 7, 1],
]


def count_parameters(fn, seed=None):
    """Check ``fn(layer_sizes)``: the number of weights and biases of a fully connected network.

    ``layer_sizes`` is a list such as ``[2, 4, 4, 1]`` (input size first, as in
    ``MLP``); ``fn`` returns a whole number. Compared with ``MLP.n_params`` on
    twelve architectures.
    """
    c = Check("count_parameters")
    c.function(fn, "your counting function fn(layer_sizes)")
    cases = COUNT_CASES + _random.architectures(seed)
    got = []
    for sizes in cases:
        value = c.call(fn, list(sizes), context=f"layer_sizes = {sizes}")
        if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.size > 1):
            c.fail(f"for layer_sizes = {sizes} your function returns {describe(value)}, one count per layer "
                   "perhaps; return their total, one whole number.")
        got.append(c.count(value, f"the count for layer_sizes = {sizes}"))
    got = np.array(got)
    ref = np.array([_MLP(sizes).n_params for sizes in cases])
    # Judged on all architectures together: on one, two mistakes can give the same number.
    pairs = lambda sizes: list(zip(sizes[:-1], sizes[1:]))
    alternatives = [
        ("the biases are missing: every unit outside the input layer has one bias, besides its weights.",
         [sum(a * b for a, b in pairs(s)) for s in cases]),
        ("the input layer has no biases: it only passes the data on. Count a bias for every unit of "
         "the hidden and output layers.", [r + s[0] for r, s in zip(ref, cases)]),
        ("those are the units, not the weights. Each weight is an edge, from every unit of one layer "
         "to every unit of the next.", [sum(s) for s in cases]),
        ("a bias belongs to the unit that receives the edges (layer l), not to the unit they leave "
         "(layer l-1).", [sum(a * (b + 1) for a, b in pairs(s)) for s in cases]),
        ("the last layer of weights is missing: a network with L + 1 layer sizes has L weight matrices.",
         [sum(a * b + b for a, b in pairs(s)[:-1]) for s in cases]),
        ("the first layer of weights is missing: the weights from the input layer count too.",
         [sum(a * b + b for a, b in pairs(s)[1:]) for s in cases]),
        ("that multiplies all the layer sizes together; the weights between two layers are n_l × n_(l-1), "
         "and those products are added up, layer by layer.", [int(np.prod(s)) for s in cases]),
        ("that is the number of weight matrices (layers), not the number of parameters in them.",
         [len(s) - 1 for s in cases]),
    ]
    j = int(np.flatnonzero(got != ref)[0]) if np.any(got != ref) else 0
    c.compare(got, ref, "the count", alternatives,
              otherwise=(f"for layer_sizes = {cases[j]} you counted {got[j]}. Draw that network: "
                         "count one weight per edge and one bias per unit outside the input layer."))
    c.passed()


# ------------------------------------------------------------------ parity of three inputs
def _parity_table():
    """The 8 corners of the cube as columns (3, 8) and their parity, (8,): 1 for an odd count of 1s."""
    X = np.array([[(k >> 2) & 1, (k >> 1) & 1, k & 1] for k in range(8)], dtype=float).T
    return X, X.sum(axis=0) % 2


def parity_weights(W1, b1, W2, b2):
    """Check hand-chosen weights of a sigmoid network ``[3, h, 1]`` that computes three-input parity.

    Parity (XOR of three inputs) is 1 when an odd number of x1, x2, x3 is 1. ``W1`` is
    ``(h, 3)`` for any number h of hidden units (row i = the weights into hidden unit i),
    ``b1`` is ``(h, 1)``, ``W2`` is ``(1, h)`` and ``b2`` is ``(1, 1)``. The output must come
    within 0.1 of the parity on all eight inputs; the forward pass is coursekit's ``MLP``.
    """
    c = Check("parity_weights")
    none = "Assign all four arrays in the exercise cell: W1, b1, W2, b2."
    if W1 is None:
        c.fail(f"W1 is None. {none}")
    W1 = c.array(W1, "W1", (np.shape(W1)[0] if np.ndim(W1) == 2 else 1, 3), none_hint=none, extra={
        (3,): "a matrix with one row per hidden unit, even for a single unit: shape (h, 3)."})
    h = W1.shape[0]
    b1 = c.array(b1, "b1", (h, 1), none_hint=none, extra={
        (h,): "a column, one bias per hidden unit: shape (h, 1)."})
    W2 = c.array(W2, "W2", (1, h), none_hint=none, extra={
        (h,): "a row, one weight per hidden unit: shape (1, h)."})
    b2 = c.array(b2, "b2", (1, 1), none_hint=none, extra={
        (): "even a single bias is a (1, 1) array in this course: np.array([[b]]).",
        (1,): "even a single bias is a (1, 1) array in this course: np.array([[b]])."})
    X, parity = _parity_table()
    net = _MLP([3, h, 1])
    net.set_params([(W1, b1), (W2, b2)])
    out = net.forward(X)[0]
    j = _first_miss(out, parity)
    if j is None:
        c.passed()
        return
    x = X[:, j]
    if h < 3 and np.any(np.abs(out - parity) > 0.5):
        c.fail(f"with {h} hidden unit{'s' if h > 1 else ''} the output for {fmt_vector(x)} is {out[j]:.3g}, "
               f"but the parity there is {parity[j]:g}. Count how many straight cuts the cube needs: "
               "the parity changes each time the number of 1s goes up by one.")
    if _right_side(out[j], parity[j]):
        c.fail(f"the output for {fmt_vector(x)} is on the right side of 0.5 but only {out[j]:.3g}: make the "
               "weights and biases larger, so that every sigmoid behaves like a step.")
    count = int(x.sum())
    c.fail(f"for the input {fmt_vector(x)} ({count} input{'s' if count != 1 else ''} on) the output is "
           f"{out[j]:.3g}, but the parity is {parity[j]:g}. Check which of your hidden units are on "
           "for that input, and what the output unit makes of them.")
