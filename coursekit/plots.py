"""The course's figures, in one visual style.

Every function draws one kind of figure the chapters use and returns the
matplotlib ``Figure``. Each takes an optional ``ax`` (``axes`` for the
multi-panel ones): given, the function empties that axes and draws into it
(the figure's other axes are left alone), so a widget can keep one figure and
redraw it; redrawing the same kind of plot replaces the previous artists and
reuses its colorbar, so nothing piles up. When only the numbers change (the same
data, sizes and view: a widget after retraining), ``decision_boundary``,
``loss_curves``, ``network_diagram``, ``pass_costs``, ``descent_1d`` and
``positions_over_steps`` update the artists they drew last time instead of
building them again, which gives the same picture faster. Not given, a new figure is made with
pyplot, so a notebook shows it at the end of the cell: write
``_ = plots.loss_curves(h)`` or end the cell with ``plt.show()`` so it is not
shown twice. No function closes a figure.

The style
---------
* Colours come from the Okabe-Ito palette (Okabe & Ito, 2008), which stays
  distinguishable under the common forms of colour blindness. One rule runs
  through the course: **vermillion is class 0 / a negative weight, blue is
  class 1 / a positive weight**. Class 1 points are triangles and class 0
  points circles, so the classes also differ in shape (and in grey print).
* Probability shading uses :data:`PROB_CMAP`, a diverging map from a light
  vermillion (P(y=1) = 0) through white (0.5) to a light blue (1). The
  shading is kept light so the saturated data points stay visible on it.
* Sizes suit a laptop screen and a projector: figures about 6.4 x 4.6 in at
  100 dpi, text 11-13 pt.
* The style is applied inside :func:`style`, a context manager, so importing
  this module never changes global ``rcParams``. Use ``with plots.style():``
  for your own figures to match.

Figures we create use constrained layout, set at creation, and no
``tight_layout``. Constrained layout re-measures every label on each draw;
a widget that redraws one figure many times should call
:func:`freeze_layout` once after building it (see ``benchmarks/`` for times).
"""
from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import numpy as np
from cycler import cycler
from matplotlib import cm as mcm
from matplotlib import image as mimage
from matplotlib import ticker as mticker
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, LogNorm, Normalize, to_rgb
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from . import activations as _act
from ._validation import as_matrix, binary_labels, choice, number, one_hot_labels, same_samples

__all__ = [
    "OKABE_ITO", "PALETTE", "CLASS_COLORS", "CLASS_MARKERS", "SIGN_COLORS", "ZERO_COLOR",
    "PROB_CMAP", "SURFACE_CMAP", "STYLE", "style", "subplots", "freeze_layout",
    "decision_boundary", "loss_curves", "network_diagram", "perceptron_replay",
    "activation_panel", "gradient_norms", "loss_surface", "hidden_space", "logistic_graph",
]

# --------------------------------------------------------------------------- palette
#: The Okabe-Ito colour-blind-safe palette, by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Line colours in the order the course uses them (yellow last: it is faint on white).
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "vermillion",
                                  "reddish_purple", "sky_blue", "black", "yellow")]
#: Class colours: class 0 vermillion, class 1 blue, then the rest of the palette for more classes.
CLASS_COLORS = [OKABE_ITO[k] for k in ("vermillion", "blue", "bluish_green", "orange",
                                       "reddish_purple", "sky_blue", "black", "yellow")]
#: One marker per class, so classes differ in shape as well as colour.
CLASS_MARKERS = ["o", "^", "s", "D", "v", "P", "X", "*"]
#: Weight sign colours: the same poles as the classes (blue positive, vermillion negative).
SIGN_COLORS = {"positive": OKABE_ITO["blue"], "negative": OKABE_ITO["vermillion"]}
#: Colour of an edge whose weight is exactly 0.
ZERO_COLOR = "#999999"


def _tint(color, amount):
    """Mix ``color`` with white: amount 0 is the colour, 1 is white."""
    rgb = np.array(to_rgb(color))
    return tuple(rgb + (1.0 - rgb) * amount)


#: Diverging colormap for P(y = 1): light vermillion -> white -> light blue. Colour-blind safe
#: (its two poles are Okabe-Ito colours that differ in hue and in lightness).
PROB_CMAP = LinearSegmentedColormap.from_list(
    "coursekit_prob", [_tint(CLASS_COLORS[0], 0.45), (1.0, 1.0, 1.0), _tint(CLASS_COLORS[1], 0.45)])
#: Sequential colormap for loss surfaces: white (low) -> sky blue -> blue (high).
SURFACE_CMAP = LinearSegmentedColormap.from_list(
    "coursekit_surface", [(1.0, 1.0, 1.0), _tint(OKABE_ITO["sky_blue"], 0.35), OKABE_ITO["blue"]])

#: rcParams applied by :func:`style` (and so by every plotting function).
STYLE = {
    "figure.figsize": (6.4, 4.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "figure.titlesize": 14,
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlepad": 8.0,
    # A fixed title height: matplotlib otherwise measures every tick label on every
    # draw to lift the title clear of them, a tenth of a widget redraw. The course's
    # plots put no ticks on top, so nothing is lost.
    "axes.titley": 1.0,
    "lines.linewidth": 2.0,
    "lines.markersize": 6.0,
    "legend.framealpha": 0.9,
    "legend.edgecolor": "0.8",
    "grid.color": "0.88",
    "grid.linewidth": 0.8,
    "image.cmap": "cividis",
    "mathtext.fontset": "dejavusans",
}
_TICK_SIZE = 11
# matplotlib's tick and margin arithmetic overflows near the float64 maximum (~1.8e308), which
# a diverging run can reach: values are clipped to this for display only.
_DISPLAY_MAX = 1e300
_TEXT = "#222222"


@contextmanager
def style(**overrides):
    """Context manager applying the course style (``STYLE`` plus ``overrides``).

    rcParams names contain dots, so pass overrides as a dict:
    ``with plots.style(**{"font.size": 14}): ...``. Global ``rcParams`` are
    restored on exit.
    """
    rc = dict(STYLE)
    rc.update(overrides)
    with mpl.rc_context(rc):
        try:
            yield
        finally:
            interactive = mpl.is_interactive()
    # Interactive mode is session state, not style. In a notebook the first pyplot call
    # (often inside this context) lets IPython switch it on; restoring it to off would
    # stop every later figure from being shown at the end of its cell.
    mpl.interactive(interactive)


def subplots(nrows=1, ncols=1, figsize=None, **kwargs):
    """``plt.subplots`` in the course style with constrained layout: ``(fig, axes)``.

    Use it to build a figure once (a widget with several panels, say) and then
    pass its axes to the plotting functions on every redraw.
    """
    with style():
        kwargs.setdefault("layout", "constrained")
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize or STYLE["figure.figsize"], **kwargs)
        for a in np.atleast_1d(axes).ravel():
            _tidy(a)
    return fig, axes


# --------------------------------------------------------------------------- helpers
def _root_figure(ax):
    try:
        return ax.get_figure(root=True)
    except TypeError:  # matplotlib < 3.10: a (Sub)Figure's .figure is the root figure
        return ax.figure.figure


def freeze_layout(fig):
    """Lay ``fig`` out once with its layout engine, then keep those positions.

    Constrained layout re-measures every label on every draw, which costs
    about as much as drawing the figure itself. A widget that redraws the same
    figure with the same kinds of labels can call this once after building
    it: redraws then cost about half as much. Returns ``fig``.
    """
    fig.canvas.draw()                  # runs the layout engine once
    fig.set_layout_engine("none")      # keep the axes where they are
    return fig


def _tidy(ax):
    # Ticks are made lazily, at draw time, and read rcParams then (outside style()): after
    # ax.clear() they would fall back to the global defaults. Fix their look on the axes now.
    ax.tick_params(labelsize=_TICK_SIZE, grid_color=STYLE["grid.color"],
                   grid_linewidth=STYLE["grid.linewidth"])
    ax.set_axisbelow(True)


def _check_ax(ax, name="ax"):
    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes (for example from plots.subplots()); "
                        f"got {type(ax).__name__}.")
    return ax


def _new_or_clear(ax, kind, figsize=None):
    """Return (fig, ax): a fresh course-style figure, or the given axes emptied for a redraw.

    Redrawing the same kind of plot into an axes removes only the artists the
    last call added and keeps the axes' ticks and spines: ``ax.clear()`` would
    rebuild every tick at the next draw, about a third of a redraw's time.
    A different kind of plot (or a foreign axes) gets a full ``ax.clear()``.
    """
    if ax is None:
        fig = plt.figure(figsize=figsize or STYLE["figure.figsize"], layout="constrained")
        ax = fig.add_subplot()
    else:
        _check_ax(ax)
        fig = _root_figure(ax)
        if getattr(ax, "_coursekit_kind", None) == kind:
            _remove_artists(ax)
        else:
            cbar = getattr(ax, "_coursekit_colorbar", None)
            if cbar is not None:             # a colorbar from another kind of plot goes too
                if cbar.ax in fig.axes:
                    cbar.remove()
                del ax._coursekit_colorbar
            ax.clear()
    ax._coursekit_kind = kind
    ax._coursekit_reuse = None
    _tidy(ax)
    return fig, ax


def _remove_artists(ax, keep=()):
    """Remove what was drawn on ``ax`` (all of it, but the artists in ``keep``)."""
    keep = {id(a) for a in keep}
    for container in list(ax.containers):
        if id(container) not in keep:
            container.remove()
    for group in (ax.collections, ax.images, ax.lines, ax.patches, ax.texts, ax.artists, ax.tables):
        for artist in list(group):
            if id(artist) not in keep:
                artist.remove()
    legend = ax.get_legend()
    if legend is not None and id(legend) not in keep:
        legend.remove()
    if not keep:
        ax.relim()                  # forget the removed artists' data limits
        ax.set_autoscale_on(True)


def _reusable(ax, kind, signature):
    """The artists an earlier call of the same kind and the same ``signature`` (everything
    that fixes the layout: sizes, labels, limits, title) left on ``ax``, or None.

    A redraw that only changes data (a network's weights, a model's probabilities) then
    updates those artists instead of building them again, and gets the same picture:
    the artists it would have built are the ones it keeps, with their data replaced.
    Anything else found on the axes is removed as a full redraw would remove it. None
    when ``ax`` is None, held another kind of plot, or lost one of the artists.
    """
    state = getattr(ax, "_coursekit_reuse", None) if ax is not None else None
    if state is None or getattr(ax, "_coursekit_kind", None) != kind or not _same(state[0], signature):
        return None
    kept = state[1]
    present = {id(a) for a in ax.get_children()}
    if not all(id(a) in present for a in _flat(kept)):
        return None
    return kept


def _place(ax):
    """Where ``ax`` sits, in inches on its figure (unit and marker sizes follow from it)."""
    if not isinstance(ax, Axes):
        return None
    fig = _root_figure(ax)
    return tuple(float(v) for v in ax.get_position().bounds) + tuple(float(v) for v in fig.get_size_inches())


def _remember(ax, signature, kept):
    """Record what :func:`_reusable` may hand back to the next call on ``ax``."""
    ax._coursekit_reuse = (signature, kept)


def _flat(kept):
    """The artists among the values of ``kept`` (and in its lists)."""
    for a in kept.values():
        for b in (a if isinstance(a, (list, tuple)) else [a]):
            if isinstance(b, mpl.artist.Artist):
                yield b


