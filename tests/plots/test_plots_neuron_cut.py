"""coursekit.plots.perceptron: one neuron's cut (2-D and 3-D) and the perceptron's replay frames."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import data, plots  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


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
    hexagon = plots.perceptron.plane_in_box(np.ones(3), -1.5, box)
    assert hexagon.shape == (6, 3)
    np.testing.assert_allclose(hexagon.sum(axis=1), 1.5)                  # every vertex on the plane
    assert np.all((hexagon >= -1e-12) & (hexagon <= 1 + 1e-12))
    triangle = plots.perceptron.plane_in_box(np.ones(3), -2.5, box)
    assert triangle.shape == (3, 3)
    assert plots.perceptron.plane_in_box(np.ones(3), -5.0, box) is None               # misses the box


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
