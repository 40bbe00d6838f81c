"""The perceptron: its line over training (the replay), and one neuron's cut of the input space."""
from __future__ import annotations

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from matplotlib.patches import Polygon
from matplotlib.colors import to_rgb

from .._validation import as_matrix, binary_labels, number, same_samples
from .styling import CLASS_COLORS, CLASS_MARKERS, OKABE_ITO, TEXT_COLOR, check_ax, root_figure, style, tint
from .drawing import Drawing, drawn, remove_colorbars
from .geometry import half_plane, padded_limits, scatter_classes, segment_in_box

__all__ = ["perceptron_replay", "perceptron_frames", "plane_in_box", "neuron_cut", "mistakes_per_epoch",
           "MistakesPerEpoch"]


def perceptron_replay(perceptron, X, Y, k, *, ax=None, xlim=None, ylim=None, title=None):
    """The perceptron's separating line w . x + b = 0 after its first ``k`` updates.

    Draws the data by class, the half-planes the perceptron assigns to each
    class (lightly shaded), the line after step ``k`` (solid), the line before
    it (dashed grey) when step ``k`` moved it, and rings the sample visited at
    step ``k``. The title gives the step, the epoch and whether the line moved.
    A vertical line (w2 = 0) is drawn as such; w = 0 has no line, which the
    axes says. ``k`` counts visits as in ``Perceptron.steps`` (k = 0: the start).
    The view is fixed by the data (or ``xlim``/``ylim``) so the line moves, not the axes.
    """
    return drawn(_perceptron_replay, ax, (perceptron, X, Y, k), dict(xlim=xlim, ylim=ylim, title=title))


def _perceptron_replay(perceptron, X, Y, k, *, xlim, ylim, title):
    if not (hasattr(perceptron, "weights_at") and hasattr(perceptron, "steps")):
        raise TypeError(f"perceptron must be a coursekit.Perceptron; got {type(perceptron).__name__}.")
    W, b = perceptron.weights_at(k)   # validates k: 0..len(steps)
    k = int(k)
    if W.shape != (1, 2):
        raise ValueError("perceptron_replay draws a perceptron with 2 inputs and 1 output; "
                         f"this one has W of shape {W.shape}.")
    X = as_matrix(X, "X", rows=2, what="(n_features, m)")
    Y = as_matrix(Y, "Y", rows=1, what="(1, m)")
    same_samples(X, Y)
    binary_labels(Y, "Y", " for a perceptron")
    xlim = padded_limits(X[0], xlim)
    ylim = padded_limits(X[1], ylim)
    w, b0 = W[0], float(b[0, 0])
    n_steps = len(perceptron.steps)
    step_ = perceptron.steps[k - 1] if k >= 1 else None

    if title is None:
        if step_ is None:
            title = f"Step 0 of {n_steps}: the starting line"
        else:
            what = ("misclassified: the line moved" if step_.changed
                    else "classified correctly: the line stayed")
            title = f"Step {k} of {n_steps}, epoch {step_.epoch}\nsample X[:, {step_.index}] {what}"
    previous = perceptron.weights_at(k - 1) if step_ is not None and step_.changed else None
    return lambda ax: _draw_replay(ax, X, Y, w, b0, previous, step_, k, xlim, ylim, title)


