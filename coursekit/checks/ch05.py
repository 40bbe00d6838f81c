"""Checks for chapter 05, vanishing and exploding gradients."""
from __future__ import annotations

import numbers

import numpy as np

from .. import activations as _act
from .. import experiments as _experiments
from ..network import MLP as _MLP
from . import random_cases as _random
from ._core import Check, describe, is_close

__all__ = [
    "FACTOR_DEPTHS", "steepest_sigmoid_slope", "max_sigmoid_factor", "dead_cases",
    "count_dead_units", "INIT_CASES", "mlp_std", "init_std", "STATEMENTS", "CAUSES", "REMEDIES",
    "NEITHER", "causes_and_remedies", "OPTIONAL_CAUSES", "residual_error", "residual_cases",
]


# ------------------------------------------------------- the shrink factor
#: Depths at which :func:`max_sigmoid_factor` is tried, in this order: 3 first, where every
#: known mistake gives a different number, and 0, where only the empty product is right.
FACTOR_DEPTHS = (3, 1, 0, 2, 5, 10, 20)


def steepest_sigmoid_slope() -> float:
    """The largest value of sigma'(z), from coursekit's sigmoid derivative on a fine grid."""
    z = np.linspace(-10.0, 10.0, 20001)                 # includes z = 0, where the peak is
    return float(np.max(_act.sigmoid_prime(z)))


def max_sigmoid_factor(fn, seed=None):
    """Check ``fn(k)``: the largest factor by which k sigmoid layers can scale a gradient.

    Each sigmoid layer multiplies the backpropagated gradient by its slope
    ``sigma'(z)`` (times a weight; here the weights are taken to be 1), and
    that slope is never more than its value at z = 0. ``fn`` takes a whole
    number ``k >= 0`` and returns one positive number, that largest slope to
    the power k (1 for k = 0). Compared with the peak of
    ``coursekit.activations.sigmoid_prime``, relatively, so that a tiny
    wrong answer at k = 20 is not mistaken for a tiny right one.
    """
    c = Check("max_sigmoid_factor")
    c.function(fn, "your function max_sigmoid_factor(k)")
    peak = steepest_sigmoid_slope()
    for k in list(FACTOR_DEPTHS) + _random.depths(seed):
        where = f"for k = {k}"
        value = c.number(c.call(fn, k, context=f"k = {k}"), "the factor " + where,
                         none_hint="Did your function forget to `return` the factor?")
        if value <= 0:
            c.fail(f"the factor {where} is {'zero' if value == 0 else 'negative'}. It is a product of k "
                   "slopes sigma'(z), each of them positive, so it is a positive number (it may be tiny).")
        ref = peak ** k
        # Relative comparison: got / ref against 1, and each known mistake divided by ref too.
        alts = [
            ("it grows as k grows. Each sigmoid layer can only shrink the gradient: multiply by "
             "sigmoid's largest slope once per layer, do not divide by it.", (1.0 / peak) ** k),
            ("it is a multiple of k. The k layers multiply their factors together: a power of the "
             "slope, not the slope times k.", peak * k),
            ("you used sigmoid's value at z = 0, not its slope there. The factor comes from the "
             "derivative sigma'(z) = sigma(z)(1 - sigma(z)) at its largest.", 0.5 ** k),
            ("off by one: k layers contribute exactly k factors (and k = 0 layers leave the "
             "gradient as it is, a factor of 1).", peak ** (k + 1)),
            ("off by one: k layers contribute exactly k factors (and k = 0 layers leave the "
             "gradient as it is, a factor of 1).", peak ** (k - 1)),
            ("you used 1 - sigma'(0) per layer; the factor is the slope sigma'(0) itself.",
             (1.0 - peak) ** k),
            ("it does not change with k: the gradient is multiplied once per layer, so k belongs in "
             "an exponent.", peak),
        ]
        c.compare(value / ref, 1.0, "the factor " + where,
                  [(hint, alt / ref) for hint, alt in alts],
                  otherwise="multiply one factor per layer, each the largest value of sigma'(z).")
    c.passed()


