"""Checks for chapter 08, real data: handwritten digits."""
from __future__ import annotations

import numbers
import zlib

import numpy as np

from .. import experiments as _experiments
from .. import metrics as _metrics
from ..activations import sigmoid as _sigmoid
from ..activations import softmax as _softmax
from ..experiments import softmax_jacobian as _jacobian
from ..network import MLP as _MLP
from ._core import Check, describe, is_close

__all__ = ["softmax_jacobian", "confusion_counts", "precision_recall_from_confusion", "softmax_regression_step",
           "jacobian_cases", "confusion_cases", "pr_cases", "step_cases", "reference_step"]


def _rng(seed, salt: str):
    """The grader's random cases (``seed`` given): a generator of its own per check, else None."""
    return None if seed is None else np.random.default_rng([int(seed) % 2**63, zlib.crc32(salt.encode())])


# ------------------------------------------------------------ the softmax Jacobian
def jacobian_cases(seed=None):
    """(description, z) columns of scores; one with large scores. With ``seed``, random columns too."""
    rng = np.random.default_rng(8)
    extra = []
    r = _rng(seed, "softmax_jacobian")
    if r is not None:
        extra = [(f"{k} random scores", 3.0 * r.standard_normal((k, 1))) for k in r.integers(2, 11, size=2)]
    return extra + [
        ("z = (1, 2, -1)", np.array([[1.0], [2.0], [-1.0]])),
        ("four random scores", rng.standard_normal((4, 1))),
        ("ten scores, one per digit", 2.0 * rng.standard_normal((10, 1))),
        ("scores in the hundreds, (800, 799, 0)", np.array([[800.0], [799.0], [0.0]])),
    ]


def softmax_jacobian(fn, seed=None):
    """Check ``fn(z) -> J`` (k, k), the Jacobian of softmax at the column ``z`` (k, 1).

    ``J[i, j] = da_i / dz_j = a_i (delta_ij - a_j)``, that is ``diag(a) - a a^T`` with
    ``a = softmax(z)``. Compared with ``coursekit.experiments.softmax_jacobian``, which is
    tested against centred differences.
    """
    c = Check("softmax_jacobian")
    c.function(fn, "your function fn(z)")
    for label, z in jacobian_cases(seed):
        k = z.shape[0]
        out = c.call(fn, z, context=f"z of shape {z.shape} ({label})")
        J = c.array(out, f"J for {label}", (k, k), extra={
            (k,): "that is one number per class, the diagonal only; the Jacobian has a row and a "
                  "column per class, because every score moves every probability.",
            (k, 1): "that is one number per class, the diagonal only; the Jacobian has a row and a "
                    "column per class, because every score moves every probability."},
            none_hint="Did your function forget to `return J`?", finite=False)
        if not np.all(np.isfinite(J)):
            c.fail(f"J for {label} contains NaN or inf: e^z overflows for large scores. Subtract the "
                   "largest score before exponentiating (softmax does not change), or use "
                   "ck.activations.softmax, which does.")
        a = _softmax(z)
        s = _sigmoid(z)
        c.compare(J, _jacobian(z), f"J for {label}", [
            ("only the diagonal is right: raising z_j also lowers every other probability, so the "
             "off-diagonal entries are -a_i a_j, not 0.", np.diagflat(a * (1 - a))),
            ("every sign is flipped: the diagonal entries a_i (1 - a_i) are positive.", a @ a.T - np.diagflat(a)),
            ("the diagonal term is missing: on the diagonal the derivative is a_i (1 - a_i).", -a @ a.T),
            ("it is built from the scores z themselves; build it from the probabilities a = softmax(z).",
             np.diagflat(z) - z @ z.T),
            ("it uses the sigmoid of each score; softmax divides by the sum over all classes.",
             np.diagflat(s) - s @ s.T),
            ("the outer product should be a a^T (a column times a row), not a^T a (one number).",
             np.diagflat(a) - (a.T @ a).item()),
            ("that is diag(a) alone; subtract the outer product a a^T.", np.diagflat(a)),
        ], otherwise="J[i, j] is a_i (1 - a_i) on the diagonal and -a_i a_j off it.")
    c.passed()


