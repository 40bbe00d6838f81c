"""Checks for chapter 03, logistic regression."""
from __future__ import annotations


import numpy as np

from ._core import _Check, _act, _kind, _logistic_gradient


_SIGMOID_GRID = np.array([[-6.0, -3.0, -1.5, -0.5, 0.0], [0.5, 1.5, 3.0, 6.0, 10.0]])  # increasing in order
_SIGMOID_COLUMN = np.array([[-2.0], [0.25], [4.0]])
_SIGMOID_LARGE = np.array([[-1000.0, -50.0, 50.0, 1000.0]])


def sigmoid(fn):
    """Check ``fn(Z)``, the sigmoid ``1 / (1 + e^-z)`` applied to every entry of ``Z``.

    ``Z`` is an array of any shape (here ``(2, 5)``, ``(3, 1)``, ``(1, 4)``);
    ``fn`` returns an array of the same shape, finite even for |z| = 1000.
    """
    c = _Check("sigmoid")
    c.function(fn, "your sigmoid function")
    Z = _SIGMOID_GRID
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
    Z = _SIGMOID_COLUMN
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
    c.passed()


def _gradient_cases():
    """(description, w, b, X, Y) for :func:`vectorised_logistic_gradient`, fixed by a seed."""
    rng = np.random.default_rng(5)
    return [
        ("n_x = 3 features and m = 8 samples", rng.normal(size=(3, 1)), 0.3, rng.normal(size=(3, 8)),
         np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])),
        ("n_x = 4 features and m = 5 samples", rng.normal(size=(4, 1)), -0.7, rng.normal(size=(4, 5)),
         np.array([[1.0, 1.0, 0.0, 1.0, 0.0]])),
        ("one feature and one sample", np.array([[0.5]]), 0.2, np.array([[1.5]]), np.array([[1.0]])),
    ]


def vectorised_logistic_gradient(fn):
    """Check ``fn(w, b, X, Y) -> (dw, db)``, the gradient of logistic regression's cost.

    ``w`` is a column ``(n_x, 1)``, ``b`` a float, ``X`` is ``(n_x, m)`` with
    one sample per column and ``Y`` is ``(1, m)`` of 0/1 labels. With
    ``A = sigmoid(w^T X + b)`` and the mean cross-entropy cost,
    ``dw = X (A - Y)^T / m`` of shape ``(n_x, 1)`` and ``db = mean(A - Y)``, a
    number (a one-entry array is fine). Compared with
    ``coursekit.regression.logistic_gradient``. A check cannot see whether the
    code loops; the chapter's timing cell shows why it should not.
    """
    c = _Check("vectorised_logistic_gradient")
    c.function(fn, "your gradient function fn(w, b, X, Y)")
    for label, w, b, X, Y in _gradient_cases():
        (n, m), where = X.shape, f" for {label}"
        out = c.call(fn, w, b, X, Y, context=f"w of shape {w.shape}, b = {b:g}, X of shape {X.shape}, "
                                             f"Y of shape {Y.shape}")
        if isinstance(out, (tuple, list)) and len(out) == 3:
            c.fail("the function returns three things; return just the pair (dw, db).")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            c.fail(f"the function must return the pair (dw, db); got {_kind(out)}.")
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