def _same(a, b):
    """Equality for signatures holding tuples, numbers, strings and numpy arrays."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def _set_yscale(ax, log):
    want = "log" if log else "linear"
    if ax.get_yscale() != want:      # switching scales rebuilds the ticks: only when it changes
        ax.set_yscale(want, **({"nonpositive": "mask"} if log else {}))


def _colorbar(ax, mappable, label):
    """Add a colorbar beside ``ax``, or update the one an earlier call added (no pile-up on redraws)."""
    cbar = getattr(ax, "_coursekit_colorbar", None)
    fig = _root_figure(ax)
    if cbar is not None and cbar.ax in fig.axes:
        same = (isinstance(mappable, mimage.AxesImage) and isinstance(cbar.mappable, mimage.AxesImage)
                and mappable.get_cmap() is cbar.mappable.get_cmap()
                and (mappable.norm.vmin, mappable.norm.vmax) == (cbar.norm.vmin, cbar.norm.vmax))
        if same:    # the scale is unchanged (P in [0, 1]): just attach the new image, no rebuild
            cbar.mappable = mappable
            mappable.colorbar = cbar
            return cbar
        cbar.update_normal(mappable)
    else:
        cbar = ax.figure.colorbar(mappable, ax=ax, fraction=0.05, pad=0.02)
        ax._coursekit_colorbar = cbar
    cbar.set_label(label)
    cbar.ax.tick_params(labelsize=_TICK_SIZE)
    return cbar


def _class_labels(Y, m, name="Y"):
    """Integer class labels, shape (m,), from Y (1, m) of 0/1 or class indices, or (k, m) one-hot."""
    Y = as_matrix(Y, name, what="(1, m) of labels or (k, m) one-hot")
    if Y.shape[1] != m:
        raise ValueError(f"X and {name} must have the same number of samples (columns); "
                         f"got {m} and {Y.shape[1]}.")
    if Y.shape[0] == 1:
        if np.any(Y < 0) or np.any(Y != np.round(Y)):
            raise ValueError(f"{name} must hold class labels 0, 1, ... (whole numbers); "
                             f"found {np.unique(Y[(Y < 0) | (Y != np.round(Y))])[:5].tolist()}.")
        labels = Y[0].astype(int)
    else:
        one_hot_labels(Y, name)
        labels = Y.argmax(axis=0)
    if labels.max() >= len(CLASS_COLORS):
        raise ValueError(f"{name} has {labels.max() + 1} classes; plots can colour at most "
                         f"{len(CLASS_COLORS)}.")
    return labels


def _scatter_classes(ax, X, labels, size=36, zorder=3):
    """One scatter per class (colour + marker from the palette), labelled 'class c'."""
    out = []
    for c in range(int(labels.max()) + 1):
        sel = labels == c
        if not np.any(sel):
            continue
        out.append(ax.scatter(X[0, sel], X[1, sel], s=size, c=CLASS_COLORS[c], marker=CLASS_MARKERS[c],
                              edgecolors="white", linewidths=0.6, label=f"class {c}", zorder=zorder,
                              gid=f"class_{c}"))
    return out


def _padded_limits(values, lim, pad_frac=0.15, pad_min=0.25):
    if lim is not None:
        lo, hi = float(lim[0]), float(lim[1])
        if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):
            raise ValueError(f"axis limits must be two finite numbers (low, high) with low < high; got {lim!r}.")
        return lo, hi
    v = np.clip(values[np.isfinite(values)], -1e290, 1e290)   # so hi - lo cannot overflow
    if v.size == 0:
        return -1.0, 1.0
    lo, hi = float(v.min()), float(v.max())
    pad = pad_frac * (hi - lo) + pad_min
    return lo - pad, hi + pad


def _grid(xlim, ylim, resolution):
    xs = np.linspace(xlim[0], xlim[1], resolution)
    ys = np.linspace(ylim[0], ylim[1], resolution)
    GX, GY = np.meshgrid(xs, ys)
    return xs, ys, np.vstack([GX.ravel(), GY.ravel()])   # grid points as columns, (2, r*r)


def _model_output(model, G):
    """Evaluate a model on grid points G (2, n); return an array (k, n)."""
    n = G.shape[1]
    with np.errstate(all="ignore"):
        if hasattr(model, "predict_proba"):
            P = model.predict_proba(G)
        elif callable(model):
            P = model(G)
        elif hasattr(model, "predict"):
            P = model.predict(G)
        else:
            raise TypeError("model must have predict_proba(X) (an MLP), be a callable f(X) returning "
                            f"P(y = 1) for the columns of X, or have predict(X); got {type(model).__name__}.")
    P = np.asarray(P, dtype=np.float64)
    if P.ndim == 1:
        P = P[None, :]
    if P.ndim != 2 or P.shape[1] != n:
        raise ValueError(f"model must return one column per input column, shape (k, {n}) "
                         f"for X of shape {G.shape}; it returned shape {P.shape}.")
    return P


def _shade_probabilities(ax, P, xlim, ylim, resolution, colorbar=True, contour=True,
                         cbar_label="P(y = 1 | x)", image=None):
    """Draw model outputs P (k, r*r) over the grid: P(y=1) shading and the 0.5 contour for one
    binary output, class-coloured regions for k > 2. Returns the 0.5 contour (or None).
    ``image``: the shading an earlier call drew with the same grid, to take the new values."""
    extent = (xlim[0], xlim[1], ylim[0], ylim[1])
    if P.shape[0] <= 2:
        p = (P[0] if P.shape[0] == 1 else P[1]).reshape(resolution, resolution)
        p = np.ma.masked_invalid(p)
        if image is not None:
            image.set_data(p)            # its colour scale, and so any colorbar, stays as it was
        else:
            im = ax.imshow(p, extent=extent, origin="lower", cmap=PROB_CMAP, vmin=0.0, vmax=1.0,
                           aspect="auto", interpolation="bilinear", zorder=0, gid="probability")
            if colorbar:
                _colorbar(ax, im, cbar_label)
        finite = p.compressed()
        if contour and finite.size and finite.min() < 0.5 < finite.max():
            xs = np.linspace(xlim[0], xlim[1], resolution)
            ys = np.linspace(ylim[0], ylim[1], resolution)
            return ax.contour(xs, ys, p, levels=[0.5], colors=_TEXT, linewidths=1.8, zorder=2)
        return None
    # Several classes: each region in its class colour, lighter where the model is unsure.
    k = min(P.shape[0], len(CLASS_COLORS))
    cols = np.array([to_rgb(CLASS_COLORS[c]) for c in range(k)])
    P = np.nan_to_num(P[:k], nan=0.0)
    conf = (P.max(axis=0) - 1.0 / k) / (1.0 - 1.0 / k)   # 0 at a tie of all classes, 1 when sure
    strength = 0.15 + 0.45 * np.clip(conf, 0.0, 1.0)[:, None]
    rgb = 1.0 - (1.0 - cols[P.argmax(axis=0)]) * strength   # the winning class's colour, tinted
    if image is not None:
        image.set_data(rgb.reshape(resolution, resolution, 3))
    else:
        ax.imshow(rgb.reshape(resolution, resolution, 3), extent=extent, origin="lower", aspect="auto",
                  interpolation="bilinear", zorder=0, gid="probability")
    return None


def _segment_in_box(w, b, xlim, ylim):
    """End points of the part of the line w1 x + w2 y + b = 0 inside the box, or None."""
    w1, w2 = float(w[0]), float(w[1])
    if w1 == 0.0 and w2 == 0.0:
        return None
    pts = []
    span = max(xlim[1] - xlim[0], ylim[1] - ylim[0])
    tol = 1e-9 * span
    if w2 != 0.0:
        for x in xlim:
            y = -(w1 * x + b) / w2
            if ylim[0] - tol <= y <= ylim[1] + tol:
                pts.append((x, y))
    if w1 != 0.0:
        for y in ylim:
            x = -(w2 * y + b) / w1
            if xlim[0] - tol <= x <= xlim[1] + tol:
                pts.append((x, y))
    if len(pts) < 2:
        return None
    pts = np.array(pts)
    d = ((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    if d[i, j] <= tol * tol:
        return None
    return pts[[i, j]]


@np.errstate(all="ignore")
def _half_plane(w, b, xlim, ylim):
    """The part of the box where w . x + b > 0, as polygon vertices (Sutherland-Hodgman)."""
    box = [np.array(p, float) for p in ((xlim[0], ylim[0]), (xlim[1], ylim[0]),
                                         (xlim[1], ylim[1]), (xlim[0], ylim[1]))]
    w = np.asarray(w, float)
    out = []
    for i in range(4):
        P, Q = box[i], box[(i + 1) % 4]
        fp, fq = w @ P + b, w @ Q + b
        if fp > 0:
            out.append(P)
        if (fp > 0) != (fq > 0) and fp != fq:
            out.append(P + fp / (fp - fq) * (Q - P))
    return np.array(out) if len(out) >= 3 else None


def _vector(values, name):
    """A 1-D float array from a vector-like (a list, (n,), (1, n) or (n, 1))."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers; got {type(values).__name__}.") from None
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a sequence of numbers, one per epoch; got shape {arr.shape}.")
    return arr


