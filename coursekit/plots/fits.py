"""Function fits: a network's or a polynomial's output against its points and the target."""
from __future__ import annotations

import matplotlib as mpl
import numpy as np
from matplotlib.lines import Line2D

from .. import activations as _act
from .._validation import as_matrix, number, same_samples
from .styling import DISPLAY_MAX, OKABE_ITO, PALETTE, TEXT_COLOR
from .drawing import Drawing, drawn
from .geometry import padded_limits

__all__ = ["function_fit", "hidden_contributions", "polynomial_curve", "line_fit", "LineFit"]


def _one_in_one_out(net, name="net"):
    """The layer sizes of an MLP with one input and one output (a 1-D regression network)."""
    if not (hasattr(net, "layer_sizes") and hasattr(net, "params") and hasattr(net, "predict_proba")):
        raise TypeError(f"{name} must be a coursekit.MLP; got {type(net).__name__}.")
    sizes = list(net.layer_sizes)
    if sizes[0] != 1 or sizes[-1] != 1:
        raise ValueError(f"{name} must map one number to one number (layer_sizes [1, ..., 1]); "
                         f"got layer_sizes={sizes}.")
    return sizes


def function_fit(net, x, y, *, target=None, ax=None, resolution=400, xlim=None, ylim=None,
                 title="Network output against the target", label="network $\\hat{y}(x)$",
                 points_label="training points"):
    """A 1-D network's output ``y_hat(x)`` over its training points, with the target curve.

    Parameters
    ----------
    net : MLP with ``layer_sizes`` ``[1, ..., 1]`` (for regression: a linear output).
    x, y : (1, m) arrays, the training inputs and targets, one sample per column.
    target : callable, optional
        ``f(x)`` for an array ``x`` of shape (1, k); drawn dashed over the data's range.
    xlim : (low, high), optional
        The stretch of x to draw the network and the target over; default: the points' range.
    ylim : (low, high), optional
        Default: the targets plus a margin, kept fixed so that a diverged
        network leaves the view instead of squashing the target flat.
    label, points_label : str
        Legend entries for the network's curve and for the points ``(x, y)``.
    """
    return drawn(_function_fit, ax, (net, x, y), dict(target=target, resolution=resolution, xlim=xlim, ylim=ylim,
                                                      title=title, label=label, points_label=points_label))


def _function_fit(net, x, y, *, target, resolution, xlim, ylim, title, label, points_label):
    _one_in_one_out(net)
    x = as_matrix(x, "x", rows=1, what="(1, m)")
    y = as_matrix(y, "y", rows=1, what="(1, m)")
    same_samples(x, y, "x", "y")
    if target is not None and not callable(target):
        raise TypeError(f"target must be a function f(x) of a (1, k) array; got {type(target).__name__}.")
    resolution = number(resolution, "resolution", low=2, high=100000, integer=True)
    xlim = padded_limits(x[0], xlim) if xlim is not None else (float(x.min()), float(x.max()))
    if not xlim[1] > xlim[0]:
        xlim = (xlim[0] - 0.5, xlim[1] + 0.5)                  # a single point: some room around it
    xs = np.linspace(xlim[0], xlim[1], resolution)[None, :]
    with np.errstate(all="ignore"):
        pred = np.asarray(net.predict_proba(xs), dtype=np.float64)[0]
    ylim = padded_limits(y[0], ylim, 0.12, 0.15)

    def draw(ax):
        ax.scatter(x[0], y[0], s=16, color="0.45", edgecolors="white", linewidths=0.4, zorder=5,
                   label=points_label, gid="samples")   # on top: the fit must not hide the data
        if target is not None:
            with np.errstate(all="ignore"):
                f = np.asarray(target(xs), dtype=np.float64).reshape(-1)
            ax.plot(xs[0], f, color=TEXT_COLOR, ls="--", lw=1.8, zorder=3, label="target $f(x)$", gid="target")
        shown = np.where(np.isfinite(pred), np.clip(pred, -DISPLAY_MAX, DISPLAY_MAX), np.nan)
        ax.plot(xs[0], shown, color=OKABE_ITO["blue"], lw=2.6, zorder=4, label=label, gid="fit")
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
        ax.grid(True)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        ax.set_title(title)
        ax.legend(loc="best", fontsize=10)

    return draw


