"""Chapter 06's additions to coursekit: generalisation, computed, drawn and explored.

``regression.least_squares`` (stable least squares, with an optional L2
penalty), the figures ``plots.polynomial_curve``,
``capacity_curve``, ``weight_histograms``, ``weight_scale`` and
``penalty_shapes``, and ``widgets.polynomial_explorer`` driven headless
through every control position. The experiments behind them (polynomial runs, early
stopping, inverted dropout, penalties) are tested in tests/experiments/test_exp_generalisation.py
and test_exp_regularisation.py.
"""
from __future__ import annotations

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from widget_harness import drive_every_position

from coursekit import experiments as ex
from coursekit import plots
from coursekit import regression as reg
from coursekit import widgets as w

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ least_squares
def test_least_squares_equals_the_normal_equations_when_they_are_well_conditioned():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((3, 50))
    Y = np.array([[1.0, -2.0, 0.5]]) @ X + 0.7 + 0.1 * rng.standard_normal((1, 50))
    w_ne, b_ne = reg.normal_equations(X, Y)
    w_ls, b_ls = reg.least_squares(X, Y)
    assert w_ls.shape == (3, 1) and isinstance(b_ls, float)
    np.testing.assert_allclose(w_ls, w_ne, rtol=1e-9)
    assert b_ls == pytest.approx(b_ne, rel=1e-9)


@pytest.mark.parametrize("l2", [1e-4, 0.1, 3.0])
def test_least_squares_with_l2_sets_the_penalised_gradient_to_zero(l2):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((4, 30))
    Y = rng.standard_normal((1, 30))
    w, b = reg.least_squares(X, Y, l2=l2)
    R = w.T @ X + b - Y                                  # residuals
    np.testing.assert_allclose(X @ R.T / 30 + l2 * w, 0.0, atol=1e-10)   # dJ/dw = X R^T / m + l2 w
    assert np.mean(R) == pytest.approx(0.0, abs=1e-10)                   # dJ/db: the bias is not penalised
    w0, _ = reg.least_squares(X, Y)
    assert np.linalg.norm(w) < np.linalg.norm(w0)                        # the penalty shrinks the weights


def test_least_squares_handles_high_degrees_and_more_weights_than_points():
    x, y = ex.polynomial_data(12, 0.2, seed=0)
    for degree in (11, 15):
        F = reg.polynomial_features(x, degree)
        w, b = reg.least_squares(F, y)
        assert np.all(np.isfinite(w))
        np.testing.assert_allclose(w.T @ F + b, y, atol=1e-8)           # through every point
    with pytest.raises(ValueError):
        reg.normal_equations(reg.polynomial_features(x, 15), y)        # the closed form gives up here


@pytest.mark.parametrize("args, error", [
    ((np.ones(5), np.ones((1, 5))), ValueError),
    ((np.ones((2, 5)), np.ones((1, 4))), ValueError),
    ((np.ones((2, 5)), np.ones((1, 5)), -1.0), ValueError),
    ((np.ones((2, 5)), np.ones((1, 5)), "big"), TypeError),
])
def test_least_squares_refuses_bad_input(args, error):
    with pytest.raises(error):
        reg.least_squares(*args)


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
    assert plots._linear_text(np.array([-1.0, 2.0]), -0.5) == "-x_1 + 2x_2 - 0.5"
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


# ------------------------------------------------------------------ the explorer
def _positions(control):
    if isinstance(control, ipywidgets.Dropdown):
        return [value for _, value in control.options]
    mid = (control.min + control.max) / 2 if isinstance(control.value, float) else (control.min + control.max) // 2
    return [control.min, mid, control.max]


def test_polynomial_explorer_shape():
    e = w.polynomial_explorer()
    assert e.error is None and bytes(e.image.value).startswith(PNG)
    assert set(e.controls) == {"degree", "n_train", "noise", "l2"}
    for control in e.controls.values():
        assert control.description and control.style.description_width == "initial"
    assert "degree 3" in e.status.value


def test_polynomial_explorer_survives_every_position_of_every_control():
    e = w.polynomial_explorer()
    drive_every_position(e, _positions)
    # the corners: fewest points with the highest degree, no noise, each penalty
    e.controls["n_train"].value = 6
    e.controls["degree"].value = 15
    e.controls["noise"].value = 0.0
    for _, l2 in w.L2_OPTIONS:
        e.controls["l2"].value = l2
        assert e.error is None


def test_polynomial_explorer_follows_its_controls():
    e = w.polynomial_explorer()
    e.controls["degree"].value = 12
    assert e.result.degree == 12 and "overfitting" in e.status.value
    wild = e.result.val_error
    e.controls["l2"].value = 1e-3
    assert e.result.val_error < 0.1 * wild
    e.controls["n_train"].value = 30
    assert e.result.x.shape == (1, 30)
    assert len(e.figure.axes) == 2
