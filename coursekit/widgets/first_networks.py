"""The explorers of chapters 01-03 (the neuron, XOR and two layers, logistic regression): controls wired to
``coursekit.experiments``, panels to ``coursekit.plots``."""
from __future__ import annotations

from functools import partial

from .. import experiments, plots
from .explorer import (ACTIVATION_OPTIONS, DATASET_OPTIONS, FEATURE_OPTIONS, STACK_ACTIVATION_OPTIONS,
                       TARGET_OPTIONS, Explorer, Panels, dropdown, int_slider, log_slider, remembering, untrained)
from .render import new_figure

__all__ = ["perceptron_explorer", "linear_stack_explorer", "training_explorer", "approximation_explorer",
           "regression_explorer"]


def perceptron_explorer(gate="and", learning_rate=1.0, step=0, start=0):
    """The "dancing line": replay the perceptron rule one update at a time.

    Controls: gate (AND, OR, NAND, XOR or two blobs), learning rate, step,
    and the starting line (ten directions through the middle of the data,
    ``experiments.starting_line``). Each run goes on until an epoch makes no
    mistake, or for 100 epochs. Left, the line after the chosen step with
    the sample it just visited; right, the mistakes made in each pass.
    """
    controls = {
        "gate": dropdown(gate, [("AND", "and"), ("OR", "or"), ("NAND", "nand"), ("XOR", "xor"),
                                ("two blobs", "blobs")], "gate"),
        "learning_rate": log_slider(learning_rate, 0.01, 10.0, "learning rate"),
        "step": int_slider(step, 0, 400, "step"),
        "start": int_slider(start, 0, 9, "starting line"),
    }
    runs = {}

    def compute(gate, learning_rate, step, start):
        key = (gate, learning_rate, start)
        if key not in runs:  # the step slider only scrubs a recorded run
            runs.clear()
            runs[key] = experiments.perceptron_run(gate, learning_rate, epochs=100, start=start)
        run = runs[key]
        slider = controls["step"]
        if slider.max != run.n_steps:
            slider.max = run.n_steps
        run.k = min(step, run.n_steps)
        return run

    figure, axes = new_figure(12.0, 5.2, ncols=2, top=0.85, bottom=1.45)
    return Explorer(controls, compute, partial(_draw_perceptron, Panels()), figure, axes)


def _draw_perceptron(panels, figure, axes, run):
    p, k = run.perceptron, run.k
    step = p.steps[k - 1] if k > 0 else None
    title = f"Step {k} of {run.n_steps}" + (f", epoch {step.epoch}" if step else "")
    panels.plot("replay", plots.perceptron_replay, p, run.X, run.Y, k, title=title, ax=axes[0])
    # the mistakes panel is built once per run: a step only moves its marker
    bars = panels.show("mistakes", lambda _: plots.mistakes_per_epoch(p.errors_per_epoch, run.X.shape[1], ax=axes[1]),
                       lambda drawing: None, key=run)
    bars.mark(step.epoch if step is not None else None)
    plots.lean(*axes)
    verdict = ("converged: an epoch with no mistakes" if p.converged
               else f"still making mistakes after {len(p.errors_per_epoch)} epochs")
    if step is None:
        return f"step 0 of {run.n_steps}: the starting line; {verdict}"
    what = "misclassified: the line moved" if step.changed else "classified correctly: the line stayed"
    return f"step {k} of {run.n_steps} (epoch {step.epoch}): sample X[:, {step.index}] {what}; {verdict}"