# --------------------------------------------------------------------------- decision boundary
def _free_corner(P, xs, ys, band_top, ax):
    """"lower left" or "lower right": the bottom corner of the band that the 0.5 line does not
    cross, as wide as the legend (there it hides neither points nor the boundary), else "best"."""
    if P.shape[0] > 2:
        return "lower left"                      # several classes: no 0.5 line is drawn
    width_in = 5.0 if ax is None else ax.get_position().width * _root_figure(ax).get_figwidth()
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
        height_in = max(ax.get_position().height * _root_figure(ax).get_figheight(), 1.0)
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
        Draw into this axes (cleared first). A colorbar added by an earlier call is reused.
    colorbar : bool
        Show the P(y = 1) colour scale (binary models only).
    """
    n_in = getattr(model, "layer_sizes", [getattr(model, "n_inputs", 2)])[0]
    if n_in != 2:
        raise ValueError(f"decision_boundary draws the plane of 2 input features; this model takes "
                         f"{n_in} inputs.")
    X = as_matrix(X, "X", rows=2, what="(n_features, m)")
    labels_ = _class_labels(Y, X.shape[1])
    resolution = number(resolution, "resolution", low=2, high=1000, integer=True)
    xlim = _padded_limits(X[0], xlim)
    band_top = None
    if ylim is None:   # an empty band along the bottom, so the legend covers no point
        n_classes = len(np.unique(labels_))
        rows = n_classes + (1 if n_classes <= 2 else 0)     # a 0.5 line joins two classes only
        data_lim = _padded_limits(X[1], None)
        ylim = _legend_band(data_lim, ax, rows)
        band_top = data_lim[0]
    ylim = _padded_limits(X[1], ylim)
    xs, ys, G = _grid(xlim, ylim, resolution)
    P = _model_output(model, G)
    legend_loc = "best" if band_top is None else _free_corner(P, xs, ys, band_top, ax)
    # The same data and view drawn again (a widget after training): only the shading, the
    # 0.5 line and (when that line appears or goes) the legend are new.
    signature = (X, labels_, resolution, xlim, ylim, colorbar, P.shape[0] <= 2)
    kept = _reusable(ax, "decision_boundary", signature)
    with style():
        if kept is not None:
            fig = _root_figure(ax)
            _remove_artists(ax, keep=[*kept["points"], kept["image"], kept["soft"]["legend"]])
            boundary = _shade_probabilities(ax, P, xlim, ylim, resolution, colorbar=colorbar,
                                            image=kept["image"])
        else:
            fig, ax = _new_or_clear(ax, "decision_boundary")
            boundary = _shade_probabilities(ax, P, xlim, ylim, resolution, colorbar=colorbar)
            kept = {"points": _scatter_classes(ax, X, labels_), "image": ax.images[-1],
                    "soft": {"legend": None, "line": None}}    # "soft": rebuilt when missing
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_title(title)
        soft = kept["soft"]
        if ax.get_legend() is None or ax.get_legend() is not soft["legend"] or soft["line"] != (boundary is not None):
            handles = list(kept["points"])
            names = [h.get_label() for h in handles]
            if boundary is not None:
                handles.append(Line2D([], [], color=_TEXT, lw=1.8))
                names.append("P(y = 1) = 0.5")
            soft["legend"] = ax.legend(handles, names, loc=legend_loc)
            soft["line"] = boundary is not None
        elif soft["legend"].get_visible():
            soft["legend"].set_loc(legend_loc)       # the 0.5 line may have moved across the band
        _remember(ax, signature, kept)
    return fig


# --------------------------------------------------------------------------- loss curves
def _as_run(history, val):
    """(loss, val_loss or None, diverged_epoch or None, step_loss or None, updates_per_epoch)."""
    if hasattr(history, "loss") and hasattr(history, "val_loss"):
        loss = _vector(history.loss, "history.loss")
        v = history.val_loss if val is None else val
        v = None if v is None else _vector(v, "val")
        k = history.diverged_epoch if getattr(history, "diverged", False) else None
        if getattr(history, "diverged", False) and k is None:
            k = loss.size + 1
        steps = getattr(history, "step_loss", None)
        return loss, v, k, (None if steps is None else _vector(steps, "history.step_loss")), \
            max(1, int(getattr(history, "updates_per_epoch", 1) or 1))
    loss = _vector(history, "history")
    v = None if val is None else _vector(val, "val")
    bad = np.flatnonzero(~np.isfinite(loss))   # a hand-made loop that ran on past a NaN
    k = int(bad[0]) + 1 if bad.size else None
    return loss, v, k, None, 1


def loss_curves(history, val=None, *, log=False, ax=None, title="Loss curves", ylabel="loss",
                show_steps=False, xlabel="epoch", legend=True):
    """Training (solid) and validation (dashed) loss against epoch.

    Parameters
    ----------
    history : History, array-like or dict
        An ``MLP.fit`` History, a sequence of per-epoch training losses, or a
        dict ``{label: History or sequence}`` to compare runs on one axes
        (each run one colour).
    val : array-like, optional
        Validation loss per epoch (default: ``history.val_loss`` when there is one).
    log : bool
        Log-scale the loss axis.
    show_steps : bool
        Also draw every update's loss (``History.step_loss``) faintly, to show SGD noise.
    xlabel : str
        What one step of the x axis is: "epoch", or "iteration" for full-batch descent
        counted as chapter 03 does. The divergence note uses the same word.
    legend : bool
        Draw the legend (off when a figure shows one legend for several axes).

    If a run diverged (``history.diverged``, or a NaN/inf in a plain sequence),
    a dotted line marks that epoch and the axes reads "diverged at epoch k".
    """
    if isinstance(history, dict):
        if val is not None:
            raise ValueError("val goes with a single history; with a dict give each run's "
                             "History (it carries its own val_loss).")
        runs = {str(name): _as_run(h, None) for name, h in history.items()}
    else:
        runs = {"": _as_run(history, val)}
    if not runs:
        raise ValueError("history must hold at least one run; got an empty dict.")
    cap = _loss_cap(runs.values(), log)

    def shown(arr):   # NaN for gaps; values far above the cap clipped (they are off the view anyway)
        with np.errstate(invalid="ignore"):
            out = np.clip(np.where(np.isfinite(arr), arr, np.nan), -_DISPLAY_MAX, _DISPLAY_MAX)
            return out if cap is None else np.minimum(out, 10.0 * cap)

    x_max = 1
    notes, specs, diverged = [], [], []       # specs: (x, y, Line2D properties), in drawing order
    for i, (name, (loss, v, k, steps, per_epoch)) in enumerate(runs.items()):
        color = PALETTE[i % len(PALETTE)] if name else PALETTE[0]
        vcolor = color if name else PALETTE[1]
        prefix = f"{name}: " if name else ""
        if show_steps and steps is not None and steps.size:
            xs = np.arange(1, steps.size + 1) / per_epoch
            specs.append((xs, shown(steps), dict(color=color, lw=0.8, alpha=0.35,
                                                 label=f"{prefix}each update", gid="step_loss")))
        specs.append((np.arange(1, loss.size + 1), shown(loss), dict(
            color=color, marker="o" if loss.size <= 30 else None, ms=4, label=f"{prefix}training",
            gid="training")))
        if v is not None:
            specs.append((np.arange(1, v.size + 1), shown(v), dict(
                color=vcolor, ls="--", marker="s" if v.size <= 30 else None, ms=4,
                label=f"{prefix}validation", gid="validation")))
        x_max = max(x_max, loss.size, 0 if v is None else v.size)
        if k is not None:
            x_max = max(x_max, k)
            diverged.append((len(specs), k))             # its line goes after this run's curves
            notes.append(f"{prefix}diverged at {xlabel} {k}")
    # The same curves drawn again with new numbers (a widget after training): new data only.
    signature = tuple(tuple(sorted(props.items())) for *_, props in specs) + (log, tuple(notes), tuple(diverged), legend)
    kept = _reusable(ax, "loss_curves", signature)
    with style():
        if kept is not None:
            fig = _root_figure(ax)
            _remove_artists(ax, keep=_flat(kept))
            for line, (x, y, _) in zip(kept["lines"], specs):
                line.set_data(x, y)
            ax.relim()
            ax.set_autoscale_on(True)
            ax.autoscale_view()
        else:
            fig, ax = _new_or_clear(ax, "loss_curves")
            kept = {"lines": []}
            marks = dict(diverged)
            for i, (x, y, props) in enumerate(specs, start=1):
                kept["lines"] += ax.plot(x, y, **props)
                if i in marks:
                    ax.axvline(marks[i], color=OKABE_ITO["vermillion"], ls=":", lw=1.5, gid="diverged_line")
            if notes:
                ax.text(0.5, 0.96, "\n".join(notes), transform=ax.transAxes, ha="center", va="top",
                        color=OKABE_ITO["vermillion"], fontsize=13, fontweight="bold", gid="diverged_text",
                        bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=OKABE_ITO["vermillion"], alpha=0.9))
            _set_yscale(ax, log)
        if cap is not None:
            ax.set_ylim(*_cap_limits(runs.values(), cap, log))
        elif log and not any(True for _ in _finite_losses(runs.values(), log)):
            ax.set_ylim(0.1, 10.0)                        # nothing positive to show on a log axis
        elif not log and (flat := _flat_limits(runs.values())) is not None:
            ax.set_ylim(*flat)
        ax.set_xlim(0.5 if x_max > 1 else 0.0, x_max + (0.5 if x_max > 1 else 1.0))
        # Whole epochs only: a run that diverged in epoch 2 must not get ticks at 0.5, 1.5, ...
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True, min_n_ticks=1))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(f"{ylabel} (log scale)" if log else ylabel)
        ax.set_title(title)
        if "legend" not in kept:
            ax.grid(True)
            kept["rest"] = [a for a in ax.lines if a not in kept["lines"]] + list(ax.texts)
            # A diverged curve climbs to the top; the note sits there, so the legend goes below.
            kept["legend"] = ax.legend(loc="lower right" if notes else "best") if ax.lines and legend else None
        _remember(ax, signature, kept)
    return fig


def _finite_losses(runs, log):
    for loss, v, *_ in runs:
        for arr in (loss, v):
            if arr is not None:
                ok = arr[np.isfinite(arr)]
                ok = ok[ok > 0] if log else ok
                if ok.size:
                    yield ok


def _loss_cap(runs, log):
    """Before a divergence the loss often climbs to ~1e300: the view would show nothing but a
    wall, and matplotlib cannot even autoscale it. Then cap the view at 100 x the largest
    starting loss, so the start of training stays readable and the curve leaves through the
    top. Returns the cap, or None when the losses stay in range."""
    seen = list(_finite_losses(runs, log))
    if not seen:
        return None
    cap = min(100.0 * max(abs(float(a[0])) for a in seen), _DISPLAY_MAX)
    if cap <= 0 or max(float(a.max()) for a in seen) <= cap:
        return None
    return cap


def _flat_limits(runs):
    """Limits from 0 for a loss that hardly moves (its range under 5% of its size), or None.

    Autoscaling would stretch a plateau at 0.6931 +- 0.0001 across the whole axes, so a
    stuck run would look as lively as a learning one."""
    seen = list(_finite_losses(runs, False))
    if not seen:
        return None
    lo, hi = min(float(a.min()) for a in seen), max(float(a.max()) for a in seen)
    if lo < 0 or hi <= 0 or hi - lo >= 0.05 * hi:
        return None
    return 0.0, 1.4 * hi       # headroom above the line for the legend


def _cap_limits(runs, cap, log):
    lo = min(float(a.min()) for a in _finite_losses(runs, log))
    return (lo / 1.5, cap) if log else (min(lo, 0.0) - 0.03 * cap, cap)


# --------------------------------------------------------------------------- network diagram
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
    params = _params_of(model)
    sizes = [params[0][0].shape[1]] + [W.shape[0] for W, _ in params]
    L = len(params)
    n_max = max(sizes)
    n_edges = sum(W.size for W, _ in params) + (sum(b.size for _, b in params) if show_bias else 0)
    if show_values is None:
        show_values = n_edges <= 12

    # Unit positions: layer l at x = l, units centred vertically, first unit on top.
    ys = [(n - 1) / 2.0 - np.arange(n) for n in sizes]
    y_bias = -(n_max - 1) / 2.0 - 1.0                 # one row of bias units under the widest layer

    weights = [W for W, _ in params] + ([b for _, b in params] if show_bias else [])
    finite = np.concatenate([np.abs(w[np.isfinite(w)]).ravel() for w in weights])
    w_max = float(finite.max()) if finite.size else 0.0

    rgba = {1: to_rgb(SIGN_COLORS["positive"]), -1: to_rgb(SIGN_COLORS["negative"]), 0: to_rgb(ZERO_COLOR)}

    def style_of(v):
        """Line widths and RGB colours for weights v (1-D): width linear in |w|, colour by sign."""
        mag = np.where(np.isfinite(v), np.abs(v), w_max)
        widths = 0.4 + 4.0 * (mag / w_max if w_max > 0 else np.zeros_like(mag))
        sign = np.sign(np.nan_to_num(v, nan=0.0)).astype(int)
        palette = np.array([rgba[-1], rgba[0], rgba[1]])
        return widths, palette[sign + 1]

    def segments(x0, y0, x1, y1):
        return np.stack([np.stack([np.full_like(y0, x0), y0], -1), np.stack([np.full_like(y1, x1), y1], -1)], 1)

    # W[j, i] connects unit i of layer l-1 to unit j of layer l; edges follow W.ravel() (row-major).
    segs = np.concatenate([segments(l - 1, np.tile(ys[l - 1], sizes[l]), l, np.repeat(ys[l], sizes[l - 1]))
                           for l in range(1, L + 1)])
    values = np.concatenate([W.ravel() for W, _ in params])
    widths, colors = style_of(values)
    if show_bias:
        bsegs = np.concatenate([segments(l - 1, np.full(sizes[l], y_bias), l, ys[l]) for l in range(1, L + 1)])
        bvalues = np.concatenate([b.ravel() for _, b in params])
        bwidths, bcolors = style_of(bvalues)
    else:
        bsegs, bvalues = np.empty((0, 2, 2)), np.empty(0)

    kind = "Perceptron" if type(model).__name__ == "Perceptron" else "Network"
    title = title or f"{kind} {_sizes_text(sizes)}, edge width ∝ |w|"
    # Same architecture drawn again (a widget after training): new edge colours and widths.
    signature = (tuple(sizes), show_bias, show_values, _place(ax))
    kept = _reusable(ax, "network_diagram", signature)
    if kept is not None:
        _remove_artists(ax, keep=_flat(kept))
        kept["weights"].set(colors=colors, linewidths=widths)
        if show_bias:
            kept["biases"].set(colors=bcolors, linewidths=bwidths)
        for text, v in zip(kept["values"], np.concatenate([values, bvalues])):
            text.set_text(f"{v:.2g}")
        with style():
            ax.set_xlabel("layer (units)")
            ax.set_title(title, pad=26)
        return _root_figure(ax)

    figsize = (max(5.5, min(10.0, 1.6 * L + 3.0)), max(3.6, min(7.0, 0.45 * n_max + 2.6)))
    with style():
        fig, ax = _new_or_clear(ax, "network_diagram", figsize)
        kept = {"weights": ax.add_collection(LineCollection(segs, colors=colors, linewidths=widths, alpha=0.85,
                                                            zorder=1, gid="weights", capstyle="round"))}
        if show_bias:
            kept["biases"] = ax.add_collection(LineCollection(bsegs, colors=bcolors, linewidths=bwidths, alpha=0.85,
                                                              zorder=1, gid="biases", linestyles="solid",
                                                              capstyle="round"))
        # Marker size in points, from the space each unit has on the axes.
        bbox = ax.get_position()
        fig_w, fig_h = fig.get_size_inches()
        rows = n_max + (1.5 if show_bias else 0.6)
        d_pt = min(30.0, 0.55 * bbox.height * fig_h * 72 / rows, 0.35 * bbox.width * fig_w * 72 / (L + 1))
        d_pt = max(d_pt, 4.0)
        for l, n in enumerate(sizes):
            face = "#F2F2F2" if l == 0 else ("#FFFFFF" if l < L else "#FFF4D6")
            ax.scatter(np.full(n, l), ys[l], s=d_pt ** 2, facecolors=face, edgecolors=_TEXT,
                       linewidths=1.2, zorder=3, gid=f"units_{l}")
        if show_bias:
            ax.scatter(np.arange(L), np.full(L, y_bias), s=(0.75 * d_pt) ** 2, marker="s",
                       facecolors="#DDDDDD", edgecolors=_TEXT, linewidths=1.0, zorder=3, gid="bias_units")
        fs = max(6.0, min(11.0, 0.42 * d_pt))
        if d_pt >= 14:
            for i, y in enumerate(ys[0]):
                ax.text(0, y, f"$x_{{{i + 1}}}$", ha="center", va="center", fontsize=fs, zorder=4)
            for j, y in enumerate(ys[L]):
                sub = f"_{{{j + 1}}}" if sizes[L] > 1 else ""
                ax.text(L, y, rf"$\hat{{y}}{sub}$", ha="center", va="center", fontsize=fs, zorder=4)
            if show_bias:
                for l in range(L):
                    ax.text(l, y_bias, "1", ha="center", va="center", fontsize=0.8 * fs, zorder=4)
        if show_values:
            for ((x0, y0), (x1, y1)), v in zip(np.concatenate([segs, bsegs]), np.concatenate([values, bvalues])):
                t = 0.38   # nearer the source: edges fan out from there, so labels overlap less
                ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{v:.2g}", fontsize=10, ha="center",
                        va="center", zorder=5, gid="weight_value",
                        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))
        pad = 0.35
        ax.set_xlim(-pad, L + pad)
        ax.set_ylim((y_bias if show_bias else ys[int(np.argmax(sizes))][-1]) - 0.6, (n_max - 1) / 2.0 + 0.6)
        ax.set_xticks(range(L + 1), [f"{name}\n({n})" for name, n in zip(_layer_names(L + 1), sizes)])
        ax.tick_params(axis="x", length=0)
        ax.set_yticks([])
        for side in ("left", "top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("layer (units)")
        handles = [Line2D([], [], color=SIGN_COLORS["positive"], lw=3, label="w > 0"),
                   Line2D([], [], color=SIGN_COLORS["negative"], lw=3, label="w < 0")]
        if show_bias:
            handles.append(Line2D([], [], ls="none", marker="s", ms=9, mfc="#DDDDDD", mec=_TEXT,
                                  label="bias unit (value 1)"))
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=len(handles),
                  frameon=False, fontsize=10, handlelength=1.5, columnspacing=1.2, borderaxespad=0.1)
        ax.set_title(title, pad=26)
        kept["values"] = [t for t in ax.texts if t.get_gid() == "weight_value"]
        kept["rest"] = [a for a in ax.get_children() if a.axes is ax and a not in kept.values()
                        and a not in kept["values"]
                        and (a in ax.collections or a in ax.texts or a is ax.get_legend())]
        _remember(ax, signature, kept)
    return fig


# --------------------------------------------------------------------------- perceptron replay
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
    xlim = _padded_limits(X[0], xlim)
    ylim = _padded_limits(X[1], ylim)
    w, b0 = W[0], float(b[0, 0])
    n_steps = len(perceptron.steps)
    step_ = perceptron.steps[k - 1] if k >= 1 else None
    with style():
        fig, ax = _new_or_clear(ax, "perceptron_replay")
        box = np.array([(xlim[0], ylim[0]), (xlim[1], ylim[0]), (xlim[1], ylim[1]), (xlim[0], ylim[1])])
        if np.any(w):   # class 1 where w.x + b > 0, class 0 on the other side
            regions = {1: _half_plane(w, b0, xlim, ylim), 0: _half_plane(-w, -b0, xlim, ylim)}
        else:           # w = 0: every point gets step(b)
            regions = {1 if b0 > 0 else 0: box}
        for cls, poly in regions.items():
            if poly is not None:
                ax.add_patch(Polygon(poly, closed=True, fc=_tint(CLASS_COLORS[cls], 0.8), ec="none",
                                     zorder=0, gid=f"region_{cls}"))
        _scatter_classes(ax, X, Y[0].astype(int), size=60)
        if step_ is not None and step_.changed:
            Wp, bp = perceptron.weights_at(k - 1)
            seg = _segment_in_box(Wp[0], float(bp[0, 0]), xlim, ylim)
            if seg is not None:
                ax.plot(seg[:, 0], seg[:, 1], color="0.45", ls="--", lw=1.5, zorder=2,
                        label="line before this step", gid="previous_line")
        seg = _segment_in_box(w, b0, xlim, ylim)
        if seg is not None:
            ax.plot(seg[:, 0], seg[:, 1], color=_TEXT, lw=2.5, zorder=2,
                    label=r"$\mathbf{w}\cdot\mathbf{x} + b = 0$", gid="separating_line")
        else:
            msg = "w = 0: no line, every point gets the same class" if not np.any(w) else \
                "the line w·x + b = 0 is outside this view"
            ax.text(0.5, 0.04, msg, transform=ax.transAxes, ha="center", va="bottom", fontsize=11,
                    gid="no_line", bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.7"))
        if step_ is not None:
            x = step_.x[:, 0]
            ax.scatter([x[0]], [x[1]], s=420, facecolors="none", edgecolors=_TEXT, linewidths=2.2,
                       zorder=4, label=f"sample visited at step {k}", gid="visited")
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        if title is None:
            if step_ is None:
                title = f"Step 0 of {n_steps}: the starting line"
            else:
                what = ("misclassified: the line moved" if step_.changed
                        else "classified correctly: the line stayed")
                title = f"Step {k} of {n_steps}, epoch {step_.epoch}\nsample X[:, {step_.index}] {what}"
        ax.set_title(title)
        # Under the x label, a fixed distance in points whatever the axes height.
        below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-36, units="points")
        handles, names = ax.get_legend_handles_labels()
        handles = [Line2D([], [], ls="none", marker="o", ms=13, mfc="none", mec=_TEXT, mew=2.0)
                   if h.get_gid() == "visited" else h for h in handles]   # the ring, legend-sized
        ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
                  ncol=2, fontsize=10, frameon=False, borderaxespad=0.0)
    return fig


# --------------------------------------------------------------------------- activations
_PLOTTABLE = [n for n in _act.ACTIVATIONS if n != "softmax"]


def activation_panel(names=("sigmoid", "tanh", "relu", "leaky_relu"), *, z_range=(-5.0, 5.0),
                     axes=None, title="Activation functions and their derivatives"):
    """Each activation g(z) (left) beside its derivative g'(z) (right), one row per name.

    The derivative's maximum is marked with a dotted line (0.25 for sigmoid:
    why deep sigmoid networks learn slowly). ``softmax`` is left out: it is not
    applied unit by unit, so it has no curve g(z). ``axes``: an existing
    array of Axes with ``len(names)`` rows and 2 columns to draw into.
    """
    if isinstance(names, str):
        names = [names]
    names = list(names)
    for n in names:
        if n == "softmax":
            raise ValueError("softmax is not applied unit by unit, so it has no curve g(z) to plot; "
                             f"valid names are {_PLOTTABLE}.")
        choice(n, "activation", _PLOTTABLE)
    if not names:
        raise ValueError(f"names must list at least one activation from {_PLOTTABLE}.")
    lo = number(z_range[0], "z_range[0]")
    hi = number(z_range[1], "z_range[1]", low=lo, low_open=True)
    z = np.linspace(lo, hi, 401)
    if lo < 0 < hi:
        z = np.union1d(z, [0.0])            # so the peak at z = 0 is sampled exactly
    n = len(names)
    with style():
        if axes is None:
            fig, axs = plt.subplots(n, 2, figsize=(7.6, 0.5 + 2.15 * n), layout="constrained",
                                    squeeze=False, sharex=True)
            fig.suptitle(title)
        else:
            axs = np.asarray(axes, dtype=object).reshape(-1, 2) if np.size(axes) == 2 * n else None
            if axs is None:
                raise ValueError(f"axes must hold {n} rows of 2 Axes for {n} activation(s); "
                                 f"got {np.size(axes)} Axes.")
            for a in axs.ravel():
                _check_ax(a, "axes")
                if getattr(a, "_coursekit_kind", None) == "activation_panel":
                    _remove_artists(a)
                else:
                    a.clear()
                a._coursekit_kind = "activation_panel"
            fig = _root_figure(axs[0, 0])
        for r, name in enumerate(names):
            g, dg = _act.get(name)
            a_fun, a_der = axs[r]
            for a in (a_fun, a_der):
                _tidy(a)
                a.axhline(0, color="0.75", lw=0.8, zorder=0)
                a.axvline(0, color="0.75", lw=0.8, zorder=0)
                a.grid(True)
            a_fun.plot(z, g(z), color=PALETTE[0], gid="function")
            d = dg(z)
            a_der.plot(z, d, color=PALETTE[1], gid="derivative")
            if np.ptp(d) > 1e-9:
                a_der.axhline(d.max(), color="0.4", ls=":", lw=1.2)
                a_der.text(0.98, d.max(), f"max {d.max():.3g}", transform=a_der.get_yaxis_transform(),
                           ha="right", va="bottom", fontsize=10, color="0.25")
            pretty = name.replace("_", " ")
            a_fun.set_title(f"{pretty}: g(z)", fontsize=12)
            a_der.set_title(f"{pretty}: derivative g′(z)", fontsize=12)
            a_fun.set_ylabel("g(z)")
            a_der.set_ylabel("g′(z)")
            for a in (a_fun, a_der):
                a.set_xlabel("z")
                a.set_xlim(lo, hi)
            lo_d, hi_d = min(d.min(), 0.0), max(d.max(), 0.0)
            pad = 0.12 * (hi_d - lo_d) or 0.1
            a_der.set_ylim(lo_d - pad, hi_d + pad)
    return fig


# --------------------------------------------------------------------------- gradient norms
def _norm_data(norms):
    """(array, kind) with kind 'bars' for one snapshot (L,), 'lines' for (epochs, L)."""
    if hasattr(norms, "grad_norms"):
        arr = np.asarray(norms.grad_norms, dtype=np.float64)
        if arr.ndim != 2:
            raise ValueError(f"history.grad_norms must be (epochs, L); got shape {arr.shape}.")
        return arr, "lines"
    if isinstance(norms, (list, tuple)) and norms and all(
            isinstance(p, (list, tuple)) and len(p) == 2 for p in norms):
        # gradients as from net.backward(Y): [(dW1, db1), ...] -> ||dW^l||_F
        return np.array([np.sqrt(np.sum(np.square(np.asarray(dW, dtype=np.float64))))
                         for dW, _ in norms]), "bars"
    try:
        arr = np.asarray(norms, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError("norms must be a History, an array (epochs, L), a vector (L,) of per-layer "
                        f"norms, or gradients [(dW, db), ...]; got {type(norms).__name__}.") from None
    if arr.ndim == 1:
        return arr, "bars"
    if arr.ndim == 2:
        return arr, "lines"
    raise ValueError(f"norms must be (L,) for one snapshot or (epochs, L) over training; got shape {arr.shape}.")


def short_number(value: float) -> str:
    """Two significant digits in as few characters as possible: 0.0021, 37, 5000, 1.4e5, 8.5e-6."""
    text = f"{value:.2g}"
    if 1e-3 <= abs(float(text)) < 1e4:
        return np.format_float_positional(float(text), trim="-")
    mantissa, _, exponent = text.partition("e")
    return mantissa + ("e" + str(int(exponent)) if exponent else "")


def gradient_norms(norms, *, ax=None, log=True, title="Gradient norm per layer", layer_labels=None):
    """Per-layer gradient norms ||dC/dW^l||, on a log scale by default.

    ``norms`` is a History (its ``grad_norms``, one line per layer over the
    epochs), an array (epochs, L) (the same), a vector (L,) (one bar per layer,
    a snapshot) or gradients ``[(dW, db), ...]`` from ``net.backward`` (bars of
    their Frobenius norms). On the log scale, zeros (a dead layer) are drawn at
    a floor a decade below the smallest positive norm and the axes says so;
    NaN and inf are left out. Up to 8 layers get palette colours and a legend;
    deeper networks are coloured by depth (cividis) with a colour bar.
    """
    arr, kind = _norm_data(norms)
    if arr.size == 0 and kind == "bars":
        raise ValueError("norms must hold at least one layer.")
    L = arr.shape[-1]
    if layer_labels is None:
        layer_labels = [f"layer {l}" for l in range(1, L + 1)]
    elif len(layer_labels) != L:
        raise ValueError(f"layer_labels must have one label per layer ({L}); got {len(layer_labels)}.")
    vals = np.clip(np.where(np.isfinite(arr), arr, np.nan), -_DISPLAY_MAX, _DISPLAY_MAX)
    note = None
    if log:
        pos = vals[np.isfinite(vals) & (vals > 0)]
        floor = float(pos.min()) / 10.0 if pos.size else 1e-12
        zero = np.isfinite(vals) & (vals <= 0)
        if np.any(zero):
            vals = np.where(zero, floor, vals)
            note = f"zeros drawn at {floor:.0e}"
    with style():
        fig, ax = _new_or_clear(ax, f"gradient_norms:{kind}")
        if kind == "bars":
            colors = [PALETTE[0]] * L
            bottom = 0.0
            if log:
                finite = vals[np.isfinite(vals)]
                # span at least two decades, so the log axis has labelled ticks
                bottom = min(float(finite.min()) / 3.0, float(finite.max()) / 100.0) if finite.size else 1e-13
            heights = np.where(np.isfinite(vals), vals - bottom, 0.0)
            bars = ax.bar(np.arange(1, L + 1), heights, bottom=bottom, color=colors, edgecolor=_TEXT,
                          linewidth=0.8, gid="bars")
            if L <= 12:      # the value on each bar: a snapshot is read number by number
                for l in np.flatnonzero(np.isfinite(arr) & (arr > 0)):
                    ax.text(l + 1, vals[l], short_number(arr[l]), ha="center", va="bottom",
                            fontsize=10 if L <= 8 else 8.5, gid="bar_value")
            if log:
                for l in np.flatnonzero(np.isfinite(arr) & (arr <= 0)):
                    bars[l].set_facecolor("white")
                    bars[l].set_hatch("//")
                    ax.text(l + 1, vals[l], "0", ha="center", va="bottom", fontsize=11, gid="zero_label")
            if L > 12:  # label every other layer so the numbers do not run together
                ax.set_xticks(np.arange(1, L + 1, 2), [str(l) for l in range(1, L + 1, 2)])
            else:
                ax.set_xticks(np.arange(1, L + 1), [str(l) for l in range(1, L + 1)] if L > 8 else layer_labels)
            ax.set_xlabel("layer l" + (f"   ({note})" if note else ""))
            note = None      # said under the axis, where it cannot cover a bar's "0"
        else:
            epochs = np.arange(1, vals.shape[0] + 1)
            many = L > 8
            cmap = mpl.colormaps["cividis"]
            for l in range(L):
                color = cmap(l / max(L - 1, 1)) if many else PALETTE[l % len(PALETTE)]
                ax.plot(epochs, vals[:, l], color=color, lw=1.8, label=layer_labels[l], gid=f"layer_{l + 1}",
                        marker="o" if vals.shape[0] <= 2 else None)
            if many:
                sm = mcm.ScalarMappable(norm=Normalize(1, L), cmap=cmap)
                cbar = _colorbar(ax, sm, "layer l")
                cbar.ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
            elif L:
                ax.legend(loc="best", ncol=2 if L > 4 else 1, fontsize=10)
            ax.set_xlabel("epoch")
            if vals.shape[0] <= 1:
                ax.set_xlim(0.5, 1.5)
        _set_yscale(ax, log)
        if not np.any(np.isfinite(vals) & (vals > 0)):    # nothing to show: a sane empty view
            ax.set_ylim((1e-13, 1.0) if log else (0.0, 1.0))
        if note:
            ax.text(0.01, 0.99, note, transform=ax.transAxes, ha="left", va="top", fontsize=10,
                    color="0.3", gid="zero_note",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        ax.grid(True, axis="y", which="major")
        ax.set_ylabel(r"$\Vert\partial C/\partial W^{l}\Vert$" + (" (log scale)" if log else ""))
        ax.set_title(title)
    return fig


_RUN_MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]


def gradient_norms_by_layer(runs, *, ax=None, log=True, title="Gradient norm per layer"):
    """Per-layer gradient norms of several networks, one line each against the layer l.

    ``runs`` is a dict ``{label: norms}``, each ``norms`` a vector ``(L,)`` of
    ||dC/dW^l|| for layers 1..L (``experiments.gradient_flow(...).initial_norms``,
    say). The networks may differ in depth: each line runs from layer 1 to its
    own output layer L. One palette colour and marker per run, in the dict's
    order, with a legend. On the log scale (the default) zeros are drawn at a
    floor a decade below the smallest positive norm and the axes says so;
    NaN and inf are left out, breaking the line. Returns the Figure.
    """
    if not isinstance(runs, dict):
        raise TypeError("runs must be a dict {label: per-layer norms (L,)}; "
                        f"got {type(runs).__name__}.")
    if not runs:
        raise ValueError("runs must hold at least one run; got an empty dict.")
    series = {}
    for name, norms in runs.items():
        arr = _vector(norms, f"runs[{name!r}]")
        if arr.size == 0:
            raise ValueError(f"runs[{name!r}] must hold at least one layer's norm.")
        series[str(name)] = np.clip(np.where(np.isfinite(arr), arr, np.nan), -_DISPLAY_MAX, _DISPLAY_MAX)
    note = None
    if log:
        pos = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in series.values()])
        floor = float(pos.min()) / 10.0 if pos.size else 1e-12
        if any(np.any(np.isfinite(v) & (v <= 0)) for v in series.values()):
            series = {k: np.where(np.isfinite(v) & (v <= 0), floor, v) for k, v in series.items()}
            note = f"zeros drawn at {floor:.0e}"
    L_max = max(v.size for v in series.values())
    with style():
        fig, ax = _new_or_clear(ax, "gradient_norms_by_layer")
        for i, (name, v) in enumerate(series.items()):
            ax.plot(np.arange(1, v.size + 1), v, color=PALETTE[i % len(PALETTE)],
                    marker=_RUN_MARKERS[i % len(_RUN_MARKERS)], ms=6, lw=2.0, label=name, gid=f"run_{i}")
        _set_yscale(ax, log)
        if not any(np.any(np.isfinite(v) & (v > 0)) for v in series.values()):
            ax.set_ylim((1e-13, 1.0) if log else (0.0, 1.0))
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.set_xlim(0.5, L_max + 0.5)
        if note:
            ax.text(0.01, 0.99, note, transform=ax.transAxes, ha="left", va="top", fontsize=10,
                    color="0.3", gid="zero_note",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        ax.grid(True, axis="y", which="major")
        ax.set_xlabel("layer l (1 = first hidden layer, the output layer is last)")
        ax.set_ylabel(r"$\Vert\partial C/\partial W^{l}\Vert$" + (" (log scale)" if log else ""))
        ax.set_title(title)
        ax.legend(loc="best", fontsize=10)
    return fig


__all__ += ["gradient_norms_by_layer"]


# --------------------------------------------------------------------------- loss surface
def _evaluate_surface(f, A, B, vectorized):
    if vectorized is not False:
        try:
            with np.errstate(all="ignore"):
                Z = np.asarray(f(A, B), dtype=np.float64)
            if Z.shape == A.shape:
                return Z
            if vectorized:
                raise ValueError(f"f(w1, w2) on grids of shape {A.shape} returned shape {Z.shape}.")
        except Exception:
            if vectorized:
                raise
    Z = np.empty(A.shape)
    with np.errstate(all="ignore"):
        for idx in np.ndindex(A.shape):
            Z[idx] = float(f(float(A[idx]), float(B[idx])))
    return Z


def loss_surface(f, path=None, *, xlim=None, ylim=None, resolution=80, levels=20, log=False, ax=None,
                 labels=("$w_1$", "$w_2$"), title="Loss surface", vectorized=None):
    """Contours of a loss ``f(w1, w2)`` of two parameters, with an optional descent path.

    Parameters
    ----------
    f : callable
        ``f(w1, w2) -> loss``. Tried first on whole grids (numpy broadcasting);
        if that fails or returns the wrong shape it is called point by point.
        ``vectorized=True/False`` skips the guess.
    path : (2, k) array, optional
        The parameters after each step, one column per step (the course's
        column convention): drawn as a line with markers, the start as a white
        circle and the end as a star.
    xlim, ylim : (low, high), optional
        Default: the path plus a margin, or (-3, 3) without a path.
    log : bool
        Space the contour levels logarithmically (for valleys with a wide range of loss).
    """
    P = None
    if path is not None:
        P = as_matrix(path, "path", rows=2, what="(2, k) with one column per step", finite=False)
    if not callable(f):
        raise TypeError(f"f must be a function f(w1, w2) returning the loss; got {type(f).__name__}.")
    resolution = number(resolution, "resolution", low=2, high=1000, integer=True)
    levels = number(levels, "levels", low=2, high=200, integer=True)
    if P is not None and (xlim is None or ylim is None):
        ok = np.all(np.isfinite(P), axis=0)
        if ok.any():
            xlim = _padded_limits(P[0, ok], xlim, 0.2, 0.5)
            ylim = _padded_limits(P[1, ok], ylim, 0.2, 0.5)
    xlim = _padded_limits(np.array([]), (-3.0, 3.0) if xlim is None else xlim)
    ylim = _padded_limits(np.array([]), (-3.0, 3.0) if ylim is None else ylim)
    xs = np.linspace(xlim[0], xlim[1], resolution)
    ys = np.linspace(ylim[0], ylim[1], resolution)
    A, B = np.meshgrid(xs, ys)
    Z = np.ma.masked_invalid(_evaluate_surface(f, A, B, vectorized))
    with style():
        fig, ax = _new_or_clear(ax, "loss_surface")
        finite = Z.compressed()
        if finite.size and np.ptp(finite) > 0:
            if log and finite.min() > 0:
                lv = np.geomspace(finite.min(), finite.max(), levels)
                norm = LogNorm(lv[0], lv[-1])
            else:
                lv = np.linspace(finite.min(), finite.max(), levels)
                norm = None
            cs = ax.contourf(xs, ys, Z, levels=lv, cmap=SURFACE_CMAP, norm=norm, zorder=0)
            ax.contour(xs, ys, Z, levels=lv, colors="0.35", linewidths=0.5, zorder=1)
            cbar = _colorbar(ax, cs, "loss (log scale)" if norm is not None else "loss")
            cbar.set_ticks(lv[::max(1, len(lv) // 6)])
            cbar.ax.yaxis.set_major_formatter(mticker.FormatStrFormatter("%.3g"))
            cbar.ax.yaxis.set_minor_locator(mticker.NullLocator())
        if P is not None:
            ax.plot(P[0], P[1], color=OKABE_ITO["vermillion"], marker="o", ms=4, lw=1.8, mec="white",
                    mew=0.6, zorder=3, label="gradient descent", gid="gd_path")
            ok = np.flatnonzero(np.all(np.isfinite(P), axis=0))
            if ok.size:
                s, e = P[:, ok[0]], P[:, ok[-1]]
                ax.plot([s[0]], [s[1]], ls="none", marker="o", ms=11, mfc="white", mec=_TEXT, mew=2,
                        zorder=4, label="start", gid="start")
                ax.plot([e[0]], [e[1]], ls="none", marker="*", ms=16, mfc=OKABE_ITO["orange"], mec=_TEXT,
                        mew=1.2, zorder=4, label=f"end (step {P.shape[1] - 1})", gid="end")
            ax.legend(loc="upper right", fontsize=10)
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- computational graph
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
    from .regression import logistic_gradient

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
    box_w, box_h = 2.2, 1.0
    fwd_color, bwd_color = _TEXT, OKABE_ITO["vermillion"]

    def leave(cx, cy, d):
        """Where the ray from a box centre in direction d leaves the box (plus a small gap)."""
        t = min((box_w / 2) / abs(d[0]) if d[0] else np.inf, (box_h / 2) / abs(d[1]) if d[1] else np.inf)
        return np.array([cx, cy]) + (t + 0.08) * d

    def edge_points(src, dst, dy=None):
        """Start and end of an arrow between two boxes; with ``dy``, it enters dst's left side at that height."""
        (x0, y0), (x1, y1) = nodes[src][:2], nodes[dst][:2]
        end = None if dy is None else np.array([x1 - box_w / 2 - 0.08, y1 + dy])
        d = (np.array([x1, y1]) if end is None else end) - np.array([x0, y0])
        d = d / np.hypot(*d)
        start = leave(x0, y0, d)
        return start, (leave(x1, y1, -d) if end is None else end)

    with style():
        fig, ax = _new_or_clear(ax, "logistic_graph", (12.0, 5.2))
        edges = (("x", "z", 0.3), ("w", "z", 0.0), ("b", "z", -0.3), ("z", "a", 0.0), ("a", "L", 0.0),
                 ("y", "L", None))
        for src, dst, dy in edges:
            p0, p1 = edge_points(src, dst, dy)
            ax.annotate("", xy=p1, xytext=p0, gid="forward",
                        arrowprops=dict(arrowstyle="-|>", color=fwd_color, lw=1.8, mutation_scale=16))
            if src not in ("x", "y"):     # derivatives flow back to the parameters, not to the data
                d = (p1 - p0) / np.hypot(*(p1 - p0))
                # beside the forward arrow, on its right (below a level one), pulled in from the boxes
                shift = 0.2 * np.array([d[1], -d[0]])
                inset = (0.3 if abs(d[1]) > 1e-9 else 0.05) * d
                ax.annotate("", xy=p0 + shift + inset, xytext=p1 + shift - 0.05 * d, gid="backward",
                            arrowprops=dict(arrowstyle="-|>", color=bwd_color, lw=1.6, ls=(0, (3, 2)),
                                            mutation_scale=14))
        for name, (cx, cy, what, value, grad) in nodes.items():
            param = name in ("w", "b")
            ax.add_patch(mpl.patches.FancyBboxPatch(
                (cx - box_w / 2, cy - box_h / 2), box_w, box_h, boxstyle="round,pad=0,rounding_size=0.15",
                fc=_tint(OKABE_ITO["sky_blue"], 0.7) if param else "white", ec=_TEXT, lw=1.3, zorder=3,
                gid=f"node_{name}"))
            ax.text(cx, cy + 0.2, what, ha="center", va="center", fontsize=12, zorder=4)
            ax.text(cx, cy - 0.23, value, ha="center", va="center", fontsize=12, zorder=4,
                    fontweight="bold", gid=f"value_{name}")
            if grad is not None:
                ax.text(cx, cy - box_h / 2 - 0.12, f"{grad[0]} = {grad[1]}", ha="center", va="top",
                        fontsize=11.5, color=bwd_color, zorder=4, gid=f"gradient_{name}")
        handles = [Line2D([], [], color=fwd_color, lw=1.8, label="forward pass: values, left to right"),
                   Line2D([], [], color=bwd_color, lw=1.6, ls=(0, (3, 2)),
                          label="backward pass: derivatives of L, right to left")]
        ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.04), ncol=2, frameon=False)
        ax.set_xlim(-0.1, 12.4)
        ax.set_ylim(-0.6, 5.1)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title)
    return fig


