"""The cost of backprop: multiply-adds per sample by depth and by layer."""
from __future__ import annotations

import numpy as np
from matplotlib import ticker as mticker

from .._validation import choice
from .styling import OKABE_ITO, TEXT_COLOR, set_yscale, style
from .drawing import Drawing, drawn

__all__ = ["CountFormatter", "pass_costs", "PassCosts", "layer_costs"]

_COST_LINES = {  # which -> [(attribute(s), colour, marker, legend label), ...]
    "passes": [(("forward",), OKABE_ITO["blue"], "o", "one forward pass"),
               (("backward",), OKABE_ITO["orange"], "s", "one backward pass (backprop)")],
    "gradient": [(("forward", "backward"), OKABE_ITO["orange"], "s", "backprop (forward + backward)"),
                 (("finite_differences",), OKABE_ITO["vermillion"], "^", "centred differences")],
}


class CountFormatter(mticker.Formatter):
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
    return drawn(_pass_costs, ax, (costs,), dict(which=which, chosen=chosen, title=title), kind=PassCosts)


def _pass_costs(costs, *, which, chosen, title):
    costs = list(costs)
    if not costs or not all(hasattr(c, "finite_differences") and hasattr(c, "depth") for c in costs):
        raise TypeError("costs must be a non-empty sequence of experiments.backprop_cost(...) results.")
    choice(which, "which", _COST_LINES)
    depths = np.array([c.depth for c in costs])
    if chosen is not None and chosen not in depths:
        raise ValueError(f"chosen must be one of the depths drawn ({depths.min()}..{depths.max()}); got {chosen!r}.")
    curves = tuple(np.array([sum(getattr(c, a) for a in attrs) / c.m for c in costs], dtype=np.float64)
                   for attrs, *_ in _COST_LINES[which])
    return lambda ax: _draw_pass_costs(ax, costs, depths, curves, which, chosen, title)


def _pass_costs_title(title, log):
    return title or ("One pass, by depth" if not log else "The whole gradient, by depth")


def _draw_pass_costs(ax, costs, depths, curves, which, chosen, title):
    log = which == "gradient"
    parts = {"curves": [], "marks": [], "line": None, "depths": list(depths), "values": curves}
    for (attrs, color, marker, label), values in zip(_COST_LINES[which], curves):
        parts["curves"] += ax.plot(depths, values, color=color, marker=marker, ms=5, label=label, gid=attrs[-1])
        if chosen is not None:
            v = values[list(depths).index(chosen)]
            parts["marks"] += ax.plot([chosen], [v], ls="none", marker=marker, ms=12, mfc=color, mec=TEXT_COLOR,
                                      mew=1.2, zorder=4, gid=f"chosen_{attrs[-1]}")
    if chosen is not None:
        parts["line"] = ax.axvline(chosen, color="0.45", ls=":", lw=1.5, gid="chosen")
    set_yscale(ax, log)
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
        ax.yaxis.set_major_formatter(CountFormatter())
    ax.set_xlim(depths.min() - 0.5, depths.max() + 0.5)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    ax.grid(True)
    ax.set_xlabel("depth (hidden layers)")
    ax.set_ylabel("multiply-adds per sample" + (" (log scale)" if log else ""))
    ax.set_title(_pass_costs_title(title, log))
    parts["legend"] = ax.legend(loc="lower right" if log else "upper left", fontsize=10)
    return parts


class PassCosts(Drawing):
    """Pass costs by depth: ``update(costs, chosen=depth)`` with the same ``costs`` (the same
    list) moves the marks to another depth (a widget's depth slider); other changes draw again."""

    def update(self, costs, **kwargs):
        parts, chosen = self.parts, kwargs.get("chosen", self.kwargs["chosen"])
        changed = {k for k, v in kwargs.items() if k not in ("title", "chosen") and v != self.kwargs.get(k)}
        if costs is not self.args[0] or changed or chosen is None or not parts["marks"]:
            return super().update(costs, **kwargs)
        if chosen not in parts["depths"]:
            raise ValueError(f"chosen must be one of the depths drawn; got {chosen!r}.")
        i = parts["depths"].index(chosen)
        for mark, values in zip(parts["marks"], parts["values"]):
            mark.set_data([chosen], [values[i]])
        parts["line"].set_xdata([chosen, chosen])
        self.kwargs.update(kwargs)
        with style():
            self.ax.set_title(_pass_costs_title(self.kwargs["title"], self.kwargs["which"] == "gradient"))
        return self


def layer_costs(cost, *, ax=None, title=None):
    """Multiply-adds per sample of each layer, forward against backward, for one network.

    ``cost`` is one ``experiments.backprop_cost`` result. Backward costs twice
    the forward pass in every layer but the first, which sends no error term
    back to the inputs.
    """
    return drawn(_layer_costs, ax, (cost,), dict(title=title))


def _layer_costs(cost, *, title):
    if not hasattr(cost, "forward_layers") or not hasattr(cost, "backward_layers"):
        raise TypeError(f"cost must be an experiments.backprop_cost(...) result; got {type(cost).__name__}.")
    fwd = np.asarray(cost.forward_layers, dtype=np.float64) / cost.m
    bwd = np.asarray(cost.backward_layers, dtype=np.float64) / cost.m
    L = fwd.size
    x = np.arange(1, L + 1)
    width = 0.4

    def draw(ax):
        ax.bar(x - width / 2, fwd, width, color=OKABE_ITO["blue"], edgecolor=TEXT_COLOR, linewidth=0.6,
               label="forward: $W^l a^{l-1}$", gid="forward")
        ax.bar(x + width / 2, bwd, width, color=OKABE_ITO["orange"], edgecolor=TEXT_COLOR, linewidth=0.6,
               label="backward: $\\delta^l (a^{l-1})^T$ and $(W^l)^T \\delta^l$", gid="backward")
        step = max(1, int(np.ceil(L / 11)))
        ax.set_xticks(x[::step])
        ax.set_xlim(0.4, L + 0.6)
        ax.set_ylim(0, 1.35 * max(float(bwd.max()), 1.0))        # headroom for the legend
        ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(CountFormatter())
        ax.grid(True, axis="y")
        ax.set_xlabel("layer l")
        ax.set_ylabel("multiply-adds per sample")
        ax.set_title(title or f"Layer by layer: {L} layer{'s' if L != 1 else ''} of weights")
        ax.legend(loc="upper center", fontsize=10)

    return draw
