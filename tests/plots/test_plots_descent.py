"""coursekit.plots.landscapes: descent on a 1-D curve and positions over steps."""


import matplotlib.pyplot as plt
import pytest

from coursekit import experiments as ex
from coursekit import plots

PNG = b"\x89PNG\r\n\x1a\n"


def test_descent_1d_and_positions_draw_every_method():
    runs = ex.escape_local_minimum(steps=50)
    paths = {k: r.path for k, r in runs.items()}
    fig, axes = plots.subplots(1, 2)
    plots.descent_1d(ex.bumpy_loss, paths, xlim=ex.BUMPY_RANGE, ax=axes[0])
    gids = {a.get_gid() for a in axes[0].get_children()}
    assert {"curve", "start", "end_0", "end_1", "end_2", "visits_0", "visits_2"} <= gids
    plots.positions_over_steps(paths, marks={"global minimum": -1.81}, ylim=ex.BUMPY_RANGE, ax=axes[1])
    lines = [l for l in axes[1].lines if (l.get_gid() or "").startswith("path_")]
    assert len(lines) == 3 and all(len(l.get_xdata()) == 51 for l in lines)
    assert axes[1].get_ylim()[0] < ex.BUMPY_RANGE[0]
    plots.descent_1d(ex.bumpy_loss, paths, ax=axes[0])                 # redraw: nothing piles up
    assert sum(1 for a in axes[0].lines if a.get_gid() == "curve") == 1
    with pytest.raises(TypeError):
        plots.descent_1d(ex.bumpy_loss, [1, 2])
    with pytest.raises(ValueError):
        plots.descent_1d(ex.bumpy_loss, paths, xlim=(1, -1))
    with pytest.raises(TypeError):
        plots.positions_over_steps({})
    plt.close(fig)
