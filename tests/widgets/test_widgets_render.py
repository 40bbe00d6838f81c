"""coursekit.widgets.render: the PNG renderer, its text cache and the plain-Agg fallback.

The text cache leans on matplotlib internals (swapping the renderer's class, the
``_get_font_height_metrics`` hook of ``Text``, ``fontManager._find_fonts_by_props``), and
``plots.lean`` on a locator's ``_nbins``. Each is probed at import; these tests force the
fallbacks and compare the pictures with the fast path's.
"""
import io

import numpy as np
import PIL.Image
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from coursekit import plots
from coursekit import widgets as w
from coursekit.plots import ticks
from coursekit.widgets import render


def pixels(explorer):
    return np.asarray(PIL.Image.open(io.BytesIO(bytes(explorer.image.value))).convert("RGB")).astype(int)


def agg_pixels(figure):
    """The figure drawn again by a plain Agg canvas."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


def test_the_fast_path_is_on_with_this_matplotlib():
    assert render.FAST_TEXT, render.FAST_TEXT_MISSING
    assert type(w.backprop_cost_explorer().figure.canvas) is render.CachingCanvas


def test_the_metrics_override_is_used_exactly_where_text_consults_it():
    """matplotlib >= 3.11's Text asks the renderer for font metrics; older releases do not, and
    the glyph cache then runs without the override (tested on 3.8 by make test-oldest)."""
    import inspect

    import matplotlib.text

    consulted = "_get_font_height_metrics" in inspect.getsource(matplotlib.text.Text)
    assert render.FAST_METRICS == consulted, render.FAST_METRICS_MISSING
    e = w.backprop_cost_explorer()
    e.figure.canvas.draw()
    kind = type(e.figure.canvas.get_renderer())
    assert kind is (render.MetricsCachingRenderer if consulted else render.TextCachingRenderer)


def test_the_metrics_probe_notices_a_missing_private_name(monkeypatch):
    monkeypatch.delattr(type(render.fontManager), "_find_fonts_by_props")
    ok, found = render.probe_fast_metrics()
    assert not ok and "fontManager._find_fonts_by_props" in found
    monkeypatch.undo()
    import inspect
    monkeypatch.setattr(inspect, "getsource", lambda obj: "class Text: ...")
    ok, found = render.probe_fast_metrics()
    assert not ok and found == ["Text's _get_font_height_metrics hook"]


@pytest.mark.parametrize("make", [w.backprop_cost_explorer, w.training_explorer, w.perceptron_explorer,
                                  w.optimiser_paths_explorer, w.optimiser_training_explorer],
                         ids=lambda f: f.__name__)
@pytest.mark.slow
def test_the_fallback_draws_what_plain_agg_draws_and_what_the_fast_path_draws_within_1_64_px(monkeypatch, make):
    """Forced fallback: a plain FigureCanvasAgg, so its pictures are exactly Agg's. The fast
    path stamps cached glyphs within 1/64 px of where Agg puts them, so the two pictures are
    the same but for a few grey levels at the edges of some glyphs (under 1% of the pixels)."""
    fast = make()
    monkeypatch.setattr(render, "FAST_TEXT", False)
    slow = make()
    assert type(slow.figure.canvas) is FigureCanvasAgg
    for explorer in (fast, slow):                          # the same moves on both
        control = next(iter(explorer.controls.values()))
        default = control.value
        control.value = control.options[-1][1] if hasattr(control, "options") else control.max
        control.value = default
        assert explorer.error is None
    a, b = pixels(fast), pixels(slow)
    assert np.array_equal(b, agg_pixels(slow.figure))      # the fallback is plain Agg, exactly
    assert a.shape == b.shape
    diff = np.abs(a - b).max(axis=-1)
    assert diff.max() <= 16 and np.mean(diff > 0) < 0.01


@pytest.mark.slow
def test_lean_ticks_without_the_private_nbins_give_the_same_pictures(monkeypatch):
    """``plots.lean`` reads a MaxNLocator's private ``_nbins`` to leave fewer bins alone; without
    it every MaxNLocator gets ``nbins``, which changes nothing in the course's figures."""
    with_nbins = [pixels(make()) for make in (w.training_explorer, w.local_minimum_explorer)]
    monkeypatch.setattr(ticks, "HAVE_NBINS", False)
    without = [pixels(make()) for make in (w.training_explorer, w.local_minimum_explorer)]
    assert all(np.array_equal(a, b) for a, b in zip(with_nbins, without))


def test_lean_keeps_fewer_bins_a_figure_asked_for():
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure()
    ax = fig.add_subplot()
    ax.xaxis.set_major_locator(MaxNLocator(3))
    ax.yaxis.set_major_locator(MaxNLocator(9))
    plots.lean(ax)
    assert ax.xaxis.get_major_locator()._nbins == 3 and ax.yaxis.get_major_locator()._nbins == 5


def test_cached_text_draws_what_agg_draws():
    """The explorers' canvas stamps text from cached glyphs: within 1/64 px of Agg's own."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    e = w.backprop_cost_explorer()
    for depth in (3, 4, 3):                          # the second 3 comes from the cache
        e.controls["depth"].value = depth
    e.figure.canvas.draw()
    cached = np.asarray(e.figure.canvas.buffer_rgba()).astype(int)
    plain = FigureCanvasAgg(e.figure)
    plain.draw()
    diff = np.abs(cached - np.asarray(plain.buffer_rgba()).astype(int)).max(axis=-1)
    assert diff.max() <= 16 and np.mean(diff > 0) < 0.01
