"""Checks for chapter 03, logistic regression."""
from __future__ import annotations


import numpy as np

from .. import activations as _act
from .. import losses as _losses
from ..regression import logistic_regression as _reference
from ..regression import logistic_gradient as _logistic_gradient
from . import random_cases as _random
from ._core import Check, describe

__all__ = [
    "SIGMOID_GRID", "SIGMOID_COLUMN", "sigmoid", "gradient_cases", "vectorised_logistic_gradient",
    "cost_cases", "logistic_cost", "predict_cases", "logistic_predict", "HAND_X", "HAND_W",
    "HAND_B", "HAND_Y", "logistic_gradient_by_hand", "train_logistic", "train_variant",
    "training_cases",
]


SIGMOID_GRID = np.array([[-6.0, -3.0, -1.5, -0.5, 0.0], [0.5, 1.5, 3.0, 6.0, 10.0]])  # increasing in order
SIGMOID_COLUMN = np.array([[-2.0], [0.25], [4.0]])
_SIGMOID_LARGE = np.array([[-1000.0, -50.0, 50.0, 1000.0]])


def sigmoid(fn, seed=None):
    """Check ``fn(Z)``, the sigmoid ``1 / (1 + e^-z)`` applied to every entry of ``Z``.

    ``Z`` is an array of any shape (here ``(2, 5)``, ``(3, 1)``, ``(1, 4)``);
    ``fn`` returns an array of the same shape, finite even for |z| = 1000.
    """
    c = Check("sigmoid")
    c.function(fn, "your sigmoid function")
    Z = SIGMOID_GRID
    s = c.array(c.call(fn, Z, context=f"Z of shape {Z.shape}"), "sigmoid(Z)", Z.shape,
                extra={(): "apply it to every entry, with numpy's elementwise functions (np.exp)."})
    z_flat, s_flat = Z.ravel(), s.ravel()
    if np.any((s < 0) | (s > 1)):
        j = int(np.flatnonzero((s_flat < 0) | (s_flat > 1))[0])
        c.fail(f"sigmoid's values lie between 0 and 1; at z = {z_flat[j]:g} yours is outside that range.")
    if np.all(np.diff(s_flat) <= 0):
        c.fail("your function decreases as z grows; the sigmoid increases. Check the sign inside exp.")
    if not np.all(np.diff(s_flat) >= 0):
        j = int(np.flatnonzero(np.diff(s_flat) < 0)[0])
        c.fail(f"the sigmoid increases everywhere; yours goes down between z = {z_flat[j]:g} and "
               f"z = {z_flat[j + 1]:g}.")
    s_neg = c.array(c.call(fn, -Z, context=f"Z of shape {Z.shape}"), "sigmoid(-Z)", Z.shape)
    # A loose tolerance: 1 - s loses digits where s is near 1, and the exact comparison follows.
    if not np.allclose(s_neg, 1.0 - s, rtol=0.0, atol=1e-6):
        c.fail("it is not symmetric: sigmoid(-z) must equal 1 - sigmoid(z), and yours does not "
               "(a shifted curve, or the wrong constant?).")
    ref = _act.sigmoid(Z)
    bad = int(np.argmax(np.abs(s - ref).ravel()))
    c.compare(s, ref, "sigmoid(Z)", otherwise=f"at z = {z_flat[bad]:g} your value is "
              f"{'too large' if s_flat[bad] > ref.ravel()[bad] else 'too small'}.")
    Z = SIGMOID_COLUMN
    c.compare(c.array(c.call(fn, Z, context=f"Z of shape {Z.shape}"), "sigmoid(Z) for a column Z", Z.shape),
              _act.sigmoid(Z), "sigmoid(Z) for a column Z")
    Z = _SIGMOID_LARGE
    s = c.array(c.call(fn, Z, context=f"Z of shape {Z.shape} with |z| up to 1000"),
                "sigmoid(Z) for large |z|", Z.shape, finite=False)
    if not np.all(np.isfinite(s)):
        j = int(np.flatnonzero(~np.isfinite(s.ravel()))[0])
        c.fail(f"at z = {Z.ravel()[j]:g} your sigmoid gives {s.ravel()[j]} because exp overflowed. "
               "Arrange the formula so that an overflowing exp ends up in a denominator.")
    c.compare(s, _act.sigmoid(Z), "sigmoid(Z) for large |z|")
    for Z in _random.sigmoid_inputs(seed):
        c.compare(c.array(c.call(fn, Z, context=f"Z of shape {Z.shape}"), f"sigmoid(Z) for a random Z of shape "
                          f"{Z.shape}", Z.shape), _act.sigmoid(Z), f"sigmoid(Z) for a random Z of shape {Z.shape}")
    c.passed()


