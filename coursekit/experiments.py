"""The computations behind the course's explorers, as plain tested functions.

A widget in ``coursekit.widgets`` only wires sliders to one of these; a
notebook can call the same function directly to make a static figure. Each
returns a small result object holding everything a figure needs.
"""
from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field

import numpy as np

from . import data, losses
from ._validation import as_array, as_matrix, choice, number
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


def starting_line(X, start: int = 0):
    """A starting line through the middle of the data, ``(W (1, 2), b (1, 1))``.

    Start ``k`` turns the line's normal to 100 + 137.5 k degrees (the golden
    angle, so the ten starts 0-9 point in well-spread directions) with
    ``|w| = 0.5``. Through the middle, it is always in view and always has
    points on both sides, unlike a random bias that can put it far away.
    """
    X = as_matrix(X, "X", rows=2)
    start = number(start, "start", low=0, integer=True)
    angle = np.radians(100.0 + 137.5 * start)
    W = 0.5 * np.array([[np.cos(angle), np.sin(angle)]])
    return W, -W @ X.mean(axis=1, keepdims=True)


def perceptron_run(gate: str = "and", learning_rate: float = 1.0, epochs: int = 100, start: int = 0):
    """Train a perceptron on a logic gate (or "blobs") and keep every update for replay.

    It begins from ``starting_line(X, start)`` and runs until an epoch makes
    no mistake, or for ``epochs`` passes. 100 is enough for every gate, every
    start and every learning rate down to 0.01 (the slowest, OR from start 6,
    needs 83), so only XOR runs out of epochs. Replaying step k afterwards is
    free, so a step slider only scrubs through the recorded run.
    """
    choice(gate, "gate", ("and", "or", "nand", "xor", "blobs"))
    if gate == "blobs":
        X, Y = data.make_blobs(20, centers=2, std=0.6, seed=0)
    else:
        X, Y = data.logic_gate(gate)
    p = Perceptron(n_inputs=2, learning_rate=learning_rate).set_weights(*starting_line(X, start))
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
        unit = self.settings.get("unit", "epochs")  # full-batch regression counts iterations
        if h.diverged:
            return f"diverged at {unit[:-1]} {h.diverged_epoch}"
        if h.epochs_run == 0:
            return f"not trained yet (0 {unit})"
        line = f"loss {h.loss[-1]:.4f} after {h.epochs_run} {unit}, training accuracy {self.accuracy:.0%}"
        guess = self.guessing_loss
        if guess is not None and h.loss[-1] > 1.02 * guess:
            line += (f"; worse than answering P(y = 1) = {self.Y.mean():.2f} for every point ({guess:.4f})"
                     if self.Y.shape[0] == 1 else
                     f"; worse than answering the class frequencies for every point ({guess:.4f})")
        elif guess is not None and h.loss[-1] > 0.98 * guess:
            # Outputs that all sit near the class frequency fall on either side of 0.5 by
            # tiny margins, so the accuracy can read anything (24% on two balanced classes).
            binary = self.Y.shape[0] == 1
            answer = f"P(y = 1) = {self.Y.mean():.2f}" if binary else "the class frequencies"
            tie = "which side of 0.5 they happen to fall" if binary else "which class edges ahead by a hair"
            line += (f"; but the loss is no better than answering {answer} for every point"
                     f" ({guess:.4f}): the answers all sit near that, so the accuracy only shows {tie}")
        return line

    @property
    def guessing_loss(self) -> float | None:
        """The loss of answering the class frequencies of ``Y`` for every sample, the
        best a network can do without looking at ``X`` (ln 2 = 0.6931 for two
        balanced classes), or None for a network without a classification loss."""
        loss = getattr(self.net, "loss", None)
        if loss not in ("bce", "ce"):
            return None
        frequencies = np.broadcast_to(self.Y.mean(axis=1, keepdims=True), self.Y.shape)
        return float(losses.loss(loss, frequencies, self.Y))


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


