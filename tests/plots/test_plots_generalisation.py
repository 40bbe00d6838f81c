"""coursekit.plots figures of chapter 06: polynomial fits (fits), capacity curves, weight
histograms and penalties (curves), and the steepness of a boundary (boundaries)."""

import numpy as np
import pytest

from coursekit import experiments as ex
from coursekit import plots

PNG = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ figures
def test_polynomial_curve_draws_points_truth_and_fit_and_redraws_in_place():
    fig, ax = plots.subplots()
    plots.polynomial_curve(ex.polynomial_run(3), ax=ax)
    gids = {a.get_gid() for a in ax.get_children()}
    assert {"training", "validation", "target", "fit"} <= gids
    assert ax.get_ylim() == (-2.0, 2.0)
    plots.polynomial_curve(ex.polynomial_run(15), ax=ax)                # wild: the view stays put
    assert ax.get_ylim() == (-2.0, 2.0)
    assert len(ax.lines) == 2 and len(ax.collections) == 2
    assert "≈ 0" in ax.get_title()
    with pytest.raises(TypeError):
        plots.polynomial_curve("run")


def test_capacity_curve_marks_the_best_and_the_current_setting():
    r = ex.polynomial_run(12)
    fig = plots.capacity_curve(r.degrees, r.train_errors, r.val_errors, current=12, xlabel="degree")
    ax = fig.axes[0]
    gids = {a.get_gid() for a in ax.get_children()}
    assert {"training", "validation", "best", "current", "floor_note"} <= gids
    assert ax.get_yscale() == "log"
    best = [a for a in ax.collections if a.get_gid() == "best"][0]
    assert best.get_offsets()[0][0] == r.best_degree
    lo, _ = ax.get_ylim()
    assert lo > 0 and np.all(ax.lines[0].get_ydata() >= lo)            # tiny errors sit on the floor
    lin = plots.capacity_curve([1, 2, 3], [0.3, 0.2, 0.1], [0.4, 0.3, 0.35], log=False)
    assert lin.axes[0].get_yscale() == "linear"
    with pytest.raises(ValueError):
        plots.capacity_curve([1, 2], [0.1], [0.2, 0.3])


def test_weight_histograms_count_the_near_zero_weights_in_the_legend():
    runs = ex.penalty_comparison()
    fig = plots.weight_histograms({k: r.net for k, r in runs.items()})
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    for (k, r), text in zip(runs.items(), texts):
        n, total = ex.near_zero_weights(r.net)
        assert text == f"{k}: {n} of {total} below 0.01"
    assert fig.axes[0].get_xscale() == "log"
    fig2 = plots.weight_histograms({"array": np.array([0.0, 0.5, -2.0])}, threshold=0.1)
    assert "1 of 3 below 0.1" in fig2.axes[0].get_legend().get_texts()[0].get_text()
    with pytest.raises(TypeError):
        plots.weight_histograms([1, 2])


def test_weight_scale_draws_one_boundary_and_steeper_profiles():
    fig = plots.weight_scale((1.0, 10.0))
    assert len(fig.axes) == 3
    assert fig.axes[0].get_title() == "$z = x_1 + x_2$" and fig.axes[1].get_title() == "$z = 10x_1 + 10x_2$"
    gentle, steep = [l for l in fig.axes[2].lines if (l.get_gid() or "").startswith("profile")]
    t, g, s = gentle.get_xdata(), gentle.get_ydata(), steep.get_ydata()
    np.testing.assert_allclose(np.interp(0.0, t, g), 0.5, atol=0.01)    # the same boundary ...
    np.testing.assert_allclose(np.interp(0.0, t, s), 0.5, atol=0.01)
    near = np.abs(t - 0.3).argmin()
    assert s[near] > 0.98 and g[near] < 0.65                            # ... but one is far steeper
    assert plots.boundaries.linear_text(np.array([-1.0, 2.0]), -0.5) == "-x_1 + 2x_2 - 0.5"
    with pytest.raises(ValueError):
        plots.weight_scale((1.0,), w=(0.0, 0.0))
    with pytest.raises(ValueError):
        plots.weight_scale((0.0,))


def test_penalty_shapes_draws_both_penalties_and_gradients():
    fig = plots.penalty_shapes(l2=1.0, l1=0.5)
    left, right = fig.axes
    assert len(left.get_legend().get_texts()) == 2
    l2_grad = right.lines[2]                                            # after the two axis lines
    np.testing.assert_allclose(l2_grad.get_ydata(), l2_grad.get_xdata())
    with pytest.raises(ValueError):
        plots.penalty_shapes(l2=-1.0)
