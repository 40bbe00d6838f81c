"""The course style: the Okabe-Ito palette, colormaps, rcParams, and the helpers every figure uses."""
from __future__ import annotations

from contextlib import contextmanager
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_rgb


__all__ = ["OKABE_ITO", "PALETTE", "CLASS_COLORS", "CLASS_MARKERS", "SIGN_COLORS", "ZERO_COLOR", "tint",
           "PROB_CMAP", "SURFACE_CMAP", "STYLE", "TICK_SIZE", "DISPLAY_MAX", "TEXT_COLOR", "style", "subplots",
           "root_figure", "freeze_layout", "tidy", "check_ax", "set_yscale", "attach_colorbar", "fixed_figure"]


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


def tint(color, amount):
    """Mix ``color`` with white: amount 0 is the colour, 1 is white."""
    rgb = np.array(to_rgb(color))
    return tuple(rgb + (1.0 - rgb) * amount)


#: Diverging colormap for P(y = 1): light vermillion -> white -> light blue. Colour-blind safe
#: (its two poles are Okabe-Ito colours that differ in hue and in lightness).
PROB_CMAP = LinearSegmentedColormap.from_list(
    "coursekit_prob", [tint(CLASS_COLORS[0], 0.45), (1.0, 1.0, 1.0), tint(CLASS_COLORS[1], 0.45)])


#: Sequential colormap for loss surfaces: white (low) -> sky blue -> blue (high).
SURFACE_CMAP = LinearSegmentedColormap.from_list(
    "coursekit_surface", [(1.0, 1.0, 1.0), tint(OKABE_ITO["sky_blue"], 0.35), OKABE_ITO["blue"]])


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


TICK_SIZE = 11


DISPLAY_MAX = 1e300


TEXT_COLOR = "#222222"


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
            tidy(a)
    return fig, axes


def root_figure(ax):
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


def tidy(ax):
    # Ticks are made lazily, at draw time, and read rcParams then (outside style()): after
    # ax.clear() they would fall back to the global defaults. Fix their look on the axes now.
    ax.tick_params(labelsize=TICK_SIZE, grid_color=STYLE["grid.color"],
                   grid_linewidth=STYLE["grid.linewidth"])
    ax.set_axisbelow(True)
    return ax


def check_ax(ax, name="ax"):
    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes (for example from plots.subplots()); "
                        f"got {type(ax).__name__}.")
    return ax


def set_yscale(ax, log):
    want = "log" if log else "linear"
    if ax.get_yscale() != want:      # switching scales rebuilds the ticks: only when it changes
        ax.set_yscale(want, **({"nonpositive": "mask"} if log else {}))


def attach_colorbar(ax, mappable, label):
    """Add a colorbar for ``mappable`` beside ``ax``; it goes with the mappable (see
    ``drawing.remove_colorbars``), so redraws do not pile colorbars up."""
    cbar = ax.figure.colorbar(mappable, ax=ax, fraction=0.05, pad=0.02)
    cbar.set_label(label)
    cbar.ax.tick_params(labelsize=TICK_SIZE)
    return cbar


def fixed_figure(width, height, ncols=1, nrows=1, *, dpi=100, canvas=None, left=0.8, right=0.3, top=0.8,
                 bottom=0.75, wspace=0.9, hspace=0.9):
    """A Figure outside pyplot (so it is never left open) and its axes as a flat list, in the
    course style, with margins and gaps fixed in inches.

    An automatic layout engine would re-measure every label on every redraw (as long as the
    drawing itself), and a layout solved once and frozen clips a title that later grows.
    ``canvas``: the canvas class to attach (default Agg's).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with style():
        figure = Figure(figsize=(width, height), dpi=dpi)
        (canvas or FigureCanvasAgg)(figure)
        axes = figure.subplots(nrows, ncols, squeeze=False).ravel().tolist()
        for ax in axes:
            tidy(ax)
    cell_w = (width - left - right - wspace * (ncols - 1)) / ncols
    cell_h = (height - top - bottom - hspace * (nrows - 1)) / nrows
    figure.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                           top=1 - top / height, wspace=wspace / cell_w, hspace=hspace / cell_h)
    return figure, axes
