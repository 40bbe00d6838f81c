"""Chapter 03's figure: logistic regression as a computational graph (coursekit.plots.logistic_graph).

The test reads the drawn numbers back and compares them with coursekit's
tested gradient, so the figure cannot show a wrong derivative.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursekit import plots  # noqa: E402
from coursekit.activations import sigmoid  # noqa: E402
from coursekit.regression import logistic_gradient  # noqa: E402

X = np.array([[3.0], [-1.0]])
W = np.array([[0.4], [0.2]])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def texts(ax, gid):
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


def test_forward_values_and_backward_derivatives_match_the_gradient():
    fig = plots.logistic_graph(X, W, -0.5, 1)
    ax = fig.axes[0]
    z = (W.T @ X).item() - 0.5
    a = float(sigmoid(np.array(z)))
    dw, db, loss = logistic_gradient(W, -0.5, X, np.array([[1.0]]))
    assert texts(ax, "value_z") == [f"{z:.3f}"]
    assert texts(ax, "value_a") == [f"{a:.3f}"]
    assert texts(ax, "value_L") == [f"{loss:.3f}"]
    assert texts(ax, "value_x") == ["(3, -1)"] and texts(ax, "value_w") == ["(0.4, 0.2)"]
    assert texts(ax, "gradient_z")[0].endswith(f"= {a - 1:.3f}")          # dz = a - y
    assert texts(ax, "gradient_b")[0].endswith(f"= {db:.3f}")
    assert texts(ax, "gradient_w")[0].endswith(f"= ({dw[0, 0]:.3g}, {dw[1, 0]:.3g})")
    da = -1 / a                                                          # dL/da for y = 1
    assert texts(ax, "gradient_a")[0].endswith(f"= {da:.3f}")
    # The data (x, y) and the loss get no derivative: only what the backward pass reaches.
    assert not texts(ax, "gradient_x") and not texts(ax, "gradient_y") and not texts(ax, "gradient_L")


def test_six_forward_edges_and_four_backward_ones():
    ax = plots.logistic_graph(X, W, 0.0, 0).axes[0]
    kinds = [t.get_gid() for t in ax.texts if t.get_gid() in ("forward", "backward")]
    assert kinds.count("forward") == 6 and kinds.count("backward") == 4
    assert len([p for p in ax.patches if str(p.get_gid()).startswith("node_")]) == 7


def test_label_zero_gives_the_other_derivative():
    ax = plots.logistic_graph(X, W, 0.25, 0).axes[0]
    a = sigmoid(W.T @ X + 0.25).item()
    assert texts(ax, "gradient_z")[0].endswith(f"= {a:.3f}")           # dz = a - 0
    assert texts(ax, "gradient_a")[0].endswith(f"= {1 / (1 - a):.3f}")


def test_redraws_into_the_same_axes_without_piling_up():
    fig, ax = plots.subplots(figsize=(12, 5))
    plots.logistic_graph(X, W, 0.0, 1, ax=ax)
    n = len(ax.texts) + len(ax.patches)
    plots.logistic_graph(X, -W, 1.0, 0, ax=ax)
    assert len(ax.texts) + len(ax.patches) == n


@pytest.mark.parametrize("args, error, fragment", [
    ((X.ravel(), W, 0.0, 1), ValueError, "1-D"),
    ((X.T, W, 0.0, 1), ValueError, "(n_x, 1)"),
    ((X, W[:1], 0.0, 1), ValueError, "w must be"),
    ((np.ones((4, 1)), np.ones((4, 1)), 0.0, 1), ValueError, "at most 3"),
    ((X, W, 0.0, 0.5), ValueError, "label 0 or 1"),
    ((X, W, "b", 1), TypeError, "b must be"),
])
def test_bad_input_is_named(args, error, fragment):
    with pytest.raises(error, match=None) as info:
        plots.logistic_graph(*args)
    assert fragment in str(info.value)