# --------------------------------------------------------------------------- hidden space
def hidden_space(net, X, Y, *, ax=None, resolution=100, xlim=None, ylim=None,
                 title="Hidden layer space"):
    """Each sample at its hidden activations (a1_1, a1_2), by class, with the output's boundary.

    For an MLP whose first hidden layer has 2 units. The rest of the network
    (from a^1 to the output) is evaluated over the hidden plane and shaded as
    P(y = 1); for the usual one-hidden-layer net with one sigmoid output the
    output unit's line W2 a + b2 = 0 is drawn exactly. This is where XOR,
    not separable by a line in x, becomes separable by a line in a^1.
    """
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
    labels_ = _class_labels(Y, X.shape[1])
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

    xlim = _padded_limits(H[0], xlim, 0.15, 0.1)
    ylim = _padded_limits(H[1], ylim, 0.15, 0.1)
    _, _, G = _grid(xlim, ylim, resolution)
    with np.errstate(all="ignore"):
        P = np.asarray(rest(G), dtype=np.float64)
    exact_line = len(params) == 2 and sizes[-1] == 1 and net.output_activation == "sigmoid"
    with style():
        fig, ax = _new_or_clear(ax, "hidden_space")
        _shade_probabilities(ax, P, xlim, ylim, resolution, contour=not exact_line,
                             cbar_label="P(y = 1 | a¹)")
        _scatter_classes(ax, H, labels_)
        if exact_line:
            W2, b2 = params[1]
            seg = _segment_in_box(W2[0], float(b2[0, 0]), xlim, ylim)
            if seg is not None:
                ax.plot(seg[:, 0], seg[:, 1], color=_TEXT, lw=2.2, zorder=2, gid="output_line",
                        label=r"output: $W^{2}a^{1} + b^{2} = 0$")
        handles, names = ax.get_legend_handles_labels()
        if not exact_line and P.shape[0] <= 2:
            handles.append(Line2D([], [], color=_TEXT, lw=1.8))
            names.append("P(y = 1) = 0.5")
        ax.legend(handles, names, loc="best")
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_xlabel("$a^{1}_{1}$ (hidden unit 1)")
        ax.set_ylabel("$a^{1}_{2}$ (hidden unit 2)")
        ax.set_title(title)
    return fig



