"""Decision boundaries and the hidden space: where a model says class 1, over a plane."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import activations as _act
from .._validation import as_matrix, number
from .styling import OKABE_ITO, PALETTE, STYLE, TEXT_COLOR, root_figure, style, tidy
from .drawing import Drawing, drawn
from .geometry import (class_labels, grid_points, model_output, padded_limits, scatter_classes, segment_in_box,
                       shade_probabilities)

__all__ = ["decision_boundary", "DecisionBoundary", "hidden_space", "weight_scale", "linear_text",
           "collapsed_line", "diverged_note"]


def _free_corner(P, xs, ys, band_top, ax):
    """"lower left" or "lower right": the bottom corner of the band that the 0.5 line does not
    cross, as wide as the legend (there it hides neither points nor the boundary), else "best"."""
    if P.shape[0] > 2:
        return "lower left"                      # several classes: no 0.5 line is drawn
    width_in = 5.0 if ax is None else ax.get_position().width * root_figure(ax).get_figwidth()
    # The legend is about 2.1 in wide ("P(y = 1) = 0.5" and its handle, with the frame).
    cols = min(xs.size, int(np.ceil(xs.size * min(1.0, 2.1 / max(width_in, 0.5)))) + 1)
    side = (P[-1] > 0.5).reshape(ys.size, xs.size)[ys < band_top]
    for loc, part in (("lower left", side[:, :cols]), ("lower right", side[:, xs.size - cols:])):
        if part.size and (part.all() or not part.any()):
            return loc
    return "best"


def _legend_band(ylim, ax, rows):
    """``ylim`` lowered so that the bottom of the axes is a band with no data, tall
    enough for a legend of ``rows`` entries (measured on ``ax`` when there is one)."""
    lo, hi = ylim
    height_in = 3.5
    if ax is not None:
        height_in = max(ax.get_position().height * root_figure(ax).get_figheight(), 1.0)
    band_in = (rows * 1.5 * STYLE["legend.fontsize"] + 12.0) / 72.0   # rows of text plus the frame
    frac = min(band_in / height_in + 0.03, 0.45)
    return hi - (hi - lo) / (1.0 - frac), hi


def decision_boundary(model, X, Y, *, resolution=100, xlim=None, ylim=None, ax=None,
                      title="Decision boundary", colorbar=True, labels=("$x_1$", "$x_2$")):
    """The model's P(y = 1 | x) shaded over the plane, its 0.5 contour, and the data by class.

    Parameters
    ----------
    model : MLP, callable or object with ``predict``
        Anything with ``predict_proba(X)`` (an ``MLP``), a callable ``f(X)``
        returning P(y = 1) for the columns of ``X`` (shape (1, m) or (m,)), or
        an object with ``predict(X)`` (a ``Perceptron``: hard 0/1 shading).
        With 2 softmax outputs the second is P(y = 1); with more, each region
        is shaded in its class colour (no 0.5 line).
    X : (2, m) array, the samples as columns.
    Y : (1, m) labels (0/1 or class indices) or (k, m) one-hot.
    resolution : int
        Grid points per axis (100 gives a 100 x 100 grid, fast enough for widgets).
    xlim, ylim : (low, high), optional
        Fix the view (a widget keeps it steady across redraws); default: the data plus a margin.
    ax : Axes, optional
        Draw into this axes (emptied first) and return a :class:`DecisionBoundary`, whose
        ``update(model)`` redraws the shading for another model over the same data and view.
    colorbar : bool
        Show the P(y = 1) colour scale (binary models only).
    """
    view = _boundary_view(model, X, Y, resolution, xlim, ylim, ax.ax if isinstance(ax, Drawing) else ax)
    return drawn(_boundary, ax, (model,), dict(view=view, title=title, colorbar=colorbar, labels=labels),
                 kind=DecisionBoundary)


def _boundary(model, *, view, title, colorbar, labels):
    return lambda ax: _draw_boundary(ax, model, view=view, title=title, colorbar=colorbar, labels=labels)


def _boundary_view(model, X, Y, resolution, xlim, ylim, ax):
    """The data and the grid of a decision boundary, checked: everything but the model's output."""
    n_in = getattr(model, "layer_sizes", [getattr(model, "n_inputs", 2)])[0]
    if n_in != 2:
        raise ValueError(f"decision_boundary draws the plane of 2 input features; this model takes "
                         f"{n_in} inputs.")
    X = as_matrix(X, "X", rows=2, what="(n_features, m)")
    labels_ = class_labels(Y, X.shape[1])
    resolution = number(resolution, "resolution", low=2, high=1000, integer=True)
    xlim = padded_limits(X[0], xlim)
    band_top = None
    if ylim is None:   # an empty band along the bottom, so the legend covers no point
        n_classes = len(np.unique(labels_))
        rows = n_classes + (1 if n_classes <= 2 else 0)     # a 0.5 line joins two classes only
        data_lim = padded_limits(X[1], None)
        ylim = _legend_band(data_lim, ax, rows)
        band_top = data_lim[0]
    ylim = padded_limits(X[1], ylim)
    xs, ys, G = grid_points(xlim, ylim, resolution)
    return dict(X=X, labels=labels_, resolution=resolution, xlim=xlim, ylim=ylim, band_top=band_top,
                xs=xs, ys=ys, G=G)


