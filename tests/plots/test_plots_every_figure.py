"""Every figure of coursekit.plots: titles and labels, drawing into a given axes,
redrawing, and degenerate inputs."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from plot_helpers import bowl, by_gid, one  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import plots  # noqa: E402
from coursekit.network import History  # noqa: E402


def _all_figures(xor, net_and_history, and_perceptron):
    X, Y = xor
    net, h = net_and_history
    p, Xg, Yg = and_perceptron
    return {
        "decision_boundary": lambda ax=None: plots.decision_boundary(net, X, Y, resolution=30, ax=ax),
        "loss_curves": lambda ax=None: plots.loss_curves(h, ax=ax),
        "network_diagram": lambda ax=None: plots.network_diagram(net, ax=ax),
        "perceptron_replay": lambda ax=None: plots.perceptron_replay(p, Xg, Yg, 4, ax=ax),
        "gradient_norms": lambda ax=None: plots.gradient_norms(h, ax=ax),
        "loss_surface": lambda ax=None: plots.loss_surface(bowl, np.array([[1.0, 0.5], [1.0, 0.2]]),
                                                           resolution=20, ax=ax),
        "hidden_space": lambda ax=None: plots.hidden_space(ck.MLP([2, 2, 1], seed=0), X, Y,
                                                           resolution=30, ax=ax),
    }


NAMES = ["decision_boundary", "loss_curves", "network_diagram", "perceptron_replay",
         "gradient_norms", "loss_surface", "hidden_space"]


@pytest.mark.parametrize("name", NAMES + ["activation_panel"])
def test_every_figure_has_a_title_and_axis_labels(name, xor, net_and_history, and_perceptron):
    if name == "activation_panel":
        fig = plots.activation_panel()
    else:
        fig = _all_figures(xor, net_and_history, and_perceptron)[name]()
    assert isinstance(fig, matplotlib.figure.Figure)
    colorbars = {a for a in fig.axes if a.get_label() == "<colorbar>"}
    fig.canvas.draw()
    for ax in fig.axes:
        if ax in colorbars:
            assert ax.get_ylabel()                       # a colorbar says what it measures
            continue
        assert ax.get_title(), f"{name}: an axes without a title"
        assert ax.get_xlabel(), f"{name}: an axes without an x label"
        if ax.get_yaxis().get_visible() and len(ax.get_yticks()):
            assert ax.get_ylabel(), f"{name}: an axes without a y label"
        sizes = {t.get_fontsize() for t in ax.get_xticklabels() if t.get_text()}
        assert sizes <= {11.0}, f"{name}: tick labels of {sizes} pt"


@pytest.mark.parametrize("name", NAMES)
def test_drawing_into_an_existing_axes_makes_no_new_figure(name, xor, net_and_history, and_perceptron):
    draw = _all_figures(xor, net_and_history, and_perceptron)[name]
    fig, axes = plots.subplots(1, 2, figsize=(10, 4))
    n_figs = len(plt.get_fignums())
    drawing = draw(ax=axes[1])                          # the artists it made, on the caller's axes
    assert isinstance(drawing, plots.Drawing) and drawing.ax is axes[1] and drawing.figure is fig
    assert drawing.artists and all(a in axes[1].get_children() for a in drawing.artists)
    counts = [(len(axes[1].get_children()), len(fig.axes))]
    for _ in range(2):                                  # redraws replace, they do not pile up
        assert draw(ax=axes[1]).figure is fig
        counts.append((len(axes[1].get_children()), len(fig.axes)))
    assert len(plt.get_fignums()) == n_figs
    assert counts[0] == counts[1] == counts[2]
    assert not axes[0].has_data()                       # the other axes is left alone
    fig.canvas.draw()
    sizes = {t.get_fontsize() for t in axes[1].get_xticklabels() if t.get_text()}
    assert sizes <= {11.0}                               # the style holds after a redraw


def test_switching_plot_kinds_on_one_axes_starts_clean(xor, net_and_history):
    X, Y = xor
    net, h = net_and_history
    fig, ax = plots.subplots()
    plots.network_diagram(net, ax=ax)
    plots.loss_curves(h, log=True, ax=ax)
    assert ax.get_yscale() == "log" and not by_gid(ax, "weights")
    plots.loss_curves(h, ax=ax)
    assert ax.get_yscale() == "linear"
    plots.gradient_norms(h.grad_norms[-1], ax=ax)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["layer 1", "layer 2"]


def _nan_net(sizes):
    net = ck.MLP(sizes, seed=0)
    net.params = [(np.full_like(W, np.nan), b) for W, b in net.params]   # a diverged network
    return net


DEGENERATE = {
    "decision_boundary of a diverged net": lambda X, Y: plots.decision_boundary(_nan_net([2, 3, 1]), X, Y),
    "hidden_space of a diverged net": lambda X, Y: plots.hidden_space(_nan_net([2, 2, 1]), X, Y),
    "network_diagram with NaN weights": lambda X, Y: plots.network_diagram(_nan_net([2, 3, 1])),
    "loss_curves of no epochs, log": lambda X, Y: plots.loss_curves(
        History(np.zeros(0), np.zeros(0), np.zeros((0, 2)), np.zeros(0)), log=True),
    "loss_curves near the float maximum": lambda X, Y: plots.loss_curves([1e308, 1.0, np.inf]),
    "loss_curves with a zero on a log axis": lambda X, Y: plots.loss_curves([1.0, 0.0, 0.5], log=True),
    "gradient_norms of no epochs": lambda X, Y: plots.gradient_norms(np.zeros((0, 3))),
    "gradient_norms all NaN": lambda X, Y: plots.gradient_norms(np.full((3, 2), np.nan)),
    "loss_surface that is flat": lambda X, Y: plots.loss_surface(lambda a, b: 0 * a + 1.0),
    "loss_surface that overflows": lambda X, Y: plots.loss_surface(lambda a, b: np.exp(1e3 * a), log=True),
    "loss_surface with a path to infinity": lambda X, Y: plots.loss_surface(
        bowl, np.array([[1.0, 1e200, np.inf], [1.0, -1e200, np.nan]])),
}


@pytest.mark.parametrize("case", sorted(DEGENERATE))
def test_degenerate_inputs_still_draw_without_warnings(case, xor):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")                 # no RuntimeWarning, no UserWarning either
        fig = DEGENERATE[case](*xor)
        fig.canvas.draw()
    assert fig.axes[0].get_title()


def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def _fresh_axes():
    """An axes on a figure outside pyplot, laid out the same way every time."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=(5.0, 4.0), dpi=60)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.18, right=0.95, bottom=0.15, top=0.85)
    return fig, ax


