"""Under- and overfitting: polynomials of every degree fitted to a few noisy points, and the L2
penalty chosen by k-fold cross-validation (chapter 06)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_matrix, number
from ..regression import least_squares, polynomial_features

__all__ = ["polynomial_target", "polynomial_data", "PolynomialRun", "polynomial_run",
           "cross_validate_penalty"]


def polynomial_target(x):
    """The curve behind :func:`polynomial_data`: ``sin(pi x)``, for an array ``x`` of any shape."""
    return np.sin(np.pi * np.asarray(x, dtype=np.float64))


def polynomial_data(n_samples: int = 12, noise: float = 0.2, seed: int = 0):
    """Noisy samples of ``sin(pi x)`` on [-1, 1]: ``(x, y)``, both of shape ``(1, m)``.

    The interval is cut into ``n_samples`` equal pieces and one ``x`` is drawn
    at random in each, sorted, so the points are spread out with no wide gap;
    ``y = sin(pi x) + noise * N(0, 1)``. Another ``seed`` gives fresh samples
    of the same curve: a validation or test set.
    """
    n = number(n_samples, "n_samples", low=1, integer=True)
    noise = number(noise, "noise", low=0.0)
    seed = number(seed, "seed", low=0, integer=True)
    rng = np.random.default_rng(seed)
    x = (-1.0 + 2.0 * (np.arange(n) + rng.uniform(0.0, 1.0, n)) / n)[None, :]
    return x, polynomial_target(x) + noise * rng.standard_normal((1, n))


@dataclass
class PolynomialRun:
    """A polynomial of one degree fitted by least squares, and the sweep over every degree.

    ``x``, ``y`` are the training points and ``x_val``, ``y_val`` the
    validation points, each ``(1, m)``. ``w`` ``(degree, 1)`` and ``b`` are
    the fitted coefficients of ``x, x^2, ..., x^degree`` and the constant.
    Errors are the course's squared-error cost ``mean((y_hat - y)^2) / 2``:
    ``train_error``, ``val_error`` for this degree, and ``train_errors``,
    ``val_errors`` for every degree in ``degrees`` (1 to ``max_degree``).
    """

    x: np.ndarray
    y: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    degree: int
    l2: float
    w: np.ndarray
    b: float
    train_error: float
    val_error: float
    degrees: np.ndarray
    train_errors: np.ndarray
    val_errors: np.ndarray

    def predict(self, x):
        """The fitted polynomial at ``x`` of shape ``(1, k)``; returns ``(1, k)``."""
        x = as_matrix(x, "x", rows=1, what="(1, k)")
        return self.w.T @ polynomial_features(x, self.degree) + self.b     # y_hat = w^T [x, ..., x^d] + b

    @property
    def best_degree(self) -> int:
        """The degree with the lowest validation error."""
        return int(self.degrees[np.argmin(self.val_errors)])

    @property
    def n_params(self) -> int:
        return self.degree + 1

    @property
    def status(self) -> str:
        m = self.x.shape[1]
        lowest = float(self.val_errors.min())
        if self.val_error <= 1.5 * lowest + 1e-3:      # the 1e-3 keeps noise-free data from splitting hairs
            verdict = f"near the lowest validation error (degree {self.best_degree})"
        elif self.degree < self.best_degree:
            verdict = "underfitting: too simple, both errors are high"
        else:
            verdict = f"overfitting: validation error {self.val_error / lowest:.0f} times its lowest"
        exact = " (as many or more coefficients than points)" if self.n_params >= m else ""
        return (f"degree {self.degree}: {self.n_params} coefficients for {m} points{exact}; "
                f"training error {self.train_error:.4f}, validation error {self.val_error:.4f}; "
                f"{verdict}")


def _polynomial_fit(x, y, degree, l2):
    return least_squares(polynomial_features(x, degree), y, l2=l2)


def polynomial_run(degree: int = 3, n_train: int = 12, noise: float = 0.2, l2: float = 0.0,
                   max_degree: int = 15, n_val: int = 200, seed: int = 0) -> PolynomialRun:
    """Fit polynomials to a few noisy points of ``sin(pi x)``: under- and overfitting in one picture.

    ``n_train`` training points and ``n_val`` validation points come from
    :func:`polynomial_data` (seeds ``seed`` and ``seed + 1000``). A polynomial
    of each degree 1..``max_degree`` is fitted by
    :func:`coursekit.regression.least_squares` (with ``l2``, ridge
    regression), whose SVD stays accurate where the normal equations are
    ill-conditioned; x lies in [-1, 1], so x^15 stays in range too. The run
    keeps the fit of ``degree`` and every degree's training and validation
    errors.
    """
    max_degree = number(max_degree, "max_degree", low=1, integer=True)
    degree = number(degree, "degree", low=1, high=max_degree, integer=True)
    l2 = number(l2, "l2", low=0.0)
    x, y = polynomial_data(n_train, noise, seed)
    x_val, y_val = polynomial_data(number(n_val, "n_val", low=1, integer=True), noise, seed + 1000)
    degrees = np.arange(1, max_degree + 1)
    train_errors, val_errors, fits = np.zeros(max_degree), np.zeros(max_degree), {}
    for i, d in enumerate(degrees):
        w, b = fits[d] = _polynomial_fit(x, y, d, l2)
        train_errors[i] = np.mean((w.T @ polynomial_features(x, d) + b - y) ** 2) / 2
        val_errors[i] = np.mean((w.T @ polynomial_features(x_val, d) + b - y_val) ** 2) / 2
    w, b = fits[degree]
    return PolynomialRun(x, y, x_val, y_val, degree, l2, w, b, float(train_errors[degree - 1]),
                         float(val_errors[degree - 1]), degrees, train_errors, val_errors)


def cross_validate_penalty(x, y, degree: int, l2_values, k: int):
    """Choose a polynomial's L2 penalty by k-fold cross-validation: ``(best_l2, cv_errors)``.

    ``x`` and ``y`` are ``(1, m)``; ``l2_values`` a sequence of penalties to
    try. Sample ``j`` belongs to fold ``j % k``, so on sorted ``x`` every fold
    spreads over the whole interval (contiguous folds would ask each fit to
    extrapolate). For each penalty and each fold, a degree-``degree``
    polynomial is fitted by :func:`coursekit.regression.least_squares` with
    that ``l2`` on the other ``k - 1`` folds and scored on the held-out one
    with the squared-error cost ``mean((y_hat - y)^2) / 2``. ``cv_errors``
    ``(len(l2_values),)`` holds each penalty's mean over the ``k`` folds;
    ``best_l2`` is the penalty with the lowest (the first, on a tie).
    """
    x = as_matrix(x, "x", rows=1, what="(1, m)")
    y = as_matrix(y, "y", rows=1, cols=x.shape[1], what="(1, m), as many samples as x")
    degree = number(degree, "degree", low=1, integer=True)
    k = number(k, "k", low=2, high=x.shape[1], integer=True)
    values = np.asarray(l2_values, dtype=np.float64) if not isinstance(l2_values, (str, bytes)) else None
    if values is None or values.ndim != 1 or values.size == 0 or not np.all(np.isfinite(values)) \
            or np.any(values < 0):
        raise ValueError(f"l2_values must be a non-empty sequence of penalties >= 0; got {l2_values!r}.")
    fold = np.arange(x.shape[1]) % k
    errors = np.zeros(values.size)
    for i, l2 in enumerate(values):
        fold_errors = []
        for held_out in range(k):
            train, test = fold != held_out, fold == held_out
            w, b = _polynomial_fit(x[:, train], y[:, train], degree, l2)
            y_hat = w.T @ polynomial_features(x[:, test], degree) + b
            fold_errors.append(np.mean((y_hat - y[:, test]) ** 2) / 2)
        errors[i] = np.mean(fold_errors)
    return float(values[int(np.argmin(errors))]), errors
