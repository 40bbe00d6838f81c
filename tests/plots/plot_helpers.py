"""Helpers for the plots tests: find the artists a figure drew by their gid."""
import numpy as np
from matplotlib.colors import to_hex


def by_gid(ax, gid, kind=None):
    groups = {"lines": ax.lines, "collections": ax.collections, "images": ax.images,
              "texts": ax.texts, "patches": ax.patches}
    pool = groups[kind] if kind else [a for g in groups.values() for a in g]
    return [a for a in pool if a.get_gid() == gid]


def one(ax, gid, kind=None):
    found = by_gid(ax, gid, kind)
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


def hexes(colors):
    return [to_hex(c) for c in np.atleast_2d(colors)]


def bowl(a, b):
    return a ** 2 + 3 * b ** 2