def _draw_replay(ax, X, Y, w, b0, previous, step_, k, xlim, ylim, title):
    box = np.array([(xlim[0], ylim[0]), (xlim[1], ylim[0]), (xlim[1], ylim[1]), (xlim[0], ylim[1])])
    if np.any(w):   # class 1 where w.x + b > 0, class 0 on the other side
        regions = {1: half_plane(w, b0, xlim, ylim), 0: half_plane(-w, -b0, xlim, ylim)}
    else:           # w = 0: every point gets step(b)
        regions = {1 if b0 > 0 else 0: box}
    for cls, poly in regions.items():
        if poly is not None:
            ax.add_patch(Polygon(poly, closed=True, fc=tint(CLASS_COLORS[cls], 0.8), ec="none",
                                 zorder=0, gid=f"region_{cls}"))
    scatter_classes(ax, X, Y[0].astype(int), size=60)
    if previous is not None:
        seg = segment_in_box(previous[0][0], float(previous[1][0, 0]), xlim, ylim)
        if seg is not None:
            ax.plot(seg[:, 0], seg[:, 1], color="0.45", ls="--", lw=1.5, zorder=2,
                    label="line before this step", gid="previous_line")
    seg = segment_in_box(w, b0, xlim, ylim)
    if seg is not None:
        ax.plot(seg[:, 0], seg[:, 1], color=TEXT_COLOR, lw=2.5, zorder=2,
                label=r"$\mathbf{w}\cdot\mathbf{x} + b = 0$", gid="separating_line")
    else:
        msg = "w = 0: no line, every point gets the same class" if not np.any(w) else \
            "the line w·x + b = 0 is outside this view"
        ax.text(0.5, 0.04, msg, transform=ax.transAxes, ha="center", va="bottom", fontsize=11,
                gid="no_line", bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.7"))
    if step_ is not None:
        x = step_.x[:, 0]
        ax.scatter([x[0]], [x[1]], s=420, facecolors="none", edgecolors=TEXT_COLOR, linewidths=2.2,
                   zorder=4, label=f"sample visited at step {k}", gid="visited")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    # Under the x label, a fixed distance in points whatever the axes height.
    below = mtransforms.offset_copy(ax.transAxes, fig=root_figure(ax), y=-36, units="points")
    handles, names = ax.get_legend_handles_labels()
    handles = [Line2D([], [], ls="none", marker="o", ms=13, mfc="none", mec=TEXT_COLOR, mew=2.0)
               if h.get_gid() == "visited" else h for h in handles]   # the ring, legend-sized
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
              ncol=2, fontsize=10, frameon=False, borderaxespad=0.0)


