"""The approximation explorer (chapter 02)."""

import warnings

import ipywidgets
import matplotlib.pyplot as plt
import pytest
from widget_harness import drive_every_position, ends_and_middle

from coursekit import widgets as w

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ the explorer


def test_explorer_shape_and_readable_controls():
    e = w.approximation_explorer()
    assert isinstance(e, ipywidgets.VBox) and e.error is None, e.error_traceback
    assert bytes(e.image.value).startswith(PNG) and e.status.value
    assert {"hidden_units", "learning_rate"} <= set(e.controls)
    assert e.controls["hidden_units"].description == "hidden units"
    assert e.controls["learning_rate"].description == "learning rate"
    for control in e.controls.values():
        assert control.style.description_width == "initial"


@pytest.mark.slow
def test_every_position_of_every_control_works():
    e = w.approximation_explorer(epochs=200)
    drive_every_position(e, ends_and_middle)
    assert e.error is None


@pytest.mark.slow
def test_hidden_units_control_sets_the_width_and_the_fit_improves():
    e = w.approximation_explorer()
    e.controls["hidden_units"].value = 1
    one = e.result
    e.controls["hidden_units"].value = 10
    ten = e.result
    assert one.net.layer_sizes == [1, 1, 1] and ten.net.layer_sizes == [1, 10, 1]
    assert ten.max_error < one.max_error
    assert "10 hidden units" in e.status.value


def test_returning_to_a_setting_reuses_the_run():
    e = w.approximation_explorer()
    first = e.result
    e.controls["hidden_units"].value = 7
    e.controls["hidden_units"].value = first.hidden_units
    assert e.result is first


def test_divergence_shows_in_the_status():
    e = w.approximation_explorer()
    e.controls["learning_rate"].value = 10.0
    assert "diverged at epoch" in e.status.value and e.error is None


def test_no_figures_left_open():
    before = len(plt.get_fignums())
    e = w.approximation_explorer(epochs=100)
    for n in (1, 5, 30):
        e.controls["hidden_units"].value = n
    assert len(plt.get_fignums()) == before


def test_no_warnings_from_any_setting():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = w.approximation_explorer(learning_rate=10.0, hidden_units=30, epochs=200)
        e.controls["target"].value = "step"
    assert e.error is None
