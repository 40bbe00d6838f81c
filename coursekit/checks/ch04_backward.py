"""Checks for chapter 04, the backward pass as code: two layers written out (exercise 4), then any
depth as one loop (the longer exercise).

The expected gradients come from coursekit's ``MLP.backward``, gradient-checked for every
activation, loss and depth; each named mistake is computed by :func:`deep_variant` or
``_variants`` so that its hint can be matched.
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
    "backward_cases", "bce_net", "deep_backward", "deep_cases", "deep_variant",
    "two_layer_backward",
]


# ------------------------------------------------------------ the backward pass of a two-layer net
def backward_cases():
    """(description, params, X, Y) for :func:`two_layer_backward`, seeded; W1 is square in one case."""
    rng = np.random.default_rng(8)

    def case(label, sizes, m):
        params = [(rng.normal(size=(n, p)), rng.normal(size=(n, 1))) for p, n in zip(sizes[:-1], sizes[1:])]
        X = rng.normal(size=(sizes[0], m))
        Y = (rng.random((sizes[-1], m)) < 0.5).astype(np.float64)
        Y[:, 0] = 1.0                                      # both labels present in every row
        if m > 1:
            Y[:, 1] = 0.0
        return label, params, X, Y

    return [
        case("a [3, 4, 1] network and 8 samples", [3, 4, 1], 8),
        case("a [2, 3, 2] network (two outputs) and 5 samples", [2, 3, 2], 5),
        case("a [3, 3, 1] network (W1 is square) and 6 samples", [3, 3, 1], 6),
        case("a [2, 2, 1] network and one sample", [2, 2, 1], 1),
    ]


def bce_net(params):
    sizes = [params[0][0].shape[1]] + [W.shape[0] for W, _ in params]
    net = _MLP(sizes, hidden_activation="sigmoid", output_activation="sigmoid", loss="bce")
    net.set_params([(W.copy(), b.copy()) for W, b in params])
    return net


def _variants(params, X, Y):
    """The reference gradients and what the usual mistakes give instead, by name."""
    (W1, b1), (W2, b2) = params
    m = X.shape[1]
    A1 = _sig(W1 @ X + b1)
    Z2 = W2 @ A1 + b2
    A2 = _sig(Z2)
    d2 = A2 - Y                                            # BP1, sigmoid + cross-entropy
    s1 = _sig_prime_of_a(A1)

    def layer1(delta2, slope=s1, prev=X):
        d1 = (W2.T @ delta2) * slope
        return d1 @ prev.T / m, d1.sum(axis=1, keepdims=True) / m

    d2_mse = d2 * _sig_prime_of_a(A2)
    return {
        "dW2": d2 @ A1.T / m, "db2": d2.sum(axis=1, keepdims=True) / m,
        "dW1": layer1(d2)[0], "db1": layer1(d2)[1],
        "mse dW2": d2_mse @ A1.T / m, "mse db2": d2_mse.sum(axis=1, keepdims=True) / m,
        "z dW2": (Z2 - Y) @ A1.T / m, "z db2": (Z2 - Y).sum(axis=1, keepdims=True) / m,
        "x dW2": d2 @ X.T / m if X.shape[0] == A1.shape[0] else None,
        "no slope dW1": layer1(d2, slope=1.0)[0], "no slope db1": layer1(d2, slope=1.0)[1],
        "prime of a dW1": layer1(d2, slope=sigmoid_prime_applied_to(A1))[0],
        "prime of a db1": layer1(d2, slope=sigmoid_prime_applied_to(A1))[1],
        "transposed dW1": X @ ((W2.T @ d2) * s1).T / m if X.shape[0] == A1.shape[0] else None,
    }


def two_layer_backward(fn, seed=None):
    """Check ``fn(params, X, Y)``: the backward pass of a network with one hidden layer.

    ``params`` is ``[(W1, b1), (W2, b2)]`` (``W^l`` of shape ``(n_l, n_(l-1))``,
    ``b^l`` of shape ``(n_l, 1)``); ``X`` is ``(n_0, m)``; ``Y`` is
    ``(n_2, m)`` of 0/1 labels. Sigmoid hidden and output units, cost the
    mean cross-entropy over the m samples. ``fn`` returns
    ``[(dW1, db1), (dW2, db2)]``, each gradient the shape of its parameter.
    Compared with coursekit's ``MLP.backward``; when no known mistake
    explains a wrong answer, the hint gives its relative error against
    centred differences (a gradient check).
    """
    c = Check("two_layer_backward")
    c.function(fn, "your backward-pass function fn(params, X, Y)")
    for label, params, X, Y in backward_cases() + _random.backward(seed):
        (W1, b1), (W2, b2) = params
        m = X.shape[1]
        copies = [(W.copy(), b.copy()) for W, b in params]
        out = c.call(fn, copies, X, Y, context=f"{label} (X of shape {X.shape}, Y of shape {Y.shape})")
        if not all(np.array_equal(W, W0) and np.array_equal(b, b0) for (W, b), (W0, b0) in zip(copies, params)):
            c.fail("your function changed the weights it was given (an in-place operation such as `W -= ...`). "
                   "A backward pass only computes gradients; the update comes later.")
        if isinstance(out, (list, tuple)) and len(out) == 4:
            c.fail("the function returns four arrays; return them as two pairs, one per layer: "
                   "[(dW1, db1), (dW2, db2)].")
        if not isinstance(out, (list, tuple)) or len(out) != 2 or not all(
                isinstance(p, (list, tuple)) and len(p) == 2 for p in out):
            c.fail(f"the function must return [(dW1, db1), (dW2, db2)]; got {describe(out)}.")
        (g_W1, g_b1), (g_W2, g_b2) = out
        if (isinstance(g_W1, np.ndarray) and isinstance(g_W2, np.ndarray) and W1.shape != W2.shape
                and g_W1.shape == W2.shape and g_W2.shape == W1.shape):
            c.fail("the layers are in reverse order. Backprop computes layer 2 first, but return layer 1 "
                   "first, in the order of params: [(dW1, db1), (dW2, db2)].")
        ref = _variants(params, X, Y)
        net = bce_net(params)
        where = f" for {label}"
        not_summed = "one column per sample. db^l is the mean of delta^l over the samples: sum along axis 1 and divide by m."
        common = lambda key: [
            ("it is m times too large. The cost is a mean over the m samples, so divide by m.",
             ref[key] * m if m > 1 else None),
            ("the sign is flipped. delta^2 = a^2 - y, prediction minus label, and the gradient follows it.",
             -ref[key]),
        ]

        def judge(got, key, param, name, alts):
            n_rows, n_cols = param.shape
            extra = {}
            if name == "dW2" and X.shape[0] != W1.shape[0]:
                extra = {(n_rows, X.shape[0]): "that pairs delta^2 with the inputs x. dW^2 = delta^2 (a^1)^T / m: "
                                               "layer 2 reads a^1."}
            if name.startswith("db"):
                extra = {(n_rows, m): not_summed, (): "one bias per unit: a column of shape "
                                                       f"{param.shape}, even when it has one entry."}
                if n_rows > 1:
                    extra[(1, 1)] = "one value per unit: sum over the samples only (axis=1, keepdims=True)."
            got = c.array(got, name + where, param.shape, extra=extra)
            l = int(name[-1])
            W_l, b_l = net.params[l - 1]
            numeric = _numerical_gradient(lambda: net.cost(X, Y), W_l if name.startswith("dW") else b_l)
            error = _relative_error(got, numeric)
            c.compare(got, ref[key], name + where, common(key) + alts,
                      otherwise=f"a gradient check finds a relative error of {error:.1e} against centred "
                                "differences (a correct backward pass gets below 1e-7). Go through BP1 to BP4 "
                                "for this layer.")

        judge(g_W2, "dW2", W2, "dW2", [
            ("that is the squared error's delta. With cross-entropy the sigmoid's slope cancels: delta^2 = a^2 - y.",
             ref["mse dW2"]),
            ("it uses z^2 where a^2 belongs: delta^2 = a^2 - y.", ref["z dW2"]),
            ("it pairs delta^2 with the inputs x. dW^2 = delta^2 (a^1)^T / m: layer 2 reads a^1.", ref["x dW2"]),
        ])
        judge(g_b2, "db2", b2, "db2", [
            ("that is the squared error's delta. With cross-entropy the sigmoid's slope cancels: delta^2 = a^2 - y.",
             ref["mse db2"]),
            ("it uses z^2 where a^2 belongs: delta^2 = a^2 - y.", ref["z db2"]),
        ])
        judge(g_W1, "dW1", W1, "dW1", [
            ("the hidden layer's slope is missing: delta^1 = ((W^2)^T delta^2) (.) sigma'(z^1), with "
             "sigma'(z^1) = a^1 (1 - a^1).", ref["no slope dW1"]),
            ("sigma' was applied to a^1, but it belongs to z^1. Since a = sigma(z), sigma'(z) = a (1 - a).",
             ref["prime of a dW1"]),
            ("it is the transpose of the right answer (the shapes cannot tell when W1 is square): "
             "dW^1 = delta^1 (a^0)^T / m, one row per hidden unit.", ref["transposed dW1"]),
        ])
        judge(g_b1, "db1", b1, "db1", [
            ("the hidden layer's slope is missing: delta^1 = ((W^2)^T delta^2) (.) sigma'(z^1), with "
             "sigma'(z^1) = a^1 (1 - a^1).", ref["no slope db1"]),
            ("sigma' was applied to a^1, but it belongs to z^1. Since a = sigma(z), sigma'(z) = a (1 - a).",
             ref["prime of a db1"]),
        ])
    c.passed()


# ------------------------------------------------------------ a backward pass for any depth
def deep_cases():
    """(description, params, X, Y): sigmoid networks of depth 1 to 3, seeded. In case 2 every
    layer after the first is 3 x 3, so a slope from the wrong layer or an untransposed W gives
    the right shapes and only the numbers can tell; cases 2 and 3 have several output units."""
    rng = np.random.default_rng(44)
    cases = []
    for sizes, m in (([2, 3, 1], 5), ([2, 3, 3, 3], 6), ([3, 4, 2, 2], 4)):
        net = _MLP(sizes, hidden_activation="sigmoid", seed=int(rng.integers(1000)))
        params = [(W, 0.3 * rng.standard_normal(b.shape)) for W, b in net.params]
        X = rng.standard_normal((sizes[0], m))
        Y = (rng.random((sizes[-1], m)) < 0.5).astype(float)
        cases.append((f"a {sizes} network and {m} samples", params, X, Y))
    return cases


def deep_variant(params, X, Y, *, mean=True, slope=True, transpose=True, slope_layer=0, sign=1.0):
    """The backward pass of a sigmoid network with cross-entropy, with one known mistake."""
    A = [X]
    for W, b in params:
        A.append(_sig(W @ A[-1] + b))
    m = X.shape[1] if mean else 1
    delta = sign * (A[-1] - Y)                                     # BP1, sigmoid + cross-entropy
    grads = []
    for l in range(len(params), 0, -1):
        grads.append((delta @ A[l - 1].T / m, delta.sum(axis=1, keepdims=True) / m))   # BP4, BP3
        if l > 1:
            W = params[l - 1][0]
            back = (W.T if transpose else W) @ delta if transpose or W.shape[0] == W.shape[1] else None
            if back is None:
                return None
            gain = _sig_prime_of_a(A[l - 1 + slope_layer]) if slope else 1.0   # the slope of that layer
            try:
                delta = back * gain                                # BP2
            except ValueError:
                return None                                        # numpy refuses it: no such answer
            if delta.shape != back.shape:
                return None
    return grads[::-1]


def deep_backward(fn, seed=None):
    """Check ``fn(params, X, Y) -> [(dW1, db1), ..., (dWL, dbL)]``: backprop for any depth.

    Sigmoid units in every layer, cost the mean cross-entropy over the m
    samples; ``params`` is ``[(W1, b1), ..., (WL, bL)]`` and the gradients
    come back in the same order and shapes. Compared with ``MLP.backward``.
    """
    c = Check("deep_backward")
    c.function(fn, "your backward-pass function fn(params, X, Y)")
    for label, params, X, Y in deep_cases() + _random.deep_networks(seed):
        where, L = f" for {label}", len(params)
        copies = [(W.copy(), b.copy()) for W, b in params]
        out = c.call(fn, copies, X, Y, context=f"{label} (X of shape {X.shape}, Y of shape {Y.shape})")
        if not isinstance(out, (list, tuple)) or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in out):
            c.fail(f"the function must return a list of (dW, db) pairs, one per layer; got {describe(out)}.")
        if len(out) != L:
            c.fail(f"the function returned {len(out)} pairs{where}; a network with {L} layers of weights needs {L}, "
                   "one per layer, layer 1 first.")
        if L > 1 and all(isinstance(g[0], np.ndarray) for g in out) and out[0][0].shape == params[-1][0].shape \
                and params[0][0].shape != params[-1][0].shape:
            c.fail("the layers are in reverse order: return layer 1 first, in the order of params.")
        net = bce_net(params)
        net.forward(X)
        ref = net.backward(Y)
        variants = {name: deep_variant(params, X, Y, **kw) for name, kw in (
            ("sum", dict(mean=False)), ("no slope", dict(slope=False)), ("no transpose", dict(transpose=False)),
            ("next slope", dict(slope_layer=1)), ("sign", dict(sign=-1.0)))}
        hints = {
            "sum": "it is m times too large: the cost is a mean over the m samples, so divide by m.",
            "no slope": "the hidden layers' slope is missing in BP2: multiply by sigma'(z^l) = a^l (1 - a^l).",
            "no transpose": "BP2 multiplies by the transposed weights, (W^(l+1))^T delta^(l+1).",
            "next slope": "BP2 uses the slope of the layer the error arrives at, sigma'(z^l), not sigma'(z^(l+1)).",
            "sign": "the sign is flipped: delta^L = a^L - y, prediction minus label.",
        }
        for l in range(L, 0, -1):                                   # the output layer first: errors start there
            for i, name in ((0, f"dW{l}"), (1, f"db{l}")):
                param = params[l - 1][i]
                got = c.array(out[l - 1][i], name + where, param.shape)
                alts = [(hints[k], None if v is None else v[l - 1][i]) for k, v in variants.items()]
                c.compare(got, ref[l - 1][i], name + where, alts,
                          otherwise="start from BP1 at the output and apply BP2, BP3 and BP4 layer by layer.")
    c.passed()
