"""Chapter 07's explorers driven headless (the model is tests/test_widgets.py)."""
import io
import math

import ipywidgets
import numpy as np
import PIL.Image
import pytest
from widget_harness import assert_no_figures_left_open, drive_every_position, ends_and_middle

from coursekit import experiments as ex
from coursekit.widgets import optimisation as wo

EXPLORERS = [wo.optimiser_paths_explorer, wo.optimiser_training_explorer]




@pytest.mark.slow
@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_every_position_of_every_control_works(make):
    e = make()
    assert e.error is None and e.status.value and bytes(e.image.value).startswith(b"\x89PNG")
    assert "learning_rate" in e.controls
    for control in e.controls.values():
        assert control.description and control.style.description_width == "initial"
    drive_every_position(e, ends_and_middle)


def test_the_steps_slider_scrubs_the_same_paths():
    e = wo.optimiser_paths_explorer()
    e.controls["steps"].value = 200
    long = {k: r.path.copy() for k, r in e.result.items()}
    e.controls["steps"].value = 30
    for label, run in e.result.items():
        assert run.path.shape[1] <= 31
        np.testing.assert_array_equal(run.path, long[label][:, :run.path.shape[1]])
    want = ex.compare_on_surface(learning_rate=e.controls["learning_rate"].value,
                                 adaptive_learning_rate=e.controls["adaptive_learning_rate"].value,
                                 beta=e.controls["beta"].value, steps=30)
    for label, run in want.items():
        np.testing.assert_array_equal(e.result[label].path, run.path)


def test_a_diverged_path_says_so_only_once_it_has_diverged():
    e = wo.optimiser_paths_explorer(learning_rate=0.07, steps=10)   # Nesterov blows up on the bowl
    full = ex.descend("ill-conditioned bowl", "nesterov", 0.07, 300, momentum=0.9)
    assert full.diverged_step is not None and full.diverged_step > 10
    assert "Nesterov diverged" not in e.status.value
    e.controls["steps"].value = 300
    assert f"Nesterov diverged at step {full.diverged_step}" in e.status.value


def test_the_training_explorer_gives_each_optimiser_its_rate_and_schedule():
    e = wo.optimiser_training_explorer(optimizers="all five", learning_rate=0.5, adaptive_learning_rate=0.02,
                                       schedule="cosine", epochs=20)
    assert list(e.result) == ["gradient descent", "momentum", "Nesterov", "RMSProp", "Adam"]
    for label, run in e.result.items():
        h = run.history
        assert h.learning_rate == (0.02 if label in ("RMSProp", "Adam") else 0.5)
        assert h.learning_rates[0] == h.learning_rate and h.learning_rates[-1] < 0.05 * h.learning_rate
    first = {run.history.loss[0] for run in e.result.values()}
    assert len(first) == 1                                            # one start for all
    e.controls["optimizers"].value = "RMSProp against Adam"
    assert list(e.result) == ["RMSProp", "Adam"]


@pytest.mark.slow
@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_labels_are_shown_in_full_and_log_sliders_reach_every_power_of_ten(make):
    e = make()
    for name, control in e.controls.items():
        assert control.description and "..." not in control.description
        if hasattr(control, "base"):
            for k in range(math.ceil(control.min - 1e-9), math.floor(control.max + 1e-9) + 1):
                positions = (k - control.min) / control.step
                assert abs(positions - round(positions)) < 1e-6, (name, 10.0 ** k)
    assert "depth" in wo.optimiser_training_explorer().controls


def _pixels(explorer):
    return np.asarray(PIL.Image.open(io.BytesIO(bytes(explorer.image.value))).convert("RGBA"))


@pytest.mark.parametrize("make, moves", [
    (wo.optimiser_paths_explorer, [("steps", 200), ("learning_rate", 0.1), ("surface", "curved valley"),
                                   ("beta", 0.5), ("surface", "saddle point"), ("steps", 100)]),
    (wo.optimiser_training_explorer, [("optimizers", "all five"), ("epochs", 50), ("schedule", "cosine"),
                                      ("optimizers", "RMSProp against Adam"), ("adaptive_learning_rate", 0.1),
                                      ("epochs", 150)]),
], ids=["paths", "training"])
@pytest.mark.slow
def test_panels_updated_in_place_look_like_a_fresh_explorer(make, moves):
    """Each panel is built once and then updated through its Drawing: after a walk through
    the controls the picture must be the one a new explorer at the last setting draws."""
    e = make()
    lines = {id(line) for ax in e.axes for line in ax.get_lines()}
    for name, value in moves:
        e.controls[name].value = value
        assert e.error is None, (name, value, e.error)
    fresh = make(**dict(moves))
    assert np.array_equal(_pixels(e), _pixels(fresh))
    assert e.status.value == fresh.status.value
    if make is wo.optimiser_paths_explorer:      # five runs throughout: their lines were kept
        assert lines & {id(line) for line in e.axes[1].get_lines()}


@pytest.mark.slow
def test_no_figures_left_open():
    assert_no_figures_left_open(EXPLORERS, ends_and_middle)


def test_the_legends_sit_beside_the_panels_and_every_rate_line_shows():
    """No legend covers a path or a curve, and gradient descent's rate line, which shares its
    rate with momentum, is not hidden under momentum's."""
    paths = wo.optimiser_paths_explorer()
    legend = paths.axes[0].get_legend()
    paths.figure.canvas.draw()
    assert legend.get_window_extent().x0 >= paths.axes[0].get_window_extent().x1
    assert legend.get_window_extent().x1 <= paths.axes[1].get_window_extent().x0
    training = wo.optimiser_training_explorer(epochs=20)
    assert training.axes[0].get_legend() is None                         # one legend, on the right
    legend = training.axes[1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(training.result)
    training.figure.canvas.draw()
    assert legend.get_window_extent().x0 >= training.axes[1].get_window_extent().x1
    assert legend.get_window_extent().x1 <= training.figure.bbox.x1
    lines = {line.get_label(): line for line in training.axes[1].get_lines()}
    np.testing.assert_array_equal(lines["gradient descent"].get_ydata(), lines["momentum"].get_ydata())
    legend.set_visible(False)
    training.axes[0].set_visible(False)
    training.figure.canvas.draw()
    rgb = np.asarray(training.figure.canvas.buffer_rgba())[..., :3] / 255.0
    from matplotlib.colors import to_rgb
    for label in ("gradient descent", "momentum"):
        shown = np.all(np.abs(rgb - np.array(to_rgb(lines[label].get_color()))) < 0.02, axis=-1)
        assert shown.sum() > 50, label