def perceptron_frames(perceptron, X, Y, steps, *, ncols=4, title=None):
    """A static replay: the perceptron's line after each step in ``steps``, one small panel each.

    Each panel is :func:`perceptron_replay` for one step, titled with the step
    and whether the line moved; one legend serves the whole figure. Returns
    the Figure (a new one; ``ncols`` panels a row).
    """
    if not (hasattr(perceptron, "weights_at") and hasattr(perceptron, "steps")):
        raise TypeError(f"perceptron must be a coursekit.Perceptron; got {type(perceptron).__name__}.")
    steps = [number(k, "steps[i]", low=0, high=len(perceptron.steps), integer=True) for k in steps]
    if not steps:
        raise ValueError("steps must list at least one step to draw.")
    ncols = number(ncols, "ncols", low=1, integer=True)
    ncols = min(ncols, len(steps))
    nrows = -(-len(steps) // ncols)
    with style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(3.3 * ncols, 3.4 * nrows + 0.9), layout="constrained",
                                 squeeze=False)
        for ax, k in zip(axes.ravel(), steps):
            s = perceptron.steps[k - 1] if k else None
            short = ("step 0: the starting line" if s is None else
                     f"step {k}: x = ({s.x[0, 0]:g}, {s.x[1, 0]:g}), label {s.y[0, 0]:g}\n"
                     f"predicted {s.y_hat[0, 0]:g}: " + ("the line moves" if s.changed else "it stays"))
            perceptron_replay(perceptron, X, Y, k, ax=ax, title=short)
            ax.get_legend().remove()
            ax.title.set_fontsize(11)
            ax.locator_params(nbins=4)            # few ticks: the panels are about the line, not values
            ax.xaxis.label.set_fontsize(11)
            ax.yaxis.label.set_fontsize(11)
        for ax in axes.ravel()[len(steps):]:
            ax.set_visible(False)
        handles = [
            Line2D([], [], ls="none", marker=CLASS_MARKERS[0], ms=9, mfc=CLASS_COLORS[0], mec="white", label="class 0"),
            Line2D([], [], ls="none", marker=CLASS_MARKERS[1], ms=9, mfc=CLASS_COLORS[1], mec="white", label="class 1"),
            Line2D([], [], color=TEXT_COLOR, lw=2.5, label=r"the line $\mathbf{w}\cdot\mathbf{x} + b = 0$"),
            Line2D([], [], color="0.45", ls="--", lw=1.5, label="the line before the step"),
            Line2D([], [], ls="none", marker="o", ms=13, mfc="none", mec=TEXT_COLOR, mew=2.0,
                   label="the sample visited"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=10, frameon=False)
        if title:
            fig.suptitle(title)
    return fig


def _row(w):
    """A vector-like ``w`` as a (1, n) array: a list or (n,) becomes one row; a (1, n) row stays."""
    if isinstance(w, np.ndarray) and w.ndim == 2:
        return w
    if isinstance(w, (list, tuple)) or (isinstance(w, np.ndarray) and w.ndim == 1):
        try:
            return np.asarray(w, dtype=np.float64)[None, :]
        except (TypeError, ValueError):
            raise TypeError(f"w must be numbers; got {w!r}.") from None
    return w


def plane_in_box(w, b, lims):
    """Vertices of the polygon where the plane w·x + b = 0 crosses the box, in order, or None."""
    lo, hi = np.array([l[0] for l in lims]), np.array([l[1] for l in lims])
    corners = np.array([[(hi if (k >> d) & 1 else lo)[d] for d in range(3)] for k in range(8)])
    f = corners @ w + b
    pts = [corners[k] for k in range(8) if abs(f[k]) < 1e-12]
    for i in range(8):
        for j in range(i + 1, 8):
            if bin(i ^ j).count("1") == 1 and f[i] * f[j] < 0:          # a box edge the plane crosses
                pts.append(corners[i] + f[i] / (f[i] - f[j]) * (corners[j] - corners[i]))
    if len(pts) < 3:
        return None
    pts = np.unique(np.round(np.array(pts), 12), axis=0)
    if len(pts) < 3:
        return None
    c = pts.mean(axis=0)
    n = w / np.linalg.norm(w)
    u = np.cross(n, [1.0, 0.0, 0.0] if abs(n[0]) < 0.9 else [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(n, u)
    angles = np.arctan2((pts - c) @ v, (pts - c) @ u)
    return pts[np.argsort(angles)]


def neuron_cut(w, b, X=None, Y=None, *, ax=None, lims=None, title=None, show_normal=True, view=None):
    """One neuron's cut of the input space: the line (2 inputs) or plane (3 inputs) w·x + b = 0.

    Parameters
    ----------
    w : (1, 2) or (1, 3) array (or a list of 2 or 3 numbers)
        The neuron's weights; the neuron outputs 1 where w·x + b > 0.
    b : float
        The bias (minus the threshold).
    X, Y : (n_x, m) samples as columns and (1, m) 0/1 labels, optional
        Drawn by class (vermillion circles class 0, blue triangles class 1).
    ax : Axes, optional
        For 2 inputs an ordinary Axes (cleared first); for 3 inputs a 3-D Axes
        (``fig.add_subplot(projection="3d")``).
    lims : sequence of (low, high) per input, optional
        The box to draw; default: the data plus a margin, or (-0.5, 1.5).
    show_normal : bool
        Draw ``w`` as an arrow from the cut: it is perpendicular to the cut
        and points to the side the neuron calls class 1.
    view : (elevation, azimuth) in degrees, optional
        The 3-D camera (``ax.view_init``); ignored in 2-D.

    In 2-D the two sides are shaded in their class colours; in 3-D up to 8
    samples are labelled with their coordinates. Returns the Figure.
    """
    cut = _cut_inputs(w, b, X, Y, lims)
    options = dict(title=title, show_normal=show_normal, view=view)
    if len(cut["lims"]) == 2:
        return drawn(_neuron_cut, ax, (cut,), options)
    # three inputs: a plane in a 3-D box, on a 3-D axes (no 2-D tick styling)
    draw = _neuron_cut(cut, **options)
    if ax is None:
        with style():
            fig = plt.figure(figsize=(6.4, 5.4), layout="constrained")
            Drawing(fig.add_subplot(projection="3d"), _neuron_cut, (cut,), options, draw)
        return fig
    check_ax(ax)
    if getattr(ax, "name", "") != "3d":
        raise ValueError('a neuron with 3 inputs needs a 3-D axes: fig.add_subplot(projection="3d").')
    remove_colorbars(ax.get_children())
    ax.clear()
    with style():
        return Drawing(ax, _neuron_cut, (cut,), options, draw)


def _cut_inputs(w, b, X, Y, lims):
    """The neuron's weights (n,), bias, samples, labels and box, checked."""
    w_row = np.atleast_2d(as_matrix(_row(w), "w", rows=1, what="(1, n_x)"))
    wv = w_row[0]
    if wv.size not in (2, 3):
        raise ValueError(f"neuron_cut draws a neuron with 2 or 3 inputs (a line or a plane); "
                         f"w has {wv.size} entries.")
    if not np.any(wv):
        raise ValueError("w is all zeros, so w·x + b = 0 is no line or plane: every input gets the same output.")
    b = number(float(np.asarray(b).item()) if isinstance(b, np.ndarray) and b.size == 1 else b, "b")
    n = wv.size
    labels_ = None
    if X is not None:
        X = as_matrix(X, "X", rows=n, what="(n_x, m)")
        if Y is None:
            raise ValueError("X and Y go together: give both or neither.")
        Y = as_matrix(Y, "Y", rows=1, what="(1, m)")
        same_samples(X, Y)
        binary_labels(Y, "Y")
        labels_ = Y[0].astype(int)
    if lims is None:
        lims = [(-0.5, 1.5)] * n if X is None else [padded_limits(X[d], None, 0.15, 0.3) for d in range(n)]
    elif len(lims) != n:
        raise ValueError(f"lims must give one (low, high) per input ({n}); got {len(lims)}.")
    lims = [padded_limits(np.array([]), l) for l in lims]
    return dict(wv=wv, b=b, X=X, labels=labels_, lims=lims)


def _neuron_cut(cut, *, title, show_normal, view):
    if len(cut["lims"]) == 2:
        return lambda ax: _draw_cut_2d(ax, **cut, title=title, show_normal=show_normal)
    return lambda ax: _draw_cut_3d(ax, **cut, title=title, show_normal=show_normal, view=view)


def _draw_cut_2d(ax, *, wv, b, X, labels, lims, title, show_normal):
    xlim, ylim = lims
    for cls, poly in ((1, half_plane(wv, b, xlim, ylim)), (0, half_plane(-wv, -b, xlim, ylim))):
        if poly is not None:
            ax.add_patch(Polygon(poly, closed=True, fc=tint(CLASS_COLORS[cls], 0.8), ec="none",
                                 zorder=0, gid=f"region_{cls}"))
    seg = segment_in_box(wv, b, xlim, ylim)
    if seg is not None:
        ax.plot(seg[:, 0], seg[:, 1], color=TEXT_COLOR, lw=2.5, zorder=2, gid="cut",
                label=r"$\mathbf{w}\cdot\mathbf{x} + b = 0$")
    if labels is not None:
        scatter_classes(ax, X, labels, size=80)
    if show_normal and seg is not None:
        d = 0.22 * min(np.ptp(xlim), np.ptp(ylim)) * wv / np.linalg.norm(wv)
        # Start the arrow on the line where it stays clearest of the data.
        starts = [seg[0] + t * (seg[1] - seg[0]) for t in (0.5, 0.35, 0.65, 0.2, 0.8)]
        inside = [p for p in starts if xlim[0] < (p + 1.4 * d)[0] < xlim[1]
                  and ylim[0] < (p + 1.4 * d)[1] < ylim[1]]
        starts = inside or starts
        if X is not None:
            def clearance(p):
                return min(np.min(np.linalg.norm(X.T - q, axis=1)) for q in (p + 0.6 * d, p + 1.25 * d))
            starts.sort(key=lambda p: -clearance(p))
        p0 = starts[0]
        ax.annotate("", xy=p0 + d, xytext=p0, zorder=4, gid="normal",
                    arrowprops=dict(arrowstyle="-|>", color=TEXT_COLOR, lw=2, mutation_scale=18))
        ax.text(*(p0 + 1.25 * d), r"$\mathbf{w}$", fontsize=14, ha="center", va="center", zorder=4)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal", adjustable="box")
    ax.set_title(title or "A line cuts the plane in two")
    ax.legend(loc="upper right", fontsize=10)


def _draw_cut_3d(ax, *, wv, b, X, labels, lims, title, show_normal, view):
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection
    poly = plane_in_box(wv, b, lims)
    if poly is not None:
        ax.add_collection3d(Poly3DCollection([poly], facecolors=[(*to_rgb(OKABE_ITO["sky_blue"]), 0.35)],
                                             edgecolors=[TEXT_COLOR], linewidths=1.2, gid="cut"))
    if labels is not None:
        for c in range(int(labels.max()) + 1):
            sel = labels == c
            if np.any(sel):
                ax.scatter(X[0, sel], X[1, sel], X[2, sel], s=80, c=CLASS_COLORS[c], marker=CLASS_MARKERS[c],
                           edgecolors="white", linewidths=0.6, depthshade=False, label=f"class {c}",
                           gid=f"class_{c}")
        if X.shape[1] <= 8:
            for x in X.T:
                ax.text(x[0], x[1], x[2] + 0.09 * np.ptp(lims[2]), "(" + ", ".join(f"{v:g}" for v in x) + ")",
                        fontsize=9, ha="center", va="bottom", color="0.2", gid="corner_label")
    if show_normal and poly is not None:
        p0 = poly.mean(axis=0)
        d = 0.28 * min(np.ptp(l) for l in lims) * wv / np.linalg.norm(wv)
        ax.quiver(*p0, *d, color=TEXT_COLOR, linewidth=2, arrow_length_ratio=0.25, gid="normal")
        ax.text(*(p0 + 1.2 * d), r"$\mathbf{w}$", fontsize=14, ha="center", va="center")
    handles, names = ax.get_legend_handles_labels()
    if poly is not None:
        handles.append(Polygon([[0, 0]], fc=(*to_rgb(OKABE_ITO["sky_blue"]), 0.35), ec=TEXT_COLOR))
        names.append(r"$\mathbf{w}\cdot\mathbf{x} + b = 0$")
    ax.legend(handles, names, loc="upper left", bbox_to_anchor=(0.0, 0.94), fontsize=10)
    if view is not None:
        ax.view_init(elev=view[0], azim=view[1])
    ax.set_xlim(lims[0])
    ax.set_ylim(lims[1])
    ax.set_zlim(lims[2])
    ax.set_xlabel("$x_1$", labelpad=8)
    ax.set_ylabel("$x_2$", labelpad=8)
    ax.set_zlabel("$x_3$", labelpad=6)
    ax.set_title(title or "A plane cuts space in two")




def mistakes_per_epoch(errors, n_samples, *, ax=None):
    """Bars of the mistakes the perceptron made in each epoch (one pass over the ``n_samples``),
    with a dashed line to mark an epoch: see :class:`MistakesPerEpoch`."""
    errors = [int(number(e, "errors[i]", low=0, integer=True)) for e in errors]
    n_samples = number(n_samples, "n_samples", low=1, integer=True)
    return drawn(_mistakes, ax, (errors, n_samples), kind=MistakesPerEpoch)


def _mistakes(errors, n_samples):
    return lambda ax: _draw_mistakes(ax, errors, n_samples)


def _draw_mistakes(ax, errors, n_samples):
    ax.bar(np.arange(1, len(errors) + 1), errors, color=OKABE_ITO["blue"], width=0.7)
    # min_n_ticks=1: with one epoch, one tick "1" (not 0.50, 0.75, ... around it)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if not any(errors):
        ax.text(0.5, 0.5, "no mistakes at all:\nthe starting line already\nseparates the classes",
                transform=ax.transAxes, ha="center", va="center", fontsize=12, color="0.3")
    line = ax.axvline(1, color=OKABE_ITO["vermillion"], lw=2, ls="--", label="epoch of this step")
    legend = ax.legend(loc="upper right")
    ax.set_xlabel("epoch (one pass over the data)")
    ax.set_ylabel("mistakes in the epoch")
    ax.set_title("Mistakes per epoch")
    ax.set_xlim(0.4, max(len(errors), 1) + 0.6)
    ax.set_ylim(0, 1.3 * n_samples)  # headroom keeps the legend clear of the bars
    return {"line": line, "legend": legend}


class MistakesPerEpoch(Drawing):
    """Mistakes per epoch: ``mark(epoch)`` moves the dashed line to an epoch, ``mark(None)`` hides it."""

    def mark(self, epoch):
        line, legend = self.parts["line"], self.parts["legend"]
        line.set_visible(epoch is not None)
        legend.set_visible(epoch is not None)
        if epoch is not None:
            line.set_xdata([epoch, epoch])
        return self