# ----------------------------------------------------------- dead units
def dead_cases(seed=None):
    """(description, net, X) for :func:`count_dead_units`: one-hidden-layer ReLU networks.

    The weights are chosen so that the cases tell the usual mistakes apart:
    units that are off for every sample (dead), units that are off for only
    some samples, and a sample for which every unit is off.
    """
    rng = np.random.default_rng(55)
    cases = []
    # 1. 8 units, 12 samples: units 1, 4 and 6 dead; the others off for some samples only;
    #    the last sample (x0 = -6) switches every unit off.
    W = np.abs(rng.normal(1.0, 0.3, size=(8, 3)))
    W[:, 1:] *= rng.choice([-1.0, 1.0], size=(8, 2)) * 0.3
    b = np.zeros((8, 1))
    b[[1, 4, 6]] = -50.0
    X = np.hstack([rng.normal(size=(3, 11)), np.array([[-6.0], [0.0], [0.0]])])
    cases.append(("8 units and 12 samples", W, b, X))
    # 2. 5 units, 7 samples: none dead, but many zero entries.
    W = rng.normal(size=(5, 2))
    X = rng.normal(size=(2, 7))
    cases.append(("5 units and 7 samples", W, np.full((5, 1), 0.2), X))
    # 3. 6 units, one sample: a unit is dead for this data when it is off for that sample.
    W = rng.normal(size=(6, 2))
    X = np.array([[1.0], [-0.5]])
    b = -(W @ X) + np.array([[0.5], [-0.5], [0.3], [-0.2], [-1.0], [0.7]])
    cases.append(("6 units and one sample", W, b, X))
    # 4. 4 units, 5 samples, all dead.
    W = rng.normal(size=(4, 2))
    cases.append(("4 units and 5 samples, all switched off", W, np.full((4, 1), -40.0),
                  rng.normal(size=(2, 5))))
    cases += _random.dead_layers(seed)
    out = []
    for label, W, b, X in cases:
        net = _MLP([X.shape[0], W.shape[0], 1], hidden_activation="relu")
        net.set_params([(W, b), (np.ones((1, W.shape[0])), np.zeros((1, 1)))])
        out.append((label, net, X))
    return out


def count_dead_units(fn, seed=None):
    """Check ``fn(A)``: how many units of a ReLU layer output 0 for every sample.

    ``A`` is a hidden layer's activations ``(n_l, m)``, one row per unit and
    one column per sample. ``fn`` returns one whole number, the count of rows
    that are zero in every column (an int, or a float or one-entry array
    holding one). The reference is ``coursekit.experiments.dead_units`` on the
    network and data that produced ``A``.
    """
    c = Check("count_dead_units")
    c.function(fn, "your function count_dead_units(A)")
    for label, net, X in dead_cases(seed):
        A = _experiments.layer_outputs(net, X)[0][1]              # a^1 = relu(W^1 x + b^1), (n, m)
        n, m = A.shape
        where = f" for {label}"
        out = c.call(fn, A, context=f"A of shape {A.shape}")
        if isinstance(out, np.ndarray) and out.size > 1:
            if out.shape in ((n,), (n, 1), (1, n)):
                c.fail(f"your function returns an array of shape {out.shape}, one entry per unit. "
                       "Count the dead ones: the answer is one whole number.")
            if out.shape in ((m,), (m, 1), (1, m)):
                c.fail(f"your function returns an array of shape {out.shape}, one entry per sample. "
                       "A unit is a row of A; the answer is one whole number.")
        if isinstance(out, numbers.Real) and not isinstance(out, (bool, np.bool_)) \
                and 0 < float(out) < 1 and n > 1:
            c.fail(f"the answer{where} is a fraction between 0 and 1: count the dead units, do not "
                   "divide by the number of units.")
        got = c.count(out, "the count" + where, none_hint="Did your function forget to `return` the count?")
        ref = int(_experiments.dead_units(net, X)[0])
        if got == ref:
            continue
        zero = A == 0
        c.compare(got, ref, "the count" + where, [
            ("it counts zero entries of A. A unit is dead when its whole row is zero, for every "
             "sample at once.", int(np.sum(zero))),
            ("it counts the samples (columns) for which every unit is zero. A unit is a row of A.",
             int(np.sum(np.all(zero, axis=0)))),
            ("it counts units that are zero for *some* sample. A dead unit is zero for *every* sample.",
             int(np.sum(np.any(zero, axis=1)))),
            ("it counts the units that are alive. Count the ones that are zero for every sample.", n - ref),
            ("it counts entries below zero. A ReLU never outputs a negative number: a switched-off "
             "unit outputs exactly 0.", int(np.sum(A < 0))),
        ], otherwise=(f"it is {got}, but A has only {n} units (rows)." if not 0 <= got <= n
                      else "count the rows of A in which every entry is 0."))
    c.passed()


