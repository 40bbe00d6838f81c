"""Activations and gradients: each activation beside its derivative, gradient norms per layer."""
from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib import ticker as mticker
from matplotlib.colors import Normalize

from .. import activations as _act
from .._validation import choice, number
from .styling import DISPLAY_MAX, PALETTE, TEXT_COLOR, attach_colorbar, check_ax, set_yscale, style, tidy
from .drawing import Drawing, drawn, take_over
from .geometry import as_vector

__all__ = ["activation_panel", "short_number", "gradient_norms", "gradient_norms_by_layer"]

_PLOTTABLE = [n for n in _act.ACTIVATIONS if n != "softmax"]


def activation_panel(names=("sigmoid", "tanh", "relu", "leaky_relu"), *, z_range=(-5.0, 5.0),
                     axes=None, title="Activation functions and their derivatives"):
    """Each activation g(z) (left) beside its derivative g'(z) (right), one row per name.

    The derivative's maximum is marked with a dotted line (0.25 for sigmoid:
    why deep sigmoid networks learn slowly). ``softmax`` is left out: it is not
    applied unit by unit, so it has no curve g(z). ``axes``: an existing
    array of Axes with ``len(names)`` rows and 2 columns to draw into.
    """
    names, z, lo, hi = _activation_inputs(names, z_range)
    n = len(names)
    sides = [(name, side) for name in names for side in ("function", "derivative")]
    if axes is None:
        with style():
            fig, axs = plt.subplots(n, 2, figsize=(7.6, 0.5 + 2.15 * n), layout="constrained",
                                    squeeze=False, sharex=True)
            fig.suptitle(title)
            for a, (name, side) in zip(axs.ravel(), sides):
                _draw_activation_side(tidy(a), name, side, z, lo, hi)
        return fig
    axs = np.asarray(axes, dtype=object).reshape(-1, 2) if np.size(axes) == 2 * n else None
    if axs is None:
        raise ValueError(f"axes must hold {n} rows of 2 Axes for {n} activation(s); got {np.size(axes)} Axes.")
    for a in axs.ravel():
        check_ax(a, "axes")
    return [Drawing(take_over(a), _activation_side, (name, side), dict(z=z, lo=lo, hi=hi))
            for a, (name, side) in zip(axs.ravel(), sides)]


def _activation_inputs(names, z_range):
    """The names (checked) and the z values to draw them over: (names, z, lo, hi)."""
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
    return names, z, lo, hi


def _activation_side(name, side, *, z, lo, hi):
    return lambda ax: _draw_activation_side(ax, name, side, z, lo, hi)


def _draw_activation_side(ax, name, side, z, lo, hi):
    """One activation's g(z) (``side`` "function") or g'(z) ("derivative") on ``ax``."""
    g, dg = _act.get(name)
    ax.axhline(0, color="0.75", lw=0.8, zorder=0)
    ax.axvline(0, color="0.75", lw=0.8, zorder=0)
    ax.grid(True)
    pretty = name.replace("_", " ")
    if side == "function":
        ax.plot(z, g(z), color=PALETTE[0], gid="function")
        ax.set_title(f"{pretty}: g(z)", fontsize=12)
        ax.set_ylabel("g(z)")
    else:
        d = dg(z)
        ax.plot(z, d, color=PALETTE[1], gid="derivative")
        if np.ptp(d) > 1e-9:
            ax.axhline(d.max(), color="0.4", ls=":", lw=1.2)
            ax.text(0.98, d.max(), f"max {d.max():.3g}", transform=ax.get_yaxis_transform(),
                    ha="right", va="bottom", fontsize=10, color="0.25")
        ax.set_title(f"{pretty}: derivative g′(z)", fontsize=12)
        ax.set_ylabel("g′(z)")
    ax.set_xlabel("z")
    ax.set_xlim(lo, hi)
    if side == "derivative":
        lo_d, hi_d = min(d.min(), 0.0), max(d.max(), 0.0)
        pad = 0.12 * (hi_d - lo_d) or 0.1
        ax.set_ylim(lo_d - pad, hi_d + pad)


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
    return drawn(_gradient_norms, ax, (norms,), dict(log=log, title=title, layer_labels=layer_labels))