def _diverged_history(xor):
    X, Y = xor
    with pytest.warns(ck.DivergenceWarning):
        return ck.MLP([2, 4, 1], "relu", seed=0).fit(X, Y, 50.0, 30)


def _redraw_cases(xor, net_and_history, and_perceptron):
    """name -> (draw(model, ax), first, second): the same layout with other numbers."""
    X, Y = xor
    net, h = net_and_history
    p, _, _ = and_perceptron
    other = ck.MLP([2, 3, 1], "tanh", seed=7)
    h2 = ck.MLP([2, 3, 1], "tanh", seed=7).fit(X, Y, 0.1, 20, X_val=X, Y_val=Y)
    runs = lambda hist: {"full batch": hist, "SGD": h}
    from coursekit import experiments as ex
    costs = [ex.backprop_cost(d, 6) for d in range(9)]
    escapes = lambda seed: {k: r.path for k, r in ex.escape_local_minimum(steps=60, seed=seed).items()}
    same = lambda drawing, m: drawing.update(m)
    valley = ex.SURFACES["curved valley"]
    paths = lambda lr: ex.compare_on_surface("curved valley", learning_rate=lr, steps=40)
    rates = lambda lr: {"constant": np.full(30, lr), "cosine": lr * (1 + np.cos(np.pi * np.arange(30) / 30)) / 2}
    return {
        "decision_boundary": (lambda m, ax: plots.decision_boundary(m, X, Y, resolution=30, ax=ax), same, net, other),
        "decision_boundary, the 0.5 line gone": (
            lambda m, ax: plots.decision_boundary(m, X, Y, resolution=30, ax=ax), same, net,
            lambda G: np.full(G.shape[1], 0.9)),
        "loss_curves": (lambda m, ax: plots.loss_curves(m, ax=ax), same, h, h2),
        "loss_curves, runs in a dict": (lambda m, ax: plots.loss_curves(runs(m), ax=ax, log=True),
                                        lambda d, m: d.update(runs(m)), h, h2),
        "loss_curves, then a divergence": (lambda m, ax: plots.loss_curves(m, ax=ax), same, h, _diverged_history(xor)),
        "network_diagram": (lambda m, ax: plots.network_diagram(m, ax=ax), same, net, other),
        "network_diagram, values on the edges": (
            lambda m, ax: plots.network_diagram(m, ax=ax), same, [p.weights_at(2)], [p.weights_at(5)]),
        "pass_costs, another depth chosen": (
            lambda m, ax: plots.pass_costs(costs, which="gradient", chosen=m, ax=ax),
            lambda d, m: d.update(costs, chosen=m), 3, 7),
        "descent_1d": (lambda m, ax: plots.descent_1d(ex.bumpy_loss, m, xlim=ex.BUMPY_RANGE, ax=ax),
                       lambda d, m: d.update(ex.bumpy_loss, m), escapes(0), escapes(1)),
        "layer_costs, drawn again by its Drawing": (lambda m, ax: plots.layer_costs(m, ax=ax), same, costs[3], costs[5]),
        "gradient_norms bars, drawn again by its Drawing": (
            lambda m, ax: plots.gradient_norms(m, ax=ax), same, np.array([1e-3, 0.0, 2.0]), np.array([3.0, 1e-2, 4e-1])),
        "positions_over_steps": (lambda m, ax: plots.positions_over_steps(
            m, marks={"global minimum": -1.81}, ylim=ex.BUMPY_RANGE, ax=ax), same, escapes(0), escapes(1)),
        "optimiser_paths, the contours kept": (
            lambda m, ax: plots.optimiser_paths(valley, m, resolution=30, ax=ax),
            lambda d, m: d.update(valley, m), paths(0.01), paths(0.03)),
        "loss_by_step": (lambda m, ax: plots.loss_by_step(valley, m, legend=True, ax=ax),
                         lambda d, m: d.update(valley, m), paths(0.01), paths(0.03)),
        "learning_rates": (lambda m, ax: plots.learning_rates(rates(m), ax=ax), lambda d, m: d.update(rates(m)),
                           0.3, 0.002),
    }


