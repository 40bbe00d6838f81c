"""coursekit.plots.gradients: gradient norms of several networks against the layer."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from coursekit import experiments, plots  # noqa: E402


def by_gid(ax, gid):
    found = [a for a in ax.lines + ax.texts if a.get_gid() == gid]
    assert len(found) == 1, f"expected one artist with gid {gid!r}, found {len(found)}"
    return found[0]


# ------------------------------------------------------- gradient_norms_by_layer
def test_gradient_norms_by_layer_one_line_per_run():
    runs = {"shallow": np.array([0.1, 0.2, 0.4]), "deep": np.array([1e-6, 1e-4, 1e-2, 0.1, 0.3])}
    fig = plots.gradient_norms_by_layer(runs, title="Two depths")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_title() == "Two depths"
    for i, (name, norms) in enumerate(runs.items()):
        line = by_gid(ax, f"run_{i}")
        assert np.allclose(line.get_xdata(), np.arange(1, norms.size + 1))
        assert np.allclose(line.get_ydata(), norms)
        assert line.get_color() == plots.PALETTE[i]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["shallow", "deep"]
    assert ax.get_xlim() == (0.5, 5.5)
    assert "layer" in ax.get_xlabel()


def test_gradient_norms_by_layer_zeros_nan_and_linear_scale():
    runs = {"zeros": np.zeros(3), "some": [0.0, 1e-3, np.nan, 0.2]}
    with np.errstate(all="raise"):
        ax = plots.gradient_norms_by_layer(runs).axes[0]
    assert np.all(by_gid(ax, "run_0").get_ydata() == pytest.approx(1e-4))   # a decade below 1e-3
    y = by_gid(ax, "run_1").get_ydata()
    assert y[0] == pytest.approx(1e-4) and np.isnan(y[2])
    assert "zeros" in by_gid(ax, "zero_note").get_text()
    ax = plots.gradient_norms_by_layer({"all zero": np.zeros(2)}).axes[0]       # nothing positive
    assert ax.get_ylim()[0] > 0
    ax = plots.gradient_norms_by_layer({"a": [1.0, 2.0]}, log=False).axes[0]
    assert ax.get_yscale() == "linear" and not [t for t in ax.texts if t.get_gid() == "zero_note"]


def test_gradient_norms_by_layer_redraws_into_the_same_axes():
    fig, ax = plots.subplots()
    plots.gradient_norms_by_layer({"a": [1.0, 2.0]}, ax=ax)
    plots.gradient_norms_by_layer({"b": [1.0, 2.0, 3.0], "c": [3.0, 2.0, 1.0]}, ax=ax)
    assert len(ax.lines) == 2 and len(fig.axes) == 1


def test_gradient_norms_by_layer_checks_its_input():
    with pytest.raises(TypeError, match="dict"):
        plots.gradient_norms_by_layer([0.1, 0.2])
    with pytest.raises(ValueError, match="at least one run"):
        plots.gradient_norms_by_layer({})
    with pytest.raises(ValueError, match="at least one layer"):
        plots.gradient_norms_by_layer({"a": []})
    with pytest.raises(ValueError):
        plots.gradient_norms_by_layer({"a": np.ones((2, 3))})
    with pytest.raises(TypeError):
        plots.gradient_norms_by_layer({"a": ["x", "y"]})


def test_gradient_norms_by_layer_on_measured_norms():
    runs = {d: experiments.gradient_flow(depth=d, epochs=0).initial_norms for d in (2, 6)}
    ax = plots.gradient_norms_by_layer({f"depth {d}": v for d, v in runs.items()}).axes[0]
    assert len(ax.lines) == 2 and ax.get_xlim() == (0.5, 7.5)
    # deep sigmoid networks vanish: the first layer's gradient is far below the output layer's
    assert runs[6][0] < 1e-2 * runs[6][-1]
