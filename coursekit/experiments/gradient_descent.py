"""Gradient descent: a line fitted by descent beside the normal equations, logistic
regression and its deeper relatives (chapter 03), and escaping a local minimum in 1-D
(chapter 04)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import as_array, number
from ..network import has_diverged
from ..regression import linear_regression_gd, normal_equations
from .training import TrainingRun, train_classifier

__all__ = ["LinearRun", "line_data", "linear_run", "logistic_depth_run",
           "bumpy_loss", "bumpy_loss_slope", "BUMPY_MINIMA", "BUMPY_RANGE", "ESCAPE_METHODS",
           "EscapeRun", "escape_local_minimum"]


@dataclass
class LinearRun:
    """Gradient descent on a 1-D line fit, beside the closed-form answer."""

    x: np.ndarray          # (1, m)
    y: np.ndarray          # (1, m)
    w: float
    b: float
    costs: np.ndarray      # cost before each update
    w_exact: float
    b_exact: float

    @property
    def diverged_iteration(self) -> int | None:
        """The first 1-based iteration whose cost blew up (the course's one rule), or None."""
        for i, c in enumerate(self.costs):
            if has_diverged(c, self.costs[0]):
                return i + 1
        return None

    @property
    def diverged(self) -> bool:
        return self.diverged_iteration is not None

    @property
    def status(self) -> str:
        if self.diverged:
            return f"diverged at iteration {self.diverged_iteration}"
        return (f"w = {self.w:.3f}, b = {self.b:.3f} after {len(self.costs)} iterations "
                f"(normal equations: w = {self.w_exact:.3f}, b = {self.b_exact:.3f})")


def line_data(n_samples: int = 40, slope: float = 2.0, intercept: float = 1.0, noise: float = 0.3,
              seed: int = 0):
    """Noisy points around ``y = slope x + intercept`` for x in [-1, 1]; shapes (1, m)."""
    n = number(n_samples, "n_samples", low=2, integer=True)
    rng = np.random.default_rng(seed)
    x = np.linspace(-1, 1, n)[None, :]
    return x, slope * x + intercept + noise * rng.standard_normal(x.shape)


def linear_run(learning_rate: float = 0.1, iterations: int = 50, loss: str = "mse",
               seed: int = 0) -> LinearRun:
    """Fit a line by gradient descent from (w, b) = (0, 0) and by the normal equations."""
    x, y = line_data(seed=seed)
    w, b, costs = linear_regression_gd(x, y, learning_rate, iterations, loss=loss)
    w_exact, b_exact = normal_equations(x, y)
    return LinearRun(x, y, float(w[0, 0]), float(b), costs, float(w_exact[0, 0]), b_exact)


def logistic_depth_run(depth: int = 0, learning_rate: float = 1.0, iterations: int = 300,
                       width: int = 8, dataset_name: str = "circles", seed: int = 0) -> TrainingRun:
    """Logistic regression (depth 0) and its deeper relatives on data a line cannot separate.

    Depth 0 is ``MLP([2, 1])``, exactly logistic regression; each extra unit of
    depth adds a tanh hidden layer of ``width`` units.
    """
    run = train_classifier(dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                           activation="tanh", epochs=iterations, seed=seed)
    run.settings["unit"] = "iterations"  # full batch: one update per pass, named as chapter 03 does
    return run


# ------------------------------------------------ local and global minima in 1-D
def bumpy_loss(w):
    """A 1-D "loss" with a local minimum and a lower, global one (any shape of ``w``).

    ``f(w) = w^4 / 4 - 3 w^2 / 2 + w / 2 + 3.2``: the global minimum is near
    w = -1.81 (f = 0.06), a local minimum near w = 1.64 (f = 1.79), and a
    hump between them near w = 0.17 (f = 3.24).
    """
    w = as_array(w, "w")
    return 0.25 * w ** 4 - 1.5 * w ** 2 + 0.5 * w + 3.2


def bumpy_loss_slope(w):
    """The derivative ``f'(w) = w^3 - 3 w + 1/2`` of :func:`bumpy_loss`."""
    w = as_array(w, "w")
    return w ** 3 - 3.0 * w + 0.5


#: Where the minima of :func:`bumpy_loss` are (the roots of w^3 - 3w + 1/2 that are minima).
BUMPY_MINIMA = {"global": -1.8100379292339528, "local": 1.641783527452926}
#: The range every :func:`escape_local_minimum` run stays in (the plotted range).
BUMPY_RANGE = (-2.5, 2.5)
ESCAPE_METHODS = ("gradient descent", "noisy gradient descent", "simulated annealing")


@dataclass
class EscapeRun:
    """The positions ``w`` (steps + 1,) one method visited on :func:`bumpy_loss`."""

    method: str
    path: np.ndarray

    @property
    def losses(self) -> np.ndarray:
        return bumpy_loss(self.path)

    @property
    def end(self) -> float:
        return float(self.path[-1])

    @property
    def ends_in(self) -> str:
        """"global" or "local": the valley the run finished in (the hump at w = 0.17 divides them)."""
        return "global" if self.end < 0.1682544 else "local"


def escape_local_minimum(start: float = 2.0, learning_rate: float = 0.1, noise: float = 1.5,
                         steps: int = 300, seed: int = 0) -> dict:
    """Gradient descent, noisy gradient descent and simulated annealing on :func:`bumpy_loss`.

    All three start at ``start`` and take ``steps`` steps; ``noise`` is a
    temperature T that cools linearly to 0 over the run.

    * gradient descent: ``w <- w - eta f'(w)``; it stops in the first valley it meets.
    * noisy gradient descent: ``w <- w - eta (f'(w) + sqrt(2 T / eta) xi)``
      with ``xi`` standard normal: the gradient is wrong by a random amount,
      as a mini-batch's gradient is (this is Langevin dynamics).
    * simulated annealing: propose ``w + 0.5 xi``; accept it if it is lower,
      and if it is higher by ``d`` with probability ``exp(-d / T)``. No gradient.

    Positions are kept inside :data:`BUMPY_RANGE`. Seeded: the same arguments
    give the same paths. Returns ``{method: EscapeRun}`` in the order of
    :data:`ESCAPE_METHODS`.
    """
    lo, hi = BUMPY_RANGE
    start = number(start, "start", low=lo, high=hi)
    learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
    noise = number(noise, "noise", low=0.0)
    steps = number(steps, "steps", low=1, integer=True)
    seed = number(seed, "seed", low=0, integer=True)
    temps = noise * (1.0 - np.arange(steps) / steps)          # linear cooling, T_t for step t
    runs = {}
    with np.errstate(all="ignore"):
        w, path = start, [start]                               # plain gradient descent
        for _ in range(steps):
            w = float(np.clip(w - learning_rate * bumpy_loss_slope(w), lo, hi))
            path.append(w)
        runs["gradient descent"] = EscapeRun("gradient descent", np.array(path))
        rng = np.random.default_rng(seed)                      # noisy gradient descent
        xi = rng.standard_normal(steps)
        w, path = start, [start]
        for t in range(steps):
            g = bumpy_loss_slope(w) + np.sqrt(2.0 * temps[t] / learning_rate) * xi[t]
            w = float(np.clip(w - learning_rate * g, lo, hi))
            path.append(w)
        runs["noisy gradient descent"] = EscapeRun("noisy gradient descent", np.array(path))
        rng = np.random.default_rng(seed + 1)                  # simulated annealing
        moves, coins = 0.5 * rng.standard_normal(steps), rng.random(steps)
        w, path = start, [start]
        for t in range(steps):
            proposal = float(np.clip(w + moves[t], lo, hi))
            rise = float(bumpy_loss(proposal) - bumpy_loss(w))
            if rise <= 0 or (temps[t] > 0 and coins[t] < np.exp(-rise / temps[t])):
                w = proposal
            path.append(w)
        runs["simulated annealing"] = EscapeRun("simulated annealing", np.array(path))
    return runs
