"""coursekit.plots.diagram: the network diagram."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from plot_helpers import by_gid, hexes, one  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import plots  # noqa: E402


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
