"""coursekit.plots.costs: multiply-adds per sample by depth and by layer."""


import matplotlib.pyplot as plt
import numpy as np
import pytest

from coursekit import experiments as ex
from coursekit import plots

PNG = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ figures
def test_pass_costs_draws_both_views_and_marks_the_chosen_depth():
    costs = [ex.backprop_cost(d, 8) for d in range(0, 6)]
    fig = plots.pass_costs(costs, which="passes", chosen=2)
    ax = fig.axes[0]
    gids = {line.get_gid() for line in ax.lines}
    assert {"forward", "backward", "chosen_forward", "chosen_backward", "chosen"} <= gids
    assert ax.get_yscale() == "linear"
    forward = next(line for line in ax.lines if line.get_gid() == "forward")
    np.testing.assert_array_equal(forward.get_ydata(), [c.forward for c in costs])
    plots.pass_costs(costs, which="gradient", chosen=5, ax=ax)      # redraw in place, other view
    assert ax.get_yscale() == "log" and "finite_differences" in {line.get_gid() for line in ax.lines}
    assert len(fig.axes) == 1
    plt.close(fig)


def test_pass_costs_refuses_bad_input():
    costs = [ex.backprop_cost(d, 8) for d in range(3)]
    with pytest.raises(TypeError):
        plots.pass_costs([])
    with pytest.raises(ValueError):
        plots.pass_costs(costs, which="both")
    with pytest.raises(ValueError):
        plots.pass_costs(costs, chosen=7)


def test_layer_costs_draws_one_pair_of_bars_per_layer():
    cost = ex.backprop_cost(3, 4)
    fig = plots.layer_costs(cost)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * 4
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_array_equal(heights[:4], cost.forward_layers)
    np.testing.assert_array_equal(heights[4:], cost.backward_layers)
    plots.layer_costs(ex.backprop_cost(1, 4), ax=ax)
    assert len(ax.patches) == 2 * 2
    with pytest.raises(TypeError):
        plots.layer_costs([1, 2])
    plt.close(fig)
