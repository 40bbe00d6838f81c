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
``xor_min_mistakes``, ``xor_by_hand``, ``parity_weights``, ``logistic_gradient_by_hand``,
``deltas_by_hand``, ``causes_and_remedies``, ``overfitting_remedies``) have no inputs to draw:
they take no seed. ``schedule_within_budget`` judges a value too, but one that is run on random
noise; its seed draws fresh noise (:func:`bowl_noise`).
"""
from __future__ import annotations

import zlib

import numpy as np

from ..experiments import cross_validate_penalty as _cross_validate
from ..experiments import polynomial_data as _polynomial_data

__all__ = [
    "adam", "architectures", "backward", "bowl_noise", "collapse", "cost", "count", "cv_problems",
    "dead_layers", "deep_networks", "depths", "dimensions", "dropout", "epochs", "forward",
    "gradient", "init_layers", "l2", "logistic_training", "momentum", "output_delta", "perceptron",
    "perceptron_training", "predict", "residual_blocks", "sigmoid_inputs", "step", "stopping",
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


def perceptron_training(seed):
    """(description, X, Y, learning_rate, epochs): random points labelled by a random line (the
    rule converges, sooner or later) or at random (it may never)."""
    rng = _rng(seed, "train_perceptron")
    if rng is None:
        return []
    cases = []
    for k in range(3):
        n, m = int(rng.integers(1, 4)), int(rng.integers(3, 9))
        X = rng.normal(size=(n, m))
        Y = (rng.normal(size=(1, n)) @ X + rng.normal(scale=0.5) > 0).astype(float) if k < 2 else _labels(rng, m)
        cases.append((f"{m} random samples with {n} input{'s' if n > 1 else ''}", X, Y,
                      float(np.round(rng.uniform(0.1, 1.5), 2)), int(rng.integers(3, 15))))
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


def logistic_training(seed):
    """(description, X, Y, learning_rate, iterations) for ``train_logistic``."""
    rng = _rng(seed, "train_logistic")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        n, m = int(rng.integers(1, 4)), int(rng.integers(4, 16))
        cases.append((f"{m} random samples with {n} feature{'s' if n > 1 else ''}", rng.normal(size=(n, m)),
                      _labels(rng, m), float(np.round(rng.uniform(0.1, 2.0), 2)), int(rng.integers(1, 15))))
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


def deep_networks(seed):
    """(description, params, X, Y): sigmoid networks of 1 to 3 layers of weights, several outputs
    at times, biases small as in the visible cases."""
    rng = _rng(seed, "deep_backward")
    if rng is None:
        return []
    cases = []
    for _ in range(2):
        sizes = [int(v) for v in rng.integers(1, 5, size=int(rng.integers(2, 5)))]
        m = int(rng.integers(2, 8))
        params = [(rng.normal(size=(b, a)), 0.3 * rng.normal(size=(b, 1))) for a, b in zip(sizes[:-1], sizes[1:])]
        Y = np.vstack([_labels(rng, m) for _ in range(sizes[-1])])
        cases.append((f"a random {sizes} network and {m} samples", params, rng.normal(size=(sizes[0], m)), Y))
    return cases


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


def residual_blocks(seed):
    """(description, W, Z, E_next, activation): m never equals n, so a transposed answer shows,
    and Z mixes signs, so ReLU's slope is neither all 0 nor all 1."""
    rng = _rng(seed, "residual_error")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        n = int(rng.integers(2, 6))
        m = int(rng.choice([v for v in range(1, 8) if v != n]))
        act = str(rng.choice(["sigmoid", "tanh", "relu"]))
        cases.append((f"a block of {n} {act} units and {m} samples (random)", rng.normal(size=(n, n)),
                      rng.normal(size=(n, m)), rng.normal(size=(n, m)), act))
    return cases


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


def cv_problems(seed):
    """(description, x, y, degree, lambdas, k): noisy sines with m a multiple of k and penalties
    a factor of 10 apart, in random order. A draw whose two best penalties score within 0.1 % of
    each other is drawn again: which one wins there could turn on round-off."""
    rng = _rng(seed, "cross_validated_penalty")
    if rng is None:
        return []
    cases = []
    while len(cases) < 2:
        k = int(rng.integers(2, 6))
        n, degree = k * int(rng.integers(3, 6)), int(rng.integers(2, 10))
        lams = rng.permutation(np.concatenate([[0.0], 10.0 ** np.arange(-5, 1)]))[: int(rng.integers(3, 6))]
        x, y = _polynomial_data(n, float(np.round(rng.uniform(0.05, 0.3), 2)), int(rng.integers(0, 2**31)))
        best, second = np.sort(_cross_validate(x, y, degree, lams, k)[1])[:2]
        if second - best > 1e-3 * best:
            cases.append((f"{n} random points, degree {degree}, {len(lams)} penalties and k = {k}", x, y, degree,
                          lams, k))
    return cases


# ------------------------------------------------------------------ chapter 07
def _not_square(rng):
    rows = int(rng.integers(1, 6))
    return rows, int(rng.choice([v for v in range(1, 6) if v != rows]))


def momentum(seed):
    """(description, theta, velocity, g, lr, momentum): lr stays below 0.05 <= 1 - momentum, so the
    averaged form (1 - momentum) g never coincides with lr g."""
    rng = _rng(seed, "momentum_update")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        shape = _not_square(rng)
        theta, velocity, g = (rng.normal(size=shape) for _ in range(3))
        cases.append((f"a random {shape} parameter", theta, velocity, g, float(np.round(rng.uniform(0.005, 0.04), 3)),
                      float(np.round(rng.uniform(0.5, 0.95), 2))))
    return cases


def adam(seed):
    """(description, theta, m, v, g, t, lr, betas): moments as earlier steps leave them (v > 0)."""
    rng = _rng(seed, "adam_step")
    if rng is None:
        return []
    cases = []
    for _ in range(3):
        shape = _not_square(rng)
        theta, m, g = (rng.normal(size=shape) for _ in range(3))
        betas = (float(np.round(rng.uniform(0.8, 0.95), 3)), float(np.round(rng.uniform(0.95, 0.9999), 4)))
        cases.append((f"a random {shape} parameter", theta, 0.1 * m, m ** 2 + 0.5 * g ** 2, g,
                      int(rng.integers(1, 30)), float(10 ** rng.uniform(-3, -1)), betas))
    return cases


def bowl_noise(seed):
    """Seeds of fresh noise for the noisy bowl: 20 draws of its 400 runs."""
    rng = _rng(seed, "schedule_within_budget")
    return [] if rng is None else [int(v) for v in rng.integers(1, 2**31, size=20)]