# --------------------------------------------------------------------------- one neuron, one cut
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


def _plane_in_box(w, b, lims):
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
        lims = [(-0.5, 1.5)] * n if X is None else [_padded_limits(X[d], None, 0.15, 0.3) for d in range(n)]
    elif len(lims) != n:
        raise ValueError(f"lims must give one (low, high) per input ({n}); got {len(lims)}.")
    lims = [_padded_limits(np.array([]), l) for l in lims]
    with style():
        if n == 2:
            fig, ax = _new_or_clear(ax, "neuron_cut")
            xlim, ylim = lims
            for cls, poly in ((1, _half_plane(wv, b, xlim, ylim)), (0, _half_plane(-wv, -b, xlim, ylim))):
                if poly is not None:
                    ax.add_patch(Polygon(poly, closed=True, fc=_tint(CLASS_COLORS[cls], 0.8), ec="none",
                                         zorder=0, gid=f"region_{cls}"))
            seg = _segment_in_box(wv, b, xlim, ylim)
            if seg is not None:
                ax.plot(seg[:, 0], seg[:, 1], color=_TEXT, lw=2.5, zorder=2, gid="cut",
                        label=r"$\mathbf{w}\cdot\mathbf{x} + b = 0$")
            if labels_ is not None:
                _scatter_classes(ax, X, labels_, size=80)
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
                            arrowprops=dict(arrowstyle="-|>", color=_TEXT, lw=2, mutation_scale=18))
                ax.text(*(p0 + 1.25 * d), r"$\mathbf{w}$", fontsize=14, ha="center", va="center", zorder=4)
            ax.set_xlim(xlim)
            ax.set_ylim(ylim)
            ax.set_xlabel("$x_1$")
            ax.set_ylabel("$x_2$")
            ax.set_aspect("equal", adjustable="box")
            ax.set_title(title or "A line cuts the plane in two")
            ax.legend(loc="upper right", fontsize=10)
            return fig
        # three inputs: a plane in a box
        from mpl_toolkits.mplot3d.art3d import Poly3DCollection
        if ax is None:
            fig = plt.figure(figsize=(6.4, 5.4), layout="constrained")
            ax = fig.add_subplot(projection="3d")
        else:
            _check_ax(ax)
            if getattr(ax, "name", "") != "3d":
                raise ValueError('a neuron with 3 inputs needs a 3-D axes: fig.add_subplot(projection="3d").')
            fig = _root_figure(ax)
            ax.clear()
        poly = _plane_in_box(wv, b, lims)
        if poly is not None:
            ax.add_collection3d(Poly3DCollection([poly], facecolors=[(*to_rgb(OKABE_ITO["sky_blue"]), 0.35)],
                                                 edgecolors=[_TEXT], linewidths=1.2, gid="cut"))
        if labels_ is not None:
            for c in range(int(labels_.max()) + 1):
                sel = labels_ == c
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
            ax.quiver(*p0, *d, color=_TEXT, linewidth=2, arrow_length_ratio=0.25, gid="normal")
            ax.text(*(p0 + 1.2 * d), r"$\mathbf{w}$", fontsize=14, ha="center", va="center")
        handles, names = ax.get_legend_handles_labels()
        if poly is not None:
            handles.append(Polygon([[0, 0]], fc=(*to_rgb(OKABE_ITO["sky_blue"]), 0.35), ec=_TEXT))
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
    return fig


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
            Line2D([], [], color=_TEXT, lw=2.5, label=r"the line $\mathbf{w}\cdot\mathbf{x} + b = 0$"),
            Line2D([], [], color="0.45", ls="--", lw=1.5, label="the line before the step"),
            Line2D([], [], ls="none", marker="o", ms=13, mfc="none", mec=_TEXT, mew=2.0,
                   label="the sample visited"),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=10, frameon=False)
        if title:
            fig.suptitle(title)
    return fig