def _train_with_full_cost(X, Y, learning_rate, epochs, batch_size, width, seed) -> History:
    """One run of :func:`batch_comparison`, also recording in ``val_loss`` the cost on the
    whole training set after every epoch (the number ``MLP.fit`` checks for divergence after
    its last epoch), so that :func:`_first_epochs` can cut it short exactly."""
    net = MLP([2, width, 1], hidden_activation="tanh", seed=seed)
    return fit_quietly(net, X, Y, learning_rate, epochs, batch_size=batch_size, seed=seed,
                       X_val=X, Y_val=Y)


def _first_epochs(run: History, trained: int, epochs: int) -> History | None:
    """The History ``MLP.fit`` returns when asked for ``epochs`` epochs, read off ``run``, a
    run asked for ``trained`` epochs by :func:`_train_with_full_cost`; None if it cannot be.

    Training for fewer epochs follows the same path (each epoch's mini-batches come from the
    same seeded stream), and stops at the same epoch if that run diverged earlier. What
    differs is the end: after its last epoch ``fit`` checks the cost of the final weights on
    the whole training set, which the longer run recorded in ``val_loss``. A run that
    diverged at its last epoch may have been stopped by that check, so it stands only for
    itself.
    """
    d = run.diverged_epoch if run.diverged else None
    if d is not None and epochs >= d and (d < trained or epochs == trained):
        done, diverged_epoch = run.epochs_run, d
    elif epochs <= run.epochs_run:
        done, diverged_epoch = epochs, None
        if epochs and has_diverged(run.val_loss[epochs - 1], run.loss[0]):
            done, diverged_epoch = epochs - 1, epochs
    else:
        return None
    steps = run.updates_per_epoch
    return History(loss=run.loss[:done].copy(), val_loss=None, grad_norms=run.grad_norms[:done].copy(),
                   step_loss=run.step_loss[:done * steps].copy(), diverged=diverged_epoch is not None,
                   diverged_epoch=diverged_epoch, learning_rate=run.learning_rate,
                   batch_size=run.batch_size, updates_per_epoch=steps)


class BatchComparisons:
    """:func:`batch_comparison` with a memory, for an explorer: the same results, less training.

    Each of the three runs is kept by what it depends on: the full-batch and SGD runs by the
    learning rate only, so moving the mini-batch size retrains the mini-batch run alone; and
    a run for fewer epochs than one already trained is read off that one (see
    :func:`_first_epochs`), so lowering the epochs retrains nothing. Up to ``max_runs`` runs
    are kept, the least recently used forgotten first.
    """

    def __init__(self, dataset_name: str = "moons", n_samples: int = 200, width: int = 8,
                 seed: int = 0, max_runs: int = 60):
        self.X, self.Y = dataset(dataset_name, n_samples, seed)
        self.width, self.seed = number(width, "width", low=1, integer=True), seed
        self.max_runs = number(max_runs, "max_runs", low=3, integer=True)
        self._runs: dict = {}      # (learning rate, batch size) -> (History, epochs asked for)
        self.trained = 0           # runs trained so far (the rest were read off kept ones)

    def _run(self, learning_rate, batch_size, epochs) -> History:
        key = (learning_rate, batch_size)
        kept = self._runs.pop(key, None)
        history = None if kept is None else _first_epochs(*kept, epochs)
        if history is None:
            kept = (_train_with_full_cost(self.X, self.Y, learning_rate, epochs, batch_size,
                                          self.width, self.seed), epochs)
            self.trained += 1
            history = _first_epochs(*kept, epochs)
        self._runs[key] = kept     # most recently used last
        while len(self._runs) > self.max_runs:
            self._runs.pop(next(iter(self._runs)))
        return history

    def __call__(self, learning_rate: float = 0.1, batch_size: int = 16, epochs: int = 30) -> BatchComparison:
        learning_rate = number(learning_rate, "learning_rate", low=0.0, low_open=True)
        batch_size = number(batch_size, "batch_size", low=1, integer=True)
        epochs = number(epochs, "epochs", low=0, integer=True)
        runs = {label: self._run(learning_rate, b, epochs)
                for label, b in (("full batch", None), ("SGD (batch 1)", 1),
                                 (f"mini-batch ({batch_size})", batch_size))}
        return BatchComparison(runs, self.X.shape[1])


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


