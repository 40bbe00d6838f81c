"""Network diagrams: units and weighted edges, and logistic regression as a computational graph."""
from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.colors import to_rgb

from .. import activations as _act
from .._validation import as_matrix, number
from .styling import OKABE_ITO, SIGN_COLORS, TEXT_COLOR, ZERO_COLOR, root_figure, style, tint
from .drawing import Drawing, drawn

__all__ = ["network_diagram", "NetworkDiagram", "logistic_graph"]


def _params_of(model):
    if hasattr(model, "params"):
        params = model.params
    elif isinstance(model, (list, tuple)):
        params = model
    else:
        raise TypeError("model must be an MLP, a Perceptron or a list of (W, b) pairs; "
                        f"got {type(model).__name__}.")
    if not isinstance(params, (list, tuple)) or len(params) == 0:
        raise ValueError("model must have at least one layer of (W, b).")
    out = []
    for l, pair in enumerate(params, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError(f"params[{l - 1}] must be a pair (W{l}, b{l}).")
        rows = None if l == 1 else out[-1][0].shape[0]
        W = as_matrix(pair[0], f"W{l}", cols=rows, what="(n_l, n_(l-1))", finite=False)
        b = as_matrix(pair[1], f"b{l}", rows=W.shape[0], cols=1, what="(n_l, 1)", finite=False)
        out.append((W, b))
    return out


def _sizes_text(sizes):
    """'2-4-1'; runs of equal hidden widths compressed: [2, 8, 8, 8, 1] -> '2-8×3-1'."""
    parts, i = [], 0
    while i < len(sizes):
        j = i
        while j + 1 < len(sizes) and sizes[j + 1] == sizes[i] and 0 < i and j + 1 < len(sizes) - 1:
            j += 1
        parts.append(str(sizes[i]) if j == i else f"{sizes[i]}×{j - i + 1}")
        i = j + 1
    return "-".join(parts)


def _layer_names(n_layers):
    L = n_layers - 1
    if L <= 6:
        return ["input"] + [f"hidden {l}" for l in range(1, L)] + ["output"]
    return ["in"] + [f"h{l}" for l in range(1, L)] + ["out"]


def network_diagram(model, *, ax=None, show_bias=True, show_values=None, title=None):
    """Draw a network: one circle per unit, one edge per weight, biases as bias units.

    Edges are coloured by the sign of the weight (``SIGN_COLORS``: blue
    positive, vermillion negative, grey exactly 0) and their width grows with
    |w| (linearly from 0.4 pt to 4.4 pt, on one scale shared by all weights and
    biases of the network, so widths compare across layers).

    Biases are drawn as **bias units**: a small grey square marked "1" under
    every layer except the output, with one edge to each unit of the next layer,
    coloured and sized by that unit's bias exactly like a weight (a bias is the
    weight from a constant input 1). ``show_bias=False`` leaves them out.

    Parameters
    ----------
    model : MLP, Perceptron, or list of (W, b) pairs
        For a replay, ``[perceptron.weights_at(k)]`` draws the perceptron after update k.
    show_values : bool, optional
        Write each weight's value on its edge. Default: only when the network
        has at most 12 weights and biases (a perceptron, a tiny MLP).
    """
    kwargs = dict(show_bias=show_bias, show_values=show_values, title=title)
    figsize = _diagram_plan(model, **kwargs)["figsize"] if ax is None else None
    return drawn(_network_diagram, ax, (model,), kwargs, figsize=figsize, kind=NetworkDiagram)


_SIGN_RGB = np.array([to_rgb(SIGN_COLORS["negative"]), to_rgb(ZERO_COLOR), to_rgb(SIGN_COLORS["positive"])])


def _edge_style(v, w_max):
    """Line widths and RGB colours for weights v (1-D): width linear in |w|, colour by sign."""
    mag = np.where(np.isfinite(v), np.abs(v), w_max)
    widths = 0.4 + 4.0 * (mag / w_max if w_max > 0 else np.zeros_like(mag))
    sign = np.sign(np.nan_to_num(v, nan=0.0)).astype(int)
    return widths, _SIGN_RGB[sign + 1]


def _segments(x0, y0, x1, y1):
    return np.stack([np.stack([np.full_like(y0, x0), y0], -1), np.stack([np.full_like(y1, x1), y1], -1)], 1)


def _diagram_plan(model, *, show_bias, show_values, title):
    """Where every unit and edge of the diagram goes, and each edge's width and colour."""
    params = _params_of(model)
    sizes = [params[0][0].shape[1]] + [W.shape[0] for W, _ in params]
    L, n_max = len(params), max(sizes)
    n_edges = sum(W.size for W, _ in params) + (sum(b.size for _, b in params) if show_bias else 0)
    if show_values is None:
        show_values = n_edges <= 12
    # Unit positions: layer l at x = l, units centred vertically, first unit on top.
    ys = [(n - 1) / 2.0 - np.arange(n) for n in sizes]
    y_bias = -(n_max - 1) / 2.0 - 1.0                 # one row of bias units under the widest layer
    weights = [W for W, _ in params] + ([b for _, b in params] if show_bias else [])
    finite = np.concatenate([np.abs(w[np.isfinite(w)]).ravel() for w in weights])
    w_max = float(finite.max()) if finite.size else 0.0
    # W[j, i] connects unit i of layer l-1 to unit j of layer l; edges follow W.ravel() (row-major).
    segs = np.concatenate([_segments(l - 1, np.tile(ys[l - 1], sizes[l]), l, np.repeat(ys[l], sizes[l - 1]))
                           for l in range(1, L + 1)])
    values = np.concatenate([W.ravel() for W, _ in params])
    bsegs, bvalues = np.empty((0, 2, 2)), np.empty(0)
    if show_bias:
        bsegs = np.concatenate([_segments(l - 1, np.full(sizes[l], y_bias), l, ys[l]) for l in range(1, L + 1)])
        bvalues = np.concatenate([b.ravel() for _, b in params])
    kind = "Perceptron" if type(model).__name__ == "Perceptron" else "Network"
    return dict(sizes=sizes, L=L, n_max=n_max, ys=ys, y_bias=y_bias, show_bias=show_bias, show_values=show_values,
                segs=segs, values=values, edges=_edge_style(values, w_max), bsegs=bsegs, bvalues=bvalues,
                bedges=_edge_style(bvalues, w_max), title=title or f"{kind} {_sizes_text(sizes)}, edge width ∝ |w|",
                figsize=(max(5.5, min(10.0, 1.6 * L + 3.0)), max(3.6, min(7.0, 0.45 * n_max + 2.6))))


def _network_diagram(model, **options):
    plan = _diagram_plan(model, **options)
    return lambda ax: _draw_diagram(ax, plan)


def _draw_units(ax, plan):
    """The units as circles (bias units as squares), sized to the room each has; returns the size in points."""
    sizes, L, ys, y_bias = plan["sizes"], plan["L"], plan["ys"], plan["y_bias"]
    bbox = ax.get_position()
    fig_w, fig_h = root_figure(ax).get_size_inches()
    rows = plan["n_max"] + (1.5 if plan["show_bias"] else 0.6)
    d_pt = min(30.0, 0.55 * bbox.height * fig_h * 72 / rows, 0.35 * bbox.width * fig_w * 72 / (L + 1))
    d_pt = max(d_pt, 4.0)
    for l, n in enumerate(sizes):
        face = "#F2F2F2" if l == 0 else ("#FFFFFF" if l < L else "#FFF4D6")
        ax.scatter(np.full(n, l), ys[l], s=d_pt ** 2, facecolors=face, edgecolors=TEXT_COLOR,
                   linewidths=1.2, zorder=3, gid=f"units_{l}")
    if plan["show_bias"]:
        ax.scatter(np.arange(L), np.full(L, y_bias), s=(0.75 * d_pt) ** 2, marker="s",
                   facecolors="#DDDDDD", edgecolors=TEXT_COLOR, linewidths=1.0, zorder=3, gid="bias_units")
    fs = max(6.0, min(11.0, 0.42 * d_pt))
    if d_pt >= 14:
        for i, y in enumerate(ys[0]):
            ax.text(0, y, f"$x_{{{i + 1}}}$", ha="center", va="center", fontsize=fs, zorder=4)
        for j, y in enumerate(ys[L]):
            sub = f"_{{{j + 1}}}" if sizes[L] > 1 else ""
            ax.text(L, y, rf"$\hat{{y}}{sub}$", ha="center", va="center", fontsize=fs, zorder=4)
        if plan["show_bias"]:
            for l in range(L):
                ax.text(l, y_bias, "1", ha="center", va="center", fontsize=0.8 * fs, zorder=4)


def _draw_diagram(ax, plan):
    sizes, L, show_bias = plan["sizes"], plan["L"], plan["show_bias"]
    widths, colors = plan["edges"]
    parts = {"weights": ax.add_collection(LineCollection(plan["segs"], colors=colors, linewidths=widths, alpha=0.85,
                                                         zorder=1, gid="weights", capstyle="round")),
             "biases": None, "values": [], "layout": (tuple(sizes), show_bias, plan["show_values"])}
    if show_bias:
        bwidths, bcolors = plan["bedges"]
        parts["biases"] = ax.add_collection(LineCollection(plan["bsegs"], colors=bcolors, linewidths=bwidths,
                                                           alpha=0.85, zorder=1, gid="biases", linestyles="solid",
                                                           capstyle="round"))
    _draw_units(ax, plan)
    if plan["show_values"]:
        for ((x0, y0), (x1, y1)), v in zip(np.concatenate([plan["segs"], plan["bsegs"]]),
                                           np.concatenate([plan["values"], plan["bvalues"]])):
            t = 0.38   # nearer the source: edges fan out from there, so labels overlap less
            parts["values"].append(ax.text(
                x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{v:.2g}", fontsize=10, ha="center", va="center",
                zorder=5, gid="weight_value", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85)))
    pad = 0.35
    ax.set_xlim(-pad, L + pad)
    ax.set_ylim((plan["y_bias"] if show_bias else plan["ys"][int(np.argmax(sizes))][-1]) - 0.6,
                (plan["n_max"] - 1) / 2.0 + 0.6)
    ax.set_xticks(range(L + 1), [f"{name}\n({n})" for name, n in zip(_layer_names(L + 1), sizes)])
    ax.tick_params(axis="x", length=0)
    ax.set_yticks([])
    for side in ("left", "top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("layer (units)")
    handles = [Line2D([], [], color=SIGN_COLORS["positive"], lw=3, label="w > 0"),
               Line2D([], [], color=SIGN_COLORS["negative"], lw=3, label="w < 0")]
    if show_bias:
        handles.append(Line2D([], [], ls="none", marker="s", ms=9, mfc="#DDDDDD", mec=TEXT_COLOR,
                              label="bias unit (value 1)"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(handles),
              frameon=False, fontsize=10, handlelength=1.5, columnspacing=1.2, borderaxespad=0.1)
    ax.set_title(plan["title"], pad=26)
    return parts


class NetworkDiagram(Drawing):
    """A network diagram: ``update(model, **options)`` draws another network. With the same
    architecture (a widget after training) only the edges' colours, widths and values change."""

    def update(self, model, **kwargs):
        kwargs = {**self.kwargs, **kwargs}
        plan = _diagram_plan(model, **kwargs)
        parts = self.parts
        if (tuple(plan["sizes"]), plan["show_bias"], plan["show_values"]) != parts["layout"]:
            return super().update(model, **kwargs)
        self.args, self.kwargs = (model,), kwargs
        widths, colors = plan["edges"]
        parts["weights"].set(colors=colors, linewidths=widths)
        if plan["show_bias"]:
            bwidths, bcolors = plan["bedges"]
            parts["biases"].set(colors=bcolors, linewidths=bwidths)
        for text, v in zip(parts["values"], np.concatenate([plan["values"], plan["bvalues"]])):
            text.set_text(f"{v:.2g}")
        with style():
            self.ax.set_xlabel("layer (units)")
            self.ax.set_title(plan["title"], pad=26)
        return self


def logistic_graph(x, w, b, y, *, ax=None, title="Logistic regression as a computational graph"):
    """One sample through logistic regression as a computational graph, with every number.

    A box for each input (``x``, ``w``, ``b``, the label ``y``) and each
    computed quantity (``z = wᵀx + b``, ``a = σ(z)``, the loss ``L(a, y)``).
    The forward pass runs left to right along the dark arrows and writes each
    box's value inside it; the backward pass runs right to left along the
    dashed vermillion arrows and writes under each box the derivative of
    ``L`` with respect to it: dL/da, dz = a - y, dw = x dz and db = dz.

    ``x`` and ``w`` are columns ``(n_x, 1)`` with n_x at most 3 (so the numbers
    fit), ``b`` a number and ``y`` a label 0 or 1. The gradient comes from
    ``coursekit.regression.logistic_gradient``. Returns the figure.
    """
    return drawn(_logistic_graph, ax, (x, w, b, y), dict(title=title), figsize=(12.0, 5.2))


def _logistic_graph(x, w, b, y, *, title):
    from ..regression import logistic_gradient

    x = as_matrix(x, "x", cols=1, what="a column (n_x, 1)")
    n_x = x.shape[0]
    if n_x > 3:
        raise ValueError(f"x must have at most 3 features so that its numbers fit in the drawing; got {n_x}.")
    w = as_matrix(w, "w", rows=n_x, cols=1, what="a column (n_x, 1)")
    b = number(b.item() if isinstance(b, np.ndarray) and b.size == 1 else b, "b")
    y = number(y.item() if isinstance(y, np.ndarray) and y.size == 1 else y, "y")
    if y not in (0.0, 1.0):
        raise ValueError(f"y must be a label 0 or 1; got {y!r}.")
    z = float((w.T @ x).item() + b)
    a = float(_act.sigmoid(np.array(z)))
    dw, db, loss = logistic_gradient(w, b, x, np.array([[y]]))
    a_safe = min(max(a, 1e-15), 1 - 1e-15)
    da = -y / a_safe + (1 - y) / (1 - a_safe)

    vec = lambda v: "(" + ", ".join(f"{t:.3g}" for t in np.ravel(v)) + ")"
    row, top, low = 2.6, 4.5, 0.7
    # name -> (centre x, centre y, what it is, forward value, backward derivative or None)
    nodes = {
        "x": (1.1, top, "input $x$", vec(x), None),
        "w": (1.1, row, "weights $w$", vec(w), (r"$dw = x\,dz$", vec(dw))),
        "b": (1.1, low, "bias $b$", f"{b:.3g}", (r"$db = dz$", f"{db:.3f}")),
        "z": (4.6, row, r"$z = w^{\top}x + b$", f"{z:.3f}", (r"$dz = a - y$", f"{a - y:.3f}")),
        "a": (8.0, row, r"$a = \sigma(z)$", f"{a:.3f}",
              (r"$\partial L/\partial a = -\frac{y}{a} + \frac{1-y}{1-a}$", f"{da:.3f}")),
        "y": (8.0, top, "label $y$", f"{y:g}", None),
        "L": (11.2, row, r"loss $L(a, y)$", f"{loss:.3f}", None),
    }
    return lambda ax: _draw_graph(ax, nodes, title)


_BOX_W, _BOX_H = 2.2, 1.0        # a node's box, in data units
_BACKWARD = OKABE_ITO["vermillion"]


def _leave(cx, cy, d):
    """Where the ray from a box centre in direction d leaves the box (plus a small gap)."""
    t = min((_BOX_W / 2) / abs(d[0]) if d[0] else np.inf, (_BOX_H / 2) / abs(d[1]) if d[1] else np.inf)
    return np.array([cx, cy]) + (t + 0.08) * d


def _edge_points(nodes, src, dst, dy=None):
    """Start and end of an arrow between two boxes; with ``dy``, it enters dst's left side at that height."""
    (x0, y0), (x1, y1) = nodes[src][:2], nodes[dst][:2]
    end = None if dy is None else np.array([x1 - _BOX_W / 2 - 0.08, y1 + dy])
    d = (np.array([x1, y1]) if end is None else end) - np.array([x0, y0])
    d = d / np.hypot(*d)
    start = _leave(x0, y0, d)
    return start, (_leave(x1, y1, -d) if end is None else end)


def _draw_graph_edges(ax, nodes):
    edges = (("x", "z", 0.3), ("w", "z", 0.0), ("b", "z", -0.3), ("z", "a", 0.0), ("a", "L", 0.0),
             ("y", "L", None))
    for src, dst, dy in edges:
        p0, p1 = _edge_points(nodes, src, dst, dy)
        ax.annotate("", xy=p1, xytext=p0, gid="forward",
                    arrowprops=dict(arrowstyle="-|>", color=TEXT_COLOR, lw=1.8, mutation_scale=16))
        if src not in ("x", "y"):     # derivatives flow back to the parameters, not to the data
            d = (p1 - p0) / np.hypot(*(p1 - p0))
            # beside the forward arrow, on its right (below a level one), pulled in from the boxes
            shift = 0.2 * np.array([d[1], -d[0]])
            inset = (0.3 if abs(d[1]) > 1e-9 else 0.05) * d
            ax.annotate("", xy=p0 + shift + inset, xytext=p1 + shift - 0.05 * d, gid="backward",
                        arrowprops=dict(arrowstyle="-|>", color=_BACKWARD, lw=1.6, ls=(0, (3, 2)),
                                        mutation_scale=14))


def _draw_graph(ax, nodes, title):
    _draw_graph_edges(ax, nodes)
    for name, (cx, cy, what, value, grad) in nodes.items():
        param = name in ("w", "b")
        ax.add_patch(mpl.patches.FancyBboxPatch(
            (cx - _BOX_W / 2, cy - _BOX_H / 2), _BOX_W, _BOX_H, boxstyle="round,pad=0,rounding_size=0.15",
            fc=tint(OKABE_ITO["sky_blue"], 0.7) if param else "white", ec=TEXT_COLOR, lw=1.3, zorder=3,
            gid=f"node_{name}"))
        ax.text(cx, cy + 0.2, what, ha="center", va="center", fontsize=12, zorder=4)
        ax.text(cx, cy - 0.23, value, ha="center", va="center", fontsize=12, zorder=4,
                fontweight="bold", gid=f"value_{name}")
        if grad is not None:
            ax.text(cx, cy - _BOX_H / 2 - 0.12, f"{grad[0]} = {grad[1]}", ha="center", va="top",
                    fontsize=11.5, color=_BACKWARD, zorder=4, gid=f"gradient_{name}")
    handles = [Line2D([], [], color=TEXT_COLOR, lw=1.8, label="forward pass: values, left to right"),
               Line2D([], [], color=_BACKWARD, lw=1.6, ls=(0, (3, 2)),
                      label="backward pass: derivatives of L, right to left")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.04), ncol=2, frameon=False)
    ax.set_xlim(-0.1, 12.4)
    ax.set_ylim(-0.6, 5.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