# ------------------------------------------------------- initialisation
#: (n_in, n_out, method) for :func:`init_std`: fan-in and fan-out differ in most cases,
#: so swapping them shows; the first cases are the layers of a 784-256-128-10 network.
INIT_CASES = [(784, 256, "xavier"), (256, 128, "he"), (2, 16, "he"), (16, 1, "xavier"),
              (100, 100, "xavier"), (50, 10, "he"), (3, 7, "xavier")]


def mlp_std(n_in: int, n_out: int, method: str) -> float:
    """The standard deviation coursekit's MLP draws a layer's weights with, read off the MLP.

    ``MLP([n_in, n_out], init=method)`` draws ``W = std * N(0, 1)`` from the
    generator seeded with ``seed``; dividing by the same standard-normal draws
    gives ``std`` back, exactly, entry by entry.
    """
    W = _MLP([n_in, n_out], init=method, seed=0).params[0][0]
    z = np.random.default_rng(0).standard_normal((n_out, n_in))
    ratios = W / z
    if not np.allclose(ratios, ratios.flat[0], rtol=1e-12, atol=0.0):
        raise RuntimeError("coursekit.MLP no longer draws W = std * standard_normal(seed); "
                           "update checks.ch05.mlp_std.")
    return float(ratios.flat[0])


def init_std(fn, seed=None):
    """Check ``fn(n_in, n_out, method)``: the standard deviation of a layer's initial weights.

    ``n_in`` is the layer's number of inputs (fan-in, n_(l-1)), ``n_out`` its
    number of units (fan-out, n_l), ``method`` is ``"xavier"`` (Glorot
    normal) or ``"he"`` (He normal). ``fn`` returns one positive number, the
    standard deviation (not the variance, not the weights). The reference is
    read off the weights ``coursekit.MLP`` draws with ``init=method``.
    """
    c = Check("init_std")
    c.function(fn, "your function init_std(n_in, n_out, method)")
    for n_in, n_out, method in INIT_CASES + _random.init_layers(seed):
        name = "Xavier" if method == "xavier" else "He"
        where = f" for n_in = {n_in}, n_out = {n_out}, method = {method!r}"
        out = c.call(fn, n_in, n_out, method, context=f"n_in = {n_in}, n_out = {n_out}, method = {method!r}")
        weights = "that looks like a matrix of weights. Return the standard deviation they are drawn with: one number."
        std = c.number(out, "the standard deviation" + where, extra={
            (n_out, n_in): weights, (n_in, n_out): weights},
            none_hint="Did your function forget to `return` it, or is one of the two methods missing?")
        if std <= 0:
            c.fail(f"the standard deviation{where} is not positive; a spread of weights is a positive number.")
        ref = mlp_std(n_in, n_out, method)
        xavier, he = mlp_std(n_in, n_out, "xavier"), mlp_std(n_in, n_out, "he")
        other = he if method == "xavier" else xavier
        other_name = "He" if method == "xavier" else "Xavier"
        variance = "that is the variance. The standard deviation is its square root."
        alts = [
            (variance, ref ** 2),
            (f"that is {other_name}'s formula; method = {method!r} asks for {name}'s.", other),
            ("it takes the square root twice: the variance is the fraction, the standard deviation "
             "its square root.", np.sqrt(ref)),
            (f"it is the uniform distribution's limit sqrt(6 / ...), not the normal distribution's "
             f"standard deviation ({name} normal).", ref * np.sqrt(3.0)),
        ]
        if method == "xavier":
            alts += [
                ("the factor 2 is missing: Xavier's variance is 2 divided by (fan-in + fan-out), the "
                 "average of the forward and the backward conditions.", ref / np.sqrt(2.0)),
                ("it uses the fan-in only. Xavier averages the two conditions, forward (n_in) and "
                 "backward (n_out): 2 / (n_in + n_out).", np.sqrt(1.0 / n_in)),
                ("it multiplies n_in and n_out; Xavier divides 2 by their sum.", np.sqrt(2.0 / (n_in * n_out))),
            ]
        else:
            alts += [
                ("the factor 2 is missing. ReLU outputs zero for about half of its inputs, which halves "
                 "the variance each layer passes on; He's factor 2 makes up for it.", np.sqrt(1.0 / n_in)),
                ("it uses the fan-out n_out; He uses the fan-in, the layer's number of inputs n_in.",
                 np.sqrt(2.0 / n_out)),
            ]
        c.compare(std, ref, "the standard deviation" + where, alts,
                  otherwise=f"check {name}'s formula: which of n_in and n_out it uses, the factor 2, and "
                            "the square root.")
    c.passed()


