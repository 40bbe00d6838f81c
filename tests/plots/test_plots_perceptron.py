"""coursekit.plots.perceptron: the perceptron's replay."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from plot_helpers import by_gid, one  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import data, plots  # noqa: E402


def test_perceptron_replay_line_and_highlighted_sample(and_perceptron):
    p, X, Y = and_perceptron
    for k, step in enumerate(p.steps, start=1):
        if not np.any(step.w):
            continue
        ax = plots.perceptron_replay(p, X, Y, k).axes[0]
        W, b = p.weights_at(k)
        line = by_gid(ax, "separating_line")
        if line:        # inside the view: both end points satisfy w . x + b = 0
            pts = np.column_stack([line[0].get_xdata(), line[0].get_ydata()])
            assert np.allclose(pts @ W[0] + b[0, 0], 0.0, atol=1e-9)
            (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
            assert np.all((pts[:, 0] >= x0 - 1e-9) & (pts[:, 0] <= x1 + 1e-9))
            assert np.all((pts[:, 1] >= y0 - 1e-9) & (pts[:, 1] <= y1 + 1e-9))
        else:
            assert by_gid(ax, "no_line")
        visited = one(ax, "visited", "collections").get_offsets()
        assert np.allclose(visited, X[:, step.index][None, :])
        title = ax.get_title()
        assert f"Step {k} of {len(p.steps)}" in title and f"epoch {step.epoch}" in title
        assert ("moved" in title) == step.changed and ("stayed" in title) == (not step.changed)
        assert bool(by_gid(ax, "previous_line")) <= step.changed
        plt.close("all")


def test_perceptron_replay_points_by_class_and_fixed_view(and_perceptron):
    p, X, Y = and_perceptron
    ax = plots.perceptron_replay(p, X, Y, len(p.steps)).axes[0]
    for c in (0, 1):
        assert np.allclose(one(ax, f"class_{c}").get_offsets(), X[:, Y[0] == c].T)
    lims = ax.get_xlim(), ax.get_ylim()
    ax0 = plots.perceptron_replay(p, X, Y, 1).axes[0]
    assert (ax0.get_xlim(), ax0.get_ylim()) == lims            # the line moves, not the axes


def test_perceptron_replay_vertical_line_and_zero_weights():
    X, Y = data.logic_gate("and")
    p = ck.Perceptron(init="zeros")
    ax = plots.perceptron_replay(p, X, Y, 0).axes[0]           # w = 0: no line, and it says so
    assert not by_gid(ax, "separating_line") and "no line" in one(ax, "no_line").get_text()
    assert "Step 0" in ax.get_title() and not by_gid(ax, "visited")
    p.start = (np.array([[2.0, 0.0]]), np.array([[-1.0]]))     # 2 x1 - 1 = 0: the line x1 = 0.5
    ax = plots.perceptron_replay(p, X, Y, 0).axes[0]
    line = one(ax, "separating_line")
    assert np.allclose(line.get_xdata(), 0.5)
    assert np.allclose(sorted(line.get_ydata()), ax.get_ylim())
    with pytest.raises(ValueError, match="k must be at most 0"):
        plots.perceptron_replay(p, X, Y, 3)