def dead_units(net: MLP, X) -> np.ndarray:
    """How many units of each hidden layer are switched off for every sample of ``X``.

    ``X`` is ``(n_x, m)``, samples as columns. A hidden unit counts when its
    pre-activation ``z`` is at most 0 on all m samples. For ReLU such a unit
    outputs 0 for every one of them, and because relu'(z) = 0 there it passes
    back no gradient either, so its incoming weights stop changing: the unit
    is *dead*. (A leaky ReLU unit in the same state still passes back 0.01 of
    the gradient, so it can recover.) Returns an int array of shape
    ``(L - 1,)``, one count per hidden layer (empty for a network with no
    hidden layer). A NaN pre-activation (a diverged run) does not count.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a coursekit MLP; got {type(net).__name__}.")
    X = net._check_X(X)
    with np.errstate(all="ignore"):
        Zs, _ = net._forward(X)                     # z^l = W^l a^(l-1) + b^l, l = 1..L
    return np.array([int(np.sum(np.all(Z <= 0, axis=1))) for Z in Zs[:-1]], dtype=int)


def layer_outputs(net: MLP, X):
    """The forward pass of ``net`` on ``X``, layer by layer: ``[(Z1, A1), ..., (ZL, AL)]``.

    ``X`` is ``(n_x, m)``; ``Z^l = W^l A^(l-1) + b^l`` and ``A^l = g(Z^l)`` are
    both ``(n_l, m)``, one column per sample, for l = 1..L (the last pair is
    the output layer). Handy for looking inside a network: the slopes
    ``g'(z^l)`` that backprop multiplies by, saturated or switched-off units.
    Overflow shows as inf or NaN in the arrays, with no warning.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a coursekit MLP; got {type(net).__name__}.")
    X = net._check_X(X)
    with np.errstate(all="ignore"):
        Zs, As = net._forward(X)
    return list(zip(Zs, As[1:]))


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
    run = train_classifier(dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                           activation="tanh", epochs=iterations, seed=seed)
    run.settings["unit"] = "iterations"  # full batch: one update per pass, named as chapter 03 does
    return run


# ------------------------------------------------------- universal approximation
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
        from .activations import get

        g = get(self.net.hidden_activation)[0]
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


# ------------------------------------------------------- stacked linear layers
def collapse_linear(params):
    """The single layer ``(W, b)`` that computes exactly what stacked linear layers compute.

    ``params`` is ``[(W1, b1), ..., (WL, bL)]`` (an ``MLP``'s ``params``), with
    ``W^l`` of shape ``(n_l, n_(l-1))`` and ``b^l`` of shape ``(n_l, 1)``, each
    layer computing ``z^l = W^l a^(l-1) + b^l`` with no activation between
    layers. Substituting one layer into the next,

        W^2 (W^1 x + b^1) + b^2 = (W^2 W^1) x + (W^2 b^1 + b^2),

    and so on up the stack, so the result is ``W = W^L ... W^2 W^1`` of shape
    ``(n_L, n_0)`` and ``b = W^L ... W^2 b^1 + ... + W^L b^(L-1) + b^L`` of
    shape ``(n_L, 1)``. NaN and inf (from a diverged run) pass through.
    """
    if not isinstance(params, (list, tuple)):
        raise TypeError(f"params must be a list of (W, b) pairs such as net.params; got {type(params).__name__}.")
    if len(params) == 0:
        raise ValueError("params must hold at least one layer (W, b); got an empty list.")
    W = b = None
    for l, pair in enumerate(params, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"params[{l - 1}] must be a pair (W{l}, b{l}).")
        Wl = as_matrix(pair[0], f"W{l}", cols=None if W is None else W.shape[0],
                       what="(n_l, n_(l-1))", finite=False)
        bl = as_matrix(pair[1], f"b{l}", rows=Wl.shape[0], cols=1, what="(n_l, 1)", finite=False)
        if W is None:
            W, b = Wl.copy(), bl.copy()
        else:
            with np.errstate(all="ignore"):
                W, b = Wl @ W, Wl @ b + bl          # W^l (W x + b) + b^l = (W^l W) x + (W^l b + b^l)
    return W, b


