"""coursekit.plots.optimisation: the drawn artists read back against the data they came from."""
from dataclasses import replace

import matplotlib.figure
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
    drawing = po.optimiser_paths(s, runs, ax=axes[0])
    assert isinstance(drawing, po.OptimiserPaths) and drawing.ax is axes[0]
    for label, run in runs.items():
        x, y = _line(axes[0], label).get_data()
        np.testing.assert_array_equal(np.vstack([x, y]), run.path)
    contours = list(axes[0].collections)
    assert contours                                              # the surface is drawn
    star = _line(axes[0], "lowest point").get_data()
    assert (star[0][0], star[1][0]) == s.minimum
    shorter = ex.compare_on_surface("curved valley", steps=10)
    assert drawing.update(s, shorter) is drawing
    assert list(axes[0].collections) == contours                 # same surface: contours kept
    assert _line(axes[0], "Adam").get_data()[0].size == 11
    drawing.update(ex.SURFACES["saddle point"], ex.compare_on_surface("saddle point", steps=5))
    assert all(c not in axes[0].collections for c in contours)  # another surface: drawn again
    assert axes[0].get_xlim() == ex.SURFACES["saddle point"].xlim
    assert len(axes[0].get_lines()) == 2 + len(runs)            # the old paths went with the old surface


def test_without_an_axes_each_figure_is_a_new_figure():
    s = ex.SURFACES["saddle point"]
    runs = ex.compare_on_surface("saddle point", steps=5)
    for fig in (po.optimiser_paths(s, runs), po.loss_by_step(s, runs),
                po.learning_rates({"constant": [0.1] * 5}), po.running_average([1.0, 2.0], 0.5)):
        assert isinstance(fig, matplotlib.figure.Figure) and len(fig.axes) == 1
        assert fig.axes[0].get_title() and fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
        plt.close(fig)


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


def test_the_rates_are_drawn_on_a_log_scale_and_updated_in_place(axes):
    rates = {"constant": np.full(20, 0.3), "cosine": 0.3 * (1 + np.cos(np.pi * np.arange(20) / 20)) / 2}
    drawing = po.learning_rates(rates, ax=axes[1])
    assert axes[1].get_yscale() == "log" and axes[1].get_xlabel() == "epoch"
    for label, r in rates.items():
        x, y = _line(axes[1], label).get_data()
        np.testing.assert_array_equal(x, np.arange(1, 21))
        np.testing.assert_array_equal(y, r)
    lines = list(axes[1].get_lines())
    drawing.update({"constant": np.full(40, 0.01), "cosine": np.geomspace(1.0, 1e-3, 40)})
    assert list(axes[1].get_lines()) == lines                    # same labels: the same lines
    assert _line(axes[1], "cosine").get_data()[0].size == 40
    low, high = axes[1].get_ylim()
    assert low <= 1e-3 and high >= 1.0                          # the view follows the new rates
    drawing.update({"Adam": [0.01, 0.02]})
    assert [line.get_label() for line in axes[1].get_lines()] == ["Adam"]


@pytest.mark.parametrize("bad, error", [([0.1, 0.2], TypeError), ({"a": [[0.1, 0.2], [0.3, 0.4]]}, ValueError),
                                        ({"a": "fast"}, TypeError)])
def test_bad_rates_are_refused_by_name(bad, error):
    with pytest.raises(error, match="rates"):
        po.learning_rates(bad)


def test_a_path_that_is_not_two_rows_is_refused_by_name():
    s = ex.SURFACES["saddle point"]
    run = ex.compare_on_surface("saddle point", steps=5)["Adam"]
    with pytest.raises(ValueError, match="path must be \\(2, k\\)"):
        po.optimiser_paths(s, {"Adam": replace(run, path=run.path.T)})
    with pytest.raises(TypeError, match="runs must be a dict"):
        po.loss_by_step(s, [run])


def test_a_legend_outside_sits_right_of_the_axes_where_it_hides_nothing(axes):
    s = ex.SURFACES["ill-conditioned bowl"]
    runs = ex.compare_on_surface(steps=10)
    for draw in (lambda: po.optimiser_paths(s, runs, ax=axes[0], legend="outside"),
                 lambda: po.loss_by_step(s, runs, ax=axes[0], legend="outside")):
        draw()
        fig = axes[0].figure
        fig.canvas.draw()
        box, frame = axes[0].get_legend().get_window_extent(), axes[0].get_window_extent()
        assert box.x0 >= frame.x1                                        # wholly right of the data
        assert {t.get_text() for t in axes[0].get_legend().get_texts()} >= set(runs)
    po.optimiser_paths(s, runs, ax=axes[0], legend=False)
    assert axes[0].get_legend() is None
    with pytest.raises(ValueError, match="legend"):
        po.optimiser_paths(s, runs, ax=axes[0], legend="above")


def _pixels_of(fig, color, tol=0.02):
    """How many pixels of the drawn figure have ``color`` (an RGB hex string)."""
    from matplotlib.colors import to_rgb
    fig.canvas.draw()
    rgb = np.asarray(fig.canvas.buffer_rgba())[..., :3] / 255.0
    return int(np.sum(np.all(np.abs(rgb - np.array(to_rgb(color))) < tol, axis=-1)))


def test_runs_with_the_same_rates_take_turns_along_one_dashed_line(axes):
    """Gradient descent and momentum share a rate in the training explorer: drawn over each
    other, the later line hid the earlier. Their dashes now take turns, so both colours show."""
    same = np.full(30, 0.3)
    po.learning_rates({"gradient descent": same, "momentum": same.copy(), "Adam": np.full(30, 0.03)},
                      ax=axes[1], legend="outside")
    gd, mom, adam = (_line(axes[1], label) for label in ("gradient descent", "momentum", "Adam"))
    assert adam.get_linestyle() == "-" and gd.get_linestyle() == mom.get_linestyle() == "--"
    legend = axes[1].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["gradient descent", "momentum", "Adam"]
    assert all(h.get_linestyle() == "-" for h in legend.legend_handles)  # the legend shows solid colours
    legend.remove()                                                      # count the lines' pixels only
    axes[0].set_visible(False)
    fig = axes[1].figure
    shown = {line.get_label(): _pixels_of(fig, line.get_color()) for line in (gd, mom)}
    assert min(shown.values()) > 0.3 * max(shown.values()) > 0          # both visible, about equally
    mom.set_linestyle("-")                                               # as before: one on top of the other
    assert _pixels_of(fig, gd.get_color()) < 0.1 * shown["gradient descent"]


def test_interleaved_dashes_split_each_period_between_the_lines():
    assert po.interleaved_dashes(0, 1) == "-"
    period = 3 * po.DASH
    starts = sorted((period - offset) % period for offset, _ in (po.interleaved_dashes(i, 3) for i in range(3)))
    assert starts == pytest.approx([0.0, po.DASH, 2 * po.DASH])         # each line's dash starts where the last ends
    with pytest.raises(ValueError, match="i must be below n"):
        po.interleaved_dashes(3, 3)
