"""coursekit.plots: what each figure draws, not only that it runs.

Every test reads the artists back from the figure (edges, points, lines,
images, texts) and compares them with the model or data they came from.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex, to_rgb  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import activations, data, plots  # noqa: E402
from coursekit.network import History  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ----------------------------------------------------------------- helpers and shared data
def by_gid(ax, gid, kind=None):
    groups = {"lines": ax.lines, "collections": ax.collections, "images": ax.images,
              "texts": ax.texts, "patches": ax.patches}
    pool = groups[kind] if kind else [a for g in groups.values() for a in g]
    return [a for a in pool if a.get_gid() == gid]


def one(ax, gid, kind=None):
    found = by_gid(ax, gid, kind)
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


def hexes(colors):
    return [to_hex(c) for c in np.atleast_2d(colors)]


@pytest.fixture(scope="module")
def xor():
    return data.make_xor(60, seed=0)


@pytest.fixture(scope="module")
def net_and_history(xor):
    X, Y = xor
    Xv, Yv = data.make_xor(30, seed=1)
    net = ck.MLP([2, 3, 1], "tanh", seed=2)
    history = net.fit(X, Y, 0.5, 20, X_val=Xv, Y_val=Yv)
    return net, history


@pytest.fixture(scope="module")
def and_perceptron():
    X, Y = data.logic_gate("and")
    return ck.Perceptron(init="zeros").fit(X, Y, epochs=10), X, Y


def bowl(a, b):
    return a ** 2 + 3 * b ** 2


# ----------------------------------------------------------------- palette and style
def test_palette_is_okabe_ito():
    assert plots.OKABE_ITO == {
        "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
        "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
    }
    okabe = set(plots.OKABE_ITO.values())
    assert set(plots.PALETTE) == okabe and len(plots.PALETTE) == 8
    assert set(plots.CLASS_COLORS) == okabe and len(plots.CLASS_COLORS) == 8
    assert plots.CLASS_COLORS[:2] == ["#D55E00", "#0072B2"]          # class 0, class 1
    assert plots.SIGN_COLORS == {"positive": "#0072B2", "negative": "#D55E00"}


def test_probability_colormap_runs_from_class_0_through_white_to_class_1():
    lo, mid, hi = (np.array(plots.PROB_CMAP(x)[:3]) for x in (0.0, 0.5, 1.0))
    assert np.allclose(mid, 1.0, atol=0.01)
    for end, cls in ((lo, 0), (hi, 1)):
        base = np.array(to_rgb(plots.CLASS_COLORS[cls]))
        # a tint of the class colour: base + t (white - base) for one t in (0, 1)
        t = (end - base) / (1.0 - base)
        assert np.allclose(t, t[0], atol=0.01) and 0.2 < t[0] < 0.7


def test_importing_and_plotting_leave_global_rcparams_alone(xor, net_and_history):
    before = dict(matplotlib.rcParams)
    X, Y = xor
    plots.decision_boundary(net_and_history[0], X, Y)
    plots.activation_panel("tanh")
    with plots.style():
        assert matplotlib.rcParams["font.size"] == plots.STYLE["font.size"]
    after = dict(matplotlib.rcParams)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}


def test_style_sizes_suit_a_laptop_and_a_projector():
    s = plots.STYLE
    assert 11 <= s["font.size"] <= 13 and 11 <= s["axes.titlesize"] <= 13
    assert 11 <= s["axes.labelsize"] <= 13 and 11 <= s["xtick.labelsize"] <= 13
    w, h = s["figure.figsize"]
    assert 5.5 <= w <= 8 and 3.5 <= h <= 6


# ----------------------------------------------------------------- decision boundary
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


# ----------------------------------------------------------------- loss curves
def test_loss_curves_draws_training_and_validation(net_and_history):
    h = net_and_history[1]
    ax = plots.loss_curves(h).axes[0]
    train, val = one(ax, "training", "lines"), one(ax, "validation", "lines")
    assert np.allclose(train.get_xdata(), np.arange(1, 21)) and np.allclose(train.get_ydata(), h.loss)
    assert np.allclose(val.get_ydata(), h.val_loss)
    assert len([ln for ln in ax.lines if ln.get_gid() in ("training", "validation")]) == 2
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss" and ax.get_title()
    assert not by_gid(ax, "diverged_text")


def test_loss_curves_arrays_log_scale_and_one_line_without_val():
    ax = plots.loss_curves([1.0, 0.5, 0.25], log=True).axes[0]
    assert ax.get_yscale() == "log" and "log" in ax.get_ylabel()
    assert [ln.get_gid() for ln in ax.lines] == ["training"]
    ax = plots.loss_curves(np.array([1.0, 0.5, 0.25]), val=[1.1, 0.7, 0.6]).axes[0]
    assert np.allclose(one(ax, "validation").get_ydata(), [1.1, 0.7, 0.6])


def test_loss_curves_says_diverged_at_epoch_k(xor):
    X, Y = xor
    with pytest.warns(ck.DivergenceWarning):
        h = ck.MLP([2, 8, 1], "relu", "linear", "mse", seed=0).fit(X, Y, 50.0, 400)
    assert h.diverged
    ax = plots.loss_curves(h, log=True).axes[0]
    text = one(ax, "diverged_text", "texts").get_text()
    assert text == f"diverged at epoch {h.diverged_epoch}"
    assert one(ax, "diverged_line", "lines").get_xdata()[0] == h.diverged_epoch
    # the loss climbs to ~1e300 first; the view stays readable (capped at 100 x the start)
    assert ax.get_ylim()[1] <= 100 * h.loss[0] * 1.001
    # a History that diverged in epoch 1 has no losses at all: still a figure, still the message
    h1 = History(loss=np.zeros(0), val_loss=None, grad_norms=np.zeros((0, 2)), step_loss=np.zeros(0),
                 diverged=True, diverged_epoch=1)
    assert one(plots.loss_curves(h1).axes[0], "diverged_text").get_text() == "diverged at epoch 1"


def test_loss_curves_plain_sequence_with_nan_counts_as_divergence():
    ax = plots.loss_curves([0.7, 0.9, 5.0, np.inf, np.nan]).axes[0]
    assert one(ax, "diverged_text").get_text() == "diverged at epoch 4"


def test_loss_curves_compares_runs_in_a_dict(net_and_history):
    h = net_and_history[1]
    ax = plots.loss_curves({"full batch": h, "SGD": h.loss[::-1]}).axes[0]
    train = by_gid(ax, "training")
    assert [ln.get_label() for ln in train] == ["full batch: training", "SGD: training"]
    assert to_hex(train[0].get_color()) != to_hex(train[1].get_color())


# ----------------------------------------------------------------- network diagram
def _check_edges(ax, params, show_bias=True):
    weights = one(ax, "weights", "collections")
    values = np.concatenate([W.ravel() for W, _ in params])
    assert len(weights.get_segments()) == sum(W.size for W, _ in params) == values.size
    if show_bias:
        biases = one(ax, "biases", "collections")
        bvalues = np.concatenate([b.ravel() for _, b in params])
        assert len(biases.get_segments()) == sum(b.size for _, b in params)
        all_values = np.concatenate([values, bvalues])
        all_widths = np.concatenate([weights.get_linewidths(), biases.get_linewidths()])
        all_colors = hexes(weights.get_colors()) + hexes(biases.get_colors())
    else:
        assert not by_gid(ax, "biases")
        all_values, all_widths, all_colors = values, weights.get_linewidths(), hexes(weights.get_colors())
    # colour follows the sign
    pos, neg = plots.SIGN_COLORS["positive"].lower(), plots.SIGN_COLORS["negative"].lower()
    for v, c in zip(all_values, all_colors):
        assert c == (pos if v > 0 else neg if v < 0 else plots.ZERO_COLOR.lower())
    # width is monotone in |w| (one scale for all edges), strictly where |w| differs
    order = np.argsort(np.abs(all_values), kind="stable")
    w_sorted, a_sorted = np.asarray(all_widths)[order], np.abs(all_values)[order]
    assert np.all(np.diff(w_sorted) >= -1e-12)
    assert np.all(np.diff(w_sorted)[np.diff(a_sorted) > 1e-9] > 0)
    # as documented: linear from 0.4 pt (w = 0) to 4.4 pt (the largest |w|)
    w_max = np.abs(all_values).max()
    if w_max > 0:
        assert np.allclose(all_widths, 0.4 + 4.0 * np.abs(all_values) / w_max)
    return weights


def test_network_diagram_one_edge_per_weight_coloured_by_sign_sized_by_magnitude():
    net = ck.MLP([3, 4, 2, 1], seed=0)
    rng = np.random.default_rng(0)
    net.set_params([(W, rng.standard_normal(b.shape)) for W, b in net.params])
    fig = plots.network_diagram(net)
    ax = fig.axes[0]
    weights = _check_edges(ax, net.params)
    # one circle per unit per layer, one bias unit per non-output layer
    for l, n in enumerate(net.layer_sizes):
        assert len(one(ax, f"units_{l}").get_offsets()) == n
    assert len(one(ax, "bias_units").get_offsets()) == 3
    # the edge of W1[j, i] runs from input unit i to hidden unit j
    W1 = net.params[0][0]
    segs = weights.get_segments()
    y_in, y_h = one(ax, "units_0").get_offsets()[:, 1], one(ax, "units_1").get_offsets()[:, 1]
    j, i = 2, 1
    start, end = segs[j * W1.shape[1] + i]
    assert np.allclose(start, [0, y_in[i]]) and np.allclose(end, [1, y_h[j]])
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0].startswith("input") and labels[1].startswith("hidden 1")
    assert labels[2].startswith("hidden 2") and labels[3].startswith("output")
    assert ax.get_title() and ax.get_xlabel()


def test_network_diagram_of_a_perceptron_shows_its_values(and_perceptron):
    p = and_perceptron[0]
    ax = plots.network_diagram(p).axes[0]
    _check_edges(ax, p.params)
    assert len(one(ax, "weights").get_segments()) == 2 and len(one(ax, "biases").get_segments()) == 1
    values = sorted(t.get_text() for t in by_gid(ax, "weight_value"))
    assert values == sorted(f"{v:.2g}" for v in [*p.W.ravel(), *p.b.ravel()])
    assert ax.get_title().startswith("Perceptron")


def test_network_diagram_zero_weights_grey_and_bias_optional():
    net = ck.MLP([2, 3, 1], init="zeros")
    ax = plots.network_diagram(net, show_bias=False).axes[0]
    _check_edges(ax, net.params, show_bias=False)
    assert set(hexes(one(ax, "weights").get_colors())) == {plots.ZERO_COLOR.lower()}
    assert not by_gid(ax, "bias_units")


def test_network_diagram_of_a_deep_net_has_every_edge():
    net = ck.MLP([2] + [6] * 19 + [1], seed=0)
    ax = plots.network_diagram(net).axes[0]
    _check_edges(ax, net.params)
    assert "6×19" in ax.get_title()


def test_network_diagram_from_weights_at_k(and_perceptron):
    p = and_perceptron[0]
    W, b = p.weights_at(3)
    ax = plots.network_diagram([(W, b)]).axes[0]
    _check_edges(ax, [(W, b)])
    with pytest.raises(TypeError, match="MLP, a Perceptron"):
        plots.network_diagram("net")


# ----------------------------------------------------------------- perceptron replay
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


# ----------------------------------------------------------------- activations
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


# ----------------------------------------------------------------- gradient norms
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


# ----------------------------------------------------------------- loss surface
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


# ----------------------------------------------------------------- hidden space
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


# ----------------------------------------------------------------- every figure
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
    colorbars = {getattr(a, "_coursekit_colorbar").ax for a in fig.axes if hasattr(a, "_coursekit_colorbar")}
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
    assert draw(ax=axes[1]) is fig
    counts = [(len(axes[1].get_children()), len(fig.axes))]
    for _ in range(2):                                  # redraws replace, they do not pile up
        assert draw(ax=axes[1]) is fig
        counts.append((len(axes[1].get_children()), len(fig.axes)))
    assert len(plt.get_fignums()) == n_figs
    assert counts[0] == counts[1] == counts[2]
    assert not axes[0].has_data()                       # the other axes is left alone
    fig.canvas.draw()
    sizes = {t.get_fontsize() for t in axes[1].get_xticklabels() if t.get_text()}
    assert sizes <= {11.0}                               # the style holds after a redraw


def test_activation_panel_draws_into_given_axes():
    fig, axes = plots.subplots(2, 2)
    n_figs = len(plt.get_fignums())
    assert plots.activation_panel(["tanh", "relu"], axes=axes) is fig
    assert plots.activation_panel(["tanh", "relu"], axes=axes) is fig
    assert len(plt.get_fignums()) == n_figs and len(axes[0, 0].lines) == 3  # curve + 2 zero lines
    with pytest.raises(ValueError, match="2 rows of 2"):
        plots.activation_panel(["tanh", "relu"], axes=axes[0])


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


def test_freeze_layout_keeps_positions(net_and_history):
    fig, axes = plots.subplots(1, 2)
    plots.loss_curves(net_and_history[1], ax=axes[0])
    plots.freeze_layout(fig)
    pos = axes[0].get_position().bounds
    plots.loss_curves(net_and_history[1], ax=axes[0])
    fig.canvas.draw()
    assert fig.get_layout_engine() is None or type(fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    assert axes[0].get_position().bounds == pos


def test_loss_curves_show_steps_draws_every_update(xor):
    X, Y = xor
    h = ck.MLP([2, 3, 1], seed=0).fit(X, Y, 0.5, 4, batch_size=20)
    ax = plots.loss_curves(h, show_steps=True).axes[0]
    steps = one(ax, "step_loss", "lines")
    assert np.allclose(steps.get_ydata(), h.step_loss)
    assert np.allclose(steps.get_xdata(), np.arange(1, 13) / 3)       # 3 updates per epoch


# ----------------------------------------------------------------- degenerate inputs
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


def test_style_keeps_interactive_mode_switched_on_inside_it():
    """IPython turns interactive mode on at the first pyplot call, which may happen inside
    style(); restoring it to off would stop later notebook figures from showing."""
    import matplotlib as mpl

    was = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with plots.style():
            mpl.interactive(True)
        assert mpl.is_interactive()
        with plots.style():
            assert mpl.rcParams["axes.titley"] == plots.STYLE["axes.titley"]
        assert mpl.rcParams["axes.titley"] is None      # the style itself is undone on exit
    finally:
        mpl.interactive(was)


# ----------------------------------------------------------------- redrawing with new data
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
    return {
        "decision_boundary": (lambda m, ax: plots.decision_boundary(m, X, Y, resolution=30, ax=ax), net, other),
        "decision_boundary, the 0.5 line gone": (
            lambda m, ax: plots.decision_boundary(m, X, Y, resolution=30, ax=ax), net, lambda G: np.full(G.shape[1], 0.9)),
        "loss_curves": (lambda m, ax: plots.loss_curves(m, ax=ax), h, h2),
        "loss_curves, runs in a dict": (lambda m, ax: plots.loss_curves(runs(m), ax=ax, log=True), h, h2),
        "loss_curves, then a divergence": (lambda m, ax: plots.loss_curves(m, ax=ax), h, _diverged_history(xor)),
        "network_diagram": (lambda m, ax: plots.network_diagram(m, ax=ax), net, other),
        "network_diagram, values on the edges": (
            lambda m, ax: plots.network_diagram(m, ax=ax), [p.weights_at(2)], [p.weights_at(5)]),
        "pass_costs, another depth chosen": (
            lambda m, ax: plots.pass_costs(costs, which="gradient", chosen=m, ax=ax), 3, 7),
        "descent_1d": (lambda m, ax: plots.descent_1d(ex.bumpy_loss, m, xlim=ex.BUMPY_RANGE, ax=ax),
                       escapes(0), escapes(1)),
        "positions_over_steps": (lambda m, ax: plots.positions_over_steps(
            m, marks={"global minimum": -1.81}, ylim=ex.BUMPY_RANGE, ax=ax), escapes(0), escapes(1)),
    }


@pytest.mark.parametrize("case", ["decision_boundary", "decision_boundary, the 0.5 line gone", "loss_curves",
                                  "loss_curves, runs in a dict", "loss_curves, then a divergence",
                                  "network_diagram", "network_diagram, values on the edges",
                                  "pass_costs, another depth chosen", "descent_1d", "positions_over_steps"])
def test_redrawing_with_new_numbers_looks_exactly_like_a_fresh_drawing(case, xor, net_and_history, and_perceptron):
    """A redraw of the same layout updates the artists it drew before (a widget's speed comes
    from that) and must give the very picture a first drawing of the new numbers gives."""
    draw, first, second = _redraw_cases(xor, net_and_history, and_perceptron)[case]
    fig, ax = _fresh_axes()
    draw(first, ax)
    before = {id(a) for a in ax.get_children()}
    draw(second, ax)
    fresh, fresh_ax = _fresh_axes()
    draw(second, fresh_ax)
    assert np.array_equal(_pixels(fig), _pixels(fresh))
    assert len(ax.get_children()) == len(fresh_ax.get_children())
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


# ----------------------------------------------------------------- legends that hide nothing
def _points_under_legend(ax, xy):
    """How many of the data points ``xy`` (2, m) the axes' legend covers on the rendered figure."""
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    shown = ax.transData.transform(np.asarray(xy).T)
    return int(np.sum(box.contains_points(shown) if hasattr(box, "contains_points") else
                      [(box.x0 <= x <= box.x1) and (box.y0 <= y <= box.y1) for x, y in shown]))


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