def gradient_cases():
    """(description, w, b, X, Y) for :func:`vectorised_logistic_gradient`, fixed by a seed."""
    rng = np.random.default_rng(5)
    return [
        ("n_x = 3 features and m = 8 samples", rng.normal(size=(3, 1)), 0.3, rng.normal(size=(3, 8)),
         np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])),
        ("n_x = 4 features and m = 5 samples", rng.normal(size=(4, 1)), -0.7, rng.normal(size=(4, 5)),
         np.array([[1.0, 1.0, 0.0, 1.0, 0.0]])),
        ("one feature and one sample", np.array([[0.5]]), 0.2, np.array([[1.5]]), np.array([[1.0]])),
    ]


def vectorised_logistic_gradient(fn, seed=None):
    """Check ``fn(w, b, X, Y) -> (dw, db)``, the gradient of logistic regression's cost.

    ``w`` is a column ``(n_x, 1)``, ``b`` a float, ``X`` is ``(n_x, m)`` with
    one sample per column and ``Y`` is ``(1, m)`` of 0/1 labels. With
    ``A = sigmoid(w^T X + b)`` and the mean cross-entropy cost,
    ``dw = X (A - Y)^T / m`` of shape ``(n_x, 1)`` and ``db = mean(A - Y)``, a
    number (a one-entry array is fine). Compared with
    ``coursekit.regression.logistic_gradient``. A check cannot see whether the
    code loops; the chapter's timing cell shows why it should not.
    """
    c = Check("vectorised_logistic_gradient")
    c.function(fn, "your gradient function fn(w, b, X, Y)")
    for label, w, b, X, Y in gradient_cases() + _random.gradient(seed):
        (n, m), where = X.shape, f" for {label}"
        out = c.call(fn, w, b, X, Y, context=f"w of shape {w.shape}, b = {b:g}, X of shape {X.shape}, "
                                             f"Y of shape {Y.shape}")
        if isinstance(out, (tuple, list)) and len(out) == 3:
            c.fail("the function returns three things; return just the pair (dw, db).")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return the pair (dw, db); got {describe(out)}.")
        dw = c.array(out[0], "dw" + where, (n, 1), extra={
            (n, m): "one column per sample. Add the samples' contributions up (a matrix product with "
                    "dZ.T does that) and divide by m."})
        db = c.number(out[1], "db" + where, extra={
            (1, m): "That is one value per sample: db is their mean."})
        ref_dw, ref_db, _ = _logistic_gradient(w, b, X, Y)
        Zl = w.T @ X + b
        A = _act.sigmoid(Zl)
        A0 = _act.sigmoid(w.T @ X)
        dZ_mse, dZ_lin = (A - Y) * A * (1 - A), Zl - Y   # two wrong derivatives
        common = [
            ("the sign is flipped. For the cross-entropy cost dZ = A - Y, prediction minus label.", -1.0),
            ("it is m times too large. The cost is a mean over the samples, so divide by m.", m),
            ("off by one: divide by m, the number of samples.", m / (m - 1) if m > 1 else None),
        ]
        dw_alts = [(hint, None if f is None else f * ref_dw) for hint, f in common] + [
            ("it is divided by the number of features, not the number of samples m.",
             ref_dw * m / n if n != m else None),
            ("it does not change with b: z = wᵀx + b includes the bias.", X @ (A0 - Y).T / m),
            ("that is the derivative of the squared error. With the cross-entropy cost, the sigmoid's "
             "derivative cancels and dL/dz = a - y.", X @ dZ_mse.T / m),
            ("it uses z where a = sigmoid(z) belongs: dZ = A - Y.", X @ dZ_lin.T / m),
        ]
        c.compare(dw, ref_dw, "dw" + where, dw_alts)
        db_alts = [(hint, None if f is None else f * ref_db) for hint, f in common] + [
            ("it does not change with b: z = wᵀx + b includes the bias.", float(np.mean(A0 - Y))),
            ("that is the derivative of the squared error. With the cross-entropy cost, the sigmoid's "
             "derivative cancels and dL/dz = a - y.", float(np.mean(dZ_mse))),
            ("it uses z where a = sigmoid(z) belongs: dZ = A - Y.", float(np.mean(dZ_lin))),
        ]
        c.compare(db, ref_db, "db" + where, db_alts)
    c.passed()


