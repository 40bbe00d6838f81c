"""Chapter 04's additions to coursekit: what backprop costs, checking a hand-written backward
pass, and escaping a local minimum; computed, drawn and explored.

The figures of ``experiments.backprop_cost`` and ``experiments.escape_local_minimum``
(tested in tests/experiments/test_exp_backprop.py and test_exp_gradient_descent.py),
``plots.pass_costs``, ``plots.layer_costs``,
``plots.descent_1d`` and ``plots.positions_over_steps``, and the explorers
``widgets.backprop_cost_explorer`` (depth) and
``widgets.local_minimum_explorer`` (learning rate, noise), driven headless
through every control position.
"""
from __future__ import annotations

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from widget_harness import drive_every_position

from coursekit import experiments as ex
from coursekit import plots
from coursekit import widgets as w

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


# ------------------------------------------------------------------ explorers
EXPLORERS = [w.backprop_cost_explorer, w.local_minimum_explorer]


def _positions(control):
    if isinstance(control, ipywidgets.Dropdown):
        return [value for _, value in control.options]
    if isinstance(control, ipywidgets.FloatLogSlider):
        return [10 ** control.min, 10 ** ((control.min + control.max) / 2), 10 ** control.max]
    if isinstance(control, ipywidgets.IntSlider):
        return list(range(control.min, control.max + 1, max(1, (control.max - control.min) // 10)))
    return list(np.linspace(control.min, control.max, 7))


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_explorer_shape_and_readable_controls(make):
    e = make()
    assert e.error is None, getattr(e, "_traceback", "")
    assert e.result is not None and e.status.value
    assert bytes(e.image.value).startswith(PNG)
    for control in e.controls.values():
        assert control.description and "..." not in control.description
        assert control.style.description_width == "initial"


def test_the_chapter_has_depth_and_learning_rate_controls():
    assert "depth" in w.backprop_cost_explorer().controls
    assert w.backprop_cost_explorer().controls["depth"].max >= 20
    assert "learning_rate" in w.local_minimum_explorer().controls


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_every_position_of_every_control_works(make, recwarn):
    e = make()
    drive_every_position(e, _positions)
    assert not [str(r.message) for r in recwarn]


def test_the_depth_slider_builds_that_network():
    e = w.backprop_cost_explorer(width=5)
    for depth in (0, 4, 20):
        e.controls["depth"].value = depth
        assert e.result.layer_sizes == [2] + [5] * depth + [1]
        assert e.status.value.startswith(f"depth {depth}:")
    e.controls["width"].value = 32
    assert e.result.layer_sizes == [2] + [32] * 20 + [1]


def test_local_minimum_explorer_follows_its_controls():
    e = w.local_minimum_explorer()
    assert "gradient descent ends in the local minimum" in e.status.value
    e.controls["noise"].value = 0.0
    assert e.status.value.count("local minimum") == 3
    e.controls["start"].value = -2.0
    assert e.status.value.count("global minimum") == 3
    runs = e.result
    assert set(runs) == set(ex.ESCAPE_METHODS) and runs["gradient descent"].path[0] == pytest.approx(-2.0)


def test_no_figures_left_open():
    before = plt.get_fignums()
    for make in EXPLORERS:
        e = make()
        first = next(iter(e.controls.values()))
        for value in _positions(first)[:3]:
            first.value = value
    assert plt.get_fignums() == before