@dataclass
class LinearStackRun:
    """A network trained with ``depth`` hidden layers, and what a single layer makes of it.

    ``W``, ``b`` are the collapsed single layer (:func:`collapse_linear`) when
    the hidden layers are linear, else None; ``max_difference`` is the largest
    gap between the network's output and ``sigmoid(W X + b)`` on the data
    (rounding error only, about 1e-16, when linear); ``one_neuron_loss`` is the
    loss a single neuron (logistic regression, depth 0) reaches on the same data.
    """

    run: TrainingRun
    W: np.ndarray | None
    b: np.ndarray | None
    max_difference: float | None
    one_neuron_loss: float

    @property
    def depth(self) -> int:
        return self.run.net.L - 1

    @property
    def status(self) -> str:
        h = self.run.history
        if h.diverged:
            return (f"diverged at epoch {h.diverged_epoch}: the learning rate is too large "
                    f"for {self.depth + 1} stacked layers")
        loss = (f"loss {h.loss[-1]:.4f} (one neuron alone: {self.one_neuron_loss:.4f}), "
                f"training accuracy {self.run.accuracy:.0%}")
        if self.W is None:
            return f"{self.run.settings['activation']} between layers: no single matrix replaces them; {loss}"
        if self.depth == 0:
            return f"depth 0 is one neuron, one layer W x + b; {loss}"
        return (f"{self.depth + 1} weight matrices collapse into one W (outputs agree to "
                f"{self.max_difference:.0e}); {loss}")


@functools.lru_cache(maxsize=None)
def _one_neuron_loss(dataset_name: str, n_samples: int, seed: int) -> float:
    """The cost one sigmoid neuron (logistic regression) reaches on a dataset: its best line."""
    X, Y = dataset(dataset_name, n_samples, seed)
    net = MLP([2, 1], seed=seed)
    return float(fit_quietly(net, X, Y, 2.0, 2000, seed=seed).loss[-1])


def linear_stack_run(depth: int = 2, learning_rate: float = 1.0, dataset_name: str = "moons",
                     activation: str = "linear", width: int = 4, epochs: int = 150,
                     n_samples: int = 100, seed: int = 0) -> LinearStackRun:
    """Stack ``depth`` hidden layers with no nonlinearity and show it is still one line.

    Trains ``MLP([2, width, ..., width, 1], hidden_activation=activation)``
    (sigmoid output) on one of ``DATASETS``. With ``activation="linear"`` the
    whole network is ``sigmoid(W x + b)`` for the single ``(W, b)`` of
    :func:`collapse_linear`, so its decision boundary is the straight line
    ``W x + b = 0`` at every depth, and its loss cannot beat one neuron's.
    Any other hidden activation (``"tanh"``, say) is trained the same way for
    comparison, and gets no collapsed layer.
    """
    depth = number(depth, "depth", low=0, integer=True)
    run = train_classifier(dataset_name, learning_rate=learning_rate, depth=depth, width=width,
                           activation=activation, epochs=epochs, n_samples=n_samples, seed=seed)
    W = b = diff = None
    if activation == "linear" or depth == 0:   # with no hidden layer the activation plays no part
        W, b = collapse_linear(run.net.params)
        from .activations import sigmoid

        with np.errstate(all="ignore"):
            one_layer = sigmoid(W @ run.X + b)                  # the whole stack as one layer
            diff = float(np.max(np.abs(run.net.predict_proba(run.X) - one_layer)))
    return LinearStackRun(run, W, b, diff, _one_neuron_loss(dataset_name, n_samples, seed))


