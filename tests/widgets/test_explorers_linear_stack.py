"""The linear-stack explorer (chapter 01): its controls, panels and the collapsed line."""
import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from widget_harness import drive_every_position  # noqa: E402

from coursekit import widgets  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ linear_stack_explorer
def _positions(control):
    if isinstance(control, ipywidgets.Dropdown):
        return [value for _, value in control.options]
    if isinstance(control, ipywidgets.FloatLogSlider):
        return [10 ** control.min, 10 ** ((control.min + control.max) / 2), 10 ** control.max]
    return list(range(control.min, control.max + 1))


def test_linear_stack_explorer_has_labelled_depth_and_learning_rate_controls():
    e = widgets.linear_stack_explorer()
    assert e.error is None, e.error_traceback
    assert {"depth", "learning_rate"} <= set(e.controls)
    assert e.controls["depth"].description == "depth (hidden layers)"
    assert e.controls["learning_rate"].description == "learning rate"
    for control in e.controls.values():
        assert control.style.description_width == "initial"
    assert bytes(e.image.value).startswith(PNG) and e.status.value


@pytest.mark.slow
def test_every_position_of_every_linear_stack_control_works():
    e = widgets.linear_stack_explorer()
    drive_every_position(e, _positions)
    assert e.error is None


@pytest.mark.slow
def test_the_depth_slider_builds_that_many_hidden_layers_and_the_right_panel_follows():
    e = widgets.linear_stack_explorer()
    for depth in range(0, 7):
        e.controls["depth"].value = depth
        assert e.result.run.net.layer_sizes == [2] + [4] * depth + [1]
        assert e.result.W.shape == (1, 2)
    e.controls["activation"].value = "tanh"
    assert e.result.W is None and not e.axes[2].axison
    e.controls["activation"].value = "linear"
    assert e.axes[2].axison      # the collapsed diagram is back, on visible axes
    assert "collapse into one W" in e.status.value


def test_the_collapsed_line_is_drawn_on_the_boundary_panel():
    e = widgets.linear_stack_explorer(depth=3)
    labels = [ln.get_label() for ln in e.axes[0].lines]
    assert "one layer: W x + b = 0" in labels
