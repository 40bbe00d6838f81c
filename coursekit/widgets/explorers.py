"""The explorers of chapters 04-06 (backprop, vanishing gradients, generalisation): controls wired to
``coursekit.experiments``, panels to ``coursekit.plots`` (``Panels``). Chapters 01-03's are in
``first_networks`` and importable from here too, as before."""
from __future__ import annotations

from functools import partial

import numpy as np

from .. import experiments, plots
from .explorer import (ACTIVATION_OPTIONS, INIT_OPTIONS, L2_OPTIONS, Explorer, Panels, dropdown, float_slider,
                       int_slider, log_slider, remembering, untrained)
from .first_networks import (approximation_explorer, linear_stack_explorer, perceptron_explorer,  # noqa: F401
                             regression_explorer, training_explorer)   # (their older import path)
from .render import new_figure

__all__ = ["batch_size_explorer", "gradient_flow_explorer", "regularisation_explorer", "backprop_cost_explorer",
           "local_minimum_explorer", "polynomial_explorer"]


def batch_size_explorer(learning_rate=0.1, batch_size=16, epochs=15):
    """Full-batch, stochastic and mini-batch gradient descent side by side.

    The same network trained three times from the same start. Left, loss
    against epochs (passes over the data); right, loss against updates
    (steps of gradient descent), where SGD takes m updates per epoch.
    """
    controls = {
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
        "batch_size": int_slider(batch_size, 2, 64, "mini-batch size"),
        "epochs": int_slider(epochs, 1, 40, "epochs"),
    }
    # The full-batch and SGD runs do not depend on the mini-batch size, and fewer epochs are
    # read off a longer run: batch_comparison's results, trained as little as possible.
    comparisons = experiments.BatchComparisons(n_samples=100)

    def compute(learning_rate, batch_size, epochs):
        return comparisons(learning_rate, batch_size, epochs)

    def draw(panels, figure, axes, result):
        # one legend under both panels (the right panel's) instead of one on the left
        panels.plot("epochs", plots.loss_curves, result.runs, title="Loss against epochs", legend=False,
               ax=axes[0])
        panels.plot("updates", plots.loss_by_updates,
               {label: (result.updates(label), h.loss) for label, h in result.runs.items()}, ax=axes[1])
        plots.lean(*axes)
        diverged = [k for k, h in result.runs.items() if h.diverged]
        return "diverged: " + ", ".join(diverged) if diverged else (
            "final loss: " + ", ".join(f"{k} {h.loss[-1]:.3f}" for k, h in result.runs.items()))

    figure, axes = new_figure(12.0, 5.0, ncols=2, bottom=1.15)
    return Explorer(controls, compute, partial(draw, Panels()), figure, axes)


def gradient_flow_explorer(depth=6, activation="sigmoid", init="xavier", init_scale=1.0,
                           learning_rate=0.5):
    """How big is the gradient at each layer, and how does that change with depth?

    Controls: depth (up to 20 hidden layers), activation, initialisation,
    initial weight scale, learning rate. Left, ||dC/dW^l|| per layer at
    initialisation on a log scale; right, the training loss.
    """
    controls = {
        "depth": int_slider(depth, 1, 20, "depth (hidden layers)"),
        "activation": dropdown(activation, ACTIVATION_OPTIONS, "activation"),
        "init": dropdown(init, INIT_OPTIONS, "initialisation"),
        "init_scale": log_slider(init_scale, 0.01, 100.0, "initial weight scale"),
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
    }

    @remembering
    def compute(depth, activation, init, init_scale, learning_rate):
        return experiments.gradient_flow(depth, activation, init, init_scale, learning_rate,
                                         epochs=100, n_samples=100)

    def inert(init, **_):
        return ({"init_scale": "initial weight scale does nothing with zeros initialisation: any multiple of 0 is 0"}
                if init == "zeros" else {})

    figure, axes = new_figure(12.0, 4.6, ncols=2)
    return Explorer(controls, compute, partial(_draw_gradient_flow, Panels()), figure, axes, inert=inert)


