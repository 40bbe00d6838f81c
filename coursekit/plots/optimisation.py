"""Chapter 07's figures: optimisers' paths on a 2-D surface, their losses step by step, running
averages with and without bias correction, and the learning rate each epoch used.

Like every figure of the package, each function draws into ``ax`` (a new figure when it is
not given, which is returned) and returns a Drawing. The Drawings an explorer redraws
(:class:`OptimiserPaths`, :class:`LossByStep`, :class:`LearningRates`) change their lines'
data in place while the runs' labels stay: for paths on the same surface the contours, the
costliest part of the picture, are kept.
"""
from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from .._validation import as_array, number
from .drawing import Drawing, drawn
from .geometry import as_vector
from .styling import OKABE_ITO, PALETTE, SURFACE_CMAP, set_yscale, style

__all__ = ["OPTIMISER_STYLE", "optimiser_paths", "OptimiserPaths", "loss_by_step", "LossByStep",
           "running_average", "learning_rates", "DASH", "interleaved_dashes", "LearningRates"]

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


def _legend_place(legend):
    """``legend`` checked: True (inside, in the corner ``loc`` names), False (none) or
    "outside" (beside the axes, on the right, where it can hide no data)."""
    if legend not in (True, False, "outside"):
        raise ValueError(f"legend must be True, False or 'outside'; got {legend!r}.")
    return legend


def _draw_legend(ax, legend, loc, **kwargs):
    if legend == "outside":
        return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize=9, **kwargs)
    return ax.legend(loc=loc, fontsize=9, framealpha=0.9, **kwargs) if legend else None


def _runs(runs, name="runs"):
    if not isinstance(runs, dict):
        raise TypeError(f"{name} must be a dict {{label: run}}; got {type(runs).__name__}.")
    return runs


# --------------------------------------------------------------------------- paths on a surface
def optimiser_paths(surface, runs: dict, *, ax=None, resolution=120, title=None, legend=True):
    """Contours of ``surface`` (an ``experiments.Surface``) over its view, levels spaced evenly
    in log(f - f_min), and the path of every run in ``runs`` ({label: SurfaceRun}, each
    ``path`` (2, k)), with the lowest point as a star and the start as a circle.
    ``resolution``: grid points per side for the contours. See :class:`OptimiserPaths`."""
    return drawn(_optimiser_paths, ax, (surface, runs), dict(resolution=resolution, title=title, legend=legend),
                 figsize=(6.4, 5.0), kind=OptimiserPaths)


def _paths_plan(surface, runs, *, resolution, title, legend):
    paths = {}
    for label, run in _runs(runs).items():
        path = as_array(run.path, "path")
        if path.ndim != 2 or path.shape[0] != 2:
            raise ValueError(f"runs[{label!r}].path must be (2, k); got {path.shape}.")
        paths[label] = path
    resolution = number(resolution, "resolution", low=2, integer=True)
    return dict(surface=surface, paths=paths, title=title or f"Paths on the {surface.name}",
                layout=(tuple(paths), resolution, _legend_place(legend)))


def _contours(ax, surface, resolution):
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


def _optimiser_paths(surface, runs, **options):
    plan = _paths_plan(surface, runs, **options)

    def draw(ax):
        _contours(ax, surface, plan["layout"][1])
        lines = []
        for i, (label, path) in enumerate(plan["paths"].items()):
            color, marker = _style_of(label, i)
            lines += ax.plot(path[0], path[1], color=color, marker=marker, ms=3.5, lw=1.6, label=label)
        _draw_legend(ax, options["legend"], "lower right")
        ax.set_title(plan["title"])
        return {"surface": surface, "layout": plan["layout"], "lines": lines}

    return draw


class OptimiserPaths(Drawing):
    """Paths on a surface: ``update(surface, runs)`` shows other runs. On the same surface
    (the same object) with the same labels, only the paths move; the contours stay."""

    def update(self, surface, runs, **kwargs):
        kwargs = {**self.kwargs, **kwargs}
        plan = _paths_plan(surface, runs, **kwargs)
        if surface is not self.parts["surface"] or plan["layout"] != self.parts["layout"]:
            return super().update(surface, runs, **kwargs)
        self.args, self.kwargs = (surface, runs), kwargs
        for line, path in zip(self.parts["lines"], plan["paths"].values()):
            line.set_data(path[0], path[1])
        with style():
            self.ax.set_title(plan["title"])
        return self