# ------------------------------------------------------------------ the cost
def cost_cases():
    """(description, A, Y) for :func:`logistic_cost`: predictions strictly inside (0, 1)."""
    rng = np.random.default_rng(31)
    return [
        ("6 samples", rng.uniform(0.05, 0.95, size=(1, 6)), np.array([[1.0, 0.0, 0.0, 1.0, 1.0, 0.0]])),
        ("9 samples", rng.uniform(0.02, 0.98, size=(1, 9)),
         np.array([[0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0]])),
        ("one sample labelled 0", np.array([[0.3]]), np.array([[0.0]])),
    ]


def logistic_cost(fn, seed=None):
    """Check ``fn(A, Y)``, the cross-entropy cost of logistic regression.

    ``A`` is ``(1, m)`` of predictions strictly between 0 and 1, ``Y`` is
    ``(1, m)`` of 0/1 labels. ``fn`` returns one number,
    ``J = -(1/m) sum(y log a + (1 - y) log(1 - a))`` with the natural log (a
    float, a numpy scalar or a one-entry array). Compared with
    ``coursekit.losses.bce``.
    """
    c = Check("logistic_cost")
    c.function(fn, "your cost function fn(A, Y)")
    for label, A, Y in cost_cases() + _random.cost(seed):
        m, where = A.shape[1], f" for {label}"
        out = c.call(fn, A, Y, context=f"A of shape {A.shape} and Y of shape {Y.shape}")
        if isinstance(out, (list, tuple)):
            c.fail(f"the cost{where} must be one number; got {describe(out)}.")
        J = c.number(out, "the cost" + where, extra={
            (1, m): "that is one loss per sample; the cost J is their mean.",
            (m, m): "a (1, m) row combined with an (m, 1) column broadcasts to a square. Keep A and Y "
                    "as they come, both (1, m)."})
        ref = _losses.bce(A, Y)
        if J < 0:
            c.fail(f"the cost{where} is negative. log a and log(1 - a) are negative for a between 0 and "
                   "1, so the sum needs the minus sign in front to make the cost positive.")
        y_term = float(-np.mean(Y * np.log(A)))
        not_y_term = float(-np.mean((1 - Y) * np.log(1 - A)))
        c.compare(J, ref, "the cost" + where, [
            ("it is m times too large: the cost J is the mean of the per-sample losses, so divide the "
             "sum by m.", ref * m),
            ("off by one: divide by m, the number of samples.", ref * m / (m - 1) if m > 1 else None),
            ("y and 1 - y are swapped: a label y = 1 must be judged by log a, the log of the predicted "
             "probability of class 1.", float(-np.mean(Y * np.log(1 - A) + (1 - Y) * np.log(A)))),
            ("it is the right formula with the wrong logarithm: use the natural log, np.log "
             "(not np.log10 or np.log2).", ref / np.log(10)),
            ("it is the right formula with the wrong logarithm: use the natural log, np.log "
             "(not np.log10 or np.log2).", ref / np.log(2)),
            ("that is the squared error. Logistic regression's cost is the cross-entropy "
             "-(y log a + (1 - y) log(1 - a)).", float(np.mean((A - Y) ** 2) / 2)),
            ("that is the squared error. Logistic regression's cost is the cross-entropy "
             "-(y log a + (1 - y) log(1 - a)).", float(np.mean((A - Y) ** 2))),
            ("that is the mean absolute error. Logistic regression's cost is the cross-entropy "
             "-(y log a + (1 - y) log(1 - a)).", float(np.mean(np.abs(A - Y)))),
            ("only the y log a term is there: samples labelled 0 need (1 - y) log(1 - a).",
             y_term if not_y_term > 0 else None),
            ("only the (1 - y) log(1 - a) term is there: samples labelled 1 need y log a.",
             not_y_term if y_term > 0 else None),
            ("a (1, m) row combined with an (m, 1) column broadcasts to a square, pairing every label "
             "with every prediction. Keep A and Y as they come, both (1, m).",
             float(-np.mean(Y.T * np.log(A) + (1 - Y.T) * np.log(1 - A))) if m > 1 else None),
        ], otherwise="check each piece: the minus sign, both terms y log a and (1 - y) log(1 - a), the "
                     "natural log, and the mean over the m samples.")
    c.passed()


