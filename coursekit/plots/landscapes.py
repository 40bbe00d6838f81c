"""Loss landscapes: a loss surface of two parameters, and descent on a 1-D curve."""
from __future__ import annotations

import numpy as np
from matplotlib import ticker as mticker
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm

from .._validation import as_matrix, number
from .styling import OKABE_ITO, PALETTE, SURFACE_CMAP, TEXT_COLOR, attach_colorbar, style
from .drawing import Drawing, drawn
from .geometry import as_vector, padded_limits

__all__ = ["loss_surface", "descent_1d", "Descent1D", "positions_over_steps", "PositionsOverSteps"]


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
    return drawn(_loss_surface, ax, (f, path), dict(xlim=xlim, ylim=ylim, resolution=resolution, levels=levels,
                                                    log=log, labels=labels, title=title, vectorized=vectorized))


def _loss_surface(f, path, *, xlim, ylim, resolution, levels, log, labels, title, vectorized):
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
            xlim = padded_limits(P[0, ok], xlim, 0.2, 0.5)
            ylim = padded_limits(P[1, ok], ylim, 0.2, 0.5)
    xlim = padded_limits(np.array([]), (-3.0, 3.0) if xlim is None else xlim)
    ylim = padded_limits(np.array([]), (-3.0, 3.0) if ylim is None else ylim)
    xs = np.linspace(xlim[0], xlim[1], resolution)
    ys = np.linspace(ylim[0], ylim[1], resolution)
    A, B = np.meshgrid(xs, ys)
    Z = np.ma.masked_invalid(_evaluate_surface(f, A, B, vectorized))

    def draw(ax):
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
            cbar = attach_colorbar(ax, cs, "loss (log scale)" if norm is not None else "loss")
            cbar.set_ticks(lv[::max(1, len(lv) // 6)])
            cbar.ax.yaxis.set_major_formatter(mticker.FormatStrFormatter("%.3g"))
            cbar.ax.yaxis.set_minor_locator(mticker.NullLocator())
        if P is not None:
            ax.plot(P[0], P[1], color=OKABE_ITO["vermillion"], marker="o", ms=4, lw=1.8, mec="white",
                    mew=0.6, zorder=3, label="gradient descent", gid="gd_path")
            ok = np.flatnonzero(np.all(np.isfinite(P), axis=0))
            if ok.size:
                s, e = P[:, ok[0]], P[:, ok[-1]]
                ax.plot([s[0]], [s[1]], ls="none", marker="o", ms=11, mfc="white", mec=TEXT_COLOR, mew=2,
                        zorder=4, label="start", gid="start")
                ax.plot([e[0]], [e[1]], ls="none", marker="*", ms=16, mfc=OKABE_ITO["orange"], mec=TEXT_COLOR,
                        mew=1.2, zorder=4, label=f"end (step {P.shape[1] - 1})", gid="end")
            ax.legend(loc="upper right", fontsize=10)
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.set_xlabel(labels[0])
        ax.set_ylabel(labels[1])
        ax.set_title(title)

    return draw


def descent_1d(f, paths, *, xlim=(-2.5, 2.5), ax=None, title="Where each method ends",
               xlabel="$w$", ylabel="loss $f(w)$"):
    """A 1-D loss curve with the positions each method visited and where it stopped.

    ``f`` is a function of an array of ``w``; ``paths`` is a dict
    ``{label: (k,) positions}`` (all from the same start). Each path's visits
    are shown as a strip of ticks under the curve (dark where it lingered),
    its end as a star on the curve; the common start is a white circle.
    """
    kwargs = dict(xlim=xlim, title=title, xlabel=xlabel, ylabel=ylabel)
    return drawn(_descent_1d, ax, (f, paths), kwargs, kind=Descent1D)


def _descent_plan(f, paths, *, xlim, title, xlabel, ylabel):
    if not callable(f):
        raise TypeError(f"f must be a function of w; got {type(f).__name__}.")
    if not isinstance(paths, dict) or not paths:
        raise TypeError("paths must be a non-empty dict {label: positions}.")
    paths = {str(k): as_vector(v, f"paths[{k!r}]") for k, v in paths.items()}
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
    return dict(f=f, paths=paths, xlim=xlim, ws=ws, fs=fs, lo=lo, hi=hi, span=span, row=row, top=top,
                visits=visits, ends=ends, start=start, title=title, xlabel=xlabel, ylabel=ylabel,
                layout=(f, xlim, tuple(paths), tuple(e is None for e in ends), start is None))


def _descent_1d(f, paths, **options):
    plan = _descent_plan(f, paths, **options)
    return lambda ax: _draw_descent(ax, **plan)


def _draw_descent(ax, *, f, paths, xlim, ws, fs, lo, hi, span, row, top, visits, ends, start, title, xlabel,
                  ylabel, layout):
    kept = {"layout": layout, "curve": ax.plot(ws, fs, color="0.35", lw=2.2, zorder=2, label="loss", gid="curve")[0],
            "visits": [], "ends": [], "start": None}
    for i, (label, ticks, end) in enumerate(zip(paths, visits, ends)):
        color = PALETTE[i % len(PALETTE)]
        kept["visits"].append(ax.add_collection(LineCollection(
            ticks, colors=color, alpha=0.25, linewidths=1.2, zorder=1, gid=f"visits_{i}")))
        if end is not None:
            kept["ends"] += ax.plot([end], [float(f(np.array(end)))], ls="none", marker="*", ms=17, mfc=color,
                                    mec=TEXT_COLOR, mew=1.0, zorder=4, label=label, gid=f"end_{i}")
    if start is not None:
        kept["start"] = ax.plot([start], [float(f(np.array(start)))], ls="none", marker="o", ms=11,
                                mfc="white", mec=TEXT_COLOR, mew=2, zorder=5, label="start", gid="start")[0]
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
    return kept


class Descent1D(Drawing):
    """Descent on a 1-D curve: ``update(f, paths)`` shows other paths. Over the same curve,
    with the same labels (a widget's sliders), only the ticks and the markers move."""

    def update(self, f, paths, **kwargs):
        kwargs = {**self.kwargs, **kwargs}
        plan = _descent_plan(f, paths, **kwargs)
        parts = self.parts
        if plan["layout"] != parts["layout"]:
            return super().update(f, paths, **kwargs)
        self.args, self.kwargs = (f, paths), kwargs
        for collection, ticks in zip(parts["visits"], plan["visits"]):
            collection.set_segments(ticks)
        for marker, end in zip(parts["ends"], [e for e in plan["ends"] if e is not None]):
            marker.set_data([end], [float(f(np.array(end)))])
        if plan["start"] is not None:
            parts["start"].set_data([plan["start"]], [float(f(np.array(plan["start"])))])
        with style():
            self.ax.set_xlabel(plan["xlabel"])
            self.ax.set_ylabel(plan["ylabel"])
            self.ax.set_title(plan["title"])
        return self


def positions_over_steps(paths, *, marks=None, ylim=None, ax=None, title="Position at every step",
                         ylabel="$w$"):
    """Each method's position ``w`` against the step number, with reference levels.

    ``paths`` is a dict ``{label: (k,) positions}``; ``marks`` an optional dict
    ``{label: w}`` drawn as dotted horizontal lines (the minima, say) and
    named in the legend; ``ylim`` the range of ``w`` shown (room is added on
    top for the legend).
    """
    kwargs = dict(marks=marks, ylim=ylim, title=title, ylabel=ylabel)
    return drawn(_positions_over_steps, ax, (paths,), kwargs, kind=PositionsOverSteps)


def _positions_plan(paths, *, marks, ylim, title, ylabel):
    if not isinstance(paths, dict) or not paths:
        raise TypeError("paths must be a non-empty dict {label: positions}.")
    paths = {label: as_vector(p, f"paths[{label!r}]") for label, p in paths.items()}
    n = max([1] + [p.size for p in paths.values()])
    marks = dict(marks or {})
    return dict(paths=paths, n=n, marks=marks, ylim=ylim, title=title, ylabel=ylabel,
                layout=(tuple(paths), tuple(marks.items()), None if ylim is None else tuple(ylim)))


def _positions_over_steps(paths, **options):
    plan = _positions_plan(paths, **options)
    return lambda ax: _draw_positions(ax, plan)


def _positions_view(ax, plan):
    ax.set_xlim(0, plan["n"] - 1)
    ax.set_xlabel("step")
    ax.set_ylabel(plan["ylabel"])
    ax.set_title(plan["title"])


def _draw_positions(ax, plan):
    ylim = plan["ylim"]
    parts = {"layout": plan["layout"],
             "paths": [ax.plot(np.arange(p.size), p, color=PALETTE[i % len(PALETTE)], lw=1.4, label=label,
                               gid=f"path_{i}")[0] for i, (label, p) in enumerate(plan["paths"].items())],
             # marks above the paths: a path that settles on a minimum must not hide its line
             "marks": [ax.axhline(w, color=TEXT_COLOR, ls=ls, lw=1.3, zorder=3, label=label, gid="mark")
                       for (label, w), ls in zip(plan["marks"].items(), (":", "--", "-."))]}
    if ylim is not None:
        span = ylim[1] - ylim[0]
        ax.set_ylim(ylim[0] - 0.03 * span, ylim[1] + 0.4 * span)
    ax.grid(True)
    parts["legend"] = ax.legend(loc="upper center", fontsize=10, ncol=3, handletextpad=0.3, columnspacing=1.0)
    _positions_view(ax, plan)
    return parts


class PositionsOverSteps(Drawing):
    """Positions over steps: ``update(paths)`` shows other paths; with the same labels, marks
    and view (a widget's sliders) only the lines' data change."""

    def update(self, paths, **kwargs):
        kwargs = {**self.kwargs, **kwargs}
        plan = _positions_plan(paths, **kwargs)
        if plan["layout"] != self.parts["layout"]:
            return super().update(paths, **kwargs)
        self.args, self.kwargs = (paths,), kwargs
        for line, p in zip(self.parts["paths"], plan["paths"].values()):
            line.set_data(np.arange(p.size), p)
        with style():
            if plan["ylim"] is None:
                self.ax.relim()
                self.ax.autoscale_view()
            _positions_view(self.ax, plan)
        return self