def linear_stack_explorer(dataset="moons", depth=2, learning_rate=1.0, activation="linear"):
    """Stack linear layers as deep as you like: the boundary stays one straight line.

    Controls: dataset, depth (hidden layers of 4 units), learning rate, and the activation
    between layers ("none" stacks linear layers; tanh, for comparison, bends the boundary).
    Left, the trained boundary with the collapsed single layer's line W x + b = 0 dashed on
    top; middle, the stacked network; right, the one layer ``W = W^L ... W^1`` it collapses to.
    """
    controls = {
        "dataset": dropdown(dataset, [("moons", "moons"), ("XOR", "xor"), ("circles", "circles")], "dataset"),
        "depth": int_slider(depth, 0, 6, "depth (hidden layers)"),
        "learning_rate": log_slider(learning_rate, 0.01, 10.0, "learning rate"),
        "activation": dropdown(activation, STACK_ACTIVATION_OPTIONS, "activation between layers"),
    }

    @remembering
    def compute(dataset, depth, learning_rate, activation):
        return experiments.linear_stack_run(depth, learning_rate, dataset, activation)

    def draw(panels, figure, axes, result):
        run = result.run
        for overlay in ("collapsed_line", "diverged"):      # drawn over the boundary: new each time
            panels.drop(overlay)
        title = f"Trained boundary, depth {result.depth}"
        panels.show("boundary", lambda old: plots.decision_boundary(
            run.net, run.X, run.Y, ax=old or axes[0], colorbar=False, resolution=50, title=title),
                    lambda drawing: drawing.update(run.net, title=title), key=controls["dataset"].value,
                    kind="boundary")
        if result.W is not None:
            panels.show("collapsed_line", lambda _: plots.collapsed_line(result.W, result.b, ax=axes[0]))
        panels.plot("stacked", plots.network_diagram, run.net, show_values=False,
               title=f"Stacked: {run.net.L} layer{'s' if run.net.L > 1 else ''} of weights", ax=axes[1])
        if result.W is not None:
            panels.plot("collapsed", plots.network_diagram, [(result.W, result.b)], key="diagram",
                   title="Collapsed: one layer, W = W$^L$ ··· W$^1$", ax=axes[2])
        else:
            panels.show("collapsed", lambda _: plots.message(
                f"{run.settings['activation']} between the layers:\nno single matrix does the same,\n"
                "so the boundary can bend", ax=axes[2]), key="message")
        panels.show("diverged", lambda _: plots.diverged_note(run.history, ax=axes[0]))
        plots.lean(axes[0])
        return result.status

    figure, axes = new_figure(15.0, 4.9, ncols=3, wspace=0.8, top=1.0)
    return Explorer(controls, compute, partial(draw, Panels()), figure, axes, columns=2, inert=_stack_inert)


def _stack_inert(depth, **_):
    return {"activation": "the activation does nothing at depth 0: there are no layers to put it between"
            } if depth == 0 else {}


def training_explorer(dataset="moons", learning_rate=0.5, depth=1, width=8, activation="tanh",
                      epochs=300, features="plain"):
    """Train a network on a 2-D dataset and watch its boundary, hidden units, loss and weights.

    Controls: dataset, learning rate, depth (hidden layers), width (units per
    hidden layer), activation, epochs, and the input features: (x1, x2) alone, or
    with x1², x2² and x1·x2, which let a small network (even none: depth 0) draw
    a circle. Panels: decision boundary, what each first-layer unit computes (its
    activation over the plane, as TensorFlow Playground shows it), loss curve,
    network diagram (edge colour = sign, width = |w|).
    """
    controls = {
        "dataset": dropdown(dataset, DATASET_OPTIONS, "dataset"),
        "learning_rate": log_slider(learning_rate, 0.001, 100.0, "learning rate"),
        "depth": int_slider(depth, 0, 6, "depth (hidden layers)"),
        "width": int_slider(width, 1, 16, "width (units per layer)"),
        "activation": dropdown(activation, ACTIVATION_OPTIONS, "activation"),
        "epochs": int_slider(epochs, 0, 1000, "epochs", step=50),
        "features": dropdown(features, FEATURE_OPTIONS, "input features"),
    }

    @remembering
    def compute(dataset, learning_rate, depth, width, activation, epochs, features):
        return experiments.train_classifier(dataset, learning_rate=learning_rate, depth=depth, width=width,
                                            activation=activation, epochs=epochs, features=features)

    figure, axes = new_figure(16.0, 4.4, ncols=4, left=0.7, right=0.2, wspace=0.75)
    return Explorer(controls, compute, partial(_draw_training, Panels()), figure, axes, inert=_training_inert)


def _draw_training(panels, figure, axes, run):
    s = run.settings
    panels.show("boundary", lambda old: plots.decision_boundary(
        run.model, run.X, run.Y, ax=old or axes[0], colorbar=False, resolution=60),
                lambda drawing: drawing.update(run.model), key=s["dataset"], kind="boundary")
    if run.net.L > 1:       # the maps cover the boundary's view of the plane
        panels.show("units", lambda _: plots.unit_maps(run.model, axes[0].get_xlim(), axes[0].get_ylim(),
                                                        title="First hidden layer's units", ax=axes[1]),
                    lambda drawing: drawing.update(run.model), key=(s["dataset"], s["width"]), kind="units")
    else:
        panels.show("units", lambda _: plots.message("depth 0: no hidden units,\nthe inputs go straight\n"
                                                     "to the output", ax=axes[1]), key="none", kind="message")
    panels.plot("loss", plots.loss_curves, run.history, ax=axes[2])
    panels.plot("network", plots.network_diagram, run.net, ax=axes[3])
    plots.lean(axes[0], axes[2])
    return run.status