# --------------------------------------------------------------------------- loss by step
def loss_by_step(surface, runs: dict, *, ax=None, title="Loss above the lowest point", legend=False):
    """Each run's loss minus the surface's lowest value, against the step, on a log scale
    (a gap of exactly 0 is drawn at 1e-16, below any round-off the paths can reach).
    ``runs`` is {label: SurfaceRun}, each ``losses`` (k,). ``legend``: False, True (where
    it hides least) or "outside" (right of the axes). See :class:`LossByStep`."""
    return drawn(_loss_by_step, ax, (surface, runs), dict(title=title, legend=legend), kind=LossByStep)


def _gaps_plan(surface, runs, *, title, legend):
    low = surface.f(*surface.minimum)
    gaps = {label: np.maximum(as_array(run.losses, "losses") - low, 1e-16) for label, run in _runs(runs).items()}
    steps, top = 1, 1e-16
    for gap in gaps.values():
        steps, top = max(steps, gap.size - 1), max(top, float(gap.max()))
    bottom = max(1e-16, min(float(np.min(gap)) for gap in gaps.values()) / 3) if gaps else 1e-16
    return dict(gaps=gaps, xlim=(0, steps), ylim=(bottom, top * 3), title=title,
                layout=(tuple(gaps), _legend_place(legend)))


def _gaps_view(ax, plan):
    ax.set_xlim(*plan["xlim"])
    ax.set_ylim(*plan["ylim"])
    ax.set_title(plan["title"])


def _loss_by_step(surface, runs, **options):
    plan = _gaps_plan(surface, runs, **options)

    def draw(ax):
        lines = [ax.plot(np.arange(gap.size), gap, color=_style_of(label, i)[0], lw=1.8, label=label)[0]
                 for i, (label, gap) in enumerate(plan["gaps"].items())]
        set_yscale(ax, True)
        ax.set_xlabel("step")
        ax.set_ylabel("loss − lowest loss (log scale)")
        ax.grid(True)
        _draw_legend(ax, options["legend"], "best")
        _gaps_view(ax, plan)
        return {"layout": plan["layout"], "lines": lines}

    return draw


class LossByStep(Drawing):
    """Losses by step: ``update(surface, runs)`` shows other runs; with the same labels only
    the lines' data and the view change."""

    def update(self, surface, runs, **kwargs):
        kwargs = {**self.kwargs, **kwargs}
        plan = _gaps_plan(surface, runs, **kwargs)
        if plan["layout"] != self.parts["layout"]:
            return super().update(surface, runs, **kwargs)
        self.args, self.kwargs = (surface, runs), kwargs
        for line, gap in zip(self.parts["lines"], plan["gaps"].values()):
            line.set_data(np.arange(gap.size), gap)
        with style():
            _gaps_view(self.ax, plan)
        return self


# --------------------------------------------------------------------------- running average
def running_average(values, beta, *, ax=None, title=None):
    """Noisy ``values`` (n,), their exponentially weighted average from 0, and the
    bias-corrected average, against the step t = 1..n."""
    return drawn(_running_average, ax, (values, beta), dict(title=title), figsize=(9.5, 4.6))


def _running_average(values, beta, *, title):
    from ..experiments import ewma

    values = as_array(values, "values").ravel()
    beta = number(beta, "beta", low=0.0)
    v, v_hat = ewma(values, beta)
    t = np.arange(1, values.size + 1)

    def draw(ax):
        ax.plot(t, values, ls="none", marker="o", ms=3, color="0.6", label="values $x_t$")
        ax.plot(t, v, color=OKABE_ITO["vermillion"], lw=2.2, label=r"average $v_t$ (starts at 0)")
        ax.plot(t, v_hat, color=OKABE_ITO["blue"], lw=2.2, ls="--", label=r"bias-corrected $v_t / (1 - \beta^t)$")
        ax.set_xlabel("step t")
        ax.set_ylabel("value")
        ax.set_title(title or rf"Exponentially weighted average, $\beta$ = {beta:g}")
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, fontsize=10)  # off the data
        ax.grid(True)

    return draw