# -------------------------------------------------- the interview question
#: The statements of the exercise, by letter (the notebook lists the same ones).
STATEMENTS = {
    "A": "Each sigmoid layer multiplies the backpropagated gradient by σ′(z), which is at most 0.25.",
    "B": "Replace sigmoid in the hidden layers with ReLU or leaky ReLU.",
    "C": "The training set is small.",
    "D": "The initial weights are far too large for the layer's number of inputs.",
    "E": "Clip the gradient: whenever its norm exceeds a threshold, scale it down to the threshold.",
    "F": "Raise the learning rate, so that the first layers take bigger steps.",
    "G": "Initialise the weights with Xavier (tanh, sigmoid) or He (ReLU) scaling.",
    "H": "The network has many layers, so the gradient at layer 1 is a product of many factors.",
    "I": "Add dropout.",
    "J": "Normalise each layer's pre-activations over the mini-batch (batch normalisation).",
    "K": "Initialise every weight to zero, so that no gradient can grow.",
    "L": "Add residual connections, which let the gradient skip layers.",
    "M": "The initial weights are far too small in every layer of a deep network.",
}
CAUSES = frozenset("ADHM")
REMEDIES = frozenset("BEGJL")
#: Statements a learner may count as a cause or leave out. K, zero weights, is no remedy, but the
#: chapter shows that it can leave the gradient exactly zero (section 4.1): a cause, read that way.
OPTIONAL_CAUSES = frozenset("K")
#: Why a statement that is neither a cause nor a remedy does not belong in either answer.
NEITHER = {
    "C": "a small training set leads to overfitting (chapter 06); it does not change how the "
         "gradient's size changes from layer to layer.",
    "F": "the learning rate scales every layer's step by the same number, so the first layer still "
         "learns orders of magnitude slower than the last, which may now diverge.",
    "I": "dropout fights overfitting (chapter 06); it does not change the product of one factor per layer.",
    "K": "zero weights make every hidden unit identical forever (the symmetry problem), and they leave "
         "the layers below the last with no gradient at all: a failure, not a fix.",
}


def _letters(value, name: str, c: Check) -> set:
    """The learner's answer as a set of capital letters, or a hint about its form."""
    example = "{'A', 'B'}"
    if value is None:
        c.fail(f"{name} is None. Assign a set of letters in the exercise cell, such as {example}.")
    if isinstance(value, str):
        c.fail(f"{name} is one string, {value!r}. Give a set of single letters, such as {example}.")
    if isinstance(value, dict) or not isinstance(value, (set, frozenset, list, tuple)):
        c.fail(f"{name} must be a set of letters such as {example}; got {describe(value)}.")
    letters = set()
    for item in value:
        if not isinstance(item, str) or len(item.strip()) != 1:
            c.fail(f"{name} must hold single letters A to M, such as {example}; it holds {describe(item)}.")
        letter = item.strip().upper()
        if letter not in STATEMENTS:
            c.fail(f"{name} holds {item!r}, but the statements are lettered A to M.")
        letters.add(letter)
    if not letters:
        c.fail(f"{name} is empty; pick the statements that belong in it.")
    return letters


