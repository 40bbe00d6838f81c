"""Controls that do nothing at the current values are disabled, with the reason shown."""
import numpy as np
import pytest

from coursekit import widgets as w
from coursekit.widgets.render import new_figure


def _toy(inert):
    figure, axes = new_figure(3.0, 2.0)
    controls = {"mode": w.dropdown("a", [("a", "a"), ("b", "b")], "mode"),
                "knob": w.int_slider(1, 0, 5, "knob")}
    return w.Explorer(controls, lambda mode, knob: (mode, knob), lambda figure, axes, result: "drawn",
                      figure, axes, inert=inert)


def test_explorer_disables_an_inert_control_with_its_reason_and_enables_it_again():
    e = _toy(lambda mode, knob: {"knob": "knob does nothing in mode b"} if mode == "b" else {})
    assert not e.controls["knob"].disabled and e.status.value == "drawn"
    e.controls["mode"].value = "b"
    assert e.controls["knob"].disabled and not e.controls["mode"].disabled
    assert e.controls["knob"].tooltip == "knob does nothing in mode b"
    assert e.status.value.startswith("drawn") and "knob does nothing in mode b" in e.status.value
    e.controls["mode"].value = "a"
    assert not e.controls["knob"].disabled and e.controls["knob"].tooltip is None
    assert e.status.value == "drawn"


def test_explorer_names_an_unknown_inert_control():
    e = _toy(lambda mode, knob: {"dial": "no such control"})
    assert isinstance(e.error, ValueError) and "dial" in str(e.error)


def _inert_reason(e, name):
    return e.controls[name].disabled and e.controls[name].tooltip in e.status.value


# (explorer, inert setting, the controls inert there, a live setting, a control to move, two values)
CASES = [
    (w.regression_explorer, {"model": "linear"}, {"depth"}, {"model": "logistic"}, "depth", (0, 2)),
    (w.regression_explorer, {"model": "logistic", "iterations": 0}, {"learning_rate"}, {"iterations": 10}, "learning_rate", (0.01, 1.0)),
    (w.training_explorer, {"depth": 0}, {"width", "activation"}, {"depth": 1}, "width", (2, 8)),
    (w.training_explorer, {"epochs": 0}, {"learning_rate"}, {"epochs": 50}, "learning_rate", (0.01, 1.0)),
    (w.gradient_flow_explorer, {"init": "zeros"}, {"init_scale"}, {"init": "xavier"}, "init_scale", (0.1, 10.0)),
    (w.regularisation_explorer, {"epochs": 0}, {"l2", "dropout", "learning_rate"}, {"epochs": 25}, "l2",
     (0.0, 0.05)),
    (w.linear_stack_explorer, {"depth": 0}, {"activation"}, {"depth": 1}, "activation", ("linear", "tanh")),
    (w.approximation_explorer, {"epochs": 0}, {"learning_rate"}, {"epochs": 100}, "learning_rate", (0.01, 1.0)),
    (w.optimiser_training_explorer, {"optimizers": "RMSProp against Adam"}, {"learning_rate"},
     {"optimizers": "all five"}, "learning_rate", (0.01, 0.3)),
    (w.optimiser_training_explorer, {"optimizers": "momentum against Nesterov"}, {"adaptive_learning_rate"},
     {"optimizers": "all five"}, "adaptive_learning_rate", (0.001, 0.03)),
]


def _outcome(e):
    """What the learner sees change: the final losses or, for a line, its slope and intercept."""
    r = e.result
    if hasattr(r, "initial_norms"):
        return np.concatenate([r.initial_norms, r.history.loss])
    if hasattr(r, "w") and hasattr(r, "b"):
        return np.array([r.w, r.b])
    if isinstance(r, dict):
        return np.concatenate([run.history.loss for run in r.values()])
    run = getattr(r, "run", r)
    return np.concatenate([p.ravel() for pair in run.net.params for p in pair])


@pytest.mark.parametrize("make, inert_at, names, live_at, moved, values", CASES,
                         ids=lambda v: v.__name__ if callable(v) else None)
def test_a_control_is_disabled_exactly_where_it_does_nothing(make, inert_at, names, live_at, moved, values):
    e = make(**inert_at)
    assert e.error is None, e.error_traceback
    assert {n for n, c in e.controls.items() if c.disabled} == names
    assert all(_inert_reason(e, n) for n in names)
    outcomes = []
    for value in values:          # the claim is true: moving it changes nothing here
        e.controls[moved].value = value
        outcomes.append(_outcome(e))
    assert np.array_equal(*outcomes)
    for name, value in live_at.items():
        e.controls[name].value = value
    assert not any(c.disabled for c in e.controls.values())
    assert not any(e.controls[n].tooltip for n in names) and "does nothing" not in e.status.value
    outcomes = []
    for value in values:          # ... and where it is enabled again, it does something
        e.controls[moved].value = value
        outcomes.append(_outcome(e))
    assert not (outcomes[0].shape == outcomes[1].shape and np.array_equal(*outcomes))


@pytest.mark.parametrize("make", [w.perceptron_explorer, w.batch_size_explorer, w.local_minimum_explorer,
                                  w.polynomial_explorer, w.backprop_cost_explorer, w.optimiser_paths_explorer],
                         ids=lambda f: f.__name__)
def test_explorers_whose_controls_always_matter_disable_none(make):
    e = make()
    assert e.inert is None and not any(c.disabled for c in e.controls.values())
