"""Universal approximation, measured: a ``[1, n, 1]`` network fitted to a 1-D target (chapter 02)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import as_matrix, choice, number
from .. import activations
from ..network import MLP, History
from .common import fit_quietly

__all__ = ["TARGETS", "TARGET_FORMULAS", "spread_params", "ApproximationRun",
           "approximate_function"]


#: 1-D targets for :func:`approximate_function`: name -> f(x), defined on x in [-1, 1].
#: "step" is there on purpose: it is not continuous, so the theorem promises nothing for it.
TARGETS = {
    "sine": lambda x: np.sin(np.pi * x),
    "wiggly": lambda x: np.sin(np.pi * x) + 0.5 * np.sin(3 * np.pi * x),
    "abs": lambda x: np.abs(x),
    "step": lambda x: (x > 0).astype(np.float64),
}
#: How each target is written in a legend or a status line.
TARGET_FORMULAS = {
    "sine": "sin(πx)",
    "wiggly": "sin(πx) + 0.5 sin(3πx)",
    "abs": "|x|",
    "step": "step(x), not continuous",
}


def spread_params(n_hidden: int, activation: str = "sigmoid", x_range=(-1.0, 1.0),
                  steepness: float = 2.0):
    """Starting weights for a ``[1, n_hidden, 1]`` network whose hidden units switch on at spread places.

    Hidden unit k computes ``g(s (x - c_k))``: ``W1 = s`` and ``b1 = -s c_k``
    (both ``(n_hidden, 1)``), with the centres ``c_k`` at the midpoints of
    ``n_hidden`` equal pieces of ``x_range``. For sigmoid and tanh the slope
    ``s = steepness * n_hidden / (half the range)`` makes each unit's rise
    about as wide as its piece; ReLU-like units get ``s = 1 / (half the
    range)``, a hinge of slope 1 on [-1, 1]. The output weights ``W2`` ``(1,
    n_hidden)`` and ``b2`` ``(1, 1)`` start at zero, so the network starts as
    the constant 0. (The default random start puts every unit's switch at
    x = 0, and gradient descent then spends most of its time spreading them
    out.) Returns ``[(W1, b1), (W2, b2)]``.
    """
    n = number(n_hidden, "n_hidden", low=1, integer=True)
    choice(activation, "activation", ("sigmoid", "tanh", "relu", "leaky_relu"))
    lo, hi = number(x_range[0], "x_range[0]"), number(x_range[1], "x_range[1]")
    if not hi > lo:
        raise ValueError(f"x_range must be (low, high) with low < high; got {tuple(x_range)!r}.")
    steepness = number(steepness, "steepness", low=0.0, low_open=True)
    half = (hi - lo) / 2.0
    centres = lo + (2.0 * np.arange(n) + 1.0) * half / n          # midpoints of n equal pieces
    s = steepness * n / half if activation in ("sigmoid", "tanh") else 1.0 / half
    W1 = np.full((n, 1), s)
    b1 = (-s * centres)[:, None]                                   # z_k = s (x - c_k)
    return [(W1, b1), (np.zeros((1, n)), np.zeros((1, 1)))]


@dataclass
class ApproximationRun:
    """A ``[1, n, 1]`` network (linear output, squared error) fitted to a 1-D target."""

    net: MLP
    history: History
    x: np.ndarray          # (1, m) training inputs, evenly spaced on [-1, 1]
    y: np.ndarray          # (1, m) the target at those inputs
    target: str
    settings: dict = field(default_factory=dict)

    @property
    def hidden_units(self) -> int:
        return self.net.layer_sizes[1]

    def target_values(self, x):
        """The target function at ``x`` (any shape)."""
        return TARGETS[self.target](np.asarray(x, dtype=np.float64))

    def grid(self, resolution: int = 400):
        """``resolution`` evenly spaced inputs over the data's range, shape ``(1, resolution)``."""
        resolution = number(resolution, "resolution", low=2, integer=True)
        return np.linspace(self.x.min(), self.x.max(), resolution)[None, :]

    def pieces(self, x):
        """Each hidden unit's share of the output at ``x`` (1, k): ``w^2_(1j) a^1_j(x)``, shape (n, k).

        The network's output is their sum plus the output bias ``b^2``.
        """
        x = as_matrix(x, "x", rows=1, what="(1, k)")
        (W1, b1), (W2, _) = self.net.params
        g = activations.get(self.net.hidden_activation)[0]
        with np.errstate(all="ignore"):
            return W2.T * g(W1 @ x + b1)                           # (n, 1) * (n, k)

    @property
    def max_error(self) -> float:
        """The largest gap |f(x) - y_hat(x)| over a fine grid of the interval (inf if not finite)."""
        xs = self.grid(1001)
        with np.errstate(all="ignore"):
            gap = np.abs(self.target_values(xs) - self.net.predict_proba(xs))
        return float(np.max(gap)) if np.all(np.isfinite(gap)) else float("inf")

    @property
    def status(self) -> str:
        h, n = self.history, self.hidden_units
        units = f"{n} hidden unit{'s' if n != 1 else ''} ({self.net.n_params} parameters)"
        if h.diverged:
            return f"{units}: diverged at epoch {h.diverged_epoch}"
        if h.epochs_run == 0:
            return f"{units}: not trained yet (0 epochs)"
        return (f"{units}: largest gap to the target {self.max_error:.3f}, "
                f"loss {h.loss[-1]:.2e} after {h.epochs_run} epochs")


def approximate_function(target: str = "sine", hidden_units: int = 3, learning_rate: float = 0.1,
                         epochs: int = 1000, activation: str = "sigmoid", n_samples: int = 100,
                         ) -> ApproximationRun:
    """Fit a one-hidden-layer network to a 1-D function: universal approximation, measured.

    Trains ``MLP([1, hidden_units, 1], hidden_activation=activation,
    output_activation="linear", loss="mse")`` by full-batch gradient descent
    on ``n_samples`` evenly spaced points ``x`` in [-1, 1] (``X`` of shape
    ``(1, m)``) with targets ``f(x)`` from :data:`TARGETS`, starting from
    :func:`spread_params`. Deterministic: no random numbers are drawn. With
    more hidden units a continuous target is fitted more closely (and a
    larger learning rate diverges sooner: the output sums more units).
    """
    choice(target, "target", TARGETS)
    n = number(hidden_units, "hidden_units", low=1, integer=True)
    m = number(n_samples, "n_samples", low=2, integer=True)
    x = np.linspace(-1.0, 1.0, m)[None, :]
    y = TARGETS[target](x)
    net = MLP([1, n, 1], hidden_activation=activation, output_activation="linear", loss="mse")
    net.set_params(spread_params(n, activation))
    history = fit_quietly(net, x, y, learning_rate, epochs)
    settings = dict(target=target, hidden_units=n, learning_rate=learning_rate, epochs=epochs,
                    activation=activation)
    return ApproximationRun(net, history, x, y, target, settings)
