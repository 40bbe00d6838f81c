"""Taking over an axes for a redraw: clearing it, or reusing the artists an earlier call drew."""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from .styling import STYLE, check_ax, root_figure, tidy

__all__ = ["new_or_clear", "remove_artists", "reusable", "place", "remember", "flat_artists", "same"]


def new_or_clear(ax, kind, figsize=None):
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
        check_ax(ax)
        fig = root_figure(ax)
        if getattr(ax, "_coursekit_kind", None) == kind:
            remove_artists(ax)
        else:
            cbar = getattr(ax, "_coursekit_colorbar", None)
            if cbar is not None:             # a colorbar from another kind of plot goes too
                if cbar.ax in fig.axes:
                    cbar.remove()
                del ax._coursekit_colorbar
            ax.clear()
    ax._coursekit_kind = kind
    ax._coursekit_reuse = None
    tidy(ax)
    return fig, ax


def remove_artists(ax, keep=()):
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


def reusable(ax, kind, signature):
    """The artists an earlier call of the same kind and the same ``signature`` (everything
    that fixes the layout: sizes, labels, limits, title) left on ``ax``, or None.

    A redraw that only changes data (a network's weights, a model's probabilities) then
    updates those artists instead of building them again, and gets the same picture:
    the artists it would have built are the ones it keeps, with their data replaced.
    Anything else found on the axes is removed as a full redraw would remove it. None
    when ``ax`` is None, held another kind of plot, or lost one of the artists.
    """
    state = getattr(ax, "_coursekit_reuse", None) if ax is not None else None
    if state is None or getattr(ax, "_coursekit_kind", None) != kind or not same(state[0], signature):
        return None
    kept = state[1]
    present = {id(a) for a in ax.get_children()}
    if not all(id(a) in present for a in flat_artists(kept)):
        return None
    return kept


def place(ax):
    """Where ``ax`` sits, in inches on its figure (unit and marker sizes follow from it)."""
    if not isinstance(ax, Axes):
        return None
    fig = root_figure(ax)
    return tuple(float(v) for v in ax.get_position().bounds) + tuple(float(v) for v in fig.get_size_inches())


def remember(ax, signature, kept):
    """Record what :func:`reusable` may hand back to the next call on ``ax``."""
    ax._coursekit_reuse = (signature, kept)


def flat_artists(kept):
    """The artists among the values of ``kept`` (and in its lists)."""
    for a in kept.values():
        for b in (a if isinstance(a, (list, tuple)) else [a]):
            if isinstance(b, mpl.artist.Artist):
                yield b


def same(a, b):
    """Equality for signatures holding tuples, numbers, strings and numpy arrays."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b