# --------------------------------------------------------------- predictions
def predict_cases():
    """(description, w, b, X) for :func:`logistic_predict`, fixed by a seed."""
    rng = np.random.default_rng(17)
    return [
        ("n_x = 2 features and m = 10 samples", rng.normal(size=(2, 1)), 0.4, rng.normal(size=(2, 10))),
        ("n_x = 3 features and m = 6 samples", rng.normal(size=(3, 1)), -0.8, rng.normal(size=(3, 6))),
        # z = x1 - x2 is exactly 0 for the first two samples: there y_hat = 0.5, which predicts 1.
        ("samples where y_hat is exactly 0.5", np.array([[1.0], [-1.0]]), 0.0,
         np.array([[1.0, 2.0, 0.0, 1.0], [1.0, 2.0, 1.0, 0.0]])),
    ]


def logistic_predict(fn, seed=None):
    """Check ``fn(w, b, X)``: logistic regression's labels, 1 where ``sigmoid(w^T x + b) >= 0.5``.

    ``w`` is a column ``(n_x, 1)``, ``b`` a float, ``X`` is ``(n_x, m)``;
    ``fn`` returns ``(1, m)`` of 0/1 labels (bool or numbers). Compared with
    a threshold of 0.5 on ``coursekit.activations.sigmoid``.
    """
    c = Check("logistic_predict")
    c.function(fn, "your prediction function fn(w, b, X)")
    cases = predict_cases() + _random.predict(seed)
    outputs = []
    for label, w, b, X in cases:
        m = X.shape[1]
        out = c.call(fn, w, b, X, context=f"w of shape {w.shape}, b = {b:g} and X of shape {X.shape}")
        p = c.array(out, f"the predictions for {label}", (1, m), allow_bool=True, extra={
            (m, m): "a (1, m) row combined with an (m, 1) column broadcasts to a square; check the "
                    "shapes in w^T X + b."})
        if not np.all((p == 0) | (p == 1)):
            if np.all((p > 0) & (p < 1)):
                c.fail(f"the predictions for {label} lie strictly between 0 and 1: those are the "
                       "probabilities y_hat. Turn them into labels 0 or 1 with the threshold 0.5.")
            c.fail(f"the predictions for {label} hold values other than 0 and 1; a label is 0 or 1.")
        outputs.append(p)
    got = np.hstack(outputs)
    z = [w.T @ X + b for _, w, b, X in cases]
    joined = lambda arrays: np.hstack(arrays)
    ref = joined([(_act.sigmoid(zi) >= 0.5).astype(np.float64) for zi in z])
    c.compare(got, ref, "the predictions", [
        ("they do not change with b: z = wᵀx + b includes the bias.",
         joined([(_act.sigmoid(w.T @ X) >= 0.5).astype(np.float64) for _, w, b, X in cases])),
        ("the bias enters with the wrong sign: z = wᵀx + b.",
         joined([(_act.sigmoid(w.T @ X - b) >= 0.5).astype(np.float64) for _, w, b, X in cases])),
        ("every label is the opposite of what it should be: predict 1 where y_hat = sigmoid(z) is at "
         "least 0.5.", 1.0 - ref),
        ("where y_hat is exactly 0.5 (z = 0) your prediction is 0; the rule is y_hat >= 0.5 -> 1. "
         "(np.round also rounds 0.5 down to 0.)",
         joined([(_act.sigmoid(zi) > 0.5).astype(np.float64) for zi in z])),
        ("the threshold 0.5 applies to y_hat = sigmoid(z), not to z itself.",
         joined([(zi >= 0.5).astype(np.float64) for zi in z])),
    ], otherwise="compute y_hat = sigmoid(wᵀx + b) for every column of X and compare it with 0.5.")
    c.passed()