def causes_and_remedies(causes, remedies):
    """Check the letters picked for "why do gradients vanish or explode, and how do you fix it?".

    ``causes`` and ``remedies`` are sets (or lists, tuples) of letters from
    :data:`STATEMENTS`, in either case. A wrongly chosen statement gets a
    reason; missing ones are only counted, so the hint does not give the
    answer away.
    """
    c = Check("causes_and_remedies")
    got_c = _letters(causes, "causes", c)
    got_r = _letters(remedies, "remedies", c)
    both = sorted(got_c & got_r)
    if both:
        c.fail(f"{both[0]} is in both sets; a statement is either a cause, a remedy or neither.")
    if got_c == REMEDIES and got_r == CAUSES:
        c.fail("the two sets are swapped: causes are what makes the gradient vanish or explode, "
               "remedies what you do about it.")
    for letter in sorted(got_c - CAUSES - OPTIONAL_CAUSES):
        if letter in REMEDIES:
            c.fail(f"{letter} is something you do about the problem, a remedy, not a cause.")
        c.fail(f"{letter} is not a cause: {NEITHER[letter]}")
    for letter in sorted(got_r - REMEDIES):
        if letter in CAUSES:
            c.fail(f"{letter} describes why gradients vanish or explode, a cause, not a remedy.")
        c.fail(f"{letter} is not a remedy: {NEITHER[letter]}")
    missing_c, missing_r = len(CAUSES - got_c), len(REMEDIES - got_r)
    if missing_c or missing_r:
        parts = [f"{k} {(one if k == 1 else many)}" for k, one, many in
                 ((missing_c, "cause", "causes"), (missing_r, "remedy", "remedies")) if k]
        c.fail("every letter you chose is right, but you are missing " + " and ".join(parts)
               + ". Reread sections 1, 4 and 5.")
    c.passed()


# ------------------------------------------------------ a residual block's backward step
def residual_cases():
    """(description, W, Z, E_next, activation), fixed by a seed. W is not symmetric, so W for W^T
    shows; m differs from n, so a transposed answer has the wrong shape; Z mixes signs, so
    ReLU's slope is neither all 0 nor all 1."""
    rng = np.random.default_rng(41)
    cases = []
    for n, m, act in ((3, 5, "sigmoid"), (4, 2, "tanh"), (3, 6, "relu")):
        W = rng.standard_normal((n, n))
        A = rng.standard_normal((n, m))
        Z = W @ A + rng.standard_normal((n, 1))
        cases.append((f"a block of {n} {act} units and {m} samples", W, Z, rng.standard_normal((n, m)), act))
    return cases


def residual_error(fn, seed=None):
    """Check ``fn(W, Z, E_next, activation) -> E_prev`` for the block ``a_next = a_prev + g(Z)``,
    ``Z = W a_prev + b``.

    ``W`` is ``(n, n)``, ``Z`` and ``E_next = dC/da_next`` are ``(n, m)``.
    The two paths add: ``E_prev = E_next + W^T (g'(Z) * E_next)``. Compared
    with ``coursekit.experiments.residual_backward_step``.
    """
    c = Check("residual_error")
    c.function(fn, "your function fn(W, Z, E_next, activation)")
    for label, W, Z, E, act in residual_cases() + _random.residual_blocks(seed):
        where = f" for {label}"
        out = c.call(fn, W, Z, E, act, context=f"W of shape {W.shape}, Z and E_next of shape {Z.shape} "
                                               f"and activation {act!r}")
        if isinstance(out, (tuple, list)) and len(out) == 2:
            c.fail("the function returns two things; return only the error E_prev.")
        got = c.array(out, "E_prev" + where, Z.shape)
        ref = _experiments.residual_backward_step(W, Z, E, act)
        slope = _act.derivative(act, Z)
        c.compare(got, ref, "E_prev" + where, [
            ("the skip's path is missing: a_next = a_prev + g(Z), so the error also reaches a_prev "
             "directly, unchanged, and the two paths add.", W.T @ (slope * E)),
            ("only the skip's path is there: the error also flows back through the layer, as in BP2.", E),
            ("the weights are not transposed: going backwards, BP2 multiplies by W^T.", E + W @ (slope * E)),
            ("the slope g'(Z) is missing from the layer's path.", E + W.T @ E),
            ("that uses g(Z) where the slope g'(Z) belongs.", E + W.T @ (_act.activation(act, Z) * E)),
            ("the slope is applied after W^T; it belongs to this block's Z, before the weights: "
             "W^T (g'(Z) * E_next).", E + slope * (W.T @ E)),
            ("the skip's path is counted twice.", 2 * E + W.T @ (slope * E)),
            ("the skip's path has the wrong sign: the two paths add.", -E + W.T @ (slope * E)),
            ("the slope multiplies both paths; the skip carries the error unchanged.",
             slope * E + W.T @ (slope * E)),
        ], otherwise="follow both paths from a_next back to a_prev and add what they carry.")
    c.passed()