# ------------------------------------------------- backpropagation: what it costs
@dataclass
class BackpropCost:
    """Multiply-adds of one forward pass, one backward pass, and a finite-difference gradient.

    Only the matrix products are counted (they dominate; the elementwise
    products and the bias additions grow with the number of units, not with
    the number of weights). Per sample, layer l costs

    * forward:  ``n_l n_(l-1)`` for ``z^l = W^l a^(l-1)``;
    * backward: ``n_l n_(l-1)`` for ``dW^l = delta^l (a^(l-1))^T`` (BP4), plus
      another ``n_l n_(l-1)`` for ``(W^l)^T delta^l`` (BP2) when l > 1
      (layer 1 sends no error back to the inputs).

    A gradient by centred differences instead runs two forward passes per
    parameter. Every count is for ``m`` samples.
    """

    layer_sizes: list
    m: int
    forward_layers: np.ndarray    # (L,) multiply-adds of layer l in the forward pass
    backward_layers: np.ndarray   # (L,) multiply-adds of layer l in the backward pass

    @property
    def depth(self) -> int:
        return len(self.layer_sizes) - 2

    @property
    def n_params(self) -> int:
        return int(sum(n * (p + 1) for p, n in zip(self.layer_sizes[:-1], self.layer_sizes[1:])))

    @property
    def forward(self) -> int:
        return int(self.forward_layers.sum())

    @property
    def backward(self) -> int:
        return int(self.backward_layers.sum())

    @property
    def finite_differences(self) -> int:
        """Two forward passes (theta + eps and theta - eps) for every parameter."""
        return 2 * self.n_params * self.forward

    @property
    def status(self) -> str:
        return (f"depth {self.depth}: {self.n_params:,} parameters. Per sample, forward "
                f"{self.forward // self.m:,} multiply-adds, backward {self.backward // self.m:,} "
                f"({self.backward / self.forward:.2f} x forward); centred differences "
                f"{self.finite_differences // self.m:,} ({self.finite_differences / self.forward:,.0f} x forward)")


def backprop_cost(depth: int = 3, width: int = 16, n_in: int = 2, n_out: int = 1, m: int = 1) -> BackpropCost:
    """Count the multiply-adds of the forward and backward pass of ``[n_in, width x depth, n_out]``.

    ``depth`` is the number of hidden layers (0 is logistic regression), each
    ``width`` units wide; ``m`` samples (the columns of ``X``). Deterministic
    arithmetic, nothing is timed: see :class:`BackpropCost` for what is counted.
    """
    sizes = layer_sizes(number(n_in, "n_in", low=1, integer=True), depth, width,
                        number(n_out, "n_out", low=1, integer=True))
    m = number(m, "m", low=1, integer=True)
    products = np.array([n * p for p, n in zip(sizes[:-1], sizes[1:])], dtype=np.int64) * m
    backward = 2 * products
    backward[0] = products[0]                 # no (W^1)^T delta^1: the inputs need no error term
    return BackpropCost(sizes, m, products, backward)


