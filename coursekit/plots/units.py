"""What hidden units compute: each first-layer unit's activation over the input plane."""
from __future__ import annotations

import math

import numpy as np

from .._validation import number
from .drawing import Drawing, drawn
from .geometry import grid_points
from .styling import PROB_CMAP

__all__ = ["unit_maps", "UnitMaps", "first_layer_maps"]

_GAP = 2   # blank pixels between two maps


def first_layer_maps(model, xlim, ylim, resolution=24):
    """Each first-hidden-layer unit's activation a^1_j over a ``resolution`` x ``resolution``
    grid of the plane ``xlim`` x ``ylim``: an array (n_1, resolution, resolution), row 0 at
    ``ylim[0]``. ``model`` is an MLP with 2 inputs or has ``first_layer(X)`` (a FeatureModel)."""
    resolution = number(resolution, "resolution", low=2, high=500, integer=True)
    _, _, G = grid_points(xlim, ylim, resolution)
    with np.errstate(all="ignore"):
        if hasattr(model, "first_layer"):
            A = model.first_layer(G)
        elif hasattr(model, "forward_layers") and model.layer_sizes[0] == 2:
            if model.L < 2:
                raise ValueError("model has no hidden layer, so there are no hidden units to map.")
            A = model.forward_layers(G)[1][1]
        else:
            raise TypeError("model must be an MLP with 2 inputs or have first_layer(X) (a FeatureModel); "
                            f"got {type(model).__name__}.")
    return A.reshape(A.shape[0], resolution, resolution)


def _tiles(maps, columns):
    """The maps side by side, ``columns`` a row, each scaled from its own lowest (0) to its
    highest (1) value: the shape of what a unit responds to, whatever its activation's range.
    A unit that is the same everywhere (a dead ReLU) is 0.5 (white); gaps are NaN (blank)."""
    n, r, _ = maps.shape
    cols = min(n, columns)
    rows = math.ceil(n / cols)
    image = np.full((rows * (r + _GAP) - _GAP, cols * (r + _GAP) - _GAP), np.nan)
    for j, a in enumerate(maps):
        a = np.where(np.isfinite(a), a, np.nan)
        lo, hi = (np.nanmin(a), np.nanmax(a)) if np.isfinite(a).any() else (0.0, 0.0)
        scaled = (a - lo) / (hi - lo) if hi > lo else np.full_like(a, 0.5)
        row, col = divmod(j, cols)
        top = (rows - 1 - row) * (r + _GAP)          # origin="lower": the first row of maps on top
        image[top:top + r, col * (r + _GAP):col * (r + _GAP) + r] = scaled
    return np.ma.masked_invalid(image)


def unit_maps(model, xlim, ylim, *, resolution=24, columns=4, title="Hidden units: each one's activation",
              ax=None):
    """One small map per unit of the first hidden layer: its activation a^1_j over the plane
    ``xlim`` x ``ylim`` (low vermillion, high blue, each unit on its own scale), ``columns``
    maps a row, unit 1 top left. The maps are a picture, not a plot: no ticks. Returns the
    Figure, or a :class:`UnitMaps` in ``ax`` whose ``update(model)`` shows another model."""
    maps = first_layer_maps(model, xlim, ylim, resolution)
    columns = number(columns, "columns", low=1, integer=True)
    return drawn(_unit_maps, ax, (model,), dict(maps=maps, columns=columns, title=title, xlim=xlim, ylim=ylim,
                                                resolution=resolution), kind=UnitMaps)


def _unit_maps(model, *, maps, columns, title, xlim, ylim, resolution):
    def draw(ax):
        image = ax.imshow(_tiles(maps, columns), origin="lower", cmap=PROB_CMAP, vmin=0.0, vmax=1.0,
                          interpolation="nearest", aspect="equal")
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_title(title)
        return {"image": image, "n_units": maps.shape[0]}
    return draw


class UnitMaps(Drawing):
    """Unit maps whose ``update(model)`` puts another model's maps into the same image when it
    has as many units (a widget after training), and draws again when the count changed."""

    def update(self, model, **kwargs):
        k = {**self.kwargs, **kwargs}
        maps = first_layer_maps(model, k["xlim"], k["ylim"], k["resolution"])
        if maps.shape[0] != self.parts["n_units"] or kwargs:
            return super().update(model, **{**kwargs, "maps": maps})
        self.parts["image"].set_data(_tiles(maps, k["columns"]))
        self.args, self.kwargs["maps"] = (model,), maps
        return self
