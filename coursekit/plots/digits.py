"""Chapter 08's figures: digits as pictures, grey levels, weights as images, the confusion
matrix, mistakes with the network's probabilities, and the drawing pad's reading.

Digits are drawn dark on light (grey level 16 black), as written on paper; weights use
:data:`WEIGHT_CMAP`, blue for positive and vermillion for negative, the course's sign colours.
The functions that take ``ax`` follow the package's rule: not given, a new Figure; given, a
:class:`~coursekit.plots.Drawing` whose ``update`` redraws for new data (an explorer's panels).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from .._validation import as_matrix
from .drawing import drawn
from .styling import OKABE_ITO, PALETTE, style

__all__ = ["WEIGHT_CMAP", "SIDE", "digit_mosaic", "digit_grid", "grey_levels", "image_and_vector",
           "weight_images", "confusion_matrix", "probability_bars", "digit_image", "misclassified_digits",
           "mistakes_mosaic"]

#: Diverging map for weights: vermillion (negative) through white (0) to blue (positive).
WEIGHT_CMAP = LinearSegmentedColormap.from_list("ck_weights", [OKABE_ITO["vermillion"], "#FFFFFF", OKABE_ITO["blue"]])
#: Pixels per side of a digit.
SIDE = 8


def _images(X, name="X"):
    return as_matrix(X, name, rows=SIDE * SIDE, what="(64, m): one 8x8 image per column")


def _bare(ax):
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)


def digit_mosaic(X, idx, gap: int = 1):
    """The images ``X[:, idx]`` laid out as one picture: ``idx`` (rows, cols) of column indices.

    Returns an array (rows * (8 + gap) - gap, cols * (8 + gap) - gap) with a ``gap`` of NaN
    (drawn blank) between the 8x8 tiles; tile (r, c) holds ``X[:, idx[r, c]].reshape(8, 8)``.
    """
    X = _images(X)
    idx = np.atleast_2d(np.asarray(idx, dtype=np.int64))
    rows, cols = idx.shape
    step = SIDE + gap
    out = np.full((rows * step - gap, cols * step - gap), np.nan)
    for r in range(rows):
        for c in range(cols):
            out[r * step:r * step + SIDE, c * step:c * step + SIDE] = X[:, idx[r, c]].reshape(SIDE, SIDE)
    return out


def digit_grid(X, idx, *, row_labels=None, ax=None, title="Examples of each digit"):
    """A grid of digits: row r shows the images ``X[:, idx[r]]``, labelled ``row_labels[r]``."""
    shape = np.atleast_2d(np.asarray(idx)).shape
    return drawn(_digit_grid, ax, (X, idx), dict(row_labels=row_labels, title=title),
                 figsize=(0.62 * shape[1] + 1.2, 0.62 * shape[0] + 0.8))


def _digit_grid(X, idx, *, row_labels, title):
    mosaic = digit_mosaic(X, idx)
    rows = np.atleast_2d(np.asarray(idx)).shape[0]
    labels = list(row_labels) if row_labels is not None else [str(r) for r in range(rows)]

    def draw(ax):
        ax.imshow(mosaic, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest")
        _bare(ax)
        ax.set_yticks(np.arange(rows) * (SIDE + 1) + (SIDE - 1) / 2)
        ax.set_yticklabels(labels)
        ax.tick_params(length=0)
        ax.set_title(title)

    return draw


def grey_levels(counts, *, ax=None, title="How often each grey level occurs"):
    """Bars of the 17 grey-level counts (``experiments.grey_level_counts``), log-scaled counts."""
    return drawn(_grey_levels, ax, (counts,), dict(title=title), figsize=(6.4, 3.6))


def _grey_levels(counts, *, title):
    counts = np.asarray(counts)

    def draw(ax):
        ax.bar(np.arange(counts.size), counts, color=PALETTE[0], width=0.8)
        ax.set_yscale("log")
        ax.set_xticks(np.arange(0, counts.size, 2))
        ax.set_xlabel("grey level (0 = white paper, 16 = fully inked)")
        ax.set_ylabel("number of pixels (log scale)")
        ax.set_title(title)

    return draw


def image_and_vector(x, *, label=None):
    """One digit as the 8x8 picture and as the 64 numbers the network reads, side by side."""
    x = _images(np.asarray(x, dtype=np.float64).reshape(-1, 1), "x")
    with style():
        fig, (a_img, a_vec) = plt.subplots(1, 2, figsize=(9.6, 2.8), layout="constrained",
                                           gridspec_kw={"width_ratios": [1, 3.2]})
        a_img.imshow(x.reshape(SIDE, SIDE), cmap="gray_r", vmin=0.0, vmax=1.0)
        a_img.set_title("the image, 8 x 8" + ("" if label is None else f" (a {label})"))
        a_img.set_xlabel("column")
        a_img.set_ylabel("row")
        a_vec.imshow(x.reshape(1, -1), cmap="gray_r", vmin=0.0, vmax=1.0, aspect=6.0,
                     extent=(-0.5, 63.5, -0.5, 0.5))
        for r in range(1, SIDE):
            a_vec.axvline(r * SIDE - 0.5, color=OKABE_ITO["orange"], lw=1.2)
        a_vec.set_yticks([])
        a_vec.set_xticks(np.arange(0, 64, SIDE))
        a_vec.set_xlabel("position in the vector x (rows one after the other; orange: a new row)")
        a_vec.set_title("the same image as a column of 64 numbers, laid flat")
    return fig


def weight_images(W, *, titles=None, ncols: int = 5, title="Weights as images"):
    """Each row of ``W`` (n_units, 64) drawn as an 8x8 image on one shared, symmetric colour scale.

    Blue pixels push the unit's score up where the pen has been, vermillion pixels push it down.
    """
    W = as_matrix(W, "W", cols=SIDE * SIDE, what="(n_units, 64), one row per unit")
    n = W.shape[0]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    lim = float(np.max(np.abs(W))) or 1.0
    with style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(1.45 * ncols + 1.0, 1.55 * nrows + 0.6),
                                 layout="constrained", squeeze=False)
        for k, ax in enumerate(axes.flat):
            ax.set_xticks([])
            ax.set_yticks([])
            if k >= n:
                ax.set_visible(False)
                continue
            im = ax.imshow(W[k].reshape(SIDE, SIDE), cmap=WEIGHT_CMAP, vmin=-lim, vmax=lim)
            ax.set_title(titles[k] if titles is not None else f"unit {k}", fontsize=11)
        fig.colorbar(im, ax=axes, shrink=0.8, label="weight")
        fig.suptitle(title)
    return fig


def confusion_matrix(C, *, ax=None, title="Confusion matrix", normalise_colour: bool = True):
    """The counts ``C`` (k, k) as a picture: row = true class, column = predicted class.

    Every non-zero cell shows its count; the colour is the count as a fraction of its row (so
    a class with fewer samples is not paler), unless ``normalise_colour=False``.
    """
    return drawn(_confusion_matrix, ax, (C,), dict(title=title, normalise_colour=normalise_colour),
                 figsize=(6.2, 5.4))


def _confusion_matrix(C, *, title, normalise_colour):
    C = as_matrix(C, "C", what="(k, k) counts")
    k = C.shape[0]
    if C.shape != (k, k):
        raise ValueError(f"C must be square (k, k); got {C.shape}.")
    rows = C.sum(axis=1, keepdims=True)
    shade = np.divide(C, rows, out=np.zeros_like(C), where=rows > 0) if normalise_colour else C
    top = float(shade.max()) or 1.0

    def draw(ax):
        ax.imshow(shade, cmap="Blues", vmin=0.0, vmax=top)
        for i, j in zip(*np.nonzero(C)):       # an empty cell shows nothing
            ax.text(j, i, f"{int(C[i, j])}", ha="center", va="center", fontsize=10,
                    color="white" if shade[i, j] > 0.6 * top else "black")
        ax.set_xticks(range(k))
        ax.set_yticks(range(k))
        ax.set_xlabel("predicted class")
        ax.set_ylabel("true class")
        ax.set_title(title)

    return draw


def probability_bars(p, *, true=None, ax=None, title="The network's probabilities"):
    """Ten bars, one per class; the predicted class vermillion, the true one (if given) blue."""
    return drawn(_probability_bars, ax, (p,), dict(true=true, title=title), figsize=(4.8, 3.0))


def _probability_bars(p, *, true, title):
    p = np.asarray(p, dtype=np.float64).reshape(-1)
    colours = [OKABE_ITO["sky_blue"]] * p.size
    colours[int(np.argmax(p))] = OKABE_ITO["vermillion"]
    if true is not None:
        colours[int(true)] = OKABE_ITO["blue"]

    def draw(ax):
        ax.bar(np.arange(p.size), p, color=colours)
        ax.set_ylim(0.0, 1.0)
        ax.set_xticks(range(p.size))
        ax.set_xlabel("class")
        ax.set_ylabel("probability")
        ax.set_title(title)

    return draw


def digit_image(x, *, ax=None, title="what the network reads"):
    """One 8x8 digit ``x`` (64 values in [0, 1], row by row), dark on light, no axes."""
    return drawn(_digit_image, ax, (x,), dict(title=title), figsize=(3.0, 3.2))


def _digit_image(x, *, title):
    x = _images(np.asarray(x, dtype=np.float64).reshape(-1, 1), "x")

    def draw(ax):
        ax.imshow(x.reshape(SIDE, SIDE), cmap="gray_r", vmin=0.0, vmax=1.0)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title)

    return draw


def misclassified_digits(X, idx, y_true, y_pred, P, *, n: int = 6,
                         title="Test digits the network gets wrong"):
    """The first ``n`` mistakes: each digit above the bars of the ten probabilities the network
    gave it (predicted class vermillion, true class blue). ``idx``, ``y_pred`` and ``P``
    (10, n_wrong) as ``experiments.misclassified`` returns them."""
    X = _images(X)
    n = min(n, len(idx))
    if n == 0:
        raise ValueError("there are no misclassified digits to show.")
    y_true = np.asarray(y_true)
    with style():
        fig, axes = plt.subplots(2, n, figsize=(2.0 * n + 0.4, 4.2), layout="constrained",
                                 gridspec_kw={"height_ratios": [1.2, 1]}, squeeze=False)
        for k in range(n):
            i = idx[k]
            digit_image(X[:, i], ax=axes[0, k], title=f"true {int(y_true[i])}, predicted {int(y_pred[k])}")
            probability_bars(P[:, k], true=y_true[i], ax=axes[1, k], title="")
            axes[1, k].tick_params(axis="x", labelsize=8)
            if k:
                axes[1, k].set_ylabel("")
        fig.suptitle(title)
    return fig


def mistakes_mosaic(X, idx, y_true, y_pred, *, ax=None, nrows: int = 2, ncols: int = 4,
                    title="Validation digits it gets wrong"):
    """Up to ``nrows * ncols`` digits ``X[:, idx]`` in one picture, each labelled
    "true → predicted" above it; empty tiles stay blank. One image and a few texts, cheap to
    redraw in an explorer."""
    return drawn(_mistakes_mosaic, ax, (X, idx, y_true, y_pred), dict(nrows=nrows, ncols=ncols, title=title),
                 figsize=(4.8, 3.2))


def _mistakes_mosaic(X, idx, y_true, y_pred, *, nrows, ncols, title):
    X = _images(X)
    idx = np.asarray(idx, dtype=np.int64)[: nrows * ncols]
    tiles = np.full(nrows * ncols, -1)
    tiles[: idx.size] = idx
    shown = np.hstack([X, np.zeros((SIDE * SIDE, 1))])  # column -1 is a blank tile
    gap = 3                                              # room above each tile for its label
    step = SIDE + gap
    mosaic = digit_mosaic(shown, tiles.reshape(nrows, ncols), gap=gap)
    mosaic = np.vstack([np.full((gap, mosaic.shape[1]), np.nan), mosaic])  # a gap above the first row too
    labels = [f"{int(np.asarray(y_true)[i])} → {int(y_pred[k])}" for k, i in enumerate(idx)]

    def draw(ax):
        ax.imshow(mosaic, cmap="gray_r", vmin=0.0, vmax=1.0, interpolation="nearest",
                  extent=(-0.5, mosaic.shape[1] - 0.5, mosaic.shape[0] - gap - 0.5, -gap - 0.5))
        for k, text in enumerate(labels):
            ax.text((k % ncols) * step + (SIDE - 1) / 2, (k // ncols) * step - 0.8, text,
                    ha="center", va="bottom", fontsize=10)
        _bare(ax)
        ax.set_title(title if idx.size else "No mistakes on the validation set")

    return draw
