"""coursekit.plots.curves: loss curves and the capacity curve."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from plot_helpers import by_gid, one  # noqa: E402

import coursekit as ck  # noqa: E402
from coursekit import plots  # noqa: E402
from coursekit.network import History  # noqa: E402


def _points_under_legend(ax, xy):
    """How many of the data points ``xy`` (2, m) the axes' legend covers on the rendered figure."""
    fig = ax.figure
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    shown = ax.transData.transform(np.asarray(xy).T)
    return int(np.sum(box.contains_points(shown) if hasattr(box, "contains_points") else
                      [(box.x0 <= x <= box.x1) and (box.y0 <= y <= box.y1) for x, y in shown]))


def test_loss_curves_draws_training_and_validation(net_and_history):
    h = net_and_history[1]
    ax = plots.loss_curves(h).axes[0]
    train, val = one(ax, "training", "lines"), one(ax, "validation", "lines")
    assert np.allclose(train.get_xdata(), np.arange(1, 21)) and np.allclose(train.get_ydata(), h.loss)
    assert np.allclose(val.get_ydata(), h.val_loss)
    assert len([ln for ln in ax.lines if ln.get_gid() in ("training", "validation")]) == 2
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss" and ax.get_title()
    assert not by_gid(ax, "diverged_text")


def test_loss_curves_arrays_log_scale_and_one_line_without_val():
    ax = plots.loss_curves([1.0, 0.5, 0.25], log=True).axes[0]
    assert ax.get_yscale() == "log" and "log" in ax.get_ylabel()
    assert [ln.get_gid() for ln in ax.lines] == ["training"]
    ax = plots.loss_curves(np.array([1.0, 0.5, 0.25]), val=[1.1, 0.7, 0.6]).axes[0]
    assert np.allclose(one(ax, "validation").get_ydata(), [1.1, 0.7, 0.6])


def test_loss_curves_says_diverged_at_epoch_k(xor):
    X, Y = xor
    with pytest.warns(ck.DivergenceWarning):
        h = ck.MLP([2, 8, 1], "relu", "linear", "mse", seed=0).fit(X, Y, 50.0, 400)
    assert h.diverged
    ax = plots.loss_curves(h, log=True).axes[0]
    text = one(ax, "diverged_text", "texts").get_text()
    assert text == f"diverged at epoch {h.diverged_epoch}"
    assert one(ax, "diverged_line", "lines").get_xdata()[0] == h.diverged_epoch
    # the loss climbs to ~1e300 first; the view stays readable (capped at 100 x the start)
    assert ax.get_ylim()[1] <= 100 * h.loss[0] * 1.001
    # a History that diverged in epoch 1 has no losses at all: still a figure, still the message
    h1 = History(loss=np.zeros(0), val_loss=None, grad_norms=np.zeros((0, 2)), step_loss=np.zeros(0),
                 diverged=True, diverged_epoch=1)
    assert one(plots.loss_curves(h1).axes[0], "diverged_text").get_text() == "diverged at epoch 1"


def test_loss_curves_plain_sequence_with_nan_counts_as_divergence():
    ax = plots.loss_curves([0.7, 0.9, 5.0, np.inf, np.nan]).axes[0]
    assert one(ax, "diverged_text").get_text() == "diverged at epoch 4"


def test_loss_curves_compares_runs_in_a_dict(net_and_history):
    h = net_and_history[1]
    ax = plots.loss_curves({"full batch": h, "SGD": h.loss[::-1]}).axes[0]
    train = by_gid(ax, "training")
    assert [ln.get_label() for ln in train] == ["full batch: training", "SGD: training"]
    assert to_hex(train[0].get_color()) != to_hex(train[1].get_color())


def test_loss_curves_show_steps_draws_every_update(xor):
    X, Y = xor
    h = ck.MLP([2, 3, 1], seed=0).fit(X, Y, 0.5, 4, batch_size=20)
    ax = plots.loss_curves(h, show_steps=True).axes[0]
    steps = one(ax, "step_loss", "lines")
    assert np.allclose(steps.get_ydata(), h.step_loss)
    assert np.allclose(steps.get_xdata(), np.arange(1, 13) / 3)       # 3 updates per epoch


def test_capacity_curve_legend_covers_no_marker():
    """Regression test: the legend hid the validation errors of degrees 1 and 2 in chapter 06."""
    from coursekit import experiments
    for n_train, noise in [(12, 0.2), (6, 0.5), (40, 0.0)]:
        run = experiments.polynomial_run(3, n_train, noise, 0.0)
        fig, ax = plt.subplots(figsize=(5.0, 3.6))
        plots.capacity_curve(run.degrees, run.train_errors, run.val_errors, current=3, ax=ax)
        for gid in ("training", "validation"):
            line = one(ax, gid, "lines")
            assert _points_under_legend(ax, np.vstack(line.get_data())) == 0, (n_train, noise, gid)


def test_a_flat_loss_is_drawn_from_zero():
    """A plateau (here 0.6931 to 0.6932) is shown from 0, so it looks flat; a loss that
    falls keeps the autoscaled view."""
    flat = 0.69315 + 1e-4 * np.cos(np.arange(100))
    fig, ax = plt.subplots()
    plots.loss_curves(flat, ax=ax)
    lo, hi = ax.get_ylim()
    assert lo == 0.0 and hi > flat.max() * 1.2
    falling = np.linspace(0.7, 0.1, 100)
    fig, ax = plt.subplots()
    plots.loss_curves(falling, ax=ax)
    assert ax.get_ylim()[0] < 0.1 and ax.get_ylim()[1] < 0.75
