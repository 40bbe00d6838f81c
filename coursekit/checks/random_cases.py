"""Random cases for the checks: ``checks.<name>(answer, seed=s)`` adds these to the visible ones.

A check called as the notebook calls it (no seed) runs its visible, hand-picked cases only,
the same every time. The grader also calls it with a seed drawn at grading time, and then
the check runs the cases below as well: inputs the student has never seen, so an answer
that hard-codes the visible cases fails. Each function returns ``[]`` for ``seed=None``, and
the same cases for the same seed; each check mixes in its own salt, so two checks given one
seed draw different inputs. The cases have the visible cases' form (see each check's
``_<name>_cases``) and avoid what the visible cases avoid (a prediction of exactly 0 or 1,
a square matrix where a transpose must show).

Checks whose answer is a value rather than a function (``nand_weights``,
``xor_min_mistakes``, ``xor_by_hand``, ``logistic_gradient_by_hand``, ``deltas_by_hand``,
``causes_and_remedies``, ``overfitting_remedies``) have no inputs to draw: they take no seed.
"""
from __future__ import annotations

import zlib

import numpy as np

__all__ = [
    "architectures", "backward", "collapse", "cost", "count", "dead_layers", "depths",
    "dimensions", "dropout", "epochs", "forward", "gradient", "init_layers", "l2", "output_delta",
    "perceptron", "predict", "sigmoid_inputs", "step", "stopping",
]


def _rng(seed, salt: str):
    return None if seed is None else np.random.default_rng([int(seed) % 2**63, zlib.crc32(salt.encode())])


def _labels(rng, m: int):
    """0/1 labels (1, m) with both classes once m >= 2."""
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, 0] = 1.0
    if m > 1:
        Y[0, 1] = 0.0
    return rng.permutation(Y, axis=1)


# ------------------------------------------------------------------ chapter 01
def step(seed):
    rng = _rng(seed, "step_neuron")
    if rng is None:
        return []
    cases = []
    for k in range(3):
        n, m = int(rng.integers(1, 5)), int(rng.integers(2, 9))
        cases.append((f"random case {k + 1} ({n} inputs, {m} samples)", rng.normal(size=(n, m)),
                      rng.normal(size=(1, n)), float(rng.uniform(-1, 1))))
    return cases


def perceptron(seed):
    rng = _rng(seed, "perceptron_update")
    if rng is None:
        return []
    cases = []
    for k in range(6):
        n = int(rng.integers(1, 5))
        w, b, x = rng.normal(size=(1, n)), float(rng.normal()), rng.normal(size=(n, 1))
        prediction = float((w @ x + b).item() > 0)
        y = 1.0 - prediction if k < 4 else prediction       # misclassified samples first, then right ones
        cases.append((f"random sample {k + 1} labelled {y:g}", w, b, x, y, float(rng.uniform(0.05, 1.0))))
    return cases


def count(seed):
    rng = _rng(seed, "count_mistakes")
    if rng is None:
        return []
    cases = []
    for k in range(20):
        n, m = int(rng.integers(1, 4)), int(rng.integers(3, 12))
        cases.append((f"random data set {k + 1}", rng.normal(size=(1, n)), float(rng.normal()),
                      rng.normal(size=(n, m)), _labels(rng, m)))
    return cases


def collapse(seed):
    rng = _rng(seed, "collapse_layers")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        n0, n1, n2 = (int(v) for v in rng.integers(1, 6, size=3))
        cases.append((f"{n0} inputs, {n1} hidden units, {n2} outputs (random)",
                      rng.normal(size=(n1, n0)), rng.normal(size=(n1, 1)), rng.normal(size=(n2, n1)),
                      rng.normal(size=(n2, 1))))
    return cases


# ------------------------------------------------------------------ chapter 02
def forward(seed):
    rng = _rng(seed, "forward_pass")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        sizes = [int(v) for v in rng.integers(1, 6, size=int(rng.integers(2, 5)))]
        params = [(1.5 * rng.normal(size=(b, a)), rng.normal(size=(b, 1))) for a, b in zip(sizes[:-1], sizes[1:])]
        m = int(rng.integers(1, 7))
        cases.append((f"a random {sizes} network on {m} samples", params, rng.normal(size=(sizes[0], m))))
    return cases


def architectures(seed):
    rng = _rng(seed, "count_parameters")
    if rng is None:
        return []
    return [[int(v) for v in rng.integers(1, 60, size=int(rng.integers(2, 7)))] for _ in range(8)]


# ------------------------------------------------------------------ chapter 03
def sigmoid_inputs(seed):
    rng = _rng(seed, "sigmoid")
    if rng is None:
        return []
    return [rng.normal(scale=4.0, size=tuple(int(v) for v in rng.integers(1, 6, size=2))) for _ in range(3)]


def gradient(seed):
    rng = _rng(seed, "vectorised_logistic_gradient")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        n, m = int(rng.integers(1, 6)), int(rng.integers(2, 10))
        cases.append((f"n_x = {n} features and m = {m} samples (random)", rng.normal(size=(n, 1)),
                      float(rng.normal()), rng.normal(size=(n, m)), _labels(rng, m)))
    return cases