def hidden_contributions(net, *, xlim=(-1.0, 1.0), ax=None, resolution=400,
                         title="What each hidden unit adds"):
    """The pieces a one-hidden-layer network adds up: ``w^2_j a^1_j(x)`` for every hidden unit j.

    For an MLP ``[1, n, 1]``: hidden unit j outputs ``a^1_j(x) = g(w^1_j x + b^1_j)``
    and passes on ``w^2_j a^1_j(x)``; the output is the sum of those pieces plus
    ``b^2`` (a linear output). Each piece is a thin line (coloured by unit, in
    order), the output a thick one, ``b^2`` a dotted level.
    """
    return drawn(_hidden_contributions, ax, (net,), dict(xlim=xlim, resolution=resolution, title=title))


def _hidden_contributions(net, *, xlim, resolution, title):
    sizes = _one_in_one_out(net)
    if len(sizes) != 3:
        raise ValueError(f"hidden_contributions draws a network with exactly one hidden layer, "
                         f"[1, n, 1]; got layer_sizes={sizes}.")
    lo = number(xlim[0], "xlim[0]")
    hi = number(xlim[1], "xlim[1]", low=lo, low_open=True)
    resolution = number(resolution, "resolution", low=2, high=100000, integer=True)
    (W1, b1), (W2, b2) = net.params
    g = _act.get(net.hidden_activation)[0]
    g_out = _act.get(net.output_activation)[0]
    xs = np.linspace(lo, hi, resolution)[None, :]
    with np.errstate(all="ignore"):
        pieces = W2.T * g(W1 @ xs + b1)                       # (n, k): w^2_j a^1_j(x)
        out = g_out(pieces.sum(axis=0) + b2[0, 0])            # y_hat = g(sum_j w^2_j a^1_j + b^2)
    n = sizes[1]
    cmap = mpl.colormaps["cividis"]
    shown = lambda v: np.where(np.isfinite(v), np.clip(v, -DISPLAY_MAX, DISPLAY_MAX), np.nan)

    def draw(ax):
        ax.axhline(0.0, color="0.75", lw=0.8, zorder=0)
        # Few units: distinct palette colours (blue is kept for the output); many: cividis in order.
        colors = (PALETTE[1:1 + n] if n <= len(PALETTE) - 2 else
                  [cmap(0.05 + 0.75 * j / max(n - 1, 1)) for j in range(n)])
        for j, p in enumerate(pieces):
            ax.plot(xs[0], shown(p), color=colors[j], lw=1.4, alpha=0.9, zorder=2, gid=f"piece_{j + 1}")
        ax.axhline(float(b2[0, 0]) if np.isfinite(b2[0, 0]) else 0.0, color="0.35", ls=":", lw=1.5,
                   zorder=1, gid="output_bias")
        ax.plot(xs[0], shown(out), color=OKABE_ITO["blue"], lw=2.6, zorder=3, gid="output")
        values = np.concatenate([pieces.ravel(), out, [float(b2[0, 0])]])
        ylim = padded_limits(np.clip(values, -1e6, 1e6), None, 0.08, 0.1)
        ylim = (ylim[0], ylim[1] + 0.45 * (ylim[1] - ylim[0]))   # an empty band on top for the legend
        ax.set_xlim(lo, hi)
        ax.set_ylim(ylim)
        ax.grid(True)
        handles = [Line2D([], [], color=colors[0], lw=1.4,
                          label=f"each unit's share $w^{{2}}_{{j}}\\,a^{{1}}_{{j}}(x)$ ({n} unit{'s' if n != 1 else ''})"),
                   Line2D([], [], color="0.35", ls=":", lw=1.5, label="output bias $b^{2}$"),
                   Line2D([], [], color=OKABE_ITO["blue"], lw=2.6, label="output $\\hat{y}(x)$ = shares + $b^{2}$")]
        ax.legend(handles=handles, loc="upper left", fontsize=10)
        ax.set_xlabel("$x$")
        ax.set_ylabel("contribution to $\\hat{y}$")
        ax.set_title(title)

    return draw


def polynomial_curve(run, *, ax=None, ylim=(-2.0, 2.0), title=None, show_validation=True):
    """A polynomial fitted to a few noisy points, against the curve they came from.

    ``run`` is an ``experiments.PolynomialRun``: its training points (filled
    circles), validation points (small grey dots, unless ``show_validation``
    is False), the true curve ``sin(pi x)`` (dashed) and the fitted
    polynomial (solid). The view is fixed at ``ylim``, so a wild
    high-degree polynomial leaves it instead of squashing everything else.
    """
    return drawn(_polynomial_curve, ax, (run,), dict(ylim=ylim, title=title, show_validation=show_validation))