# ------------------------------------------------------------ the confusion matrix
def confusion_cases(seed=None):
    """(description, y_true, y_pred, k): asymmetric counts, repeated pairs, an absent class.
    With ``seed``, random labels too (k from 3 to 6, the last class never occurring)."""
    rng = np.random.default_rng(80)
    t = rng.integers(0, 4, 40)
    p = np.where(rng.random(40) < 0.6, t, rng.integers(0, 4, 40))
    extra = []
    r = _rng(seed, "confusion_counts")
    if r is not None:
        k = int(r.integers(3, 7))
        m = int(r.integers(20, 60))
        tr = r.integers(0, k - 1, m)
        pr = np.where(r.random(m) < 0.6, tr, r.integers(0, k - 1, m))
        extra = [(f"{m} random labels with k = {k}", tr, pr, k)]
    return extra + [
        ("six samples of three classes", np.array([0, 0, 1, 1, 2, 2]), np.array([0, 1, 1, 1, 0, 2]), 3),
        ("40 samples of four classes", t, p, 4),
        ("labels 0-3 with k = 5 (class 4 never occurs)", np.array([3, 3, 3, 0, 1, 2, 2]),
         np.array([3, 0, 0, 0, 1, 2, 3]), 5),
    ]


def confusion_counts(fn, seed=None):
    """Check ``fn(y_true, y_pred, k) -> C`` (k, k): ``C[i, j]`` counts samples of true class i
    predicted as j. Labels come as integer vectors (m,). Compared with
    ``coursekit.metrics.confusion_matrix``."""
    c = Check("confusion_counts")
    c.function(fn, "your function fn(y_true, y_pred, k)")
    for label, t, p, k in confusion_cases(seed):
        out = c.call(fn, t, p, k, context=f"y_true and y_pred of shape {t.shape}, k = {k} ({label})")
        if isinstance(out, (numbers.Number, np.generic)) and not isinstance(out, (bool, np.bool_)):
            c.fail("the function returned one number; the confusion matrix has a count for every "
                   "(true class, predicted class) pair.")
        seen = int(max(t.max(), p.max())) + 1
        C = c.array(out, f"C for {label}", (k, k), extra={
            (seen, seen): "a class that never occurs still gets its row and column: make C of "
                          "shape (k, k).",
            (k - 1, k - 1): "it is one row and column short: classes run from 0 to k - 1, so C is (k, k)."},
            none_hint="Did your function forget to `return C`?")
        ref = _metrics.confusion_matrix(t, p, k)
        once = np.zeros((k, k))
        once[t, p] = 1  # fancy-index assignment: a repeated pair lands once
        rows = ref.sum(axis=1, keepdims=True)
        c.compare(C, ref, f"C for {label}", [
            ("rows and columns are swapped: row i is the true class, column j the predicted one.", ref.T),
            ("each (true, predicted) pair was counted at most once. `C[y_true, y_pred] += 1` does that "
             "with repeated pairs; loop over the samples, or use np.add.at.", once),
            ("each row was divided by its total; the confusion matrix holds counts.",
             np.divide(ref, rows, out=np.zeros((k, k)), where=rows > 0)),
            ("only the correct predictions are counted; the mistakes go off the diagonal.",
             np.diag(np.diag(ref))),
        ], otherwise="C[i, j] counts the samples whose true class is i and predicted class is j.")
    c.passed()