def cost(seed):
    rng = _rng(seed, "logistic_cost")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        m = int(rng.integers(2, 12))
        cases.append((f"{m} samples (random)", rng.uniform(0.03, 0.97, size=(1, m)), _labels(rng, m)))
    return cases


def predict(seed):
    rng = _rng(seed, "logistic_predict")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        n, m = int(rng.integers(1, 5)), int(rng.integers(2, 10))
        cases.append((f"n_x = {n} features and m = {m} samples (random)", rng.normal(size=(n, 1)),
                      float(rng.normal()), rng.normal(size=(n, m))))
    return cases


# ------------------------------------------------------------------ chapter 04
def output_delta(seed):
    rng = _rng(seed, "output_delta")
    if rng is None:
        return []
    cases = []
    for _ in range(2):
        n, m = int(rng.integers(1, 4)), int(rng.integers(2, 7))
        Y = np.vstack([_labels(rng, m) for _ in range(n)])
        cases.append((f"{n} output units and {m} samples (random)", rng.uniform(0.05, 0.95, size=(n, m)), Y))
    return cases


def dimensions(seed):
    rng = _rng(seed, "dimension_table")
    if rng is None:
        return []
    return [([int(v) for v in rng.integers(1, 40, size=int(rng.integers(2, 6)))], int(rng.integers(1, 50)))
            for _ in range(3)]


def backward(seed):
    rng = _rng(seed, "two_layer_backward")
    if rng is None:
        return []
    cases = []
    for _ in range(2):
        n0, n1, n2 = int(rng.integers(1, 5)), int(rng.integers(1, 6)), int(rng.integers(1, 3))
        m = int(rng.integers(2, 9))
        params = [(rng.normal(size=(n1, n0)), rng.normal(size=(n1, 1))),
                  (rng.normal(size=(n2, n1)), rng.normal(size=(n2, 1)))]
        Y = np.vstack([_labels(rng, m) for _ in range(n2)])
        cases.append((f"a random [{n0}, {n1}, {n2}] network and {m} samples", params,
                      rng.normal(size=(n0, m)), Y))
    return cases


def epochs(seed):
    rng = _rng(seed, "epoch_arithmetic")
    if rng is None:
        return []
    return [(int(rng.integers(1, 100_000)), int(rng.integers(1, 600)), int(rng.integers(1, 20))) for _ in range(6)]


# ------------------------------------------------------------------ chapter 05
def depths(seed):
    rng = _rng(seed, "max_sigmoid_factor")
    return [] if rng is None else [int(v) for v in rng.integers(0, 30, size=4)]


def dead_layers(seed):
    """(description, W, b, X) of a ReLU layer with some units switched off for every sample."""
    rng = _rng(seed, "count_dead_units")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        n, d, m = int(rng.integers(2, 9)), int(rng.integers(1, 4)), int(rng.integers(2, 10))
        b = rng.normal(size=(n, 1))
        b[rng.random((n, 1)) < 0.4] = -60.0
        cases.append((f"{n} units and {m} samples (random)", rng.normal(size=(n, d)), b, rng.normal(size=(d, m))))
    return cases


def init_layers(seed):
    rng = _rng(seed, "init_std")
    if rng is None:
        return []
    return [(int(rng.integers(1, 1000)), int(rng.integers(1, 1000)), str(rng.choice(["xavier", "he"])))
            for _ in range(4)]


# ------------------------------------------------------------------ chapter 06
def stopping(seed):
    rng = _rng(seed, "early_stopping_epochs")
    if rng is None:
        return []
    cases = []
    for _ in range(4):
        n = int(rng.integers(5, 40))
        val = np.round(1.0 + np.cumsum(rng.normal(-0.02, 0.05, size=n)), 6)
        patience = int(rng.integers(1, 8))
        cases.append((f"a random curve of {n} epochs, patience {patience}", val, patience))
    return cases


def l2(seed):
    """(sizes, lam, layer, seed) for networks like those of the visible cases."""
    rng = _rng(seed, "l2_gradient")
    if rng is None:
        return []
    cases = []
    for _ in range(2):
        sizes = [int(rng.integers(1, 6))]
        for _ in range(int(rng.integers(1, 4))):
            sizes.append(int(rng.choice([v for v in range(1, 7) if v != sizes[-1]])))   # W never square
        cases.append((sizes, float(np.round(rng.uniform(0.01, 1.0), 3)), int(rng.integers(0, len(sizes) - 1)),
                      int(rng.integers(0, 2**31))))
    return cases


def dropout(seed):
    rng = _rng(seed, "inverted_dropout")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        n, m = int(rng.integers(1, 6)), int(rng.integers(1, 9))
        p = float(np.round(rng.uniform(0.05, 0.9), 2))
        A = rng.uniform(0.1, 2.0, size=(n, m)) * rng.choice([-1.0, 1.0], size=(n, m))
        cases.append((f"A of shape {(n, m)} with p = {p:g} (random)", A, rng.random((n, m)), p))
    return cases
