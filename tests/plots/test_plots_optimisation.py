"""coursekit.plots.optimisation: the drawn artists read back against the data they came from."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from coursekit import experiments as ex
from coursekit import plots
from coursekit.plots import optimisation as po


@pytest.fixture
def axes():
    fig, axes = plots.subplots(1, 2, figsize=(10, 4))
    yield axes
    plt.close(fig)


def _line(ax, label):
    return next(line for line in ax.get_lines() if line.get_label() == label)


def test_paths_are_the_runs_and_a_redraw_keeps_the_contours(axes):
    s = ex.SURFACES["curved valley"]
    runs = ex.compare_on_surface("curved valley", steps=30)
    po.optimiser_paths(s, runs, ax=axes[0])
    for label, run in runs.items():
        x, y = _line(axes[0], label).get_data()
        np.testing.assert_array_equal(np.vstack([x, y]), run.path)
    contours = list(axes[0].collections)
    assert contours                                              # the surface is drawn
    star = _line(axes[0], "lowest point").get_data()
    assert (star[0][0], star[1][0]) == s.minimum
    shorter = ex.compare_on_surface("curved valley", steps=10)
    po.optimiser_paths(s, shorter, ax=axes[0])
    assert list(axes[0].collections) == contours                 # same surface: contours kept
    assert _line(axes[0], "Adam").get_data()[0].size == 11
    po.optimiser_paths(ex.SURFACES["saddle point"], ex.compare_on_surface("saddle point", steps=5), ax=axes[0])
    assert all(c not in axes[0].collections for c in contours)  # another surface: drawn again
    assert axes[0].get_xlim() == ex.SURFACES["saddle point"].xlim


def test_loss_by_step_draws_the_gap_to_the_lowest_point(axes):
    s = ex.SURFACES["saddle point"]
    runs = ex.compare_on_surface("saddle point", steps=40)
    po.loss_by_step(s, runs, ax=axes[1])
    assert axes[1].get_yscale() == "log"
    for label, run in runs.items():
        x, y = _line(axes[1], label).get_data()
        np.testing.assert_array_equal(x, np.arange(41))
        np.testing.assert_allclose(y, np.maximum(run.losses - s.f(*s.minimum), 1e-16))


def test_running_average_shows_the_values_and_both_averages():
    values = np.random.default_rng(0).normal(3.0, 1.0, 30)
    fig = po.running_average(values, 0.9)
    ax = fig.axes[0]
    v, v_hat = ex.ewma(values, 0.9)
    lines = ax.get_lines()
    np.testing.assert_array_equal(lines[0].get_ydata(), values)
    np.testing.assert_allclose(lines[1].get_ydata(), v)
    np.testing.assert_allclose(lines[2].get_ydata(), v_hat)
    assert ax.get_xlabel() and ax.get_ylabel() and "0.9" in ax.get_title()
    plt.close(fig)
