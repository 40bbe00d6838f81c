"""Linear and logistic regression, written out so each step can be read.

Shapes follow the course: ``X`` is ``(n_x, m)``, ``Y`` is ``(1, m)``, the
weights ``w`` are a column ``(n_x, 1)`` and the bias ``b`` a float, so the
model is ``w^T x + b``.
"""
from __future__ import annotations

import numpy as np

from ._validation import as_matrix, binary_labels, choice, number, same_samples
from .activations import sigmoid
from .losses import bce

__all__ = [
    "polynomial_features", "normal_equations", "least_squares", "linear_gradient",
    "linear_regression_gd", "logistic_gradient_loop", "logistic_gradient", "logistic_regression",
]


def _xy(X, Y, labels01=False):
    X = as_matrix(X, "X")
    Y = as_matrix(Y, "Y", rows=1, what="(1, m)")
    same_samples(X, Y)
    if labels01:
        binary_labels(Y, "Y", " for logistic regression")
    return X, Y


def _wb(w, b, n_x):
    w = as_matrix(w, "w", rows=n_x, cols=1, what="a column (n_x, 1)")
    b = number(b.item() if isinstance(b, np.ndarray) and b.size == 1 else b, "b")
    return w, b


# ------------------------------------------------------------ linear regression
def polynomial_features(x, degree):
    """Rows x, x^2, ..., x^degree of a single feature ``x`` of shape (1, m).

    Returns shape ``(degree, m)``; the bias plays the role of x^0.
    """
    x = as_matrix(x, "x", rows=1, what="(1, m)")
    degree = number(degree, "degree", low=1, integer=True)
    return x ** np.arange(1, degree + 1)[:, None]


def normal_equations(X, Y):
    """Least-squares ``(w, b)`` in closed form.

    Setting the derivatives of the squared error to zero gives the normal
    equations (X~ X~^T) theta = X~ Y^T, where X~ is X with a row of ones
    appended for the bias. Solving them costs O(n_x^3), which is why gradient
    descent wins when there are many features.
    """
    X, Y = _xy(X, Y)
    Xt = np.vstack([X, np.ones((1, X.shape[1]))])
    # solve() only fails on an exactly singular matrix; rounding usually hides the
    # singularity (a feature 3x another, fewer samples than features) and solve then
    # returns meaningless huge numbers. The rank, from the SVD, sees through rounding.
    singular = ValueError("the normal equations have no unique solution: the rows of X are linearly "
                          "dependent (a repeated feature, a constant feature, or fewer samples than "
                          f"features); X has shape {X.shape}.")
    if np.linalg.matrix_rank(Xt) < Xt.shape[0]:
        raise singular
    try:
        theta = np.linalg.solve(Xt @ Xt.T, Xt @ Y.T)   # (X~ X~^T) theta = X~ Y^T
    except np.linalg.LinAlgError:
        raise singular from None
    return theta[:-1], float(theta[-1, 0])


def least_squares(X, Y, l2=0.0):
    """Least-squares ``(w, b)`` that stays accurate when the normal equations do not.

    Minimises the course's squared-error cost plus an optional L2 penalty on
    the weights (the bias is not penalised),

        J(w, b) = mean((w^T x + b - y)^2) / 2 + (l2 / 2) ||w||^2,

    for ``X`` of shape ``(n_x, m)`` and ``Y`` of shape ``(1, m)``; returns
    ``w`` of shape ``(n_x, 1)`` and ``b`` a float. Forming ``X~ X~^T`` squares
    the condition number (features x, x^2, ..., x^15 are nearly parallel), so
    this solves the same problem with numpy's SVD-based ``lstsq`` on the
    stacked system ``[X~^T; sqrt(m l2) [I 0]] theta = [Y^T; 0]``. With
    ``l2 = 0`` and more weights than independent samples it returns the
    solution of smallest norm among the many exact fits.
    """
    X, Y = _xy(X, Y)
    l2 = number(l2, "l2", low=0.0)
    n_x, m = X.shape
    design = np.vstack([X, np.ones((1, m))]).T                     # (m, n_x + 1): rows [x^T, 1]
    target = Y.T
    if l2 > 0:
        ridge = np.hstack([np.sqrt(m * l2) * np.eye(n_x), np.zeros((n_x, 1))])   # penalise w, not b
        design = np.vstack([design, ridge])
        target = np.vstack([target, np.zeros((n_x, 1))])
    theta = np.linalg.lstsq(design, target, rcond=None)[0]         # (n_x + 1, 1)
    return theta[:-1], float(theta[-1, 0])