def _draw_gradient_flow(panels, figure, axes, result):
    panels.plot("norms", plots.gradient_norms, result.initial_norms,
           title="Gradient norm per layer at initialisation", ax=axes[0])
    panels.plot("loss", plots.loss_curves, result.history, title="Training loss", ax=axes[1])
    plots.lean(*axes)
    norms = result.initial_norms
    if not np.all(np.isfinite(norms[[0, -1]])):
        ratio = "the gradient overflowed (inf or NaN), so there is no ratio"
    elif norms[-1] > 0:
        ratio = f"first layer / last layer gradient norm: {plots.short_number(norms[0] / norms[-1])}"
    else:
        ratio = "the last layer gets a zero gradient, so there is no ratio"
    return f"{ratio}; {result.run.status}"


def regularisation_explorer(l2=0.0, dropout=0.0, width=32, depth=2, learning_rate=0.3, epochs=300):
    """Overfitting and what holds it back: training against validation loss.

    A network with room to spare learns 30 noisy points. Controls: L2
    strength, dropout rate, hidden units per layer, depth, learning rate,
    epochs. Left, the boundary with the training points; right, training and
    validation loss (the gap is overfitting).
    """
    controls = {
        "l2": float_slider(l2, 0.0, 0.05, "L2 strength (lambda)", 0.001, readout_format=".3f"),
        "dropout": float_slider(dropout, 0.0, 0.8, "dropout rate", 0.05),
        "width": int_slider(width, 2, 64, "hidden units per layer", step=2),
        "depth": int_slider(depth, 1, 4, "depth (hidden layers)"),
        "learning_rate": log_slider(learning_rate, 0.001, 100.0, "learning rate"),
        "epochs": int_slider(epochs, 0, 600, "epochs", step=25),
    }

    @remembering
    def compute(l2, dropout, width, depth, learning_rate, epochs):
        return experiments.regularisation_run(l2, dropout, width, depth, learning_rate, epochs)

    figure, axes = new_figure(12.0, 4.6, ncols=2)
    return Explorer(controls, compute, partial(_draw_regularisation, Panels()), figure, axes,
                    inert=lambda epochs, **_: untrained(epochs, "epochs", "l2", "dropout", "learning_rate"))


def _draw_regularisation(panels, figure, axes, run):
    # The training points are the same at every setting, so the automatic view (the points,
    # a margin and a band for the legend) stays still as the sliders move.
    panels.show("boundary", lambda old: plots.decision_boundary(
        run.net, run.X, run.Y, ax=old or axes[0], colorbar=False, resolution=60, title="Boundary on the training points"),
                lambda drawing: drawing.update(run.net))
    panels.plot("loss", plots.loss_curves, run.history, title="Training against validation loss", ax=axes[1])
    plots.lean(*axes)
    h = run.history
    if h.diverged or h.epochs_run == 0:
        return run.status
    best = int(np.argmin(h.val_loss)) + 1
    return (f"training loss {h.loss[-1]:.3f}, validation loss {h.val_loss[-1]:.3f} "
            f"(lowest {h.val_loss.min():.3f} at epoch {best})")


def backprop_cost_explorer(depth=3, width=16):
    """How the cost of one gradient grows with depth: backprop against centred differences.

    Controls: depth (hidden layers, 0 to 20) and width (units per hidden
    layer), for a network with 2 inputs and 1 output. Left, multiply-adds per
    sample of one forward and one backward pass against depth; middle, the two
    passes layer by layer at the chosen depth; right, the whole gradient by
    backprop against the gradient by centred differences (log scale). Counts,
    not timings, so the figure is the same on every machine.
    """
    controls = {
        "depth": int_slider(depth, 0, 20, "depth (hidden layers)"),
        "width": int_slider(width, 1, 64, "width (units per layer)"),
    }
    curves = {}

    def compute(depth, width):
        if width not in curves:
            curves.clear()
            curves[width] = [experiments.backprop_cost(d, width) for d in range(0, 21)]
        return curves[width][depth]

    def draw(panels, figure, axes, cost):
        curve = curves[controls["width"].value]
        for which, ax in (("passes", axes[0]), ("gradient", axes[2])):
            # the curves change with the width only: another depth moves the marks
            panels.plot(which, plots.pass_costs, curve, which=which, chosen=cost.depth, key=curve, ax=ax)
        panels.plot("layers", plots.layer_costs, cost, ax=axes[1])
        plots.lean(*axes)
        return cost.status

    figure, axes = new_figure(13.0, 4.8, ncols=3, left=0.9, right=0.2, wspace=0.95)
    return Explorer(controls, compute, partial(draw, Panels()), figure, axes, columns=2)


