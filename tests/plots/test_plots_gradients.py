"""coursekit.plots.gradients: activations beside their derivatives, gradient norms."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from plot_helpers import by_gid, one  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import activations, plots  # noqa: E402


def test_activation_panel_function_beside_derivative():
    names = ["sigmoid", "tanh", "relu"]
    fig = plots.activation_panel(names)
    axes = np.array(fig.axes).reshape(3, 2)
    z = np.linspace(-5, 5, 401)
    for (a_fun, a_der), name in zip(axes, names):
        f, d = one(a_fun, "function", "lines"), one(a_der, "derivative", "lines")
        assert np.allclose(f.get_ydata(), activations.activation(name, f.get_xdata()))
        assert np.allclose(d.get_ydata(), activations.derivative(name, d.get_xdata()))
        assert f.get_xdata().min() == z.min() and f.get_xdata().max() == z.max()
        assert name in a_fun.get_title() and "derivative" in a_der.get_title()
    sig_d = one(axes[0, 1], "derivative").get_ydata()
    assert sig_d.max() == pytest.approx(0.25, abs=1e-12)
    assert one(axes[0, 1], "derivative").get_xdata()[np.argmax(sig_d)] == 0.0
    assert one(axes[1, 1], "derivative").get_ydata().max() == pytest.approx(1.0)


def test_activation_panel_rejects_softmax_and_unknown_names():
    with pytest.raises(ValueError, match="softmax"):
        plots.activation_panel(["sigmoid", "softmax"])
    with pytest.raises(ValueError, match="unknown activation"):
        plots.activation_panel("sigmoidd")


def test_activation_panel_draws_into_given_axes():
    fig, axes = plots.subplots(2, 2)
    n_figs = len(plt.get_fignums())
    for _ in range(2):                      # the artists of each panel, on the caller's figure
        drawings = plots.activation_panel(["tanh", "relu"], axes=axes)
        assert [d.ax for d in drawings] == list(axes.ravel()) and all(d.figure is fig for d in drawings)
    assert len(plt.get_fignums()) == n_figs and len(axes[0, 0].lines) == 3  # curve + 2 zero lines
    with pytest.raises(ValueError, match="2 rows of 2"):
        plots.activation_panel(["tanh", "relu"], axes=axes[0])


def test_gradient_norms_history_one_line_per_layer_on_log_scale(net_and_history):
    h = net_and_history[1]
    ax = plots.gradient_norms(h).axes[0]
    assert ax.get_yscale() == "log"
    for l in range(h.grad_norms.shape[1]):
        assert np.allclose(one(ax, f"layer_{l + 1}", "lines").get_ydata(), h.grad_norms[:, l])
    assert len(ax.lines) == h.grad_norms.shape[1]
    assert ax.get_xlabel() == "epoch"


def test_gradient_norms_snapshot_bars_and_zeros():
    norms = np.array([0.0, 1e-3, 0.2])
    with np.errstate(all="raise"):                      # no log of 0, no divide by zero
        ax = plots.gradient_norms(norms).axes[0]
    bars = ax.patches
    assert len(bars) == 3 and ax.get_yscale() == "log"
    tops = np.array([b.get_y() + b.get_height() for b in bars])
    assert np.allclose(tops[1:], norms[1:])
    assert 0 < tops[0] < norms[1]                       # the zero sits on a floor below the rest
    assert bars[0].get_hatch() == "//" and one(ax, "zero_label").get_text() == "0"
    assert "zeros drawn at 1e-04" in ax.get_xlabel()    # under the axis, clear of the "0" labels
    assert not by_gid(ax, "zero_note")
    # all zeros (a dead network) still draws
    assert len(plots.gradient_norms(np.zeros(4)).axes[0].patches) == 4


def test_gradient_norms_from_backward_gradients(xor):
    X, Y = xor
    net = ck.MLP([2, 4, 4, 1], seed=0)
    net.forward(X)
    grads = net.backward(Y)
    ax = plots.gradient_norms(grads).axes[0]
    tops = [b.get_y() + b.get_height() for b in ax.patches]
    assert np.allclose(tops, [np.linalg.norm(dW) for dW, _ in grads])


def test_gradient_norms_deep_history_coloured_by_depth(xor):
    norms = np.abs(np.random.default_rng(0).standard_normal((5, 20))) + 1e-8
    norms[:, 0] = 0.0
    fig = plots.gradient_norms(norms)
    ax = fig.axes[0]
    assert len(ax.lines) == 20 and len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "layer l"
    assert np.all(one(ax, "layer_1").get_ydata() > 0)   # zeros drawn at the floor on the log scale


def test_short_number_keeps_two_digits_in_few_characters():
    cases = {0.0021: "0.0021", 37.0: "37", 5000.0: "5000", 140000.0: "1.4e5", 8.5e-6: "8.5e-6",
             1.0: "1", 200000.0: "2e5", 0.00068: "0.00068", 3.74: "3.7"}
    assert {v: plots.short_number(v) for v in cases} == cases
