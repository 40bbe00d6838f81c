"""coursekit.plots.landscapes: the loss surface."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from plot_helpers import bowl, one  # noqa: E402

from coursekit import plots  # noqa: E402


def test_loss_surface_contours_and_path():
    path = np.array([[2.0, 1.2, 0.7, 0.4], [1.5, 0.3, 0.05, 0.01]])
    fig = plots.loss_surface(bowl, path, resolution=30)
    ax = fig.axes[0]
    line = one(ax, "gd_path", "lines")
    assert np.allclose(line.get_xdata(), path[0]) and np.allclose(line.get_ydata(), path[1])
    assert line.get_marker() == "o"
    assert np.allclose(np.column_stack(one(ax, "start").get_data()), path[:, :1].T)
    assert np.allclose(np.column_stack(one(ax, "end").get_data()), path[:, -1:].T)
    filled = [c for c in ax.collections if getattr(c, "filled", False)]
    assert len(filled) == 1
    assert filled[0].levels.min() == pytest.approx(0.0, abs=0.05)  # the bowl's minimum is in view
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < path[0].min() and x1 > path[0].max() and y0 < path[1].min() and y1 > path[1].max()
    assert fig.axes[1].get_ylabel() == "loss"


def test_loss_surface_point_by_point_function_and_log_levels():
    import math

    def f(a, b):                       # math.exp refuses arrays: evaluated point by point
        return math.exp(0.1 * a) + b * b
    ax = plots.loss_surface(f, None, xlim=(-1, 1), ylim=(-1, 1), resolution=10, log=True).axes[0]
    filled = [c for c in ax.collections if getattr(c, "filled", False)][0]
    lv = filled.levels
    assert np.allclose(lv[1:] / lv[:-1], lv[1] / lv[0])    # geometric levels


def test_loss_surface_path_uses_columns():
    with pytest.raises(ValueError, match=r"path\.T"):
        plots.loss_surface(bowl, np.zeros((5, 2)))
