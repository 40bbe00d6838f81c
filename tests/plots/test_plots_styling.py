"""coursekit.plots.styling: the palette, the colormaps and the style context."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from coursekit import plots  # noqa: E402


def test_palette_is_okabe_ito():
    assert plots.OKABE_ITO == {
        "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
        "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
    }
    okabe = set(plots.OKABE_ITO.values())
    assert set(plots.PALETTE) == okabe and len(plots.PALETTE) == 8
    assert set(plots.CLASS_COLORS) == okabe and len(plots.CLASS_COLORS) == 8
    assert plots.CLASS_COLORS[:2] == ["#D55E00", "#0072B2"]          # class 0, class 1
    assert plots.SIGN_COLORS == {"positive": "#0072B2", "negative": "#D55E00"}


def test_probability_colormap_runs_from_class_0_through_white_to_class_1():
    lo, mid, hi = (np.array(plots.PROB_CMAP(x)[:3]) for x in (0.0, 0.5, 1.0))
    assert np.allclose(mid, 1.0, atol=0.01)
    for end, cls in ((lo, 0), (hi, 1)):
        base = np.array(to_rgb(plots.CLASS_COLORS[cls]))
        # a tint of the class colour: base + t (white - base) for one t in (0, 1)
        t = (end - base) / (1.0 - base)
        assert np.allclose(t, t[0], atol=0.01) and 0.2 < t[0] < 0.7


def test_importing_and_plotting_leave_global_rcparams_alone(xor, net_and_history):
    before = dict(matplotlib.rcParams)
    X, Y = xor
    plots.decision_boundary(net_and_history[0], X, Y)
    plots.activation_panel("tanh")
    with plots.style():
        assert matplotlib.rcParams["font.size"] == plots.STYLE["font.size"]
    after = dict(matplotlib.rcParams)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}


def test_style_sizes_suit_a_laptop_and_a_projector():
    s = plots.STYLE
    assert 11 <= s["font.size"] <= 13 and 11 <= s["axes.titlesize"] <= 13
    assert 11 <= s["axes.labelsize"] <= 13 and 11 <= s["xtick.labelsize"] <= 13
    w, h = s["figure.figsize"]
    assert 5.5 <= w <= 8 and 3.5 <= h <= 6


def test_style_keeps_interactive_mode_switched_on_inside_it():
    """IPython turns interactive mode on at the first pyplot call, which may happen inside
    style(); restoring it to off would stop later notebook figures from showing."""
    import matplotlib as mpl

    was = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with plots.style():
            mpl.interactive(True)
        assert mpl.is_interactive()
        with plots.style():
            assert mpl.rcParams["axes.titley"] == plots.STYLE["axes.titley"]
        assert mpl.rcParams["axes.titley"] is None      # the style itself is undone on exit
    finally:
        mpl.interactive(was)


def test_freeze_layout_keeps_positions(net_and_history):
    fig, axes = plots.subplots(1, 2)
    plots.loss_curves(net_and_history[1], ax=axes[0])
    plots.freeze_layout(fig)
    pos = axes[0].get_position().bounds
    plots.loss_curves(net_and_history[1], ax=axes[0])
    fig.canvas.draw()
    assert fig.get_layout_engine() is None or type(fig.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    assert axes[0].get_position().bounds == pos
