"""What a plotting call drew, handed back to the caller who owns the axes.

matplotlib's recommended signature for a plotting function is ``f(ax, data, ...)``
returning the artists it made. Every figure function of the course takes an optional
``ax``: not given, it makes a new figure and returns the ``Figure`` (a notebook shows it);
given, it empties that axes (the figure's other axes are left alone), draws into it and
returns a :class:`Drawing`, which holds the artists it made. A widget keeps the Drawing
and calls its ``update(...)`` with new data on every redraw: the axes' ticks and spines
stay, and the Drawings of the families a widget redraws often (decision boundary, loss
curves, network diagram, pass costs, descent in 1-D, positions over steps) update their
artists in place, which gives the same picture faster. Nothing is stored on the axes.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

from .styling import STYLE, check_ax, root_figure, style, tidy

__all__ = ["Drawing", "take_over", "remove_colorbars", "drawn", "message"]


def remove_colorbars(artists):
    """Remove the colorbars of ``artists`` (images, contours, collections: their public
    ``.colorbar``), which gives their axes back the room a colorbar took."""
    for artist in artists:
        cbar = getattr(artist, "colorbar", None)
        if cbar is not None and cbar.ax in root_figure(cbar.ax).axes:
            cbar.remove()


def take_over(ax):
    """Empty an axes the caller passed in for a new drawing, with the colorbars of what it held."""
    check_ax(ax)
    remove_colorbars(ax.get_children())
    ax.clear()
    ax.set_axis_on()                # a message (below) may have turned it off
    tidy(ax)
    return ax


class Drawing:
    """The artists one call drew into ``ax``: ``.artists`` in the order they were added,
    ``.parts`` the ones a caller may want by name (a dict), ``.figure`` the root figure.

    ``update(*args, **kwargs)`` draws the same kind of figure again with new data (the
    arguments of the plotting function, without ``ax``; keyword arguments not given keep
    their earlier values). Here it removes what it drew and draws again into the same
    axes, which keeps the axes' ticks and spines (``ax.clear()`` would rebuild them).
    Subclasses update their artists in place instead.

    ``prepare(*args, **kwargs)`` checks the input and computes what to draw, then returns
    ``draw(ax)``, which draws it and may return the parts by name.
    """

    def __init__(self, ax, prepare, args=(), kwargs=None, draw=None):
        self.ax, self._prepare = ax, prepare
        self.args, self.kwargs = tuple(args), dict(kwargs or {})
        self.artists, self.containers, self.parts = [], [], {}
        self._build(draw or prepare(*self.args, **self.kwargs))

    @property
    def figure(self):
        return root_figure(self.ax)

    def _build(self, draw):
        before = {id(a) for a in self.ax.get_children() + self.ax.containers}
        with style():
            self.parts = draw(self.ax) or {}
        self.artists = [a for a in self.ax.get_children() if id(a) not in before]
        # bar containers are not children but feed the legend: they go with the drawing too
        self.containers = [c for c in self.ax.containers if id(c) not in before]

    def remove(self):
        """Take everything this drawing added off its axes (its colorbar too)."""
        remove_colorbars(self.artists)
        for container in self.containers:
            if any(c is container for c in self.ax.containers):
                container.remove()
        self.containers = []
        present = {id(a) for a in self.ax.get_children()}
        for artist in self.artists:
            if id(artist) in present:
                artist.remove()
        self.artists = []
        self.ax.relim()             # forget the removed artists' data limits
        self.ax.set_autoscale_on(True)

    def update(self, *args, **kwargs):
        """Draw again for new data (see the class docstring); returns self."""
        args, kwargs = args or self.args, {**self.kwargs, **kwargs}
        draw = self._prepare(*args, **kwargs)      # bad input fails before anything is removed
        self.remove()
        self.args, self.kwargs = args, kwargs
        self._build(draw)
        return self


def drawn(prepare, ax, args=(), kwargs=None, *, figsize=None, kind=Drawing):
    """Check and compute with ``prepare(*args, **kwargs)``, then draw on a new course-style
    figure (``ax`` None: returns the Figure) or on the caller's emptied ``ax`` (returns the
    ``kind`` of Drawing that holds the artists). ``ax`` may also be an earlier Drawing of
    the same kind of figure: it is replaced, on its axes, which are not emptied (their ticks
    and spines stay, as in ``Drawing.update``)."""
    kwargs = dict(kwargs or {})
    draw = prepare(*args, **kwargs)
    if isinstance(ax, Drawing):
        ax.remove()
        return kind(ax.ax, prepare, args, kwargs, draw)
    with style():
        if ax is None:
            fig = plt.figure(figsize=figsize or STYLE["figure.figsize"], layout="constrained")
            kind(tidy(fig.add_subplot()), prepare, args, kwargs, draw)
            return fig
        check_ax(ax)
        return kind(take_over(ax), prepare, args, kwargs, draw)


def _message(text):
    def draw(ax):
        ax.set_axis_off()
        ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=13, color="0.25")
    return draw


def message(text, *, ax=None):
    """A panel that says something in words instead of a figure (its axis hidden)."""
    return drawn(_message, ax, (text,))