def local_minimum_explorer(learning_rate=0.1, noise=1.5, start=2.0, seed=0):
    """Stuck in a local minimum, or not: plain, noisy and annealed descent on one bumpy curve.

    Controls: learning rate, noise (a temperature that cools to 0 over 300
    steps; 0 makes noisy descent plain), start, and seed (another draw of the
    random numbers). Left, the curve with where each method went and stopped;
    right, each method's position at every step.
    """
    lo, hi = experiments.BUMPY_RANGE
    controls = {
        "learning_rate": log_slider(learning_rate, 0.001, 0.3, "learning rate"),
        "noise": float_slider(noise, 0.0, 3.0, "noise (temperature)", 0.1),
        "start": float_slider(start, lo + 0.1, hi - 0.1, "start w", 0.1),
        "seed": int_slider(seed, 0, 9, "random seed"),
    }

    @remembering
    def compute(learning_rate, noise, start, seed):
        return experiments.escape_local_minimum(start, learning_rate, noise, seed=seed)

    def draw(panels, figure, axes, runs):
        paths = {k: r.path for k, r in runs.items()}
        panels.plot("curve", plots.descent_1d, experiments.bumpy_loss, paths, xlim=experiments.BUMPY_RANGE,
               ax=axes[0])
        panels.plot("steps", plots.positions_over_steps, paths, ylim=experiments.BUMPY_RANGE, marks={
            "global minimum": experiments.BUMPY_MINIMA["global"],
            "local minimum": experiments.BUMPY_MINIMA["local"]}, ax=axes[1])
        plots.lean(*axes)
        return "; ".join(f"{k} ends in the {r.ends_in} minimum (w = {r.end:.2f})" for k, r in runs.items())

    figure, axes = new_figure(13.0, 5.0, ncols=2)
    return Explorer(controls, compute, partial(draw, Panels()), figure, axes, columns=2)


def polynomial_explorer(degree=3, n_train=12, noise=0.2, l2=0.0):
    """Under- and overfitting in their plainest form: polynomials through a few noisy points.

    Controls: polynomial degree (1 to 15), number of training points, noise,
    and an L2 penalty on the coefficients (ridge regression). Left, the fit
    with the training points, fresh validation points and the true curve
    sin(pi x); right, training and validation error against the degree, with
    the current degree marked. Least squares on [-1, 1] keeps every degree
    well conditioned.
    """
    controls = {
        "degree": int_slider(degree, 1, 15, "polynomial degree"),
        "n_train": int_slider(n_train, 6, 40, "training points"),
        "noise": float_slider(noise, 0.0, 0.5, "noise", 0.05),
        "l2": dropdown(l2, L2_OPTIONS, "L2 penalty (lambda)"),
    }

    @remembering
    def compute(degree, n_train, noise, l2):
        return experiments.polynomial_run(degree, n_train, noise, l2)

    def draw(panels, figure, axes, run):
        panels.plot("fit", plots.polynomial_curve, run, ax=axes[0])
        panels.plot("capacity", plots.capacity_curve, run.degrees, run.train_errors, run.val_errors,
               current=run.degree, xlabel="polynomial degree", ylabel="squared error",
               title="Error against degree", ax=axes[1])
        plots.lean(*axes)
        return run.status

    figure, axes = new_figure(12.0, 4.9, ncols=2, top=1.0)
    return Explorer(controls, compute, partial(draw, Panels()), figure, axes, columns=2)