def _training_inert(depth, epochs, **_):
    reasons = untrained(epochs, "epochs", "learning_rate")
    if depth == 0:
        reasons.update(dict.fromkeys(("width", "activation"),
                                     "width and activation do nothing at depth 0: no hidden layer, logistic regression"))
    return reasons


def approximation_explorer(target="sine", hidden_units=3, learning_rate=0.1, epochs=1000,
                           activation="sigmoid"):
    """Universal approximation: one hidden layer fits a 1-D function, better with more units.

    Controls: target function, hidden units (1 to 30), learning rate, epochs,
    activation (sigmoid or tanh). Panels: the network's output against the
    target, the pieces the hidden units add up, and the loss curve. Runs are
    kept, so returning to a setting redraws without training again.
    """
    controls = {
        "target": dropdown(target, TARGET_OPTIONS, "target function"),
        "hidden_units": int_slider(hidden_units, 1, 30, "hidden units"),
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
        "epochs": int_slider(epochs, 0, 2000, "epochs", step=100),
        "activation": dropdown(activation, ACTIVATION_OPTIONS[:2], "activation"),
    }

    @partial(remembering, size=64)        # keep the memory bounded: the oldest run is forgotten
    def compute(target, hidden_units, learning_rate, epochs, activation):
        return experiments.approximate_function(target, hidden_units, learning_rate, epochs, activation)

    def draw(panels, figure, axes, run):
        panels.plot("fit", plots.function_fit, run.net, run.x, run.y, target=run.target_values, resolution=200,
               title=f"Fitting {experiments.TARGET_FORMULAS[run.target]}", ax=axes[0])
        panels.plot("pieces", plots.hidden_contributions, run.net, resolution=200, ax=axes[1])
        panels.plot("loss", plots.loss_curves, run.history, log=True, title="Training loss", ax=axes[2])
        plots.lean(*axes)
        return run.status   # loss_curves itself marks a divergence

    figure, axes = new_figure(13.0, 4.4, ncols=3, left=0.7, right=0.2, wspace=0.75)
    return Explorer(controls, compute, partial(draw, Panels()), figure, axes,
                    inert=lambda epochs, **_: untrained(epochs, "epochs", "learning_rate"))


def regression_explorer(model="linear", learning_rate=0.1, iterations=50, depth=0):
    """Gradient descent on regression, from a line fit to logistic regression and beyond.

    Controls: model ("linear": fit a line to noisy points; "logistic":
    classify two circles, which no line separates), learning rate, iterations,
    depth (hidden layers, logistic only: 0 is plain logistic regression).
    Too small a learning rate crawls, a good one converges, too large diverges.
    """
    controls = {
        "model": dropdown(model, [("linear regression", "linear"), ("logistic regression", "logistic")],
                          "model"),
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
        "iterations": int_slider(iterations, 0, 500, "iterations", step=10),
        "depth": int_slider(depth, 0, 4, "depth (hidden layers)"),
    }

    @remembering
    def descend(model, learning_rate, iterations, depth):
        if model == "linear":
            return experiments.linear_run(learning_rate, iterations)
        return experiments.logistic_depth_run(depth, learning_rate, iterations)

    def compute(model, learning_rate, iterations, depth):
        return descend(model=model, learning_rate=learning_rate, iterations=iterations,
                       depth=0 if model == "linear" else depth)   # a line has no depth

    def inert(model, iterations, **_):
        reasons = untrained(iterations, "iterations", "learning_rate")
        if model == "linear":
            reasons["depth"] = "depth does nothing for linear regression: a line has no hidden layers"
        return reasons

    figure, axes = new_figure(12.0, 4.6, ncols=2)
    return Explorer(controls, compute, partial(_draw_regression, Panels()), figure, axes, inert=inert)


def _draw_regression(panels, figure, axes, run):
    if isinstance(run, experiments.LinearRun):
        # the points and the exact line are the same for every run: only the descent's line moves
        fit = panels.show("fit", lambda _: plots.line_fit(run.x, run.y, run.w_exact, run.b_exact, ax=axes[0]),
                          lambda drawing: None, key="linear")
        fit.update(run.w, run.b)
        losses = run.costs
    else:
        panels.show("fit", lambda _: plots.decision_boundary(run.net, run.X, run.Y, ax=axes[0], colorbar=False,
                                                           resolution=60),
                    lambda drawing: drawing.update(run.net), key="logistic")
        losses = run.history
    panels.plot("loss", plots.loss_curves, losses, title="Cost while descending", log=True, xlabel="iteration",
           ax=axes[1])
    plots.lean(*axes)
    return run.status
