"""The computations behind the course's explorers, as plain tested functions.

A widget in ``coursekit.widgets`` only wires sliders to one of these; a
notebook can call the same function directly to make a static figure. Each
returns a small result object holding everything a figure needs.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from . import data
from ._validation import choice, number
from .network import MLP, History, has_diverged
from .perceptron import Perceptron

#: Datasets the explorers offer, by name: name -> function(n_samples, seed) -> (X, Y).
DATASETS = {
    "xor": lambda n, seed: data.make_xor(n, noise=0.15, seed=seed),
    "moons": lambda n, seed: data.make_moons(n, noise=0.15, seed=seed),
    "circles": lambda n, seed: data.make_circles(n, noise=0.08, factor=0.5, seed=seed),
    "spirals": lambda n, seed: data.make_spirals(n, noise=0.1, seed=seed),
    "blobs": lambda n, seed: data.make_blobs(n, centers=2, std=0.9, seed=seed),
    "noisy moons": lambda n, seed: data.make_moons(n, noise=0.35, seed=seed),
}


def fit_quietly(net: MLP, X, Y, learning_rate, epochs, **kwargs) -> History:
    """``net.fit`` without the divergence warning: an explorer shows divergence
    through ``History.diverged`` instead, so the warning would only be noise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return net.fit(X, Y, learning_rate, epochs, **kwargs)


def dataset(name: str, n_samples: int = 200, seed: int = 0):
    """One of the explorers' 2-D binary datasets, ``(X (2, m), Y (1, m))``."""
    choice(name, "dataset", DATASETS)
    return DATASETS[name](number(n_samples, "n_samples", low=2, integer=True), seed)


# ------------------------------------------------------------------ perceptron
@dataclass
class PerceptronRun:
    perceptron: Perceptron
    X: np.ndarray
    Y: np.ndarray

    @property
    def n_steps(self) -> int:
        return len(self.perceptron.steps)


def perceptron_run(gate: str = "and", learning_rate: float = 1.0, epochs: int = 10, seed: int = 0):
    """Train a perceptron on a logic gate (or "blobs") and keep every update for replay.

    Replaying step k afterwards is free, so a step slider only scrubs through
    the recorded run.
    """
    if gate == "blobs":
        X, Y = data.make_blobs(20, centers=2, std=0.6, seed=seed)
    else:
        X, Y = data.logic_gate(gate)
    p = Perceptron(n_inputs=2, learning_rate=learning_rate, init="random", seed=seed)
    p.fit(X, Y, epochs=epochs)
    return PerceptronRun(p, X, Y)


# -------------------------------------------------------------------- training
@dataclass
class TrainingRun:
    """A trained network with its data and history."""

    net: MLP
    history: History
    X: np.ndarray
    Y: np.ndarray
    X_val: np.ndarray | None = None
    Y_val: np.ndarray | None = None
    settings: dict = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return float(np.mean(self.net.predict(self.X) == self.Y))

    @property
    def status(self) -> str:
        """A one-line summary for a widget: the final loss, or where training diverged."""
        h = self.history
        if h.diverged:
            return f"diverged at epoch {h.diverged_epoch}"
        if h.epochs_run == 0:
            return "not trained yet (0 epochs)"
        return f"loss {h.loss[-1]:.4f} after {h.epochs_run} epochs, training accuracy {self.accuracy:.0%}"


def layer_sizes(n_in: int, depth: int, width: int, n_out: int = 1) -> list[int]:
    """``[n_in, width, ..., width, n_out]`` with ``depth`` hidden layers (0 is none)."""
    depth = number(depth, "depth", low=0, integer=True)
    width = number(width, "width", low=1, integer=True)
    return [n_in] + [width] * depth + [n_out]


def train_classifier(dataset_name: str = "moons", learning_rate: float = 0.5, depth: int = 1,
                     width: int = 8, activation: str = "tanh", epochs: int = 300,
                     batch_size: int | None = None, n_samples: int = 200, init: str = "xavier",
                     init_scale: float = 1.0, validation: int = 0, seed: int = 0,
                     **fit_options) -> TrainingRun:
    """Train a fresh sigmoid-output network on one of ``DATASETS``.

    With ``validation=k`` another k samples of the same dataset (another
    seed) are held out and their loss recorded after every epoch. Other
    keyword arguments (``l2``, ``dropout``, ...) go to ``MLP.fit``.
    """
    X, Y = dataset(dataset_name, n_samples, seed)
    X_val = Y_val = None
    if validation:
        X_val, Y_val = dataset(dataset_name, validation, seed + 1000)
    net = MLP(layer_sizes(2, depth, width), hidden_activation=activation, init=init,
              init_scale=init_scale, seed=seed)
    history = fit_quietly(net, X, Y, learning_rate, epochs, batch_size=batch_size, seed=seed,
                          X_val=X_val, Y_val=Y_val, **fit_options)
    settings = dict(dataset=dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                    activation=activation, epochs=epochs, batch_size=batch_size, **fit_options)
    return TrainingRun(net, history, X, Y, X_val, Y_val, settings)


