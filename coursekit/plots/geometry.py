"""Shared geometry: grids, limits, class scatter, shaded probabilities, lines and half-planes in a box."""
from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgb

from .._validation import as_matrix, one_hot_labels
from .styling import CLASS_COLORS, CLASS_MARKERS, PROB_CMAP, TEXT_COLOR, attach_colorbar

__all__ = ["class_labels", "scatter_classes", "padded_limits", "grid_points", "model_output",
           "shade_probabilities", "segment_in_box", "half_plane", "as_vector"]


def class_labels(Y, m, name="Y"):
    """Integer class labels, shape (m,), from Y (1, m) of 0/1 or class indices, or (k, m) one-hot."""
    Y = as_matrix(Y, name, what="(1, m) of labels or (k, m) one-hot")
    if Y.shape[1] != m:
        raise ValueError(f"X and {name} must have the same number of samples (columns); "
                         f"got {m} and {Y.shape[1]}.")
    if Y.shape[0] == 1:
        if np.any(Y < 0) or np.any(Y != np.round(Y)):
            raise ValueError(f"{name} must hold class labels 0, 1, ... (whole numbers); "
                             f"found {np.unique(Y[(Y < 0) | (Y != np.round(Y))])[:5].tolist()}.")
        labels = Y[0].astype(int)
    else:
        one_hot_labels(Y, name)
        labels = Y.argmax(axis=0)
    if labels.max() >= len(CLASS_COLORS):
        raise ValueError(f"{name} has {labels.max() + 1} classes; plots can colour at most "
                         f"{len(CLASS_COLORS)}.")
    return labels


def scatter_classes(ax, X, labels, size=36, zorder=3):
    """One scatter per class (colour + marker from the palette), labelled 'class c'."""
    out = []
    for c in range(int(labels.max()) + 1):
        sel = labels == c
        if not np.any(sel):
            continue
        out.append(ax.scatter(X[0, sel], X[1, sel], s=size, c=CLASS_COLORS[c], marker=CLASS_MARKERS[c],
                              edgecolors="white", linewidths=0.6, label=f"class {c}", zorder=zorder,
                              gid=f"class_{c}"))
    return out


def padded_limits(values, lim, pad_frac=0.15, pad_min=0.25):
    if lim is not None:
        lo, hi = float(lim[0]), float(lim[1])
        if not (np.isfinite(lo) and np.isfinite(hi) and hi > lo):
            raise ValueError(f"axis limits must be two finite numbers (low, high) with low < high; got {lim!r}.")
        return lo, hi
    v = np.clip(values[np.isfinite(values)], -1e290, 1e290)   # so hi - lo cannot overflow
    if v.size == 0:
        return -1.0, 1.0
    lo, hi = float(v.min()), float(v.max())
    pad = pad_frac * (hi - lo) + pad_min
    return lo - pad, hi + pad


def grid_points(xlim, ylim, resolution):
    xs = np.linspace(xlim[0], xlim[1], resolution)
    ys = np.linspace(ylim[0], ylim[1], resolution)
    GX, GY = np.meshgrid(xs, ys)
    return xs, ys, np.vstack([GX.ravel(), GY.ravel()])   # grid points as columns, (2, r*r)


def model_output(model, G):
    """Evaluate a model on grid points G (2, n); return an array (k, n)."""
    n = G.shape[1]
    with np.errstate(all="ignore"):
        if hasattr(model, "predict_proba"):
            P = model.predict_proba(G)
        elif callable(model):
            P = model(G)
        elif hasattr(model, "predict"):
            P = model.predict(G)
        else:
            raise TypeError("model must have predict_proba(X) (an MLP), be a callable f(X) returning "
                            f"P(y = 1) for the columns of X, or have predict(X); got {type(model).__name__}.")
    P = np.asarray(P, dtype=np.float64)
    if P.ndim == 1:
        P = P[None, :]
    if P.ndim != 2 or P.shape[1] != n:
        raise ValueError(f"model must return one column per input column, shape (k, {n}) "
                         f"for X of shape {G.shape}; it returned shape {P.shape}.")
    return P