def _legend_loc(P, view, ax):
    if view["band_top"] is None:
        return "best"
    return _free_corner(P, view["xs"], view["ys"], view["band_top"], ax)


def _boundary_legend(ax, points, line, loc):
    handles = list(points)
    names = [h.get_label() for h in handles]
    if line is not None:
        handles.append(Line2D([], [], color=TEXT_COLOR, lw=1.8))
        names.append("P(y = 1) = 0.5")
    return ax.legend(handles, names, loc=loc)


def _draw_boundary(ax, model, *, view, title, colorbar, labels):
    P = model_output(model, view["G"])
    line = shade_probabilities(ax, P, view["xlim"], view["ylim"], view["resolution"], colorbar=colorbar)
    image = ax.images[-1]
    points = scatter_classes(ax, view["X"], view["labels"])
    ax.set_xlim(view["xlim"])
    ax.set_ylim(view["ylim"])
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(title)
    legend = _boundary_legend(ax, points, line, _legend_loc(P, view, ax))
    return {"image": image, "points": points, "line": line, "legend": legend}


class DecisionBoundary(Drawing):
    """A decision boundary's artists: ``update(model, title=None)`` shades another model's
    P(y = 1) over the same data and view (a widget after training). The points and the
    shading image stay; the 0.5 line is new, and the legend only when the line appears,
    goes, or the legend was replaced."""

    def update(self, model, *, title=None):
        view, parts, ax = self.kwargs["view"], self.parts, self.ax
        P = model_output(model, view["G"])
        old_line = parts["line"]
        if old_line is not None:
            old_line.remove()
            self.artists.remove(old_line)
        with style():
            line = shade_probabilities(ax, P, view["xlim"], view["ylim"], view["resolution"],
                                       colorbar=self.kwargs["colorbar"], image=parts["image"])
            if title is not None:
                self.kwargs["title"] = title
                ax.set_title(title)
            legend, loc = parts["legend"], _legend_loc(P, view, ax)
            if ax.get_legend() is not legend or (old_line is None) != (line is None):
                parts["legend"] = _boundary_legend(ax, parts["points"], line, loc)
                self.artists = [a for a in self.artists if a is not legend] + [parts["legend"]]
            elif legend.get_visible():
                legend.set_loc(loc)       # the 0.5 line may have moved across the band
        if line is not None:
            self.artists.append(line)
        parts["line"] = line
        return self


def hidden_space(net, X, Y, *, ax=None, resolution=100, xlim=None, ylim=None,
                 title="Hidden layer space"):
    """Each sample at its hidden activations (a1_1, a1_2), by class, with the output's boundary.

    For an MLP whose first hidden layer has 2 units. The rest of the network
    (from a^1 to the output) is evaluated over the hidden plane and shaded as
    P(y = 1); for the usual one-hidden-layer net with one sigmoid output the
    output unit's line W2 a + b2 = 0 is drawn exactly. This is where XOR,
    not separable by a line in x, becomes separable by a line in a^1.
    """
    return drawn(_hidden_space, ax, (net, X, Y), dict(resolution=resolution, xlim=xlim, ylim=ylim, title=title))