# ------------------------------------------------------- a gradient by hand
#: The one sample of the exercise "a gradient by hand": x (2, 1), w (2, 1), b, y.
HAND_X = np.array([[1.0], [2.0]])
HAND_W = np.array([[0.5], [-0.75]])
HAND_B = 0.25
HAND_Y = 1.0


def _hand_reference():
    """(z, a, dz, dw, db) for the sample above, from coursekit's tested gradient."""
    z = float((HAND_W.T @ HAND_X).item() + HAND_B)
    a = float(_act.sigmoid(np.array(z)))
    dw, db, _ = _logistic_gradient(HAND_W, HAND_B, HAND_X, np.array([[HAND_Y]]))
    return z, a, a - HAND_Y, dw, db


def logistic_gradient_by_hand(z, a, dz, dw, db):
    """Check one sample's forward and backward pass through logistic regression, step by step.

    The sample is ``x = (1, 2)`` as a column, with ``w = (0.5, -0.75)`` as a
    column, ``b = 0.25`` and label ``y = 1`` (``HAND_X``, ``HAND_W``,
    ``HAND_B``, ``HAND_Y``). ``z``, ``a``, ``dz`` and ``db`` are numbers;
    ``dw`` is a column ``(2, 1)``. Each is judged in order, so the first wrong
    step is the one named.
    """
    c = Check("logistic_gradient_by_hand")
    ref_z, ref_a, ref_dz, ref_dw, ref_db = _hand_reference()
    x, w, b, y = HAND_X, HAND_W, HAND_B, HAND_Y
    wx = float((w.T @ x).item())
    assign = "Assign it in the exercise cell."
    z = c.number(z, "z", none_hint=assign)
    c.compare(z, ref_z, "z", [
        ("it leaves out the bias: z = w1 x1 + w2 x2 + b.", wx),
        ("the bias enters with the wrong sign: z = w1 x1 + w2 x2 + b.", wx - b),
        ("it multiplies each weight by the wrong input: w1 goes with x1 and w2 with x2.",
         float(w[0, 0] * x[1, 0] + w[1, 0] * x[0, 0] + b)),
    ], otherwise="z = w1 x1 + w2 x2 + b, the weighted sum of the inputs plus the bias.")
    a = c.number(a, "a", none_hint=assign)
    c.compare(a, ref_a, "a", [
        ("that is 1 - sigmoid(z), the probability of class 0: check the sign in the exponent, "
         "sigmoid(z) = 1 / (1 + e^(-z)).", 1.0 - ref_a),
        ("that is the sigmoid's derivative a (1 - a), not the sigmoid itself.", ref_a * (1 - ref_a)),
        ("a is sigmoid(z) = 1 / (1 + e^(-z)), not e^(-z) alone.", float(np.exp(-ref_z))),
    ], otherwise="a = sigmoid(z) = 1 / (1 + e^(-z)); use your z.")
    dz = c.number(dz, "dz", none_hint=assign)
    c.compare(dz, ref_dz, "dz", [
        ("the sign is flipped: for the cross-entropy loss dz = a - y, prediction minus label.", -ref_dz),
        ("that is the squared error's dz, (a - y) a (1 - a). With the cross-entropy loss the "
         "sigmoid's derivative cancels and dz = a - y.", ref_dz * ref_a * (1 - ref_a)),
        ("it uses z where a belongs: dz = a - y.", ref_z - y),
    ], otherwise="dz = a - y, the prediction minus the label.")
    dw = c.array(dw, "dw", (2, 1), none_hint=assign)
    c.compare(dw, ref_dw, "dw", [
        ("the sign is flipped: dw = x dz, with dz = a - y.", -ref_dw),
        ("it is missing the inputs: each weight's gradient is its input times dz, dw_j = x_j dz.",
         np.full((2, 1), ref_dz)),
        ("it multiplies dz by the weights; each weight's gradient is its *input* times dz, "
         "dw_j = x_j dz.", w * ref_dz),
        ("it multiplies x by a; the gradient is x times dz = a - y.", x * ref_a),
        ("it swaps the two entries: dw_1 = x_1 dz goes first.", ref_dw[::-1]),
    ], otherwise="dw = x dz: each weight's gradient is its own input times dz.")
    db = c.number(db, "db", none_hint=assign)
    c.compare(db, ref_db, "db", [
        ("the sign is flipped: db = dz.", -ref_db),
        ("the bias's input is the constant 1, so db = 1 * dz, not a sum over the inputs.",
         float(np.sum(x) * ref_dz)),
        ("db is dz, not a: the bias's gradient is 1 * (a - y).", ref_a),
        ("the bias has a gradient too: it learns like a weight whose input is always 1.", 0.0),
    ], otherwise="db = dz: the bias acts like a weight whose input is always 1.")
    c.passed()


