"""The explorers driven headless: set a control's value, read .result and .status."""
import itertools

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from widget_harness import drive_every_position, ends_and_middle

from coursekit import plots, widgets as w

EXPLORERS = [w.perceptron_explorer, w.training_explorer, w.regression_explorer,
             w.batch_size_explorer, w.gradient_flow_explorer, w.regularisation_explorer]
PNG = b"\x89PNG\r\n\x1a\n"




@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_explorer_shape(make):
    e = make()
    assert isinstance(e, ipywidgets.VBox)
    assert e.error is None, e.error_traceback
    assert e.result is not None and e.status.value
    assert bytes(e.image.value).startswith(PNG)
    for name, control in e.controls.items():
        assert control.description and "..." not in control.description
        assert control.style.description_width == "initial"    # labels shown in full


@pytest.mark.slow
@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_every_position_of_every_control_works(make):
    e = make()
    drive_every_position(e, ends_and_middle)
    assert e.error is None


@pytest.mark.slow
def test_learning_rate_and_depth_controls_wherever_they_apply():
    for make in EXPLORERS:
        assert "learning_rate" in make().controls
    for make in (w.training_explorer, w.regression_explorer, w.gradient_flow_explorer,
                 w.regularisation_explorer):
        assert "depth" in make().controls
    assert w.gradient_flow_explorer().controls["depth"].max >= 20


@pytest.mark.slow
def test_depth_adds_one_hidden_layer():
    e = w.training_explorer(epochs=50)
    for depth in range(0, 7):
        e.controls["depth"].value = depth
        assert e.result.net.layer_sizes == [2] + [e.controls["width"].value] * depth + [1]


def test_width_sets_units_per_layer():
    e = w.training_explorer(depth=2, epochs=50)
    e.controls["width"].value = 5
    assert e.result.net.layer_sizes == [2, 5, 5, 1]


def test_a_larger_learning_rate_moves_the_weights_further():
    e = w.training_explorer(epochs=20)
    def distance():
        start = w.experiments.MLP(e.result.net.layer_sizes, hidden_activation="tanh", seed=0).params
        return sum(np.linalg.norm(W - W0) for (W, _), (W0, _) in zip(e.result.net.params, start))
    e.controls["learning_rate"].value = 0.01
    small = distance()
    e.controls["learning_rate"].value = 0.5
    assert distance() > 10 * small


def test_extreme_learning_rate_shows_divergence_in_status_and_figure():
    e = w.training_explorer(activation="relu", depth=3)
    before = e.image.value
    e.controls["learning_rate"].value = 10 ** e.controls["learning_rate"].max  # the slider's top end
    assert e.result.history.diverged
    assert e.status.value == f"diverged at epoch {e.result.history.diverged_epoch}"
    texts = [t.get_text() for t in e.axes[2].texts]     # the loss panel (after the unit maps)
    assert f"diverged at epoch {e.result.history.diverged_epoch}" in texts
    assert e.image.value != before


@pytest.mark.slow
def test_the_largest_depth_trains():
    e = w.gradient_flow_explorer()
    e.controls["depth"].value = e.controls["depth"].max
    assert e.result.run.net.L == 21
    assert e.result.history.epochs_run > 0 and e.error is None
    t = w.training_explorer()
    t.controls["depth"].value = t.controls["depth"].max
    assert t.result.history.epochs_run == t.controls["epochs"].value


def test_perceptron_step_slider_follows_the_run():
    e = w.perceptron_explorer(gate="and")
    assert e.controls["step"].max == e.result.n_steps
    e.controls["gate"].value = "xor"
    assert e.controls["step"].max == e.result.n_steps == 400    # 100 epochs of 4 visits
    e.controls["step"].value = 7
    assert e.result.k == 7
    assert "still making mistakes" in e.status.value
    e.controls["gate"].value = "or"
    assert "converged" in e.status.value