def _linear_gradient(w, b, X, Y, loss):
    m = X.shape[1]
    R = w.T @ X + b - Y                     # residuals y_hat - y, shape (1, m)
    if loss == "mse":
        dZ, cost = R, float(np.sum(R ** 2) / (2 * m))
    else:
        dZ, cost = np.sign(R), float(np.mean(np.abs(R)))
    return X @ dZ.T / m, float(np.sum(dZ) / m), cost


def linear_gradient(w, b, X, Y, loss="mse"):
    """Gradient of the linear model's cost: returns ``(dw, db, cost)``.

    "mse" is mean((y_hat - y)^2) / 2, whose gradient grows with the error;
    "mae" is mean(|y_hat - y|), whose gradient only sees the error's sign.
    """
    X, Y = _xy(X, Y)
    w, b = _wb(w, b, X.shape[0])
    return _linear_gradient(w, b, X, Y, choice(loss, "loss", ("mse", "mae")))


def linear_regression_gd(X, Y, learning_rate, iterations, loss="mse", w=None, b=0.0):
    """Fit ``w^T x + b`` by full-batch gradient descent.

    Returns ``(w, b, costs)`` with ``costs`` the cost before each update.
    Starts from ``w`` (zeros if None) and ``b``. If the cost stops being
    finite (too large a learning rate) it stops there: ``costs`` then ends
    with that non-finite value and is shorter than ``iterations``.
    """
    X, Y = _xy(X, Y)
    choice(loss, "loss", ("mse", "mae"))
    learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
    iterations = number(iterations, "iterations", low=0, integer=True)
    w, b = _wb(np.zeros((X.shape[0], 1)) if w is None else w, b, X.shape[0])
    costs = np.zeros(iterations)
    with np.errstate(all="ignore"):  # divergence is reported through costs, not warnings
        for i in range(iterations):
            dw, db, costs[i] = _linear_gradient(w, b, X, Y, loss)
            if not np.isfinite(costs[i]):
                return w, b, costs[: i + 1]
            w = w - learning_rate * dw        # w := w - alpha dJ/dw
            b = b - learning_rate * db
    return w, b, costs


# ---------------------------------------------------------- logistic regression
def logistic_gradient_loop(w, b, X, Y):
    """The logistic-regression gradient with explicit for-loops over samples and features.

    Slow on purpose: it mirrors the per-sample derivation line by line.
    Returns ``(dw, db, cost)``.
    """
    X, Y = _xy(X, Y, labels01=True)
    w, b = _wb(w, b, X.shape[0])
    n_x, m = X.shape
    dw = np.zeros((n_x, 1))
    db = 0.0
    cost = 0.0
    for i in range(m):
        z = b
        for j in range(n_x):
            z += w[j, 0] * X[j, i]                        # z = w^T x + b
        a = float(sigmoid(z))
        a_safe = min(max(a, 1e-15), 1 - 1e-15)
        cost += -(Y[0, i] * np.log(a_safe) + (1 - Y[0, i]) * np.log(1 - a_safe))
        dz = a - Y[0, i]                                  # dL/dz = a - y
        for j in range(n_x):
            dw[j, 0] += X[j, i] * dz                      # dL/dw_j = x_j dz
        db += dz
    return dw / m, db / m, float(cost / m)


def _logistic_gradient(w, b, X, Y):
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    dZ = A - Y
    return X @ dZ.T / m, float(np.sum(dZ) / m), bce(A, Y)


def logistic_gradient(w, b, X, Y):
    """The same gradient vectorised over samples: returns ``(dw, db, cost)``.

    ``A = sigmoid(w^T X + b)``, ``dZ = A - Y``, ``dw = X dZ^T / m``, ``db = mean(dZ)``.
    """
    X, Y = _xy(X, Y, labels01=True)
    w, b = _wb(w, b, X.shape[0])
    return _logistic_gradient(w, b, X, Y)


def logistic_regression(X, Y, learning_rate, iterations):
    """Fit logistic regression by gradient descent from zero weights.

    Returns ``(w, b, costs)``, ``costs`` measured before each update.
    """
    X, Y = _xy(X, Y, labels01=True)
    learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
    iterations = number(iterations, "iterations", low=0, integer=True)
    w, b = np.zeros((X.shape[0], 1)), 0.0
    costs = np.zeros(iterations)
    for i in range(iterations):
        dw, db, costs[i] = _logistic_gradient(w, b, X, Y)
        w = w - learning_rate * dw             # w := w - alpha dJ/dw
        b = b - learning_rate * db
    return w, b, costs