__all__ += ["neuron_cut", "perceptron_frames"]


# --------------------------------------------------------------------------- 1-D function fits
def _one_in_one_out(net, name="net"):
    """The layer sizes of an MLP with one input and one output (a 1-D regression network)."""
    if not (hasattr(net, "layer_sizes") and hasattr(net, "params") and hasattr(net, "predict_proba")):
        raise TypeError(f"{name} must be a coursekit.MLP; got {type(net).__name__}.")
    sizes = list(net.layer_sizes)
    if sizes[0] != 1 or sizes[-1] != 1:
        raise ValueError(f"{name} must map one number to one number (layer_sizes [1, ..., 1]); "
                         f"got layer_sizes={sizes}.")
    return sizes


def function_fit(net, x, y, *, target=None, ax=None, resolution=400, xlim=None, ylim=None,
                 title="Network output against the target", label="network $\\hat{y}(x)$",
                 points_label="training points"):
    """A 1-D network's output ``y_hat(x)`` over its training points, with the target curve.

    Parameters
    ----------
    net : MLP with ``layer_sizes`` ``[1, ..., 1]`` (for regression: a linear output).
    x, y : (1, m) arrays, the training inputs and targets, one sample per column.
    target : callable, optional
        ``f(x)`` for an array ``x`` of shape (1, k); drawn dashed over the data's range.
    xlim : (low, high), optional
        The stretch of x to draw the network and the target over; default: the points' range.
    ylim : (low, high), optional
        Default: the targets plus a margin, kept fixed so that a diverged
        network leaves the view instead of squashing the target flat.
    label, points_label : str
        Legend entries for the network's curve and for the points ``(x, y)``.
    """
    _one_in_one_out(net)
    x = as_matrix(x, "x", rows=1, what="(1, m)")
    y = as_matrix(y, "y", rows=1, what="(1, m)")
    same_samples(x, y, "x", "y")
    if target is not None and not callable(target):
        raise TypeError(f"target must be a function f(x) of a (1, k) array; got {type(target).__name__}.")
    resolution = number(resolution, "resolution", low=2, high=100000, integer=True)
    xlim = _padded_limits(x[0], xlim) if xlim is not None else (float(x.min()), float(x.max()))
    if not xlim[1] > xlim[0]:
        xlim = (xlim[0] - 0.5, xlim[1] + 0.5)                  # a single point: some room around it
    xs = np.linspace(xlim[0], xlim[1], resolution)[None, :]
    with np.errstate(all="ignore"):
        pred = np.asarray(net.predict_proba(xs), dtype=np.float64)[0]
    ylim = _padded_limits(y[0], ylim, 0.12, 0.15)
    with style():
        fig, ax = _new_or_clear(ax, "function_fit")
        ax.scatter(x[0], y[0], s=16, color="0.45", edgecolors="white", linewidths=0.4, zorder=5,
                   label=points_label, gid="samples")   # on top: the fit must not hide the data
        if target is not None:
            with np.errstate(all="ignore"):
                f = np.asarray(target(xs), dtype=np.float64).reshape(-1)
            ax.plot(xs[0], f, color=_TEXT, ls="--", lw=1.8, zorder=3, label="target $f(x)$", gid="target")
        shown = np.where(np.isfinite(pred), np.clip(pred, -_DISPLAY_MAX, _DISPLAY_MAX), np.nan)
        ax.plot(xs[0], shown, color=OKABE_ITO["blue"], lw=2.6, zorder=4, label=label, gid="fit")
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.grid(True)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        ax.set_title(title)
        ax.legend(loc="best", fontsize=10)
    return fig


def hidden_contributions(net, *, xlim=(-1.0, 1.0), ax=None, resolution=400,
                         title="What each hidden unit adds"):
    """The pieces a one-hidden-layer network adds up: ``w^2_j a^1_j(x)`` for every hidden unit j.

    For an MLP ``[1, n, 1]``: hidden unit j outputs ``a^1_j(x) = g(w^1_j x + b^1_j)``
    and passes on ``w^2_j a^1_j(x)``; the output is the sum of those pieces plus
    ``b^2`` (a linear output). Each piece is a thin line (coloured by unit, in
    order), the output a thick one, ``b^2`` a dotted level.
    """
    sizes = _one_in_one_out(net)
    if len(sizes) != 3:
        raise ValueError(f"hidden_contributions draws a network with exactly one hidden layer, "
                         f"[1, n, 1]; got layer_sizes={sizes}.")
    lo = number(xlim[0], "xlim[0]")
    hi = number(xlim[1], "xlim[1]", low=lo, low_open=True)
    resolution = number(resolution, "resolution", low=2, high=100000, integer=True)
    (W1, b1), (W2, b2) = net.params
    g = _act.get(net.hidden_activation)[0]
    g_out = _act.get(net.output_activation)[0]
    xs = np.linspace(lo, hi, resolution)[None, :]
    with np.errstate(all="ignore"):
        pieces = W2.T * g(W1 @ xs + b1)                       # (n, k): w^2_j a^1_j(x)
        out = g_out(pieces.sum(axis=0) + b2[0, 0])            # y_hat = g(sum_j w^2_j a^1_j + b^2)
    n = sizes[1]
    cmap = mpl.colormaps["cividis"]
    shown = lambda v: np.where(np.isfinite(v), np.clip(v, -_DISPLAY_MAX, _DISPLAY_MAX), np.nan)
    with style():
        fig, ax = _new_or_clear(ax, "hidden_contributions")
        ax.axhline(0.0, color="0.75", lw=0.8, zorder=0)
        # Few units: distinct palette colours (blue is kept for the output); many: cividis in order.
        colors = (PALETTE[1:1 + n] if n <= len(PALETTE) - 2 else
                  [cmap(0.05 + 0.75 * j / max(n - 1, 1)) for j in range(n)])
        for j, p in enumerate(pieces):
            ax.plot(xs[0], shown(p), color=colors[j], lw=1.4, alpha=0.9, zorder=2, gid=f"piece_{j + 1}")
        ax.axhline(float(b2[0, 0]) if np.isfinite(b2[0, 0]) else 0.0, color="0.35", ls=":", lw=1.5,
                   zorder=1, gid="output_bias")
        ax.plot(xs[0], shown(out), color=OKABE_ITO["blue"], lw=2.6, zorder=3, gid="output")
        values = np.concatenate([pieces.ravel(), out, [float(b2[0, 0])]])
        ylim = _padded_limits(np.clip(values, -1e6, 1e6), None, 0.08, 0.1)
        ylim = (ylim[0], ylim[1] + 0.45 * (ylim[1] - ylim[0]))   # an empty band on top for the legend
        ax.set_xlim(lo, hi)
        ax.set_ylim(ylim)
        ax.grid(True)
        handles = [Line2D([], [], color=colors[0], lw=1.4,
                          label=f"each unit's share $w^{{2}}_{{j}}\\,a^{{1}}_{{j}}(x)$ ({n} unit{'s' if n != 1 else ''})"),
                   Line2D([], [], color="0.35", ls=":", lw=1.5, label="output bias $b^{2}$"),
                   Line2D([], [], color=OKABE_ITO["blue"], lw=2.6, label="output $\\hat{y}(x)$ = shares + $b^{2}$")]
        ax.legend(handles=handles, loc="upper left", fontsize=10)
        ax.set_xlabel("$x$")
        ax.set_ylabel("contribution to $\\hat{y}$")
        ax.set_title(title)
    return fig


__all__ += ["function_fit", "hidden_contributions"]


# --------------------------------------------------------------------------- cost of backprop
_COST_LINES = {  # which -> [(attribute(s), colour, marker, legend label), ...]
    "passes": [(("forward",), OKABE_ITO["blue"], "o", "one forward pass"),
               (("backward",), OKABE_ITO["orange"], "s", "one backward pass (backprop)")],
    "gradient": [(("forward", "backward"), OKABE_ITO["orange"], "s", "backprop (forward + backward)"),
                 (("finite_differences",), OKABE_ITO["vermillion"], "^", "centred differences")],
}


class _CountFormatter(mticker.Formatter):
    """Counts as short tick labels, one unit per axis: 0, 2,500, 5,000 on a small axis and
    0, 40k, 80k, 120k once the largest tick reaches 10,000 (M from 10 million). Narrow
    labels keep three panels side by side from colliding."""

    def format_ticks(self, values):
        top = max((abs(v) for v in values), default=0.0)
        return [self._label(v, top) for v in values]

    def __call__(self, value, pos=None):
        return self._label(value, abs(value))

    @staticmethod
    def _label(value, top):
        if value == 0:
            return "0"
        for size, scale, suffix in ((1e7, 1e6, "M"), (1e4, 1e3, "k")):
            if top >= size:
                return f"{value / scale:,.4g}{suffix}"
        return f"{value:,.0f}"