def test_perceptron_starting_line_is_in_view_and_can_be_changed():
    """Step 0 shows the starting line inside the picture, and another start gives
    another run from another line."""
    e = w.perceptron_explorer(gate="and")
    lines = [l for l in e.axes[0].get_lines() if l.get_visible() and len(l.get_xdata()) > 1]
    x_lo, x_hi = e.axes[0].get_xlim()
    y_lo, y_hi = e.axes[0].get_ylim()
    W, b = e.result.perceptron.weights_at(0)
    xs = np.linspace(x_lo, x_hi, 50)
    ys = -(W[0, 0] * xs + b[0, 0]) / W[0, 1]
    assert ((ys > y_lo) & (ys < y_hi)).any()          # the start crosses the view
    assert lines
    first = e.result.perceptron.weights_at(0)[0].copy()
    e.controls["start"].value = 3
    assert not np.allclose(e.result.perceptron.weights_at(0)[0], first)
    assert e.result.perceptron.converged


def test_perceptron_learning_rate_scales_the_line():
    e = w.perceptron_explorer(gate="and")
    e.controls["step"].value = e.controls["step"].max
    W1 = e.result.perceptron.W.copy()
    e.controls["learning_rate"].value = 0.1
    e.controls["step"].value = e.controls["step"].max
    assert not np.allclose(e.result.perceptron.W, W1)


def test_regression_explorer_switches_model_and_disables_depth_for_a_line():
    e = w.regression_explorer()
    assert e.controls["depth"].disabled and e.result.__class__.__name__ == "LinearRun"
    e.controls["learning_rate"].value = 5.0
    assert e.status.value.startswith("diverged at iteration")
    e.controls["model"].value = "logistic"
    assert not e.controls["depth"].disabled
    e.controls["learning_rate"].value = 1.0
    e.controls["iterations"].value = 300
    flat = e.result.accuracy
    e.controls["depth"].value = 1
    assert e.result.accuracy > flat + 0.3   # a hidden layer separates the circles


def test_batch_explorer_reports_three_runs():
    e = w.batch_size_explorer()
    assert len(e.result.runs) == 3
    e.controls["batch_size"].value = 8
    assert "mini-batch (8)" in e.result.runs


def test_regularisation_explorer_l2_narrows_the_gap():
    e = w.regularisation_explorer()
    gap = e.result.history.val_loss[-1] - e.result.history.loss[-1]
    e.controls["l2"].value = 0.01
    h = e.result.history
    assert h.val_loss[-1] - h.loss[-1] < 0.5 * gap


@pytest.mark.slow
def test_no_figures_left_open_after_many_changes():
    before = set(plt.get_fignums())
    e = w.training_explorer(epochs=50)
    for depth, lr in itertools.islice(itertools.cycle([(0, 0.1), (2, 1.0), (1, 0.5)]), 30):
        e.controls["depth"].value = depth
        e.controls["learning_rate"].value = lr
    assert set(plt.get_fignums()) == before
    assert len(e.figure.axes) == 4      # nothing piled up (no extra colorbars)


def test_an_exception_in_compute_becomes_a_message(monkeypatch):
    e = w.training_explorer(epochs=10)
    monkeypatch.setattr(e, "compute", lambda **kw: 1 / 0)
    e.controls["epochs"].value = 20
    assert isinstance(e.error, ZeroDivisionError)
    assert "Could not update" in e.status.value and "division by zero" in e.status.value


def test_rendered_images_keep_the_course_colours():
    """The stored first image must show class 0 in vermillion, not a nearby palette colour."""
    import io

    import PIL.Image

    from coursekit import plots

    e = w.training_explorer(epochs=10)
    pixels = np.asarray(PIL.Image.open(io.BytesIO(bytes(e.image.value))).convert("RGB")).reshape(-1, 3)
    vermillion = np.array([int(plots.OKABE_ITO["vermillion"][i:i + 2], 16) for i in (1, 3, 5)])
    assert np.sum(np.all(pixels == vermillion, axis=1)) > 50


def test_going_back_to_a_setting_does_not_recompute(monkeypatch):
    calls = []
    train = w.experiments.train_classifier
    monkeypatch.setattr(w.experiments, "train_classifier", lambda *a, **k: calls.append(k) or train(*a, **k))
    e = w.training_explorer(epochs=50)
    first = e.result
    e.controls["width"].value = 5
    e.controls["width"].value = 8
    assert e.result is first and len(calls) == 2


