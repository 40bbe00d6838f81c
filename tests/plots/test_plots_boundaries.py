"""coursekit.plots.boundaries: decision boundaries and the hidden space."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from plot_helpers import by_gid, hexes, one  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import data, plots  # noqa: E402


def _points_under_legend(ax, xy):
    """How many of the data points ``xy`` (2, m) the axes' legend covers on the rendered figure."""
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    shown = ax.transData.transform(np.asarray(xy).T)
    return int(np.sum(box.contains_points(shown) if hasattr(box, "contains_points") else
                      [(box.x0 <= x <= box.x1) and (box.y0 <= y <= box.y1) for x, y in shown]))


def test_decision_boundary_points_shading_contour_and_labels(xor, net_and_history):
    X, Y = xor
    net = net_and_history[0]
    fig = plots.decision_boundary(net, X, Y, resolution=40)
    ax = fig.axes[0]
    # every sample drawn once, in its class colour and marker
    for c in (0, 1):
        pts = one(ax, f"class_{c}", "collections")
        assert np.allclose(pts.get_offsets(), X[:, Y[0] == c].T)
        assert set(hexes(pts.get_facecolors())) == {plots.CLASS_COLORS[c].lower()}
    # shading: P(y = 1) of the model over a 40 x 40 grid covering the data
    im = one(ax, "probability", "images")
    x0, x1, y0, y1 = im.get_extent()
    assert x0 < X[0].min() and x1 > X[0].max() and y0 < X[1].min() and y1 > X[1].max()
    gx, gy = np.meshgrid(np.linspace(x0, x1, 40), np.linspace(y0, y1, 40))
    expected = net.predict_proba(np.vstack([gx.ravel(), gy.ravel()])).reshape(40, 40)
    assert np.allclose(im.get_array(), expected)
    assert im.get_cmap() is plots.PROB_CMAP and im.norm.vmin == 0 and im.norm.vmax == 1
    # the 0.5 contour and a colorbar
    contours = [c for c in ax.collections if hasattr(c, "levels")]
    assert len(contours) == 1 and list(contours[0].levels) == [0.5]
    assert len(fig.axes) == 2 and "P(y = 1" in fig.axes[1].get_ylabel()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1", "P(y = 1) = 0.5"]
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()


def test_decision_boundary_takes_a_callable_and_a_perceptron(xor, and_perceptron):
    X, Y = xor
    fig = plots.decision_boundary(lambda G: (G[0] > 0.5).astype(float), X, Y, resolution=20)
    im = one(fig.axes[0], "probability", "images")
    assert set(np.unique(im.get_array())) == {0.0, 1.0}
    p, Xg, Yg = and_perceptron
    fig = plots.decision_boundary(p, Xg, Yg, resolution=20)   # has predict, not predict_proba
    assert one(fig.axes[0], "probability", "images").get_array().max() == 1.0


def test_decision_boundary_multiclass_colours_regions_by_class():
    X, Y = data.make_blobs(60, centers=3, one_hot=True, seed=0)
    net = ck.MLP([2, 5, 3], "tanh", "softmax", "ce", seed=0)
    net.fit(X, Y, 1.0, 50)
    fig = plots.decision_boundary(net, X, Y, resolution=30)
    ax = fig.axes[0]
    assert one(ax, "probability", "images").get_array().shape == (30, 30, 3)
    assert len([c for c in ax.collections if c.get_gid() and c.get_gid().startswith("class_")]) == 3
    assert len(fig.axes) == 1                                  # no P(y = 1) colorbar for 3 classes


def test_decision_boundary_rejects_transposed_data(xor, net_and_history):
    X, Y = xor
    with pytest.raises(ValueError, match=r"X\.T"):
        plots.decision_boundary(net_and_history[0], X.T, Y)
    with pytest.raises(ValueError, match="same number of samples"):
        plots.decision_boundary(net_and_history[0], X, Y[:, :10])
    with pytest.raises(ValueError, match="takes 3 inputs"):
        plots.decision_boundary(ck.MLP([3, 1]), X, Y)


def test_hidden_space_points_are_the_hidden_activations(xor):
    X, Y = xor
    net = ck.MLP([2, 2, 1], "tanh", seed=4)
    net.fit(X, Y, 1.0, 30)
    ax = plots.hidden_space(net, X, Y).axes[0]
    (W1, b1), (W2, b2) = net.params
    H = np.tanh(W1 @ X + b1)
    for c in (0, 1):
        assert np.allclose(one(ax, f"class_{c}").get_offsets(), H[:, Y[0] == c].T)
    line = one(ax, "output_line", "lines")
    pts = np.column_stack([line.get_xdata(), line.get_ydata()])
    assert np.allclose(pts @ W2[0] + b2[0, 0], 0.0, atol=1e-9)
    assert "a^{1}_{1}" in ax.get_xlabel() and ax.get_title()


def test_hidden_space_deeper_net_and_wrong_widths(xor):
    X, Y = xor
    ax = plots.hidden_space(ck.MLP([2, 2, 3, 1], "relu", seed=0), X, Y).axes[0]
    assert one(ax, "probability", "images") and not by_gid(ax, "output_line")
    with pytest.raises(ValueError, match="exactly 2 units"):
        plots.hidden_space(ck.MLP([2, 3, 1]), X, Y)
    with pytest.raises(ValueError, match="no hidden layer"):
        plots.hidden_space(ck.MLP([2, 1]), X, Y)


@pytest.mark.parametrize("name", ["moons", "circles", "xor", "spirals"])
def test_decision_boundary_legend_covers_no_point(name):
    """Regression test: the legend used to sit on the points of the moons (and others).
    An empty band along the bottom now holds it, in a small axes as in a large one."""
    from coursekit import experiments
    X, Y = experiments.dataset(name, 200, 0)
    net = ck.MLP([2, 4, 1], "tanh", seed=0)
    for size in [(6.4, 4.6), (4.0, 3.2)]:
        fig, ax = plt.subplots(figsize=size)
        plots.decision_boundary(net, X, Y, ax=ax, resolution=30)
        assert _points_under_legend(ax, X) == 0, (name, size)
        if size[0] < 5:
            continue   # a small axes may have no corner wide enough that the line leaves free
        # placed in the bottom corner the 0.5 line does not cross, it is not on the line either
        line = [c for c in ax.collections if type(c).__name__ in ("QuadContourSet", "ContourSet")]
        assert line, "no 0.5 contour drawn"
        for contour in line:
            for path in contour.get_paths():
                assert _points_under_legend(ax, path.vertices.T) == 0, (name, size, "0.5 line")


def test_decision_boundary_legend_moves_to_the_corner_the_line_leaves_free():
    """A vertical boundary crossing the left half of the band sends the legend right, and back."""
    X, Y = data.make_xor(40, seed=0)
    fig, ax = plt.subplots()
    lo, hi = X[0].min(), X[0].max()
    for at, where in [(lo + 0.2 * (hi - lo), 4), (lo + 0.8 * (hi - lo), 3)]:   # 4 lower right, 3 lower left
        plots.decision_boundary(lambda G: 1 / (1 + np.exp(-5 * (G[0] - at))), X, Y, ax=ax, resolution=40)
        assert ax.get_legend()._loc == where, (at, where)
