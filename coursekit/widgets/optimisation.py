"""Chapter 07's explorers: optimisers on a 2-D surface, and optimisers training a network.

Wiring only: the computations are ``experiments.compare_on_surface`` and
``experiments.train_runs``, the panels ``plots.optimiser_paths``, ``plots.loss_by_step``,
``plots.loss_curves`` and ``plots.learning_rates``, each built once and then updated through
its Drawing (``Panels``).
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial

from .. import experiments, plots
from .explorer import Explorer, Panels, dropdown, float_slider, int_slider, log_slider, remembering
from .render import new_figure

__all__ = ["SURFACE_OPTIONS", "MAX_STEPS", "optimiser_paths_explorer", "OPTIMISER_SETS", "SCHEDULE_OPTIONS",
           "optimiser_training_explorer"]

SURFACE_OPTIONS = [(name, name) for name in experiments.SURFACES]
MAX_STEPS = 300


def optimiser_paths_explorer(surface="ill-conditioned bowl", learning_rate=0.05, adaptive_learning_rate=0.1,
                             beta=0.9, steps=60):
    """Five optimisers from one start on a 2-D loss surface you pick.

    Controls: surface (ill-conditioned bowl, rotated bowl, curved valley, saddle point, bumpy loss),
    learning rate (gradient descent, momentum, Nesterov), learning rate of RMSProp and
    Adam, beta (the momentum, and Adam's beta1) and steps. Left, the contours with
    every path; right, each loss above the lowest point against the step. The steps
    slider only scrubs through runs of 300 steps, computed once per setting.
    """
    controls = {
        "surface": dropdown(surface, SURFACE_OPTIONS, "surface"),
        "learning_rate": log_slider(learning_rate, 0.001, 1.0, "learning rate (GD, momentum, Nesterov)"),
        "adaptive_learning_rate": log_slider(adaptive_learning_rate, 0.001, 1.0, "learning rate (RMSProp, Adam)"),
        "beta": float_slider(beta, 0.0, 0.99, "momentum β (Adam's β1)", 0.01),
        "steps": int_slider(steps, 10, MAX_STEPS, "steps", step=10),
    }

    @remembering
    def full_runs(surface, learning_rate, adaptive_learning_rate, beta):
        return experiments.compare_on_surface(surface, learning_rate, adaptive_learning_rate, beta, MAX_STEPS)

    def compute(surface, learning_rate, adaptive_learning_rate, beta, steps):
        runs = full_runs(surface=surface, learning_rate=learning_rate,
                         adaptive_learning_rate=adaptive_learning_rate, beta=beta)
        return {label: replace(run, path=run.path[:, :steps + 1], losses=run.losses[:steps + 1],
                               diverged_step=run.diverged_step if (run.diverged_step or MAX_STEPS + 1) <= steps
                               else None)
                for label, run in runs.items()}

    figure, axes = new_figure(13.0, 5.2, ncols=2, wspace=2.6)   # the paths' legend sits between the panels
    return Explorer(controls, compute, partial(_draw_paths, Panels(), controls["surface"]), figure, axes)


def _draw_paths(panels, surface_control, figure, axes, runs):
    surface = experiments.SURFACES[surface_control.value]
    panels.plot("paths", plots.optimiser_paths, surface, runs, ax=axes[0], resolution=80, legend="outside")
    panels.plot("losses", plots.loss_by_step, surface, runs, ax=axes[1])
    plots.lean(axes[1])
    low = surface.f(*surface.minimum)
    return "loss above the lowest point after the last step: " + "; ".join(
        f"{label} diverged at step {run.diverged_step}" if run.diverged_step is not None
        else f"{label} {plots.short_number(max(run.losses[-1] - low, 0.0))}"
        for label, run in runs.items())


#: The explorer's choices of optimisers to compare, each with the keywords of its run.
OPTIMISER_SETS = {
    "gradient descent, momentum, Adam": ("sgd", "momentum", "adam"),
    "momentum against Nesterov": ("momentum", "nesterov"),
    "RMSProp against Adam": ("rmsprop", "adam"),
    "all five": ("sgd", "momentum", "nesterov", "rmsprop", "adam"),
}
_LABELS = {"sgd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov", "rmsprop": "RMSProp",
           "adam": "Adam"}
SCHEDULE_OPTIONS = [("constant", "constant"), ("cosine (to 0 at the end)", "cosine"),
                    ("step (x 0.3 every 30 epochs)", "step"), ("warm-up (5 epochs from 1/10)", "warmup")]
_SCHEDULE_SETTINGS = {"constant": {}, "cosine": {}, "step": {"step_size": 30, "gamma": 0.3},
                      "warmup": {"total_iters": 5, "start_factor": 0.1}}


def optimiser_training_explorer(optimizers="gradient descent, momentum, Adam", learning_rate=0.3,
                                adaptive_learning_rate=0.03, depth=2, schedule="constant", epochs=100):
    """The same network, from the same start, trained by the optimisers you choose.

    Controls: which optimisers, the learning rate of gradient descent, momentum and
    Nesterov, the learning rate of RMSProp and Adam, depth (hidden layers of 8 tanh
    units), the schedule and the epochs. 100 moons samples, full batch; the loss curves
    of every run on one axes (log scale) beside the rate each epoch used (runs that share
    a rate take turns along one dashed line, so none hides another).
    """
    controls = {
        "optimizers": dropdown(optimizers, [(k, k) for k in OPTIMISER_SETS], "optimisers"),
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate (GD, momentum, Nesterov)"),
        "adaptive_learning_rate": log_slider(adaptive_learning_rate, 0.0001, 1.0, "learning rate (RMSProp, Adam)"),
        "depth": int_slider(depth, 1, 6, "depth (hidden layers)"),
        "schedule": dropdown(schedule, SCHEDULE_OPTIONS, "schedule"),
        "epochs": int_slider(epochs, 10, 300, "epochs", step=10),
    }

    @remembering
    def one_run(name, learning_rate, depth, schedule, epochs):
        return experiments.train_runs({name: dict(optimizer=name, learning_rate=learning_rate, schedule=schedule,
                                                  **_SCHEDULE_SETTINGS[schedule])},
                                      depth=depth, width=8, epochs=epochs, n_samples=100)[name]

    def compute(optimizers, learning_rate, adaptive_learning_rate, depth, schedule, epochs):
        return {_LABELS[name]: one_run(name=name, depth=depth, schedule=schedule, epochs=epochs,
                                       learning_rate=adaptive_learning_rate if name in ("rmsprop", "adam")
                                       else learning_rate)
                for name in OPTIMISER_SETS[optimizers]}

    figure, axes = new_figure(13.0, 4.8, ncols=2, wspace=0.9, right=2.0)   # room for the legend on the right
    return Explorer(controls, compute, partial(_draw_training, Panels()), figure, axes, inert=_unused_rates)


def _draw_training(panels, figure, axes, runs):
    # One legend, beside the rates: both panels colour the runs in the same order.
    panels.plot("losses", plots.loss_curves, {label: run.history for label, run in runs.items()}, ax=axes[0],
                log=True, title="Training loss", legend=False)
    panels.plot("rates", plots.learning_rates, {label: run.history.learning_rates for label, run in runs.items()},
                ax=axes[1], legend="outside")
    plots.lean(*axes)
    return "; ".join(f"{label}: {run.status}" for label, run in runs.items())


def _unused_rates(optimizers, **_):
    """The learning-rate slider that no chosen optimiser reads, with the reason."""
    chosen = OPTIMISER_SETS[optimizers]
    if not set(chosen) - {"rmsprop", "adam"}:
        return {"learning_rate": "the GD, momentum and Nesterov rate does nothing: none of them is chosen"}
    if not set(chosen) & {"rmsprop", "adam"}:
        return {"adaptive_learning_rate": "the RMSProp and Adam rate does nothing: neither is chosen"}
    return {}