def _gradient_norms(norms, *, log, title, layer_labels):
    arr, kind = _norm_data(norms)
    if arr.size == 0 and kind == "bars":
        raise ValueError("norms must hold at least one layer.")
    L = arr.shape[-1]
    if layer_labels is None:
        layer_labels = [f"layer {l}" for l in range(1, L + 1)]
    elif len(layer_labels) != L:
        raise ValueError(f"layer_labels must have one label per layer ({L}); got {len(layer_labels)}.")
    vals = np.clip(np.where(np.isfinite(arr), arr, np.nan), -DISPLAY_MAX, DISPLAY_MAX)
    note = None
    if log:
        pos = vals[np.isfinite(vals) & (vals > 0)]
        floor = float(pos.min()) / 10.0 if pos.size else 1e-12
        zero = np.isfinite(vals) & (vals <= 0)
        if np.any(zero):
            vals = np.where(zero, floor, vals)
            note = f"zeros drawn at {floor:.0e}"

    def draw(ax):
        if kind == "bars":
            _draw_norm_bars(ax, arr, vals, log, layer_labels, note)
        else:
            _draw_norm_lines(ax, vals, layer_labels)
        set_yscale(ax, log)
        if not np.any(np.isfinite(vals) & (vals > 0)):    # nothing to show: a sane empty view
            ax.set_ylim((1e-13, 1.0) if log else (0.0, 1.0))
        if note and kind != "bars":      # bars say it under the axis, where it cannot cover a "0"
            ax.text(0.01, 0.99, note, transform=ax.transAxes, ha="left", va="top", fontsize=10,
                    color="0.3", gid="zero_note",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        ax.grid(True, axis="y", which="major")
        ax.set_ylabel(r"$\Vert\partial C/\partial W^{l}\Vert$" + (" (log scale)" if log else ""))
        ax.set_title(title)

    return draw


def _draw_norm_bars(ax, arr, vals, log, layer_labels, note):
    """One bar per layer (a snapshot), its value on top; zeros hatched on a log axis."""
    L = arr.shape[-1]
    bottom = 0.0
    if log:
        finite = vals[np.isfinite(vals)]
        # span at least two decades, so the log axis has labelled ticks
        bottom = min(float(finite.min()) / 3.0, float(finite.max()) / 100.0) if finite.size else 1e-13
    heights = np.where(np.isfinite(vals), vals - bottom, 0.0)
    bars = ax.bar(np.arange(1, L + 1), heights, bottom=bottom, color=[PALETTE[0]] * L, edgecolor=TEXT_COLOR,
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


def _draw_norm_lines(ax, vals, layer_labels):
    """One line per layer over the epochs; palette colours and a legend, or cividis by depth."""
    L = vals.shape[-1]
    epochs = np.arange(1, vals.shape[0] + 1)
    many = L > 8
    cmap = mpl.colormaps["cividis"]
    for l in range(L):
        color = cmap(l / max(L - 1, 1)) if many else PALETTE[l % len(PALETTE)]
        ax.plot(epochs, vals[:, l], color=color, lw=1.8, label=layer_labels[l], gid=f"layer_{l + 1}",
                marker="o" if vals.shape[0] <= 2 else None)
    if many:
        # An empty collection carries the colour scale, so the colorbar goes with the drawing.
        scale = ax.add_collection(LineCollection([], cmap=cmap, norm=Normalize(1, L), gid="depth_scale"),
                                  autolim=False)
        cbar = attach_colorbar(ax, scale, "layer l")
        cbar.ax.yaxis.set_major_locator(mticker.MaxNLocator(integer=True))
    elif L:
        ax.legend(loc="best", ncol=2 if L > 4 else 1, fontsize=10)
    ax.set_xlabel("epoch")
    if vals.shape[0] <= 1:
        ax.set_xlim(0.5, 1.5)


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
    return drawn(_gradient_norms_by_layer, ax, (runs,), dict(log=log, title=title))


def _gradient_norms_by_layer(runs, *, log, title):
    if not isinstance(runs, dict):
        raise TypeError("runs must be a dict {label: per-layer norms (L,)}; "
                        f"got {type(runs).__name__}.")
    if not runs:
        raise ValueError("runs must hold at least one run; got an empty dict.")
    series = {}
    for name, norms in runs.items():
        arr = as_vector(norms, f"runs[{name!r}]")
        if arr.size == 0:
            raise ValueError(f"runs[{name!r}] must hold at least one layer's norm.")
        series[str(name)] = np.clip(np.where(np.isfinite(arr), arr, np.nan), -DISPLAY_MAX, DISPLAY_MAX)
    note = None
    if log:
        pos = np.concatenate([v[np.isfinite(v) & (v > 0)] for v in series.values()])
        floor = float(pos.min()) / 10.0 if pos.size else 1e-12
        if any(np.any(np.isfinite(v) & (v <= 0)) for v in series.values()):
            series = {k: np.where(np.isfinite(v) & (v <= 0), floor, v) for k, v in series.items()}
            note = f"zeros drawn at {floor:.0e}"
    L_max = max(v.size for v in series.values())

    def draw(ax):
        for i, (name, v) in enumerate(series.items()):
            ax.plot(np.arange(1, v.size + 1), v, color=PALETTE[i % len(PALETTE)],
                    marker=_RUN_MARKERS[i % len(_RUN_MARKERS)], ms=6, lw=2.0, label=name, gid=f"run_{i}")
        set_yscale(ax, log)
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

    return draw