# --------------------------------------------------------------------------- learning rates
def learning_rates(rates: dict, *, ax=None, title="The rate each epoch used", legend=False):
    """The learning rate of every epoch, one line per run, on a log scale: ``rates`` is
    ``{label: (epochs,) positive rates}`` (a ``History.learning_rates`` each). The runs'
    colours follow their order, as in :func:`loss_curves` beside it. Runs often share
    their rates: the n runs of one set of rates are drawn dashed, each dash filling one
    n-th of every period and the others' the rest, so the coinciding lines show every
    colour in turn (a run whose rates no other shares is solid).
    ``legend``: False, True or "outside" (right of the axes, solid lines as in the loss
    curves). See :class:`LearningRates`."""
    return drawn(_learning_rates, ax, (rates,), dict(title=title, legend=legend), kind=LearningRates)


#: Length of each run's dash in :func:`learning_rates`, in line widths (matplotlib scales dashes).
DASH = 4.0


def interleaved_dashes(i: int, n: int, dash: float = DASH):
    """The matplotlib line style of line ``i`` of ``n`` whose dashes take turns: each is on
    for ``dash`` and off for the other n - 1 lines' dashes, shifted by i dashes. Solid when
    n is 1."""
    i, n = number(i, "i", low=0, integer=True), number(n, "n", low=1, integer=True)
    if i >= n:
        raise ValueError(f"i must be below n = {n}; got {i}.")
    if n == 1:
        return "-"
    return ((n - i) * dash % (n * dash), (dash, (n - 1) * dash))


def _shared_dashes(rates):
    """The line style of each run: interleaved dashes among the runs with equal rates."""
    arrays = list(rates.values())
    styles = []
    for r in arrays:
        same = [j for j, other in enumerate(arrays) if other.shape == r.shape and np.array_equal(other, r)]
        styles.append(interleaved_dashes(same.index(len(styles)), len(same)))
    return tuple(styles)


def _rates_plan(rates, *, title, legend):
    rates = {label: as_vector(r, f"rates[{label!r}]") for label, r in _runs(rates, "rates").items()}
    styles = _shared_dashes(rates)
    return dict(rates=rates, styles=styles, title=title, layout=(tuple(rates), styles, _legend_place(legend)))


def _learning_rates(rates, **options):
    plan = _rates_plan(rates, **options)

    def draw(ax):
        set_yscale(ax, True)
        ax.set_xlabel("epoch")
        ax.set_ylabel("learning rate (log scale)")
        ax.set_title(plan["title"])
        ax.grid(True)
        lines = [ax.plot(np.arange(1, r.size + 1), r, color=PALETTE[i % len(PALETTE)], lw=2.2, label=label,
                         ls=ls)[0]
                 for i, ((label, r), ls) in enumerate(zip(plan["rates"].items(), plan["styles"]))]
        if lines and options["legend"]:
            solid = [Line2D([], [], color=line.get_color(), lw=2.2) for line in lines]
            _draw_legend(ax, options["legend"], "best", handles=solid, labels=list(plan["rates"]))
        return {"layout": plan["layout"], "lines": lines}

    return draw


class LearningRates(Drawing):
    """Learning rates by epoch: ``update(rates)`` shows other runs; with the same labels only
    the lines' data and the view change."""

    def update(self, rates, **kwargs):
        kwargs = {**self.kwargs, **kwargs}
        plan = _rates_plan(rates, **kwargs)
        if plan["layout"] != self.parts["layout"]:
            return super().update(rates, **kwargs)
        self.args, self.kwargs = (rates,), kwargs
        for line, r in zip(self.parts["lines"], plan["rates"].values()):
            line.set_data(np.arange(1, r.size + 1), r)
        with style():
            self.ax.relim()
            self.ax.autoscale_view()
            self.ax.set_title(plan["title"])
        return self