# ----------------------------------------- checking a hand-written backward pass
def check_backward(backward_fn, net: MLP, X, Y, eps: float = 1e-6) -> dict:
    """Gradient-check a backward pass written by hand against ``net``'s cost.

    ``backward_fn(params, X, Y)`` gets ``net.params`` (a list of ``(W, b)``
    pairs, ``W^l`` of shape ``(n_l, n_(l-1))``, ``b^l`` of ``(n_l, 1)``), ``X``
    ``(n_0, m)`` and ``Y`` ``(n_L, m)``, and must return ``[(dW1, db1), ...]``
    with the shapes of the parameters. Each is compared with centred
    differences of ``net.cost(X, Y)``, as :func:`coursekit.gradient_check`
    does for ``net.backward``. Returns ``{"error": pooled relative error,
    "layers": [(error_W, error_b), ...]}``; below about 1e-7 the backward pass
    is right. A gradient of the wrong shape raises ``ValueError`` naming it.
    """
    from .gradcheck import numerical_gradient, relative_error

    if not callable(backward_fn):
        raise TypeError(f"backward_fn must be a function backward_fn(params, X, Y); got {type(backward_fn).__name__}.")
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a coursekit.MLP; got {type(net).__name__}.")
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[1])
    params = net.params
    grads = backward_fn([(W.copy(), b.copy()) for W, b in params], X.copy(), Y.copy())
    if not isinstance(grads, (list, tuple)) or len(grads) != net.L:
        raise ValueError(f"backward_fn must return a list of {net.L} pairs (dW, db), one per layer; "
                         f"got {type(grads).__name__}" + (f" of length {len(grads)}." if hasattr(grads, '__len__') else "."))
    analytic, numeric, layers = [], [], []
    for l, ((W, b), pair) in enumerate(zip(params, grads), start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"layer {l}'s gradient must be a pair (dW{l}, db{l}).")
        dW = as_matrix(pair[0], f"dW{l}", rows=W.shape[0], cols=W.shape[1], what=f"the shape of W{l}", finite=False)
        db = as_matrix(pair[1], f"db{l}", rows=b.shape[0], cols=1, what=f"the shape of b{l}", finite=False)
        num_W = numerical_gradient(lambda: net.cost(X, Y), W, eps)
        num_b = numerical_gradient(lambda: net.cost(X, Y), b, eps)
        analytic += [dW, db]
        numeric += [num_W, num_b]
        layers.append((relative_error(dW, num_W), relative_error(db, num_b)))
    flat = lambda arrays: np.concatenate([a.ravel() for a in arrays])
    return {"error": relative_error(flat(analytic), flat(numeric)), "layers": layers}


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


# ------------------------------------------------------- generalisation (chapter 06)
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
        from .regression import polynomial_features

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
    from .regression import least_squares, polynomial_features

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
    from .regression import polynomial_features

    degrees = np.arange(1, max_degree + 1)
    train_errors, val_errors, fits = np.zeros(max_degree), np.zeros(max_degree), {}
    for i, d in enumerate(degrees):
        w, b = fits[d] = _polynomial_fit(x, y, d, l2)
        train_errors[i] = np.mean((w.T @ polynomial_features(x, d) + b - y) ** 2) / 2
        val_errors[i] = np.mean((w.T @ polynomial_features(x_val, d) + b - y_val) ** 2) / 2
    w, b = fits[degree]
    return PolynomialRun(x, y, x_val, y_val, degree, l2, w, b, float(train_errors[degree - 1]),
                         float(val_errors[degree - 1]), degrees, train_errors, val_errors)


def early_stopping_point(val_loss, patience: int | None = None):
    """Where early stopping with ``patience`` stops on a validation curve: ``(best_epoch, stop_epoch)``.

    ``val_loss`` holds the validation loss after epochs 1, 2, ... (a sequence
    or a 1-D array). The best epoch is the first epoch with the lowest loss
    seen so far (a tie does not replace it). Training stops at the first
    epoch that comes ``patience`` epochs after the best one without a new
    best, and the weights of the best epoch are kept; if that never happens
    (or ``patience`` is None) it runs to the end, ``stop_epoch =
    len(val_loss)``. Both are counted from 1, as ``MLP.fit`` does with
    ``early_stopping=patience``, so ``History.best_epoch`` and
    ``History.epochs_run`` match this.
    """
    arr = np.asarray(val_loss, dtype=np.float64) if not isinstance(val_loss, (str, bytes)) else None
    if arr is None or arr.ndim != 1 or arr.size == 0:
        raise ValueError("val_loss must be a non-empty sequence of losses, one per epoch; "
                         f"got {type(val_loss).__name__}{'' if arr is None else f' of shape {arr.shape}'}.")
    if not np.all(np.isfinite(arr)):
        raise ValueError("val_loss must contain only finite numbers.")
    patience = number(patience, "patience", low=1, integer=True, allow_none=True)
    best, best_epoch = np.inf, 0
    for epoch, value in enumerate(arr, start=1):
        if value < best:
            best, best_epoch = value, epoch
        elif patience is not None and epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, int(arr.size)