@pytest.mark.parametrize("case", ["decision_boundary", "decision_boundary, the 0.5 line gone", "loss_curves",
                                  "loss_curves, runs in a dict", "loss_curves, then a divergence",
                                  "network_diagram", "network_diagram, values on the edges",
                                  "pass_costs, another depth chosen", "descent_1d", "positions_over_steps",
                                  "layer_costs, drawn again by its Drawing",
                                  "gradient_norms bars, drawn again by its Drawing",
                                  "optimiser_paths, the contours kept", "loss_by_step", "learning_rates"])
def test_redrawing_with_new_numbers_looks_exactly_like_a_fresh_drawing(case, xor, net_and_history, and_perceptron):
    """A redraw through the Drawing a first call returned updates the artists it drew before (a
    widget's speed comes from that) and must give the very picture a first drawing of the new
    numbers gives; so must a second call of the plotting function on the same axes."""
    draw, update, first, second = _redraw_cases(xor, net_and_history, and_perceptron)[case]
    fig, ax = _fresh_axes()
    drawing = draw(first, ax)
    before = {id(a) for a in ax.get_children()}
    assert update(drawing, second) is drawing
    again, again_ax = _fresh_axes()
    draw(first, again_ax)
    draw(second, again_ax)
    fresh, fresh_ax = _fresh_axes()
    draw(second, fresh_ax)
    assert np.array_equal(_pixels(fig), _pixels(fresh))
    assert np.array_equal(_pixels(again), _pixels(fresh))
    assert len(ax.get_children()) == len(fresh_ax.get_children()) == len(again_ax.get_children())
    assert {id(a) for a in drawing.artists} <= {id(a) for a in ax.get_children()}
    kept = before & {id(a) for a in ax.get_children()}
    if case == "loss_curves, then a divergence":
        assert "diverged_text" in {a.get_gid() for a in ax.texts}
    else:
        assert len(kept) > 8, "the redraw should have kept the artists of the same layout"


def test_a_redraw_after_foreign_artists_or_another_layout_starts_clean(xor, net_and_history):
    X, Y = xor
    net, h = net_and_history
    fig, ax = _fresh_axes()
    plots.network_diagram(net, ax=ax)
    ax.plot([0, 1], [0, 1], gid="foreign")                       # someone else drew on it
    plots.network_diagram(ck.MLP([2, 3, 1], seed=3), ax=ax)
    assert not by_gid(ax, "foreign")
    plots.network_diagram(ck.MLP([2, 5, 1], seed=3), ax=ax)      # another architecture: all new
    assert len(one(ax, "weights").get_segments()) == 2 * 5 + 5 * 1
    fresh, fresh_ax = _fresh_axes()
    plots.network_diagram(ck.MLP([2, 5, 1], seed=3), ax=fresh_ax)
    assert np.array_equal(_pixels(fig), _pixels(fresh))


@pytest.mark.parametrize("case", ["decision_boundary", "network_diagram", "pass_costs, another depth chosen"])
def test_a_drawing_replaced_on_its_axes_looks_like_a_fresh_drawing(case, xor, net_and_history, and_perceptron):
    """``ax=<an earlier Drawing of the same kind>`` draws the new figure over the old one's axes
    without emptying them (a widget whose layout changed: another dataset, say)."""
    draw, _, first, second = _redraw_cases(xor, net_and_history, and_perceptron)[case]
    if case == "decision_boundary":                       # other data, so another view and legend
        data = {id(first): xor, id(second): ck.data.make_moons(40, noise=0.1, seed=3)}
        draw = lambda m, ax: plots.decision_boundary(m, *data[id(m)], resolution=30, ax=ax)
    fig, ax = _fresh_axes()
    old = draw(first, ax)
    xaxis = ax.xaxis
    new = draw(second, old)
    assert new.ax is ax and ax.xaxis is xaxis and not (set(map(id, old.artists)) & set(map(id, ax.get_children())))
    fresh, fresh_ax = _fresh_axes()
    draw(second, fresh_ax)
    assert np.array_equal(_pixels(fig), _pixels(fresh))