# ------------------------------------------------------------------ the whole training loop
def training_cases():
    """(description, X, Y, learning_rate, iterations) for :func:`train_logistic`, fixed by a seed."""
    rng = np.random.default_rng(47)
    X2 = rng.normal(size=(2, 30))
    Y2 = (X2[0:1] + 0.5 * X2[1:2] + 0.3 * rng.normal(size=(1, 30)) > 0).astype(float)
    X3 = rng.normal(size=(3, 12))
    Y3 = (rng.random((1, 12)) < 0.5).astype(float)
    X1 = np.linspace(-2.0, 3.0, 9)[None, :]
    Y1 = (X1 > 0.4).astype(float)
    return [("30 samples with 2 features", X2, Y2, 0.5, 20),
            ("12 samples with 3 features", X3, Y3, 1.0, 7),
            ("9 samples with 1 feature", X1, Y1, 2.0, 12),
            ("a single iteration", X2, Y2, 0.1, 1)]


def train_variant(X, Y, learning_rate, iterations, *, scale=1.0, update_b=True, sign=1.0, dz="ce",
                   once=False, cost_after=False, cost="ce"):
    """Gradient descent for logistic regression from zeros, with one thing changed for the hints."""
    m = X.shape[1]
    w, b = np.zeros((X.shape[0], 1)), 0.0
    costs, grads = [], None

    def cost_of(w, b):
        A = _act.sigmoid(w.T @ X + b)
        if cost == "mse":
            return float(np.mean((A - Y) ** 2) / 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))

    for _ in range(iterations):
        A = _act.sigmoid(w.T @ X + b)
        if not cost_after:
            costs.append(cost_of(w, b))
        if grads is None or not once:
            dZ = A - Y if dz == "ce" else (A - Y) * A * (1 - A)
            grads = (scale * X @ dZ.T / m, scale * float(np.sum(dZ)) / m)
        w = w - sign * learning_rate * grads[0]
        b = b - sign * learning_rate * grads[1] if update_b else b
        if cost_after:
            costs.append(cost_of(w, b))
    return w, b, np.array(costs)


