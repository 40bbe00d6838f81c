"""Chapter 07's figures: optimisers' paths on a 2-D surface, their losses step by step, and
running averages with and without bias correction.

Temporary home: these belong in ``coursekit/plots/optimisation.py`` once the plots package
lands (re-exported from ``coursekit.plots``). Each function draws into ``ax`` (made with
:func:`coursekit.subplots` when not given) and returns the Figure. Drawn again into
the same axes for the same surface, :func:`optimiser_paths` keeps the contours and only
moves the paths, which keeps an explorer's redraw short.
"""
from __future__ import annotations

import numpy as np

from .._validation import as_array, number
from .styling import OKABE_ITO, PALETTE, SURFACE_CMAP, subplots

__all__ = ["optimiser_paths", "loss_by_step", "running_average"]

#: Each optimiser keeps one colour and marker across the chapter's figures.
OPTIMISER_STYLE = {
    "gradient descent": (OKABE_ITO["black"], "o"),
    "momentum": (OKABE_ITO["blue"], "s"),
    "Nesterov": (OKABE_ITO["sky_blue"], "D"),
    "RMSProp": (OKABE_ITO["bluish_green"], "^"),
    "Adam": (OKABE_ITO["vermillion"], "v"),
}


def _style_of(label, i):
    return OPTIMISER_STYLE.get(label, (PALETTE[i % len(PALETTE)], "o"))


def _axes(ax, figsize):
    if ax is None:
        _, ax = subplots(figsize=figsize)
    return ax.figure, ax


def _contours(ax, surface, resolution):
    """Filled contours of ``surface`` over its view, levels spaced evenly in log(f - f_min)."""
    x = np.linspace(*surface.xlim, resolution)
    y = np.linspace(*surface.ylim, resolution)
    X, Y = np.meshgrid(x, y)
    gap = surface.f(X, Y) - surface.f(*surface.minimum)
    levels = np.geomspace(max(gap.max() * 1e-4, 1e-3), gap.max(), 14)
    ax.contourf(X, Y, gap, levels=np.r_[0.0, levels], cmap=SURFACE_CMAP, alpha=0.85)
    ax.contour(X, Y, gap, levels=levels, colors="white", linewidths=0.6, alpha=0.8)
    ax.plot(*surface.minimum, marker="*", ms=16, color="white", mec="black", zorder=4, ls="none",
            label="lowest point")
    ax.plot(*surface.start, marker="o", ms=9, color="white", mec="black", zorder=4, ls="none", label="start")
    ax.set_xlim(surface.xlim)
    ax.set_ylim(surface.ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")


def optimiser_paths(surface, runs: dict, *, ax=None, resolution=120, title=None, legend=True):
    """Contours of ``surface`` (an ``experiments.Surface``) and the path of every run in
    ``runs`` ({label: SurfaceRun}, each ``path`` (2, k)), with the lowest point as a star."""
    fig, ax = _axes(ax, (6.4, 5.0))
    state = getattr(ax, "_optimiser_paths", None)
    if state is None or state["surface"] is not surface or state["labels"] != list(runs):
        ax.clear()
        _contours(ax, surface, resolution)
        lines = {}
        for i, label in enumerate(runs):
            color, marker = _style_of(label, i)
            lines[label] = ax.plot([], [], color=color, marker=marker, ms=3.5, lw=1.6, label=label)[0]
        if legend:
            ax.legend(loc="lower right", fontsize=9, framealpha=0.9)
        state = ax._optimiser_paths = {"surface": surface, "labels": list(runs), "lines": lines}
    for label, run in runs.items():
        path = as_array(run.path, "path")
        state["lines"][label].set_data(path[0], path[1])
    ax.set_title(title or f"Paths on the {surface.name}")
    return fig


def loss_by_step(surface, runs: dict, *, ax=None, title="Loss above the lowest point", legend=False):
    """Each run's loss minus the surface's lowest value, against the step, on a log scale
    (a gap of exactly 0 is drawn at 1e-16, below any round-off the paths can reach)."""
    fig, ax = _axes(ax, (6.4, 4.6))
    state = getattr(ax, "_loss_by_step", None)
    if state is None or state["labels"] != list(runs):
        ax.clear()
        lines = {}
        for i, label in enumerate(runs):
            color, _ = _style_of(label, i)
            lines[label] = ax.plot([], [], color=color, lw=1.8, label=label)[0]
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_ylabel("loss − lowest loss (log scale)")
        ax.grid(True)
        if legend:
            ax.legend(fontsize=9)
        state = ax._loss_by_step = {"labels": list(runs), "lines": lines}
    low, steps, top = surface.f(*surface.minimum), 1, 1e-16
    for label, run in runs.items():
        gap = np.maximum(np.asarray(run.losses) - low, 1e-16)
        state["lines"][label].set_data(np.arange(gap.size), gap)
        steps, top = max(steps, gap.size - 1), max(top, float(gap.max()))
    ax.set_xlim(0, steps)
    ax.set_ylim(max(1e-16, min(float(np.min(np.maximum(np.asarray(r.losses) - low, 1e-16))) for r in runs.values()) / 3)
                if runs else 1e-16, top * 3)
    ax.set_title(title)
    return fig


def running_average(values, beta, *, ax=None, title=None):
    """Noisy values, their exponentially weighted average from 0, and the bias-corrected average."""
    from ..experiments import ewma

    values = as_array(values, "values").ravel()
    beta = number(beta, "beta", low=0.0)
    v, v_hat = ewma(values, beta)
    fig, ax = _axes(ax, (7.5, 4.6))
    t = np.arange(1, values.size + 1)
    ax.plot(t, values, ls="none", marker="o", ms=3, color="0.6", label="values $x_t$")
    ax.plot(t, v, color=OKABE_ITO["vermillion"], lw=2.2, label=r"average $v_t$ (starts at 0)")
    ax.plot(t, v_hat, color=OKABE_ITO["blue"], lw=2.2, ls="--",
            label=r"bias-corrected $v_t / (1 - \beta^t)$")
    ax.set_xlabel("step t")
    ax.set_ylabel("value")
    ax.set_title(title or rf"Exponentially weighted average, $\beta$ = {beta:g}")
    ax.legend(loc="lower right", fontsize=10)
    ax.grid(True)
    return fig