def shade_probabilities(ax, P, xlim, ylim, resolution, colorbar=True, contour=True,
                         cbar_label="P(y = 1 | x)", image=None):
    """Draw model outputs P (k, r*r) over the grid: P(y=1) shading and the 0.5 contour for one
    binary output, class-coloured regions for k > 2. Returns the 0.5 contour (or None).
    ``image``: the shading an earlier call drew with the same grid, to take the new values."""
    extent = (xlim[0], xlim[1], ylim[0], ylim[1])
    if P.shape[0] <= 2:
        p = (P[0] if P.shape[0] == 1 else P[1]).reshape(resolution, resolution)
        p = np.ma.masked_invalid(p)
        if image is not None:
            image.set_data(p)            # its colour scale, and so any colorbar, stays as it was
        else:
            im = ax.imshow(p, extent=extent, origin="lower", cmap=PROB_CMAP, vmin=0.0, vmax=1.0,
                           aspect="auto", interpolation="bilinear", zorder=0, gid="probability")
            if colorbar:
                attach_colorbar(ax, im, cbar_label)
        finite = p.compressed()
        if contour and finite.size and finite.min() < 0.5 < finite.max():
            xs = np.linspace(xlim[0], xlim[1], resolution)
            ys = np.linspace(ylim[0], ylim[1], resolution)
            return ax.contour(xs, ys, p, levels=[0.5], colors=TEXT_COLOR, linewidths=1.8, zorder=2)
        return None
    # Several classes: each region in its class colour, lighter where the model is unsure.
    k = min(P.shape[0], len(CLASS_COLORS))
    cols = np.array([to_rgb(CLASS_COLORS[c]) for c in range(k)])
    P = np.nan_to_num(P[:k], nan=0.0)
    conf = (P.max(axis=0) - 1.0 / k) / (1.0 - 1.0 / k)   # 0 at a tie of all classes, 1 when sure
    strength = 0.15 + 0.45 * np.clip(conf, 0.0, 1.0)[:, None]
    rgb = 1.0 - (1.0 - cols[P.argmax(axis=0)]) * strength   # the winning class's colour, tinted
    if image is not None:
        image.set_data(rgb.reshape(resolution, resolution, 3))
    else:
        ax.imshow(rgb.reshape(resolution, resolution, 3), extent=extent, origin="lower", aspect="auto",
                  interpolation="bilinear", zorder=0, gid="probability")
    return None


def segment_in_box(w, b, xlim, ylim):
    """End points of the part of the line w1 x + w2 y + b = 0 inside the box, or None."""
    w1, w2 = float(w[0]), float(w[1])
    if w1 == 0.0 and w2 == 0.0:
        return None
    pts = []
    span = max(xlim[1] - xlim[0], ylim[1] - ylim[0])
    tol = 1e-9 * span
    if w2 != 0.0:
        for x in xlim:
            y = -(w1 * x + b) / w2
            if ylim[0] - tol <= y <= ylim[1] + tol:
                pts.append((x, y))
    if w1 != 0.0:
        for y in ylim:
            x = -(w2 * y + b) / w1
            if xlim[0] - tol <= x <= xlim[1] + tol:
                pts.append((x, y))
    if len(pts) < 2:
        return None
    pts = np.array(pts)
    d = ((pts[:, None, :] - pts[None, :, :]) ** 2).sum(-1)
    i, j = np.unravel_index(np.argmax(d), d.shape)
    if d[i, j] <= tol * tol:
        return None
    return pts[[i, j]]


@np.errstate(all="ignore")
def half_plane(w, b, xlim, ylim):
    """The part of the box where w . x + b > 0, as polygon vertices (Sutherland-Hodgman)."""
    box = [np.array(p, float) for p in ((xlim[0], ylim[0]), (xlim[1], ylim[0]),
                                         (xlim[1], ylim[1]), (xlim[0], ylim[1]))]
    w = np.asarray(w, float)
    out = []
    for i in range(4):
        P, Q = box[i], box[(i + 1) % 4]
        fp, fq = w @ P + b, w @ Q + b
        if fp > 0:
            out.append(P)
        if (fp > 0) != (fq > 0) and fp != fq:
            out.append(P + fp / (fp - fq) * (Q - P))
    return np.array(out) if len(out) >= 3 else None


def as_vector(values, name):
    """A 1-D float array from a vector-like (a list, (n,), (1, n) or (n, 1))."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers; got {type(values).__name__}.") from None
    if arr.ndim == 2 and 1 in arr.shape:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a sequence of numbers, one per epoch; got shape {arr.shape}.")
    return arr