def train_logistic(fn, seed=None):
    """Check ``fn(X, Y, learning_rate, iterations) -> (w, b, costs)``: logistic regression by
    gradient descent from ``w = 0``, ``b = 0``.

    ``X`` is ``(n_x, m)``, ``Y`` is ``(1, m)`` of 0/1 labels. Each iteration records the
    cross-entropy cost of the current weights, then takes one step
    ``w := w - alpha dw``, ``b := b - alpha db``. ``w`` is ``(n_x, 1)``, ``b`` a number and
    ``costs`` holds one cost per iteration (a list or an array of shape ``(iterations,)``).
    Compared with ``coursekit.regression.logistic_regression`` on four data sets.
    """
    c = Check("train_logistic")
    c.function(fn, "your training function fn(X, Y, learning_rate, iterations)")
    for label, X, Y, lr, its in training_cases() + _random.logistic_training(seed):
        where = f" for {label} (learning rate {lr:g}, {its} iteration{'s' if its > 1 else ''})"
        out = c.call(fn, X.copy(), Y.copy(), lr, its, context=f"X of shape {X.shape}, Y of shape {Y.shape}, "
                                                             f"learning_rate={lr:g}, iterations={its}")
        if not isinstance(out, (tuple, list)) or len(out) != 3:
            c.fail(f"the function must return the triple (w, b, costs); got {describe(out)}.")
        w = c.array(out[0], "w" + where, (X.shape[0], 1))
        b = c.number(out[1], "b" + where)
        costs = out[2]
        if isinstance(costs, (list, tuple)):
            costs = np.array(costs, dtype=float) if all(np.ndim(v) == 0 for v in costs) else costs
        costs = c.array(costs, "costs" + where, (its,), extra={
            (1, its): "one cost per iteration in a flat list or 1-D array, e.g. costs.append(J) in the loop.",
            (its, 1): "one cost per iteration in a flat list or 1-D array, e.g. costs.append(J) in the loop."})
        ref_w, ref_b, ref_costs = _reference(X, Y, lr, its)

        def variant(**kwargs):
            return train_variant(X, Y, lr, its, **kwargs)
        mistakes = [
            ("the gradient is m times too large: dw = X dZᵀ / m and db = mean(dZ).", variant(scale=X.shape[1])),
            ("b never changes: update it too, b := b - α db.", variant(update_b=False)),
            ("the weights move uphill: subtract α times the gradient.", variant(sign=-1.0)),
            ("that is the squared error's gradient. With the cross-entropy, dZ = A - Y.", variant(dz="mse")),
            ("the gradient is computed once, before the loop: recompute A, dZ, dw and db from the current "
             "weights in every iteration.", variant(once=True)),
        ]
        c.compare(w, ref_w, "w" + where, [(hint, v[0]) for hint, v in mistakes])
        c.compare(b, ref_b, "b" + where, [(hint, v[1]) for hint, v in mistakes])
        c.compare(costs, ref_costs, "costs" + where, [
            ("each cost is measured after its step. Record the cost of the current weights first, then update "
             "them, so that costs[0] is the cost at w = 0, b = 0.", variant(cost_after=True)[2]),
            ("that is the squared error; record the cross-entropy cost.", variant(cost="mse")[2]),
            ("each cost is m times too large: the cost is a mean over the samples.", ref_costs * X.shape[1]),
            ("the sign of the costs is flipped: the cross-entropy is -mean(y log a + (1 - y) log(1 - a)).",
             -ref_costs),
        ])
    c.passed()