def inverted_dropout(A, U, rate: float):
    """Inverted dropout applied to the activations ``A`` with the random numbers ``U``.

    ``A`` and ``U`` have the same shape ``(n_l, m)``, one column per sample;
    ``U`` holds uniform random numbers in [0, 1). A unit is dropped where
    ``U < rate`` (so each one with probability ``rate``) and a kept one is
    scaled by ``1 / (1 - rate)``, which keeps the expected value of every
    activation unchanged, so nothing needs rescaling at prediction time.
    Returns ``(A_dropped, mask)``, ``mask = (U >= rate) / (1 - rate)``; it is
    the mask ``MLP.fit(dropout=rate)`` multiplies into each hidden layer.
    """
    A = as_matrix(A, "A", what="(n_l, m)")
    U = as_matrix(U, "U", rows=A.shape[0], cols=A.shape[1], what="(n_l, m), the shape of A")
    if np.any((U < 0) | (U >= 1)):
        raise ValueError("U must hold uniform random numbers in [0, 1), such as rng.random(A.shape).")
    rate = number(rate, "rate", low=0.0)
    if rate >= 1:
        raise ValueError(f"rate is the probability of dropping a unit and must be below 1; got {rate}.")
    mask = (U >= rate) / (1.0 - rate)        # 0 for a dropped unit, 1 / (1 - p) for a kept one
    return A * mask, mask


#: The settings ``regularisation_run`` trains with, shared by :func:`penalty_comparison`.
_REGULARISATION_SETUP = dict(depth=2, width=32, activation="relu", init="he", n_samples=30,
                             validation=150)


def penalty_comparison(l2: float = 0.01, l1: float = 0.003, learning_rate: float = 0.3,
                       epochs: int = 300, seed: int = 0) -> dict:
    """The network of :func:`regularisation_run` trained three times: no penalty, L2 and L1.

    Returns ``{"no penalty": run, "L2": run, "L1": run}``, each a
    :class:`TrainingRun` on the same 30 noisy moons with 150 validation
    points. L2 (``l2``) shrinks every weight in proportion to its size; L1
    (``l1``) pulls each weight towards 0 by the same amount, so many of them
    end up at (or hovering around) 0: a sparse network.
    """
    runs = {}
    for label, options in (("no penalty", {}), ("L2", {"l2": l2}), ("L1", {"l1": l1})):
        runs[label] = train_classifier("noisy moons", learning_rate=learning_rate, epochs=epochs,
                                       seed=seed, **_REGULARISATION_SETUP, **options)
    return runs


def near_zero_weights(params, threshold: float = 0.01) -> tuple[int, int]:
    """``(count, total)``: how many weights (not biases) of ``params`` have ``|w| < threshold``.

    ``params`` is a network's ``[(W1, b1), ...]`` (or an ``MLP``).
    """
    params = getattr(params, "params", params)
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"params must be a network's list of (W, b) pairs, or an MLP; got {type(params).__name__}.")
    threshold = number(threshold, "threshold", low=0.0, low_open=True)
    weights = np.concatenate([as_matrix(pair[0], f"W{l}", what="(n_l, n_(l-1))").ravel()
                              for l, pair in enumerate(params, start=1)])
    return int(np.sum(np.abs(weights) < threshold)), int(weights.size)
