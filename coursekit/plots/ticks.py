"""Lean ticks for figures that are redrawn often (the explorers).

Tick labels are most of what a redraw costs, so a redrawn axes shows fewer of them: about
five per axis and no minor ticks. A log axis gets labels that suit its span: decades (10^k)
over three decades or more, 1-2-5 steps as plain numbers over a few, and plain evenly spaced
numbers over less than one (where 10^k labels would be missing or unreadable).
"""
from __future__ import annotations

import math

from matplotlib import ticker

from .gradients import short_number

__all__ = ["LeanLogLocator", "LeanMaxNLocator", "lean", "lean_axis", "HAVE_NBINS"]

#: matplotlib keeps a MaxNLocator's bin count in a private attribute (``_nbins``). Probed
#: once: without it every MaxNLocator is lowered to ``nbins``, which draws the same ticks
#: as long as no figure sets fewer bins than that (none of the course's does).
HAVE_NBINS = isinstance(getattr(ticker.MaxNLocator(), "_nbins", None), (int, str))


class LeanLogLocator(ticker.LogLocator):
    """A LogLocator that remembers which lean ``mode`` ("decades", "1-2-5") chose it."""

    def __init__(self, mode, **kwargs):
        super().__init__(**kwargs)
        self.mode = mode


class LeanMaxNLocator(ticker.MaxNLocator):
    """A MaxNLocator that remembers which lean ``mode`` ("even", "auto") chose it."""

    def __init__(self, mode, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode = mode


def _nbins_above(locator, nbins):
    current = getattr(locator, "_nbins", "auto") if HAVE_NBINS else "auto"
    return current == "auto" or current > nbins


def _log_mode(axis):
    lo, hi = sorted(axis.get_view_interval())
    decades = math.log10(hi / lo) if lo > 0 and math.isfinite(hi / lo) else 99.0
    return "decades" if decades >= 3 else ("1-2-5" if decades >= 0.7 else "even")


def lean_axis(axis, nbins=5):
    """About ``nbins`` tick labels and no minor ticks on one Axis (see the module docstring)."""
    loc = axis.get_major_locator()
    if axis.get_scale() == "log":
        mode = _log_mode(axis)
    elif isinstance(loc, ticker.MaxNLocator):
        if _nbins_above(loc, nbins):
            loc.set_params(nbins=nbins)
        return
    elif type(loc) is ticker.AutoLocator:
        mode = "auto"
    else:
        return                                     # fixed ticks stay as set
    if getattr(loc, "mode", None) == mode:
        return                                     # chosen on an earlier redraw
    formatter = None
    if mode == "decades":
        locator, formatter = LeanLogLocator(mode, base=10, numticks=nbins + 1), ticker.LogFormatterSciNotation()
    elif mode == "1-2-5":
        locator = LeanLogLocator(mode, base=10, subs=(1.0, 2.0, 5.0), numticks=3 * nbins)
        formatter = ticker.FuncFormatter(lambda v, _: short_number(v))   # 2e5, not 200000
    elif mode == "even":
        locator, formatter = LeanMaxNLocator(mode, nbins - 1), ticker.ScalarFormatter(useOffset=False)
    else:
        locator = LeanMaxNLocator(mode, nbins, steps=[1, 2, 2.5, 5, 10])
    axis.set_major_locator(locator)
    if formatter is not None:
        axis.set_major_formatter(formatter)
    axis.set_minor_locator(ticker.NullLocator())


def lean(*axes, nbins=5):
    """Fewer tick labels on each of ``axes`` (call after drawing into them)."""
    for ax in axes:
        lean_axis(ax.xaxis, nbins)
        lean_axis(ax.yaxis, nbins)