def _hidden_space(net, X, Y, *, resolution, xlim, ylim, title):
    if not (hasattr(net, "layer_sizes") and hasattr(net, "params") and hasattr(net, "hidden_activation")):
        raise TypeError(f"net must be a coursekit.MLP; got {type(net).__name__}.")
    sizes = list(net.layer_sizes)
    if len(sizes) < 3:
        raise ValueError(f"net has no hidden layer (layer_sizes={sizes}); hidden_space needs a net "
                         "such as MLP([2, 2, 1]) whose first hidden layer has 2 units.")
    if sizes[1] != 2:
        raise ValueError(f"hidden_space needs the first hidden layer to have exactly 2 units, "
                         f"so it can be drawn as a plane; net.layer_sizes is {sizes}. Try MLP([{sizes[0]}, 2, 1]).")
    X = as_matrix(X, "X", rows=sizes[0], what="(n_features, m)")
    labels_ = class_labels(Y, X.shape[1])
    resolution = number(resolution, "resolution", low=2, high=1000, integer=True)
    g = _act.get(net.hidden_activation)[0]
    g_out = _act.get(net.output_activation)[0]
    params = net.params
    with np.errstate(all="ignore"):
        W1, b1 = params[0]
        H = g(W1 @ X + b1)                                   # a^1 = g(W^1 x + b^1)

        def rest(A):                                         # a^1 -> a^L
            for l, (W, b) in enumerate(params[1:], start=2):
                Z = W @ A + b
                A = g_out(Z) if l == len(params) else g(Z)
            return A

    xlim = padded_limits(H[0], xlim, 0.15, 0.1)
    ylim = padded_limits(H[1], ylim, 0.15, 0.1)
    _, _, G = grid_points(xlim, ylim, resolution)
    with np.errstate(all="ignore"):
        P = np.asarray(rest(G), dtype=np.float64)
    exact_line = len(params) == 2 and sizes[-1] == 1 and net.output_activation == "sigmoid"

    def draw(ax):
        shade_probabilities(ax, P, xlim, ylim, resolution, contour=not exact_line,
                             cbar_label="P(y = 1 | a¹)")
        scatter_classes(ax, H, labels_)
        if exact_line:
            W2, b2 = params[1]
            seg = segment_in_box(W2[0], float(b2[0, 0]), xlim, ylim)
            if seg is not None:
                ax.plot(seg[:, 0], seg[:, 1], color=TEXT_COLOR, lw=2.2, zorder=2, gid="output_line",
                        label=r"output: $W^{2}a^{1} + b^{2} = 0$")
        handles, names = ax.get_legend_handles_labels()
        if not exact_line and P.shape[0] <= 2:
            handles.append(Line2D([], [], color=TEXT_COLOR, lw=1.8))
            names.append("P(y = 1) = 0.5")
        ax.legend(handles, names, loc="best")
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_xlabel("$a^{1}_{1}$ (hidden unit 1)")
        ax.set_ylabel("$a^{1}_{2}$ (hidden unit 2)")
        ax.set_title(title)

    return draw