def test_perceptron_status_tells_what_the_step_did():
    e = w.perceptron_explorer(gate="and")
    e.controls["step"].value = 1
    step = e.result.perceptron.steps[0]
    assert f"step 1 of {e.result.n_steps} (epoch {step.epoch}): sample X[:, {step.index}]" in e.status.value
    assert ("the line moved" in e.status.value) == step.changed
    assert e.axes[0].get_title().startswith("Step 1 of")


def test_l2_readout_shows_its_value():
    e = w.regularisation_explorer()
    assert e.controls["l2"].readout_format == ".3f"    # steps of 0.001 must be visible


def test_regression_status_counts_iterations():
    e = w.regression_explorer(model="logistic", iterations=100)
    assert "after 100 iterations" in e.status.value


@pytest.mark.slow
def test_log_sliders_reach_every_power_of_ten_in_range():
    """The chapters say "set the learning rate to 1" or "0.01": those values must be slider
    positions, not only typed in (the old 40-step sliders had 0.891 and 1.06 around 1)."""
    import math
    for make in EXPLORERS:
        e = make()
        for name, control in e.controls.items():
            if not hasattr(control, "base"):
                continue
            lo, hi, step = control.min, control.max, control.step
            for k in range(math.ceil(lo - 1e-9), math.floor(hi + 1e-9) + 1):
                positions = (k - lo) / step
                assert abs(positions - round(positions)) < 1e-6, (make.__name__, name, 10.0 ** k)


def test_regression_explorer_counts_iterations_when_logistic_regression_diverges():
    """Regression test: chapter 03 counts iterations, but this read "diverged at epoch 8"."""
    e = w.regression_explorer(model="logistic", depth=1)
    e.controls["learning_rate"].value = 10.0
    assert e.result.history.diverged
    assert e.status.value == f"diverged at iteration {e.result.history.diverged_epoch}"
    assert [t.get_text() for t in e.axes[1].texts] == [e.status.value]
    assert e.axes[1].get_xlabel() == "iteration"


def test_perceptron_bars_of_a_one_epoch_run_read_plainly():
    """Two blobs from starting line 1 need no update: one epoch, no mistakes. The panel says so
    and its axis has the whole epoch 1, not ticks at 0.50, 0.75, ..."""
    e = w.perceptron_explorer(gate="blobs", start=1)
    assert e.result.perceptron.errors_per_epoch == [0]
    ax = e.axes[1]
    e.figure.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks == [1.0]
    assert any("no mistakes" in t.get_text() for t in ax.texts)


def test_batch_size_legend_sits_under_both_panels():
    """Regression test: the legends covered the curves; one legend now sits below the axes."""
    e = w.batch_size_explorer()
    assert all(ax.get_legend() is None or not ax.get_legend().get_visible() for ax in e.axes)
    legend = e.figure.legends[-1]
    e.figure.canvas.draw()
    box = legend.get_window_extent()
    assert all(box.y1 <= ax.get_window_extent().y0 for ax in e.axes)
    assert [t.get_text() for t in legend.get_texts()] == list(e.result.runs)
    e.controls["batch_size"].value = 32
    assert [t.get_text() for t in e.figure.legends[-1].get_texts()][-1] == "mini-batch (32)"
    assert len(e.figure.legends) == 1


def test_gradient_flow_status_without_a_ratio():
    e = w.gradient_flow_explorer(init="zeros")
    assert e.status.value.startswith("the last layer gets a zero gradient, so there is no ratio")
    assert "nan" not in e.status.value


def test_gradient_flow_status_when_a_gradient_overflows(monkeypatch):
    """No slider position overflows today (checked at every activation, initialisation, scale
    0.01 and 100, depth 1 and 20), but if one did the status must not print "nan"."""
    from coursekit import experiments
    real = experiments.gradient_flow

    def overflowing(*args, **kwargs):
        result = real(*args, **kwargs)
        result.initial_norms[-1] = np.inf
        return result

    monkeypatch.setattr(experiments, "gradient_flow", overflowing)
    e = w.gradient_flow_explorer(depth=3)
    assert e.status.value.startswith("the gradient overflowed (inf or NaN), so there is no ratio")