def pass_costs(costs, *, which="passes", chosen=None, ax=None, title=None):
    """Multiply-adds per sample against depth, from ``experiments.backprop_cost`` results.

    ``costs`` is a sequence of results (one per depth; anything with
    ``.depth``, ``.m``, ``.forward``, ``.backward`` and
    ``.finite_differences``). ``which="passes"`` draws one forward and one
    backward pass on a linear scale (both grow in proportion to the number of
    weights, backward about twice forward); ``which="gradient"`` draws the
    whole gradient by backprop against the gradient by centred differences on
    a log scale. ``chosen`` (one of the depths) is marked.
    """
    costs = list(costs)
    if not costs or not all(hasattr(c, "finite_differences") and hasattr(c, "depth") for c in costs):
        raise TypeError("costs must be a non-empty sequence of experiments.backprop_cost(...) results.")
    choice(which, "which", _COST_LINES)
    depths = np.array([c.depth for c in costs])
    if chosen is not None and chosen not in depths:
        raise ValueError(f"chosen must be one of the depths drawn ({depths.min()}..{depths.max()}); got {chosen!r}.")
    log = which == "gradient"
    curves = tuple(np.array([sum(getattr(c, a) for a in attrs) / c.m for c in costs], dtype=np.float64)
                   for attrs, *_ in _COST_LINES[which])
    # The same curves with another depth chosen (a widget's depth slider): move the marks only.
    signature = (which, depths, curves, chosen is None)
    kept = _reusable(ax, "pass_costs", signature)
    if kept is not None:
        _remove_artists(ax, keep=_flat(kept))
        if chosen is not None:
            i = list(depths).index(chosen)
            for mark, values in zip(kept["marks"], curves):
                mark.set_data([chosen], [values[i]])
            kept["line"].set_xdata([chosen, chosen])
        with style():
            ax.set_title(title or ("One pass, by depth" if not log else "The whole gradient, by depth"))
        return _root_figure(ax)
    with style():
        fig, ax = _new_or_clear(ax, "pass_costs")
        kept = {"curves": [], "marks": [], "line": None}
        for (attrs, color, marker, label), values in zip(_COST_LINES[which], curves):
            kept["curves"] += ax.plot(depths, values, color=color, marker=marker, ms=5, label=label, gid=attrs[-1])
            if chosen is not None:
                v = values[list(depths).index(chosen)]
                kept["marks"] += ax.plot([chosen], [v], ls="none", marker=marker, ms=12, mfc=color, mec=_TEXT,
                                         mew=1.2, zorder=4, gid=f"chosen_{attrs[-1]}")
        if chosen is not None:
            kept["line"] = ax.axvline(chosen, color="0.45", ls=":", lw=1.5, gid="chosen")
        _set_yscale(ax, log)
        if log:   # one tick per decade and no minor ticks: quicker to draw, as easy to read
            lowest = min(min(sum(getattr(c, a) for a in attrs) / c.m for c in costs)
                         for attrs, *_ in _COST_LINES[which])
            highest = max(c.finite_differences / c.m for c in costs)
            ax.set_ylim(max(lowest, 1.0) / 100.0, 3.0 * highest)     # room for the legend below the curves
            ax.yaxis.set_major_locator(mticker.LogLocator(base=10, numticks=12))
            ax.yaxis.set_minor_locator(mticker.NullLocator())
        else:
            ax.set_ylim(0, None)
            ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
            ax.yaxis.set_major_formatter(_CountFormatter())
        ax.set_xlim(depths.min() - 0.5, depths.max() + 0.5)
        ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.grid(True)
        ax.set_xlabel("depth (hidden layers)")
        ax.set_ylabel("multiply-adds per sample" + (" (log scale)" if log else ""))
        ax.set_title(title or ("One pass, by depth" if not log else "The whole gradient, by depth"))
        kept["legend"] = ax.legend(loc="lower right" if log else "upper left", fontsize=10)
        _remember(ax, signature, kept)
    return fig


def layer_costs(cost, *, ax=None, title=None):
    """Multiply-adds per sample of each layer, forward against backward, for one network.

    ``cost`` is one ``experiments.backprop_cost`` result. Backward costs twice
    the forward pass in every layer but the first, which sends no error term
    back to the inputs.
    """
    if not hasattr(cost, "forward_layers") or not hasattr(cost, "backward_layers"):
        raise TypeError(f"cost must be an experiments.backprop_cost(...) result; got {type(cost).__name__}.")
    fwd = np.asarray(cost.forward_layers, dtype=np.float64) / cost.m
    bwd = np.asarray(cost.backward_layers, dtype=np.float64) / cost.m
    L = fwd.size
    x = np.arange(1, L + 1)
    width = 0.4
    with style():
        fig, ax = _new_or_clear(ax, "layer_costs")
        ax.bar(x - width / 2, fwd, width, color=OKABE_ITO["blue"], edgecolor=_TEXT, linewidth=0.6,
               label="forward: $W^l a^{l-1}$", gid="forward")
        ax.bar(x + width / 2, bwd, width, color=OKABE_ITO["orange"], edgecolor=_TEXT, linewidth=0.6,
               label="backward: $\\delta^l (a^{l-1})^T$ and $(W^l)^T \\delta^l$", gid="backward")
        step = max(1, int(np.ceil(L / 11)))
        ax.set_xticks(x[::step])
        ax.set_xlim(0.4, L + 0.6)
        ax.set_ylim(0, 1.35 * max(float(bwd.max()), 1.0))        # headroom for the legend
        ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(_CountFormatter())
        ax.grid(True, axis="y")
        ax.set_xlabel("layer l")
        ax.set_ylabel("multiply-adds per sample")
        ax.set_title(title or f"Layer by layer: {L} layer{'s' if L != 1 else ''} of weights")
        ax.legend(loc="upper center", fontsize=10)
    return fig