def test_capacity_curve_legend_covers_no_marker():
    """Regression test: the legend hid the validation errors of degrees 1 and 2 in chapter 06."""
    from coursekit import experiments
    for n_train, noise in [(12, 0.2), (6, 0.5), (40, 0.0)]:
        run = experiments.polynomial_run(3, n_train, noise, 0.0)
        fig, ax = plt.subplots(figsize=(5.0, 3.6))
        plots.capacity_curve(run.degrees, run.train_errors, run.val_errors, current=3, ax=ax)
        for gid in ("training", "validation"):
            line = one(ax, gid, "lines")
            assert _points_under_legend(ax, np.vstack(line.get_data())) == 0, (n_train, noise, gid)


def test_a_flat_loss_is_drawn_from_zero():
    """A plateau (here 0.6931 to 0.6932) is shown from 0, so it looks flat; a loss that
    falls keeps the autoscaled view."""
    flat = 0.69315 + 1e-4 * np.cos(np.arange(100))
    fig, ax = plt.subplots()
    plots.loss_curves(flat, ax=ax)
    lo, hi = ax.get_ylim()
    assert lo == 0.0 and hi > flat.max() * 1.2
    falling = np.linspace(0.7, 0.1, 100)
    fig, ax = plt.subplots()
    plots.loss_curves(falling, ax=ax)
    assert ax.get_ylim()[0] < 0.1 and ax.get_ylim()[1] < 0.75


def test_count_labels_share_one_unit_per_axis():
    fmt = plots._CountFormatter()
    assert fmt.format_ticks([0, 2500, 5000, 7500]) == ["0", "2,500", "5,000", "7,500"]
    assert fmt.format_ticks([0, 2500, 5000, 7500, 10000]) == ["0", "2.5k", "5k", "7.5k", "10k"]
    assert fmt.format_ticks([0, 5e6, 1e7]) == ["0", "5M", "10M"]


def test_short_number_keeps_two_digits_in_few_characters():
    cases = {0.0021: "0.0021", 37.0: "37", 5000.0: "5000", 140000.0: "1.4e5", 8.5e-6: "8.5e-6",
             1.0: "1", 200000.0: "2e5", 0.00068: "0.00068", 3.74: "3.7"}
    assert {v: plots.short_number(v) for v in cases} == cases