# ------------------------------------------------------------ precision and recall
def pr_cases(seed=None):
    """(description, C): confusion matrices with every class both present and predicted.
    With ``seed``, a random one too."""
    extra = []
    r = _rng(seed, "precision_recall_from_confusion")
    if r is not None:
        k = int(r.integers(3, 7))
        C = r.integers(0, 5, (k, k)) + np.diag(r.integers(3, 30, k))
        extra = [(f"a random {k} x {k} matrix", C)]
    return extra + [
        ("C = [[5, 1, 0], [2, 6, 2], [0, 1, 3]]", np.array([[5, 1, 0], [2, 6, 2], [0, 1, 3]])),
        ("a 4 x 4 matrix with uneven classes",
         np.array([[20, 3, 0, 1], [0, 9, 4, 0], [2, 0, 30, 5], [1, 1, 0, 7]])),
    ]


def precision_recall_from_confusion(fn, seed=None):
    """Check ``fn(C) -> (precision, recall)``, two arrays (k,): per-class precision (diagonal
    over column sums: of the samples predicted c, the fraction that are c) and recall (diagonal
    over row sums). Compared with ``coursekit.metrics.precision_recall``."""
    c = Check("precision_recall_from_confusion")
    c.function(fn, "your function fn(C)")
    for label, C in pr_cases(seed):
        k = C.shape[0]
        out = c.call(fn, C, context=f"C of shape {C.shape} ({label})")
        if out is None:
            c.fail("the function returned None. Did it forget to `return precision, recall`?")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return the pair (precision, recall); got {describe(out)}.")
        shape_hints = {(k, 1): "one number per class in a flat array (k,); sum with axis=0 or "
                               "axis=1 and no keepdims.",
                       (1, k): "one number per class in a flat array (k,); sum with axis=0 or "
                               "axis=1 and no keepdims.",
                       (): "one number per class, not an average over the classes."}
        prec = c.array(out[0], f"precision for {label}", (k,), extra=shape_hints)
        rec = c.array(out[1], f"recall for {label}", (k,), extra=shape_hints)
        t = np.repeat(np.arange(k).repeat(k), C.ravel())   # rebuild labels from the counts
        p = np.repeat(np.tile(np.arange(k), k), C.ravel())
        ref_p, ref_r = _metrics.precision_recall(t, p, k)
        if np.allclose(prec, ref_r) and np.allclose(rec, ref_p):
            c.fail(f"precision and recall are swapped for {label}: precision divides by what was "
                   "predicted (a column), recall by what is true (a row).")
        diag, total = np.diag(C).astype(float), C.sum()
        for got, ref, what in ((prec, ref_p, "precision"), (rec, ref_r, "recall")):
            c.compare(got, ref, f"{what} for {label}", [
                ("it divides by all the samples; divide by the column's total for precision and the "
                 "row's total for recall.", diag / total),
                ("that is the share of mistakes; take the diagonal (the correct ones) over the total.",
                 1 - ref),
                ("it is the same number for every class, the accuracy; each class has its own.",
                 np.full(k, diag.sum() / total)),
                ("it divides by the wrong total: precision uses the column (predicted c), recall the "
                 "row (truly c).", ref_r if what == "precision" else ref_p),
            ], otherwise=f"{what} of class c is C[c, c] over the {'column' if what == 'precision' else 'row'} "
                         "total of class c.")
    c.passed()


# ------------------------------------------------------------ softmax regression, one step
def step_cases(seed=None):
    """(description, W, b, X, Y, lr): mini-batches of real digits, weights fixed by a seed.

    W is (10, 64), never square, so a transposed gradient has the wrong shape; b is not zero
    and the batches do not hold every class equally, so a missing bias update or a wrong
    normalisation shows.
    """
    split = _experiments.digits_split()
    cases = []
    settings = [(80, 32, 0.5), (81, 7, 0.1)]
    r = _rng(seed, "softmax_regression_step")
    if r is not None:
        settings.append((int(r.integers(0, 2**31)), int(r.integers(3, 40)), float(np.round(r.uniform(0.05, 1.0), 2))))
    for case_seed, m, lr in settings:
        rng = np.random.default_rng(case_seed)
        idx = rng.choice(split.X_train.shape[1], size=m, replace=False)
        W = 0.1 * rng.standard_normal((10, 64))
        b = 0.1 * rng.standard_normal((10, 1))
        cases.append((f"a batch of {m} digits with learning rate {lr}", W, b, split.X_train[:, idx],
                      split.Y_train[:, idx], lr))
    return cases


