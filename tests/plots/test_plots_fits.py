"""coursekit.plots.fits: a 1-D network's fit and what each hidden unit adds."""


import matplotlib.pyplot as plt
import numpy as np
import pytest

import coursekit as ck
from coursekit import experiments as ex
from coursekit import plots

PNG = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ plots
def test_function_fit_draws_points_target_and_fit_and_redraws_in_place():
    run = ex.approximate_function("sine", 3, epochs=50)
    fig = plots.function_fit(run.net, run.x, run.y, target=run.target_values)
    ax = fig.axes[0]
    gids = {a.get_gid() for a in ax.lines + ax.collections}
    assert {"samples", "target", "fit"} <= gids
    n_artists = len(ax.lines) + len(ax.collections)
    plots.function_fit(run.net, run.x, run.y, target=run.target_values, ax=ax)
    assert len(ax.lines) + len(ax.collections) == n_artists      # nothing piles up
    plt.close(fig)


def test_function_fit_keeps_the_view_when_the_fit_diverges():
    run = ex.approximate_function("sine", 30, learning_rate=10.0)
    fig = plots.function_fit(run.net, run.x, run.y)
    lo, hi = fig.axes[0].get_ylim()
    assert -2 < lo < -1 and 1 < hi < 2                          # set by the targets, not by the blow-up
    plt.close(fig)


def test_function_fit_refuses_bad_input():
    net2 = ck.MLP([2, 3, 1])
    x = np.linspace(-1, 1, 5)[None, :]
    with pytest.raises(ValueError, match="one number to one number"):
        plots.function_fit(net2, x, x)
    net = ck.MLP([1, 3, 1], output_activation="linear", loss="mse")
    with pytest.raises(ValueError, match="Did you mean"):
        plots.function_fit(net, x.T, x.T)
    with pytest.raises(TypeError, match="target must be a function"):
        plots.function_fit(net, x, x, target=np.sin(x))
    with pytest.raises(TypeError, match="coursekit.MLP"):
        plots.function_fit("net", x, x)


def test_hidden_contributions_draws_one_line_per_unit_plus_the_sum():
    run = ex.approximate_function("wiggly", 12, epochs=50)
    fig = plots.hidden_contributions(run.net)
    ax = fig.axes[0]
    pieces = [l for l in ax.lines if (l.get_gid() or "").startswith("piece_")]
    assert len(pieces) == 12
    out = next(l for l in ax.lines if l.get_gid() == "output")
    xs = out.get_xdata()[None, :]
    np.testing.assert_allclose(out.get_ydata(), run.net.predict_proba(xs)[0])
    np.testing.assert_allclose(sum(l.get_ydata() for l in pieces) + run.net.params[1][1][0, 0], out.get_ydata())
    plots.hidden_contributions(ex.approximate_function("sine", 2, epochs=5).net, ax=ax)
    assert len([l for l in ax.lines if (l.get_gid() or "").startswith("piece_")]) == 2
    plt.close(fig)


def test_hidden_contributions_needs_one_hidden_layer():
    with pytest.raises(ValueError, match="exactly one hidden layer"):
        plots.hidden_contributions(ck.MLP([1, 3, 3, 1], output_activation="linear", loss="mse"))
    with pytest.raises(ValueError, match="xlim"):
        plots.hidden_contributions(ck.MLP([1, 3, 1], output_activation="linear", loss="mse"), xlim=(1, -1))


def test_function_fit_draws_over_a_given_stretch_of_x():
    net = ck.MLP([1, 2, 1], output_activation="linear", loss="mse")
    x = np.array([[-0.5, 0.0, 0.5]])
    fig = plots.function_fit(net, x, x, xlim=(-1.0, 1.0))
    ax = fig.axes[0]
    fit = next(l for l in ax.lines if l.get_gid() == "fit")
    assert ax.get_xlim() == (-1.0, 1.0) and fit.get_xdata()[0] == -1.0 and fit.get_xdata()[-1] == 1.0
    with pytest.raises(ValueError, match="axis limits"):
        plots.function_fit(net, x, x, xlim=(1.0, -1.0))
    plt.close(fig)
    fig = plots.function_fit(net, np.array([[0.3]]), np.array([[0.3]]))   # one point: still a view
    assert fig.axes[0].get_xlim()[1] > fig.axes[0].get_xlim()[0]
    plt.close(fig)