# --------------------------------------------------------------------------- descent in 1-D
def descent_1d(f, paths, *, xlim=(-2.5, 2.5), ax=None, title="Where each method ends",
               xlabel="$w$", ylabel="loss $f(w)$"):
    """A 1-D loss curve with the positions each method visited and where it stopped.

    ``f`` is a function of an array of ``w``; ``paths`` is a dict
    ``{label: (k,) positions}`` (all from the same start). Each path's visits
    are shown as a strip of ticks under the curve (dark where it lingered),
    its end as a star on the curve; the common start is a white circle.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of w; got {type(f).__name__}.")
    if not isinstance(paths, dict) or not paths:
        raise TypeError("paths must be a non-empty dict {label: positions}.")
    paths = {str(k): _vector(v, f"paths[{k!r}]") for k, v in paths.items()}
    xlim = (number(xlim[0], "xlim[0]"), number(xlim[1], "xlim[1]"))
    if not xlim[1] > xlim[0]:
        raise ValueError(f"xlim must be (low, high) with low < high; got {xlim!r}.")
    ws = np.linspace(xlim[0], xlim[1], 400)
    with np.errstate(all="ignore"):
        fs = np.asarray(f(ws), dtype=np.float64)
    lo, hi = float(np.nanmin(fs)), float(np.nanmax(fs))
    span = hi - lo if hi > lo else 1.0
    row = 0.08 * span                                            # height of one strip of ticks
    top = hi + 0.35 * span                                       # room for the legend
    visits, ends = [], []                                        # per path: its ticks, its end (or None)
    for i, p in enumerate(paths.values()):
        y0 = lo - (i + 1.2) * row * 1.3
        ok = p[np.isfinite(p)]
        ticks = np.empty((ok.size, 2, 2))                       # one short vertical segment per visit
        ticks[:, :, 0] = ok[:, None]
        ticks[:, 0, 1], ticks[:, 1, 1] = y0 - row / 2, y0 + row / 2
        visits.append(ticks)
        ends.append(float(ok[-1]) if ok.size else None)
    starts = [p[0] for p in paths.values() if p.size and np.isfinite(p[0])]
    start = float(starts[0]) if starts else None
    # Other paths over the same curve (a widget's sliders): move the ticks and the markers only.
    signature = (f, xlim, tuple(paths), tuple(e is None for e in ends), start is None)
    kept = _reusable(ax, "descent_1d", signature)
    if kept is not None:
        _remove_artists(ax, keep=_flat(kept))
        for collection, ticks in zip(kept["visits"], visits):
            collection.set_segments(ticks)
        for marker, end in zip(kept["ends"], [e for e in ends if e is not None]):
            marker.set_data([end], [float(f(np.array(end)))])
        if start is not None:
            kept["start"].set_data([start], [float(f(np.array(start)))])
        with style():
            ax.set_xlabel(xlabel)
            ax.set_ylabel(ylabel)
            ax.set_title(title)
        return _root_figure(ax)
    with style():
        fig, ax = _new_or_clear(ax, "descent_1d")
        kept = {"curve": ax.plot(ws, fs, color="0.35", lw=2.2, zorder=2, label="loss", gid="curve")[0],
                "visits": [], "ends": [], "start": None}
        for i, (label, ticks, end) in enumerate(zip(paths, visits, ends)):
            color = PALETTE[i % len(PALETTE)]
            kept["visits"].append(ax.add_collection(LineCollection(
                ticks, colors=color, alpha=0.25, linewidths=1.2, zorder=1, gid=f"visits_{i}")))
            if end is not None:
                kept["ends"] += ax.plot([end], [float(f(np.array(end)))], ls="none", marker="*", ms=17, mfc=color,
                                        mec=_TEXT, mew=1.0, zorder=4, label=label, gid=f"end_{i}")
        if start is not None:
            kept["start"] = ax.plot([start], [float(f(np.array(start)))], ls="none", marker="o", ms=11,
                                    mfc="white", mec=_TEXT, mew=2, zorder=5, label="start", gid="start")[0]
        ax.set_xlim(xlim)
        ax.set_ylim(lo - (len(paths) + 0.8) * row * 1.3, top)
        ax.yaxis.set_major_locator(mticker.MaxNLocator(5))
        ax.set_yticks([t for t in ax.get_yticks() if lo - 0.05 * span <= t <= hi + 0.05 * span])
        ax.grid(True)
        kept["label"] = ax.text(0.005, (lo - 0.6 * row * 1.3 - ax.get_ylim()[0]) / (top - ax.get_ylim()[0]),
                                "visited:", transform=ax.transAxes, fontsize=9, color="0.3", va="bottom",
                                gid="visits_label")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        kept["legend"] = ax.legend(loc="upper center", fontsize=10, ncol=3, handletextpad=0.3, columnspacing=1.0)
        _remember(ax, signature, kept)
    return fig


def positions_over_steps(paths, *, marks=None, ylim=None, ax=None, title="Position at every step",
                         ylabel="$w$"):
    """Each method's position ``w`` against the step number, with reference levels.

    ``paths`` is a dict ``{label: (k,) positions}``; ``marks`` an optional dict
    ``{label: w}`` drawn as dotted horizontal lines (the minima, say) and
    named in the legend; ``ylim`` the range of ``w`` shown (room is added on
    top for the legend).
    """
    if not isinstance(paths, dict) or not paths:
        raise TypeError("paths must be a non-empty dict {label: positions}.")
    paths = {label: _vector(p, f"paths[{label!r}]") for label, p in paths.items()}
    n = max([1] + [p.size for p in paths.values()])
    marks = dict(marks or {})
    # Other paths with the same labels and marks (a widget's sliders): new line data only.
    signature = (tuple(paths), tuple(marks.items()), None if ylim is None else tuple(ylim))
    kept = _reusable(ax, "positions_over_steps", signature)
    with style():
        if kept is not None:
            fig = _root_figure(ax)
            _remove_artists(ax, keep=_flat(kept))
            for line, p in zip(kept["paths"], paths.values()):
                line.set_data(np.arange(p.size), p)
            if ylim is None:
                ax.relim()
                ax.autoscale_view()
        else:
            fig, ax = _new_or_clear(ax, "positions_over_steps")
            kept = {"paths": [ax.plot(np.arange(p.size), p, color=PALETTE[i % len(PALETTE)], lw=1.4, label=label,
                                      gid=f"path_{i}")[0] for i, (label, p) in enumerate(paths.items())],
                    # marks above the paths: a path that settles on a minimum must not hide its line
                    "marks": [ax.axhline(w, color=_TEXT, ls=ls, lw=1.3, zorder=3, label=label, gid="mark")
                              for (label, w), ls in zip(marks.items(), (":", "--", "-."))]}
            if ylim is not None:
                span = ylim[1] - ylim[0]
                ax.set_ylim(ylim[0] - 0.03 * span, ylim[1] + 0.4 * span)
            ax.grid(True)
            kept["legend"] = ax.legend(loc="upper center", fontsize=10, ncol=3, handletextpad=0.3,
                                       columnspacing=1.0)
            _remember(ax, signature, kept)
        ax.set_xlim(0, n - 1)
        ax.set_xlabel("step")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
    return fig


__all__ += ["pass_costs", "layer_costs", "descent_1d", "positions_over_steps"]


# --------------------------------------------------------------------------- generalisation (chapter 06)
def polynomial_curve(run, *, ax=None, ylim=(-2.0, 2.0), title=None, show_validation=True):
    """A polynomial fitted to a few noisy points, against the curve they came from.

    ``run`` is an ``experiments.PolynomialRun``: its training points (filled
    circles), validation points (small grey dots, unless ``show_validation``
    is False), the true curve ``sin(pi x)`` (dashed) and the fitted
    polynomial (solid). The view is fixed at ``ylim``, so a wild
    high-degree polynomial leaves it instead of squashing everything else.
    """
    missing = [a for a in ("x", "y", "x_val", "y_val", "degree", "predict") if not hasattr(run, a)]
    if missing:
        raise TypeError(f"run must be a PolynomialRun from experiments.polynomial_run; got "
                        f"{type(run).__name__}, which lacks {', '.join(missing)}.")
    lo, hi = number(ylim[0], "ylim[0]"), number(ylim[1], "ylim[1]")
    if not hi > lo:
        raise ValueError(f"ylim must be (low, high) with low < high; got {tuple(ylim)!r}.")
    xs = np.linspace(-1.0, 1.0, 400)[None, :]
    with np.errstate(all="ignore"):
        fit = np.asarray(run.predict(xs), dtype=np.float64)[0]
    fit = np.where(np.isfinite(fit), np.clip(fit, -_DISPLAY_MAX, _DISPLAY_MAX), np.nan)
    with style():
        fig, ax = _new_or_clear(ax, "polynomial_curve")
        if show_validation:
            ax.scatter(run.x_val[0], run.y_val[0], s=10, color="0.65", zorder=2, label="validation points",
                       gid="validation")
        ax.plot(xs[0], np.sin(np.pi * xs[0]), color=_TEXT, ls="--", lw=1.6, zorder=3,
                label=r"true curve $\sin(\pi x)$", gid="target")
        ax.plot(xs[0], fit, color=OKABE_ITO["orange"], lw=2.6, zorder=4, label=f"degree {run.degree} fit",
                gid="fit")
        ax.scatter(run.x[0], run.y[0], s=46, color=OKABE_ITO["blue"], edgecolors="white", linewidths=0.8,
                   zorder=5, label="training points", gid="training")
        ax.set_xlim(-1.05, 1.05)
        ax.set_xticks([-1.0, -0.5, 0.0, 0.5, 1.0])
        ax.set_ylim(lo, hi)
        ax.grid(True)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        if title is None and hasattr(run, "train_error"):
            title = (f"Degree {run.degree}: training error {_error_text(run.train_error)},\n"
                     f"validation error {_error_text(run.val_error)}")
        ax.set_title(title or f"Degree {run.degree}")
        ax.legend(loc="lower right", fontsize=10)
    return fig


def _error_text(e):
    """An error for a title: 3 significant figures, or "≈ 0" for rounding-level values."""
    return "≈ 0" if abs(e) < 1e-6 else f"{e:.3g}"


def capacity_curve(capacity, train, val, *, current=None, ax=None, log=True, xlabel="capacity",
                   ylabel="error", title="Training against validation error"):
    """Training (solid) and validation (dashed) error against a model's capacity.

    ``capacity`` is the x axis (polynomial degree, hidden units, ...), and
    ``train``, ``val`` the errors there, all of the same length. A star marks
    the lowest validation error and a dotted line the ``current`` setting.
    On the log scale, errors far below the lowest validation error (a
    polynomial through every training point has training error ~1e-30) are
    drawn at the bottom edge and a note says so.
    """
    cap = _vector(capacity, "capacity")
    tr = _vector(train, "train")
    va = _vector(val, "val")
    if not (cap.size == tr.size == va.size) or cap.size == 0:
        raise ValueError(f"capacity, train and val must have the same non-zero length; got "
                         f"{cap.size}, {tr.size} and {va.size}.")
    best = int(np.nanargmin(np.where(np.isfinite(va), va, np.nan))) if np.any(np.isfinite(va)) else None
    note = None
    if log:
        pos = np.concatenate([tr[np.isfinite(tr) & (tr > 0)], va[np.isfinite(va) & (va > 0)]])
        low = float(np.min(va[np.isfinite(va) & (va > 0)], initial=np.inf))
        floor = 10.0 ** np.floor(np.log10(low / 30.0)) if np.isfinite(low) else (
            float(pos.min()) if pos.size else 1e-3)
        shown_tr = np.where(np.isfinite(tr), np.maximum(tr, floor), np.nan)
        shown_va = np.where(np.isfinite(va), np.maximum(va, floor), np.nan)
        if np.any(np.isfinite(tr) & (tr < floor)):
            note = f"training error below {floor:.0e}\nis drawn at the bottom edge"
    else:
        shown_tr, shown_va = tr, va
    with style():
        fig, ax = _new_or_clear(ax, "capacity_curve")
        ax.plot(cap, shown_tr, color=PALETTE[0], marker="o", ms=5, label="training", gid="training")
        ax.plot(cap, shown_va, color=PALETTE[1], ls="--", marker="s", ms=5, label="validation",
                gid="validation")
        if best is not None:
            ax.scatter([cap[best]], [shown_va[best]], marker="*", s=260, color=OKABE_ITO["bluish_green"],
                       edgecolors=_TEXT, linewidths=0.8, zorder=5,
                       label=f"lowest validation error ({cap[best]:g})", gid="best")
        if current is not None:
            ax.axvline(number(current, "current"), color="0.35", ls=":", lw=1.8, zorder=1,
                       label=f"current ({current:g})", gid="current")
        _set_yscale(ax, log)
        if log:
            ax.yaxis.set_minor_locator(mticker.NullLocator())     # decades are enough, and cheaper to draw
            top = float(np.nanmax(np.concatenate([shown_tr, shown_va])))
            top = top * 1.5 if np.isfinite(top) else 1.0
            # The curves fill the lower 78%; the legend's two rows get the band above them.
            ax.set_ylim(floor, floor * (top / floor) ** (1 / 0.78))
        else:
            both = np.concatenate([shown_tr, shown_va])
            both = both[np.isfinite(both)]
            if both.size:
                lo, hi = min(float(both.min()), 0.0), float(both.max())
                ax.set_ylim(lo, lo + 1.05 * (hi - lo) / 0.78 if hi > lo else lo + 1.0)
        if note:
            ax.text(0.02, 0.02, note, transform=ax.transAxes, ha="left", va="bottom", fontsize=10,
                    color="0.3", gid="floor_note",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        if np.all(cap == np.round(cap)):
            ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.grid(True)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(f"{ylabel} (log scale)" if log else ylabel)
        ax.set_title(title)
        ax.legend(loc="upper left", fontsize=10, ncol=2, columnspacing=1.0)
    return fig


def _weights_of(model, name):
    if isinstance(model, np.ndarray):
        return model.ravel().astype(np.float64)
    params = getattr(model, "params", model)
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"{name} must be an MLP, a list of (W, b) pairs or an array of weights; "
                        f"got {type(model).__name__}.")
    return np.concatenate([np.asarray(pair[0], dtype=np.float64).ravel() for pair in params])


def weight_histograms(models, *, threshold=0.01, ax=None, title="How large are the weights?"):
    """How many weights of each network have each size, |w| on a log axis.

    ``models`` is a dict ``{label: MLP, [(W, b), ...] or array of weights}``;
    biases are left out. The log axis spreads out the small weights, where
    L1 and L2 differ most: everything left of the dotted ``threshold`` line is
    practically zero (|w| below 1e-5 is counted in the first bin). The legend
    gives each network's count below the threshold.
    """
    if not isinstance(models, dict) or not models:
        raise TypeError("models must be a non-empty dict {label: network or weights}.")
    threshold = number(threshold, "threshold", low=0.0, low_open=True)
    weights = {str(k): _weights_of(v, f"models[{k!r}]") for k, v in models.items()}
    mags = np.concatenate([np.abs(w[np.isfinite(w)]) for w in weights.values()])
    hi = max(float(mags.max()) if mags.size else 1.0, 10 * threshold)
    edges = np.logspace(-5, np.ceil(np.log10(hi) * 4) / 4, 41)
    with style():
        fig, ax = _new_or_clear(ax, "weight_histograms")
        ax.axvspan(edges[0], threshold, color="0.93", zorder=0, gid="near_zero_band")
        ax.axvline(threshold, color="0.35", ls=":", lw=1.6, zorder=1, gid="threshold")
        top = 1.0
        for i, (label, w) in enumerate(weights.items()):
            a = np.clip(np.abs(w[np.isfinite(w)]), edges[0], None)
            small = int(np.sum(np.abs(w) < threshold))
            counts, _, _ = ax.hist(a, bins=edges, histtype="step", lw=2.2, color=PALETTE[i % len(PALETTE)],
                                   label=f"{label}: {small} of {w.size} below {threshold:g}", gid=f"hist_{i}")
            top = max(top, float(np.max(counts)))
        ax.set_xscale("log")
        ax.set_xlim(edges[0], edges[-1])
        ax.set_ylim(0, top * (1.25 + 0.12 * len(weights)))      # headroom: the legend sits above the bars
        ax.grid(True, axis="y")
        ax.set_xlabel("size of the weight |w| (log scale)")
        ax.set_ylabel("number of weights")
        ax.set_title(title)
        ax.text(0.02, 0.97, "practically\nzero", transform=ax.transAxes, ha="left", va="top", fontsize=10,
                color="0.3", gid="near_zero_label",
                bbox=dict(boxstyle="round,pad=0.2", fc="0.93", ec="none"))
        ax.legend(loc="upper right", fontsize=10)
    return fig


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
    _, _, G = _grid(xlim, ylim, resolution)
    n = len(scales)
    with style():
        fig, axes = plt.subplots(1, n + 1, figsize=(4.2 * (n + 1), 4.2), layout="constrained")
        for ax, s in zip(axes[:n], scales):
            _tidy(ax)
            P = _act.sigmoid(s * (w @ G + b))[None, :]     # P(y = 1 | x) = sigmoid(s (w . x + b))
            _shade_probabilities(ax, P, xlim, ylim, resolution, colorbar=False)
            line = foot[:, None] + np.outer(u, t)
            ax.plot(line[0], line[1], color=OKABE_ITO["reddish_purple"], ls=":", lw=2.2, gid="crossing")
            ax.set_xlim(xlim)
            ax.set_ylim(ylim)
            ax.set_aspect("equal")
            ax.set_xlabel("$x_1$")
            ax.set_ylabel("$x_2$")
            ax.set_title(f"$z = {_linear_text(s * w, s * b)}$")
        ax = axes[n]
        _tidy(ax)
        dist = np.linalg.norm(w)
        for i, s in enumerate(scales):
            ax.plot(t, _act.sigmoid(s * dist * t), color=PALETTE[i % len(PALETTE)], lw=2.4,
                    label=f"$z = {_linear_text(s * w, s * b)}$", gid=f"profile_{i}")
        ax.axvline(0.0, color=_TEXT, lw=1.2, gid="boundary")
        ax.axhline(0.5, color="0.6", lw=0.8, ls="--")
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-0.03, 1.03)
        ax.grid(True)
        ax.set_xlabel("signed distance from the boundary\n(along the dotted line)")
        ax.set_ylabel(r"$\sigma(z)$ = P(y = 1 | x)")
        ax.set_title("Output along the dotted line")
        ax.legend(loc="upper left", fontsize=10)
    return fig


def _linear_text(w, b):
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


def penalty_shapes(l2=1.0, l1=1.0, *, w_range=(-2.0, 2.0)):
    """The L2 and L1 penalties on one weight, and their gradients (the pull towards 0).

    Left: ``(l2 / 2) w^2`` and ``l1 |w|``. Right: their derivatives ``l2 w``
    (a pull that fades as w nears 0) and ``l1 sign(w)`` (the same pull
    however small w is). Returns the figure.
    """
    l2 = number(l2, "l2", low=0.0)
    l1 = number(l1, "l1", low=0.0)
    lo, hi = number(w_range[0], "w_range[0]"), number(w_range[1], "w_range[1]")
    if not hi > lo:
        raise ValueError(f"w_range must be (low, high) with low < high; got {tuple(w_range)!r}.")
    wv = np.linspace(lo, hi, 401)
    c2, c1 = PALETTE[0], PALETTE[1]
    with style():
        fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10.5, 3.9), layout="constrained")
        for ax in (ax0, ax1):
            _tidy(ax)
            ax.axhline(0.0, color="0.7", lw=0.8)
            ax.axvline(0.0, color="0.7", lw=0.8)
            ax.grid(True)
            ax.set_xlim(lo, hi)
            ax.set_xlabel("weight $w$")
        ax0.plot(wv, 0.5 * l2 * wv ** 2, color=c2, lw=2.4, label=rf"L2: $\frac{{\lambda}}{{2}} w^2$, $\lambda$ = {l2:g}")
        ax0.plot(wv, l1 * np.abs(wv), color=c1, lw=2.4, ls="--", label=rf"L1: $\lambda |w|$, $\lambda$ = {l1:g}")
        ax0.set_ylabel("penalty added to the cost")
        ax0.set_title("The penalty")
        ax0.legend(loc="upper center", fontsize=10)
        ax1.plot(wv, l2 * wv, color=c2, lw=2.4, label=r"L2: $\lambda w$")
        neg, pos = wv < 0, wv > 0
        ax1.plot(wv[neg], -l1 * np.ones(neg.sum()), color=c1, lw=2.4, ls="--", label=r"L1: $\lambda\,\mathrm{sign}(w)$")
        ax1.plot(wv[pos], l1 * np.ones(pos.sum()), color=c1, lw=2.4, ls="--")
        ax1.set_ylabel("its gradient, added to $\\partial C/\\partial w$")
        ax1.set_title("Its gradient: how hard it pulls w to 0")
        ax1.legend(loc="upper left", fontsize=10)
    return fig


__all__ += ["polynomial_curve", "capacity_curve", "weight_histograms", "weight_scale", "penalty_shapes"]