def weight_scale(scales=(1.0, 10.0), w=(1.0, 1.0), b=0.0, *, lim=2.0, resolution=80):
    """Same boundary, different steepness: ``sigmoid(s (w . x + b))`` for each scale ``s``.

    One panel per scale shades P(y = 1) over the plane, with the boundary
    ``w . x + b = 0`` (the same line for every ``s > 0``) and a dotted line
    that crosses it at right angles; the last panel plots the output along
    that dotted line against the signed distance from the boundary. With
    w = (1, 1) and scales (1, 10) this compares x1 + x2 with 10 x1 + 10 x2.
    Returns the figure.
    """
    scales = [number(s, "scales[i]", low=0.0, low_open=True) for s in scales]
    if not scales:
        raise ValueError("scales must hold at least one positive number.")
    w = np.asarray(w, dtype=np.float64).ravel()
    if w.shape != (2,) or not np.all(np.isfinite(w)) or not np.any(w):
        raise ValueError(f"w must be two finite numbers, not both zero; got {w!r}.")
    b = number(b, "b")
    lim = number(lim, "lim", low=0.0, low_open=True)
    resolution = number(resolution, "resolution", low=2, high=1000, integer=True)
    u = w / np.linalg.norm(w)                              # unit vector across the boundary
    foot = -b * w / np.dot(w, w)                           # the boundary's point nearest the origin
    t = np.linspace(-lim, lim, 400)
    xlim = ylim = (-lim, lim)
    _, _, G = grid_points(xlim, ylim, resolution)
    n = len(scales)
    with style():
        fig, axes = plt.subplots(1, n + 1, figsize=(4.2 * (n + 1), 4.2), layout="constrained")
        for ax, s in zip(axes[:n], scales):
            tidy(ax)
            P = _act.sigmoid(s * (w @ G + b))[None, :]     # P(y = 1 | x) = sigmoid(s (w . x + b))
            shade_probabilities(ax, P, xlim, ylim, resolution, colorbar=False)
            line = foot[:, None] + np.outer(u, t)
            ax.plot(line[0], line[1], color=OKABE_ITO["reddish_purple"], ls=":", lw=2.2, gid="crossing")
            ax.set_xlim(xlim)
            ax.set_ylim(ylim)
            ax.set_aspect("equal")
            ax.set_xlabel("$x_1$")
            ax.set_ylabel("$x_2$")
            ax.set_title(f"$z = {linear_text(s * w, s * b)}$")
        ax = axes[n]
        tidy(ax)
        dist = np.linalg.norm(w)
        for i, s in enumerate(scales):
            ax.plot(t, _act.sigmoid(s * dist * t), color=PALETTE[i % len(PALETTE)], lw=2.4,
                    label=f"$z = {linear_text(s * w, s * b)}$", gid=f"profile_{i}")
        ax.axvline(0.0, color=TEXT_COLOR, lw=1.2, gid="boundary")
        ax.axhline(0.5, color="0.6", lw=0.8, ls="--")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-0.03, 1.03)
        ax.grid(True)
        ax.set_xlabel("signed distance from the boundary\n(along the dotted line)")
        ax.set_ylabel(r"$\sigma(z)$ = P(y = 1 | x)")
        ax.set_title("Output along the dotted line")
        ax.legend(loc="upper left", fontsize=10)
    return fig


def linear_text(w, b):
    """'10x_1 + 10x_2' style mathtext (to go inside $...$) for w . x + b."""
    parts = []
    for i, c in enumerate(w, start=1):
        if c == 0:
            continue
        mag = f"{abs(c):g}" if abs(c) != 1 else ""
        sign = "-" if c < 0 else "+"
        parts.append((sign, f"{mag}x_{i}"))
    if b:
        parts.append(("-" if b < 0 else "+", f"{abs(b):g}"))
    if not parts:
        return "0"
    text = ("-" if parts[0][0] == "-" else "") + parts[0][1]
    return text + "".join(f" {s} {p}" for s, p in parts[1:])


def collapsed_line(W, b, *, ax):
    """The line ``W x + b = 0`` of one linear layer (W (1, 2), b (1, 1)) drawn dashed over the
    view of ``ax`` (a decision boundary), with a legend naming it; nothing when it misses the
    view or is not finite. Draws on top of what ``ax`` shows (it is not emptied)."""
    W = as_matrix(W, "W", rows=1, cols=2, what="(1, 2)", finite=False)
    b = as_matrix(b, "b", rows=1, cols=1, what="(1, 1)", finite=False)
    return Drawing(ax, _collapsed, (W, b))


def _collapsed(W, b):
    def draw(ax):
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            return None
        seg = segment_in_box(W[0], float(b[0, 0]), ax.get_xlim(), ax.get_ylim())
        if seg is not None:
            ax.plot(seg[:, 0], seg[:, 1], color=OKABE_ITO["orange"], ls="--", lw=2.2, zorder=3,
                    label="one layer: W x + b = 0")
            ax.legend(loc="lower left", fontsize=10)
    return draw


def diverged_note(history, *, ax):
    """"diverged at epoch k" across ``ax`` when the run of ``history`` blew up (else nothing),
    on top of what ``ax`` shows."""
    return Drawing(ax, _diverged, (history,))


def _diverged(history):
    def draw(ax):
        if history.diverged:
            ax.text(0.5, 0.5, f"diverged at epoch {history.diverged_epoch}", transform=ax.transAxes,
                    ha="center", va="center", fontsize=15, color=OKABE_ITO["vermillion"],
                    bbox=dict(facecolor="white", alpha=0.85, edgecolor=OKABE_ITO["vermillion"]))
    return draw
