"""The coursekit pieces chapter 01 added: the linear-stack explorer, and the figures for one
neuron's cut and a perceptron's replay frames. (Collapsing linear layers and the linear-stack
experiment are tested in tests/experiments/test_exp_linear_stack.py.)

Each test checks what the function computes or draws, not only that it runs.
"""
import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from widget_harness import drive_every_position  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import data, plots, widgets  # noqa: E402

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
    assert e.error is None, getattr(e, "_traceback", "")
    assert {"depth", "learning_rate"} <= set(e.controls)
    assert e.controls["depth"].description == "depth (hidden layers)"
    assert e.controls["learning_rate"].description == "learning rate"
    for control in e.controls.values():
        assert control.style.description_width == "initial"
    assert bytes(e.image.value).startswith(PNG) and e.status.value


def test_every_position_of_every_linear_stack_control_works():
    e = widgets.linear_stack_explorer()
    drive_every_position(e, _positions)
    assert e.error is None


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


# ------------------------------------------------------------------ neuron_cut
def test_neuron_cut_in_2d_draws_the_line_the_regions_and_w():
    X, Y = data.logic_gate("and")
    fig = plots.neuron_cut(np.array([[1.0, 1.0]]), -1.5, X, Y)
    ax = fig.axes[0]
    cut = [ln for ln in ax.lines if ln.get_gid() == "cut"][0]
    xs, ys = cut.get_data()
    np.testing.assert_allclose(np.asarray(xs) + np.asarray(ys), 1.5)      # on x1 + x2 = 1.5
    assert {p.get_gid() for p in ax.patches} == {"region_0", "region_1"}
    arrow = [t for t in ax.texts if t.get_gid() == "normal"][0]
    start, tip = np.array(arrow.xyann), np.array(arrow.xy)
    d = tip - start
    assert d[0] > 0 and np.isclose(d[0], d[1])                             # along w = (1, 1)
    assert start.sum() == pytest.approx(1.5)                               # from the line
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    assert xlim[0] < tip[0] < xlim[1] and ylim[0] < tip[1] < ylim[1]
    assert {c.get_gid() for c in ax.collections} >= {"class_0", "class_1"}


def test_neuron_cut_in_3d_draws_the_plane_inside_the_box():
    X = np.array([[(k >> d) & 1 for k in range(8)] for d in range(3)], dtype=float)
    Y = (X.sum(axis=0, keepdims=True) >= 2).astype(float)
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    plots.neuron_cut([1.0, 1.0, 1.0], -1.5, X, Y, ax=ax, view=(20, -30))
    plane = [c for c in ax.collections if c.get_gid() == "cut"]
    assert len(plane) == 1
    assert (ax.elev, ax.azim) == (20, -30)
    labels = [t.get_text() for t in ax.texts if t.get_gid() == "corner_label"]
    assert "(1, 1, 0)" in labels and len(labels) == 8
    assert ax.get_zlabel() == "$x_3$"


def test_plane_in_box_is_a_hexagon_through_the_middle_and_a_triangle_at_a_corner():
    box = [(0.0, 1.0)] * 3
    hexagon = plots._plane_in_box(np.ones(3), -1.5, box)
    assert hexagon.shape == (6, 3)
    np.testing.assert_allclose(hexagon.sum(axis=1), 1.5)                  # every vertex on the plane
    assert np.all((hexagon >= -1e-12) & (hexagon <= 1 + 1e-12))
    triangle = plots._plane_in_box(np.ones(3), -2.5, box)
    assert triangle.shape == (3, 3)
    assert plots._plane_in_box(np.ones(3), -5.0, box) is None               # misses the box


@pytest.mark.parametrize("w, b, kwargs, error, message", [
    (np.array([[1.0, 2.0, 3.0, 4.0]]), 0.0, {}, ValueError, "2 or 3 inputs"),
    (np.zeros((1, 2)), 1.0, {}, ValueError, "all zeros"),
    (np.array([[1.0, 1.0]]), "b", {}, TypeError, "b must be a number"),
    (np.array([[1.0], [1.0]]), 0.0, {}, ValueError, "w must be"),
    (np.array([[1.0, 1.0]]), 0.0, {"X": np.zeros((2, 4))}, ValueError, "X and Y go together"),
    (np.array([[1.0, 1.0]]), 0.0, {"lims": [(0, 1)]}, ValueError, "one \\(low, high\\) per input"),
])
def test_neuron_cut_refuses_bad_input(w, b, kwargs, error, message):
    with pytest.raises(error, match=message):
        plots.neuron_cut(w, b, **kwargs)


def test_neuron_cut_with_three_inputs_needs_a_3d_axes():
    _, ax = plt.subplots()
    with pytest.raises(ValueError, match="3-D axes"):
        plots.neuron_cut(np.ones((1, 3)), -1.5, ax=ax)


# ------------------------------------------------------------------ perceptron_frames
def test_perceptron_frames_draws_one_panel_per_step_and_one_legend():
    X, Y = data.logic_gate("and")
    p = ck.Perceptron(n_inputs=2, learning_rate=0.2, seed=19).fit(X, Y, epochs=20)
    fig = plots.perceptron_frames(p, X, Y, [0, 1, 3, len(p.steps)], ncols=3)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 4 and len(fig.axes) == 6
    assert visible[0].get_title().startswith("step 0")
    assert "the line moves" in visible[1].get_title()               # step 1 was a mistake
    assert all(ax.get_legend() is None for ax in visible)
    assert len(fig.legends) == 1
    # Each panel shows the line of its own step.
    W, b = p.weights_at(1)
    line = [ln for ln in visible[1].lines if ln.get_gid() == "separating_line"][0]
    xs, ys = map(np.asarray, line.get_data())
    np.testing.assert_allclose(W[0, 0] * xs + W[0, 1] * ys + b[0, 0], 0.0, atol=1e-9)


def test_perceptron_frames_refuses_bad_steps():
    X, Y = data.logic_gate("or")
    p = ck.Perceptron(n_inputs=2).fit(X, Y, epochs=5)
    with pytest.raises(ValueError, match="at most"):
        plots.perceptron_frames(p, X, Y, [0, len(p.steps) + 1])
    with pytest.raises(ValueError, match="at least one step"):
        plots.perceptron_frames(p, X, Y, [])
    with pytest.raises(TypeError, match="coursekit.Perceptron"):
        plots.perceptron_frames("p", X, Y, [0])
