"""Optimisers on 2-D loss surfaces, their stability limits, running averages and the noisy
bowl of learning-rate schedules (chapter 07). Optimisers on a network: ``optimiser_tuning``.

The 2-D runs use the optimiser classes of ``coursekit.optimizers`` unchanged, so a path
drawn on a surface is exactly what ``MLP.fit(optimizer=...)`` would do to two weights.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import optimizers
from .._validation import as_array, choice, number
from .gradient_descent import bumpy_loss, bumpy_loss_slope
from ..network import MLP
from .common import dataset, fit_quietly, layer_sizes
from .features import input_features
from .training import TrainingRun, train_classifier

__all__ = ["Surface", "SURFACES", "SurfaceRun", "descend", "SURFACE_OPTIMISERS", "compare_on_surface",
           "stability_limit", "ewma", "NOISY_BOWL_START", "noisy_bowl"]


@dataclass(frozen=True)
class Surface:
    """A loss of two parameters ``f(x, y)`` (any shapes that broadcast), its gradient
    ``grad(theta) -> (2,)`` at a point ``theta`` of shape (2,), a start and the lowest point."""

    name: str
    f: object
    grad: object
    start: tuple
    minimum: tuple
    xlim: tuple
    ylim: tuple


def _bowl(x, y):
    return 0.5 * (x ** 2 + 25.0 * y ** 2)              # curvatures 1 and 25: condition number 25


def _rotated_bowl(x, y):
    # The bowl above turned by 45 degrees: curvature 1 along (1, 1), 25 along (1, -1).
    return 0.5 * (13.0 * x ** 2 - 24.0 * x * y + 13.0 * y ** 2)


def _valley(x, y):
    return 0.5 * (1.0 - x) ** 2 + 2.0 * (y - x ** 2) ** 2   # a parabola-shaped valley floor, y = x^2


def _saddle(x, y):
    return 0.5 * x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2      # a saddle at (0, 0), minima at (0, +-1)


def _bumpy(x, y):
    return bumpy_loss(x) + y ** 2                            # chapter 04's curve along x


#: The explorer's surfaces, by name. Each start is chosen so that plain gradient descent shows
#: its weakness there: zig-zag across the bowl, a crawl along the valley, a long wait at the
#: saddle, the local minimum of the bumpy loss. The rotated bowl is the bowl turned by 45
#: degrees about its minimum, its start turned with it, so that a method that does not care
#: about the axes (gradient descent, momentum) takes the same path, turned.
SURFACES = {
    "ill-conditioned bowl": Surface("ill-conditioned bowl", _bowl, lambda p: np.array([p[0], 25.0 * p[1]]),
                                    (-4.0, 1.0), (0.0, 0.0), (-4.5, 1.5), (-1.5, 1.5)),
    "rotated bowl": Surface("rotated bowl", _rotated_bowl,
                            lambda p: np.array([13.0 * p[0] - 12.0 * p[1], 13.0 * p[1] - 12.0 * p[0]]),
                            (-5.0 / np.sqrt(2.0), -3.0 / np.sqrt(2.0)), (0.0, 0.0), (-4.5, 3.0), (-4.0, 3.0)),
    "curved valley": Surface("curved valley", _valley,
                             lambda p: np.array([-(1.0 - p[0]) - 8.0 * p[0] * (p[1] - p[0] ** 2),
                                                 4.0 * (p[1] - p[0] ** 2)]),
                             (-1.5, 2.25), (1.0, 1.0), (-2.0, 2.0), (-0.5, 3.0)),
    "saddle point": Surface("saddle point", _saddle, lambda p: np.array([p[0], p[1] ** 3 - p[1]]),
                      (-3.0, 1e-3), (0.0, 1.0), (-3.5, 1.5), (-1.5, 1.5)),
    "bumpy loss": Surface("bumpy loss", _bumpy, lambda p: np.array([float(bumpy_loss_slope(p[0])), 2.0 * p[1]]),
                     (2.45, 1.5), (-1.8100379292339528, 0.0), (-2.5, 2.5), (-2.0, 2.0)),
}


@dataclass
class SurfaceRun:
    """One optimiser's path on a surface: ``path`` (2, k), one column per point visited
    (the start first), and the loss at each (k,). A run that left the surface (a
    coordinate past 1e6 or not finite) stops there, with ``diverged_step`` set."""

    label: str
    path: np.ndarray
    losses: np.ndarray
    diverged_step: int | None = None

    @property
    def status(self) -> str:
        if self.diverged_step is not None:
            return f"{self.label} diverged at step {self.diverged_step}"
        return f"{self.label} {self.losses[-1]:.3g}"


def descend(surface: str, optimizer: str = "sgd", learning_rate: float = 0.05, steps: int = 100,
            label: str | None = None, **settings) -> SurfaceRun:
    """``steps`` steps of ``optimizers.make(optimizer, **settings)`` on ``SURFACES[surface]``
    from its start. The two coordinates are one parameter array of shape (2,) (with a bias
    of shape (1,) that has no gradient, since the optimisers take (W, b) pairs)."""
    s = SURFACES[choice(surface, "surface", SURFACES)]
    learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
    steps = number(steps, "steps", low=0, integer=True)
    opt = optimizers.make(optimizer, **settings)
    theta, bias, no_grad = np.array(s.start, dtype=float), np.zeros(1), np.zeros(1)
    path, diverged = [theta.copy()], None
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            opt.step([(theta, bias)], [(s.grad(theta), no_grad)], learning_rate)
            if not np.all(np.isfinite(theta)) or np.abs(theta).max() > 1e6:
                diverged = t
                break
            path.append(theta.copy())
    path = np.array(path).T
    return SurfaceRun(label or optimizer, path, s.f(path[0], path[1]), diverged)


#: The optimisers the surface explorer compares: label -> (name, which rate, settings from beta).
SURFACE_OPTIMISERS = {
    "gradient descent": ("sgd", "plain", lambda beta: {}),
    "momentum": ("momentum", "plain", lambda beta: {"momentum": beta}),
    "Nesterov": ("nesterov", "plain", lambda beta: {"momentum": beta}),
    "RMSProp": ("rmsprop", "adaptive", lambda beta: {}),
    "Adam": ("adam", "adaptive", lambda beta: {"betas": (beta, 0.999)}),
}


def compare_on_surface(surface: str = "ill-conditioned bowl", learning_rate: float = 0.05,
                       adaptive_learning_rate: float = 0.1, beta: float = 0.9, steps: int = 100,
                       labels=tuple(SURFACE_OPTIMISERS)) -> dict:
    """Every optimiser in ``labels`` (keys of ``SURFACE_OPTIMISERS``) from the same start.

    Gradient descent, momentum and Nesterov take ``learning_rate``; RMSProp and Adam, whose
    steps do not scale with the gradient, take ``adaptive_learning_rate``. ``beta`` is the
    momentum of momentum and Nesterov and Adam's beta1. Returns ``{label: SurfaceRun}``.
    """
    beta = number(beta, "beta", low=0.0, high=0.999)
    runs = {}
    for label in labels:
        name, which, settings = SURFACE_OPTIMISERS[choice(label, "labels", SURFACE_OPTIMISERS)]
        if name == "nesterov" and beta == 0:
            name = "sgd"                                # Nesterov with no momentum is plain descent
        lr = learning_rate if which == "plain" else adaptive_learning_rate
        runs[label] = descend(surface, name, lr, steps, label=label,
                              **({} if name == "sgd" else settings(beta)))
    return runs


def stability_limit(optimizer: str, curvature: float, momentum: float = 0.0) -> float:
    """The largest learning rate at which ``optimizer`` still converges on a quadratic
    ``f(w) = curvature w^2 / 2`` (on a bowl, use its largest curvature): above it every step
    makes the error larger.

    With h = learning_rate * curvature and mu the momentum, each step is a linear map of the
    error, and the run converges when every root of its characteristic equation lies inside
    the unit circle:

    * ``"sgd"``: w_t = (1 - h) w_(t-1), so |1 - h| < 1: h < 2;
    * ``"momentum"`` (heavy ball): w_t = (1 + mu - h) w_(t-1) - mu w_(t-2), roots of
      z^2 - (1 + mu - h) z + mu, inside the circle for h < 2 (1 + mu);
    * ``"nesterov"`` (PyTorch's form): z^2 - (1 + mu - h (1 + mu)) z + mu (1 - h), inside
      for h < 2 (1 + mu) / (1 + 2 mu), a lower limit than plain momentum's.
    """
    optimizer = choice(optimizer, "optimizer", ("sgd", "momentum", "nesterov"))
    curvature = number(curvature, "curvature", low=0.0, low_open=True)
    momentum = number(momentum, "momentum", low=0.0)
    if momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1); got {momentum!r}.")
    if optimizer == "sgd":
        h = 2.0
    elif optimizer == "momentum":
        h = 2.0 * (1.0 + momentum)
    else:
        h = 2.0 * (1.0 + momentum) / (1.0 + 2.0 * momentum)
    return h / curvature


def ewma(values, beta: float = 0.9):
    """Exponentially weighted averages of a sequence: ``(v, v_hat)``, both (n,).

    v_t = beta v_(t-1) + (1 - beta) x_t from v_0 = 0, and the bias-corrected
    v_hat_t = v_t / (1 - beta^t), t = 1..n (the weights of v_t add up to 1 - beta^t).
    """
    x = as_array(values, "values").astype(float).ravel()
    beta = number(beta, "beta", low=0.0)
    if beta >= 1:
        raise ValueError(f"beta must be in [0, 1); got {beta!r}.")
    v, out = 0.0, np.empty_like(x)
    for t, value in enumerate(x):
        v = beta * v + (1 - beta) * value
        out[t] = v
    return out, out / (1 - beta ** np.arange(1, x.size + 1))


#: Where every run of :func:`noisy_bowl` starts.
NOISY_BOWL_START = (-4.0, 1.0)


def noisy_bowl(rates, noise: float = 1.0, runs: int = 400, seed: int = 0, optimizer: str = "sgd",
               **settings) -> np.ndarray:
    """Descent on the round bowl f = (x^2 + y^2) / 2 with noisy gradients, one rate per step.

    Each step sees the gradient plus ``noise`` times a standard normal draw, as a mini-batch
    gradient is the true one plus noise. ``runs`` descents with independent draws go side by
    side (parameters of shape (2, runs)) from :data:`NOISY_BOWL_START`. Returns the mean loss
    over the runs before the first step and after each step, shape (len(rates) + 1,).
    Element-wise arithmetic only (no matrix products), so the numbers are the same on every
    machine for the same seed.
    """
    rates = as_array(rates, "rates").astype(float).ravel()
    if np.any(~np.isfinite(rates)) or np.any(rates < 0):
        raise ValueError("rates must be finite and not negative.")
    noise = number(noise, "noise", low=0.0)
    runs = number(runs, "runs", low=1, integer=True)
    rng = np.random.default_rng(number(seed, "seed", low=0, integer=True))
    opt = optimizers.make(optimizer, **settings)
    theta = np.tile(np.array(NOISY_BOWL_START, dtype=float)[:, None], (1, runs))
    bias, no_grad = np.zeros(1), np.zeros(1)
    losses = [0.5 * np.mean(np.sum(theta ** 2, axis=0))]
    with np.errstate(all="ignore"):
        for lr in rates:
            opt.step([(theta, bias)], [(theta + noise * rng.standard_normal(theta.shape), no_grad)], lr)
            losses.append(0.5 * np.mean(np.sum(theta ** 2, axis=0)))
    return np.array(losses)