def _polynomial_curve(run, *, ylim, title, show_validation):
    missing = [a for a in ("x", "y", "x_val", "y_val", "degree", "predict") if not hasattr(run, a)]
    if missing:
        raise TypeError(f"run must be a PolynomialRun from experiments.polynomial_run; got "
                        f"{type(run).__name__}, which lacks {', '.join(missing)}.")
    lo, hi = number(ylim[0], "ylim[0]"), number(ylim[1], "ylim[1]")
    if not hi > lo:
        raise ValueError(f"ylim must be (low, high) with low < high; got {tuple(ylim)!r}.")
    xs = np.linspace(-1.0, 1.0, 400)[None, :]
    with np.errstate(all="ignore"):
        fit = np.asarray(run.predict(xs), dtype=np.float64)[0]
    fit = np.where(np.isfinite(fit), np.clip(fit, -DISPLAY_MAX, DISPLAY_MAX), np.nan)

    def draw(ax):
        nonlocal title
        if show_validation:
            ax.scatter(run.x_val[0], run.y_val[0], s=10, color="0.65", zorder=2, label="validation points",
                       gid="validation")
        ax.plot(xs[0], np.sin(np.pi * xs[0]), color=TEXT_COLOR, ls="--", lw=1.6, zorder=3,
                label=r"true curve $\sin(\pi x)$", gid="target")
        ax.plot(xs[0], fit, color=OKABE_ITO["orange"], lw=2.6, zorder=4, label=f"degree {run.degree} fit",
                gid="fit")
        ax.scatter(run.x[0], run.y[0], s=46, color=OKABE_ITO["blue"], edgecolors="white", linewidths=0.8,
                   zorder=5, label="training points", gid="training")
        ax.set_xlim(-1.05, 1.05)
        ax.set_xticks([-1.0, -0.5, 0.0, 0.5, 1.0])
        ax.set_ylim(lo, hi)
        ax.grid(True)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$y$")
        if title is None and hasattr(run, "train_error"):
            title = (f"Degree {run.degree}: training error {_error_text(run.train_error)},\n"
                     f"validation error {_error_text(run.val_error)}")
        ax.set_title(title or f"Degree {run.degree}")
        ax.legend(loc="lower right", fontsize=10)

    return draw


def _error_text(e):
    """An error for a title: 3 significant figures, or "≈ 0" for rounding-level values."""
    return "≈ 0" if abs(e) < 1e-6 else f"{e:.3g}"


def line_fit(x, y, w_exact, b_exact, *, ax=None):
    """Points ``(x, y)`` (each (1, m)), the least-squares line ``y = w_exact x + b_exact``
    (dashed) and a gradient-descent line that :class:`LineFit` ``.update(w, b)`` moves."""
    x = as_matrix(x, "x", rows=1, what="(1, m)")
    y = as_matrix(y, "y", rows=1, what="(1, m)")
    same_samples(x, y, "x", "y")
    return drawn(_line_fit, ax, (x, y, number(w_exact, "w_exact"), number(b_exact, "b_exact")), kind=LineFit)


_LINE_XS = np.array([-1.1, 1.1])


def _line_fit(x, y, w_exact, b_exact):
    def draw(ax):
        ax.scatter(x[0], y[0], color=OKABE_ITO["blue"], s=25, label="data", zorder=3)
        ax.plot(_LINE_XS, w_exact * _LINE_XS + b_exact, color=OKABE_ITO["black"], ls="--", lw=1.5,
                label="normal equations")
        line, = ax.plot(_LINE_XS, _LINE_XS, color=OKABE_ITO["vermillion"], lw=2.5, label="gradient descent")
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(y.min() - 1.5, y.max() + 1.5)  # fixed view: a diverging line leaves it
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title("Fitting y = w x + b")
        ax.legend(loc="upper left")
        return {"line": line}
    return draw


class LineFit(Drawing):
    """A line fit: ``update(w, b)`` moves the gradient-descent line (hidden when not finite);
    the points and the least-squares line stay."""

    def update(self, w, b):
        finite = bool(np.isfinite(w) and np.isfinite(b))
        line = self.parts["line"]
        line.set_visible(finite)
        if finite:
            line.set_ydata(w * _LINE_XS + b)
        return self
