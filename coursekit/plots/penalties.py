"""Regularisation: how large the weights are, and the L2 and L1 penalties with their gradients."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._validation import number
from .styling import PALETTE, style, tidy
from .drawing import drawn

__all__ = ["weight_histograms", "penalty_shapes"]


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
    return drawn(_weight_histograms, ax, (models,), dict(threshold=threshold, title=title))


def _weight_histograms(models, *, threshold, title):
    if not isinstance(models, dict) or not models:
        raise TypeError("models must be a non-empty dict {label: network or weights}.")
    threshold = number(threshold, "threshold", low=0.0, low_open=True)
    weights = {str(k): _weights_of(v, f"models[{k!r}]") for k, v in models.items()}
    mags = np.concatenate([np.abs(w[np.isfinite(w)]) for w in weights.values()])
    hi = max(float(mags.max()) if mags.size else 1.0, 10 * threshold)
    edges = np.logspace(-5, np.ceil(np.log10(hi) * 4) / 4, 41)

    def draw(ax):
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

    return draw


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
            tidy(ax)
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
