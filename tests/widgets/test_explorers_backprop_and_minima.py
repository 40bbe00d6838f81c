"""The backprop-cost and local-minimum explorers (chapter 04)."""


import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from widget_harness import assert_no_figures_left_open, drive_every_position

from coursekit import experiments as ex
from coursekit import widgets as w

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ explorers
EXPLORERS = [w.backprop_cost_explorer, w.local_minimum_explorer]


def _positions(control):
    if isinstance(control, ipywidgets.Dropdown):
        return [value for _, value in control.options]
    if isinstance(control, ipywidgets.FloatLogSlider):
        return [10 ** control.min, 10 ** ((control.min + control.max) / 2), 10 ** control.max]
    if isinstance(control, ipywidgets.IntSlider):
        return list(range(control.min, control.max + 1, max(1, (control.max - control.min) // 10)))
    return list(np.linspace(control.min, control.max, 7))


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_explorer_shape_and_readable_controls(make):
    e = make()
    assert e.error is None, e.error_traceback
    assert e.result is not None and e.status.value
    assert bytes(e.image.value).startswith(PNG)
    for control in e.controls.values():
        assert control.description and "..." not in control.description
        assert control.style.description_width == "initial"


def test_the_chapter_has_depth_and_learning_rate_controls():
    assert "depth" in w.backprop_cost_explorer().controls
    assert w.backprop_cost_explorer().controls["depth"].max >= 20
    assert "learning_rate" in w.local_minimum_explorer().controls


@pytest.mark.slow
@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_every_position_of_every_control_works(make, recwarn):
    e = make()
    drive_every_position(e, _positions)
    assert not [str(r.message) for r in recwarn]


def test_the_depth_slider_builds_that_network():
    e = w.backprop_cost_explorer(width=5)
    for depth in (0, 4, 20):
        e.controls["depth"].value = depth
        assert e.result.layer_sizes == [2] + [5] * depth + [1]
        assert e.status.value.startswith(f"depth {depth}:")
    e.controls["width"].value = 32
    assert e.result.layer_sizes == [2] + [32] * 20 + [1]


def test_local_minimum_explorer_follows_its_controls():
    e = w.local_minimum_explorer()
    assert "gradient descent ends in the local minimum" in e.status.value
    e.controls["noise"].value = 0.0
    assert e.status.value.count("local minimum") == 3
    e.controls["start"].value = -2.0
    assert e.status.value.count("global minimum") == 3
    runs = e.result
    assert set(runs) == set(ex.ESCAPE_METHODS) and runs["gradient descent"].path[0] == pytest.approx(-2.0)


@pytest.mark.slow
def test_no_figures_left_open():
    assert_no_figures_left_open(EXPLORERS, lambda control: _positions(control)[:3])