# ----------------------------------------------------------------- batch sizes
@dataclass
class BatchComparison:
    """Full-batch, stochastic and mini-batch training of the same network from the same start."""

    runs: dict  # label -> History, labels "full batch", "SGD (batch 1)", "mini-batch (b)"
    m: int

    def updates(self, label):
        """The update count at the end of each epoch for one run (x axis for loss vs updates)."""
        h = self.runs[label]
        return np.arange(1, h.epochs_run + 1) * h.updates_per_epoch


def batch_comparison(learning_rate: float = 0.1, batch_size: int = 16, epochs: int = 30,
                     dataset_name: str = "moons", n_samples: int = 200, width: int = 8,
                     seed: int = 0) -> BatchComparison:
    """Train one architecture three times, full batch, batch 1 and ``batch_size``."""
    X, Y = dataset(dataset_name, n_samples, seed)
    batch_size = number(batch_size, "batch_size", low=1, integer=True)
    runs = {}
    for label, b in (("full batch", None), ("SGD (batch 1)", 1), (f"mini-batch ({batch_size})", batch_size)):
        net = MLP([2, width, 1], hidden_activation="tanh", seed=seed)
        runs[label] = fit_quietly(net, X, Y, learning_rate, epochs, batch_size=b, seed=seed)
    return BatchComparison(runs, X.shape[1])


# ---------------------------------------------------------------- gradient flow
@dataclass
class GradientFlow:
    """Per-layer gradient norms of a deep network at initialisation and during training."""

    initial_norms: np.ndarray   # (L,) ||dC/dW^l|| at the initial weights, layers 1..L
    run: TrainingRun

    @property
    def history(self) -> History:
        return self.run.history


def gradient_flow(depth: int = 6, activation: str = "sigmoid", init: str = "xavier",
                  init_scale: float = 1.0, learning_rate: float = 0.5, epochs: int = 100,
                  width: int = 8, dataset_name: str = "moons", n_samples: int = 200,
                  seed: int = 0) -> GradientFlow:
    """Measure how the gradient's size changes from the output layer back to the first.

    The norms at initialisation show vanishing (shrinking towards layer 1) or
    exploding (growing towards layer 1) before any training; the history's
    ``grad_norms`` show how fast each layer learns as training goes on.
    """
    X, Y = dataset(dataset_name, n_samples, seed)
    net = MLP(layer_sizes(2, depth, width), hidden_activation=activation, init=init,
              init_scale=init_scale, seed=seed)
    with np.errstate(all="ignore"):
        net.forward(X)
        initial = np.array([np.linalg.norm(dW) for dW, _ in net.backward(Y)])
    history = fit_quietly(net, X, Y, learning_rate, epochs, seed=seed)
    settings = dict(dataset=dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                    activation=activation, epochs=epochs, init=init, init_scale=init_scale)
    return GradientFlow(initial, TrainingRun(net, history, X, Y, settings=settings))


# ------------------------------------------------------------------ regression
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
    from .regression import linear_regression_gd, normal_equations

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
    return train_classifier(dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                            activation="tanh", epochs=iterations, seed=seed)


# ------------------------------------------------------------- regularisation
def regularisation_run(l2: float = 0.0, dropout: float = 0.0, width: int = 32, depth: int = 2,
                       learning_rate: float = 0.3, epochs: int = 300, n_train: int = 30,
                       n_val: int = 150, seed: int = 0) -> TrainingRun:
    """Fit a roomy network to a small noisy sample of moons and watch it overfit (or not).

    Thirty training points are easy to memorise, so without a penalty the
    validation loss turns upwards (after about 150 epochs at the defaults)
    while the training loss keeps falling; L2 and dropout hold it back. The
    hidden layers are ReLU with He initialisation.
    """
    return train_classifier("noisy moons", learning_rate=learning_rate, depth=depth, width=width,
                            activation="relu", init="he", epochs=epochs, n_samples=n_train,
                            validation=n_val, seed=seed, l2=l2, dropout=dropout)