def reference_step(W, b, X, Y, lr):
    """One gradient step of softmax regression, by coursekit's tested network."""
    net = _MLP([64, 10], output_activation="softmax", loss="ce")
    net.set_params([(W.copy(), b.copy())])
    net.forward(X)
    (dW, db), = net.backward(Y)
    return W - lr * dW, b - lr * db


def softmax_regression_step(fn, seed=None):
    """Check ``fn(W, b, X, Y, lr) -> (W_new, b_new)``: one gradient-descent step of softmax
    regression on a mini-batch (A = softmax(W X + b) column by column, dZ = A - Y,
    dW = dZ X^T / m, db = the mean of dZ over the samples). Compared with a coursekit
    ``MLP([64, 10], output_activation="softmax", loss="ce")`` taking the same step."""
    c = Check("softmax_regression_step")
    c.function(fn, "your function fn(W, b, X, Y, lr)")
    for label, W, b, X, Y, lr in step_cases(seed):
        m = X.shape[1]
        out = c.call(fn, W, b, X, Y, lr, context=f"W {W.shape}, b {b.shape}, X {X.shape}, Y {Y.shape} ({label})")
        if out is None:
            c.fail("the function returned None. Did it forget to `return W_new, b_new`?")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return the pair (W_new, b_new); got {describe(out)}.")
        W_new = c.array(out[0], f"W_new for {label}", W.shape)
        b_new = c.array(out[1], f"b_new for {label}", b.shape, extra={
            (10,): "keep b a column (10, 1): sum or average with keepdims=True."})
        ref_W, ref_b = reference_step(W, b, X, Y, lr)
        A = _softmax(W @ X + b)
        dZ = A - Y
        if is_close(W_new, W) and is_close(b_new, b):
            c.fail(f"nothing changed for {label}: the step must move W and b against the gradient.")
        rows = np.exp(W @ X + b - (W @ X + b).max(axis=1, keepdims=True))
        A_rows = rows / rows.sum(axis=1, keepdims=True)            # softmax across samples: wrong axis
        c.compare(W_new, ref_W, f"W_new for {label}", [
            ("it moves uphill: subtract the learning rate times the gradient.", W + lr * dZ @ X.T / m),
            ("the gradient is missing its 1/m: average over the samples of the batch.", W - lr * dZ @ X.T),
            ("it multiplies by a(1 - a) as for a sigmoid; with softmax and cross-entropy the output "
             "error is simply A - Y.", W - lr * (dZ * A * (1 - A)) @ X.T / m),
            ("softmax must normalise each column (one sample's ten scores), not each row.",
             W - lr * (A_rows - Y) @ X.T / m),
            ("the learning rate is missing.", W - dZ @ X.T / m),
            ("it returns the gradient dW, not the updated weights W - lr dW.", dZ @ X.T / m),
            ("it uses the sigmoid of each score; softmax divides by the sum over the ten classes.",
             W - lr * (_sigmoid(W @ X + b) - Y) @ X.T / m),
        ], otherwise="W_new is W - lr dZ X^T / m with dZ = softmax(W X + b) - Y.")
        c.compare(b_new, ref_b, f"b_new for {label}", [
            ("the bias did not move: it has a gradient too, the mean of dZ over the samples.", b),
            ("the bias gradient is missing its 1/m: average dZ over the samples, do not sum.",
             b - lr * dZ.sum(axis=1, keepdims=True)),
            ("it moves uphill: subtract the learning rate times the gradient.", b + lr * dZ.mean(axis=1, keepdims=True)),
        ], otherwise="b_new is b - lr times the mean of dZ over the samples (one value per class).")
    c.passed()
