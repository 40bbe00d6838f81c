"""Rendering an explorer's figure to PNG, fast.

Most of a redraw is text: Agg lays out and rasterises every tick label, title and legend
entry glyph by glyph on every draw, though an explorer redraws the same strings again and
again. ``TextCachingRenderer`` keeps the glyph bitmaps of each string it has drawn (keyed by
the string, its font, angle and position within a pixel, to 1/64 px) and stamps them again.

That speed-up leans on matplotlib internals: it swaps the class of Agg's renderer (and its
core ``_renderer`` while a string is drawn). They are probed once, at import
(:data:`FAST_TEXT`); when one is missing, :func:`new_figure` gives figures a plain
``FigureCanvasAgg``: slower, and its text lands up to 1/64 px from where the cache puts it
(the pictures differ by a few grey levels at glyph edges, nothing else). Where matplotlib's
``Text`` consults a renderer's ``_get_font_height_metrics`` (3.11 and later), the renderer
also answers it from a cache, with ``fontManager._find_fonts_by_props``
(:data:`FAST_METRICS`); without them text is measured as matplotlib measures it.
"""
from __future__ import annotations

import io
import math

import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, get_font

from .. import plots

__all__ = [
    "DPI", "FAST_TEXT", "FAST_TEXT_MISSING", "GlyphRecorder", "TextCachingRenderer",
    "CachingCanvas", "canvas_class", "probe_fast_text", "render_png", "new_figure", "FAST_METRICS",
    "FAST_METRICS_MISSING", "MetricsCachingRenderer", "probe_fast_metrics",
]

DPI = 80  # screen pixels per inch of the rendered figure: a 12-inch figure is 960 px wide
_TEXT_CACHE: dict = {}
_TEXT_CACHE_MAX = 4096  # strings; a few MB at most, shared by every explorer
_FONT_METRICS: dict = {}


class GlyphRecorder:
    """Stands in for the Agg core while one string is drawn, keeping a copy of each glyph
    bitmap it stamps. Anything else the string needs (a mathtext rule, an older matplotlib
    that hands over a font instead of a bitmap) marks the string as not cacheable."""

    def __init__(self, core):
        self.core, self.stamps, self.cacheable = core, [], True

    def draw_text_image(self, image, x, y, angle, gc):
        if isinstance(image, np.ndarray):
            self.stamps.append((image.copy(), x, y, angle))
        else:
            self.cacheable = False
        self.core.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name):
        self.cacheable = False
        return getattr(self.core, name)


class TextCachingRenderer(RendererAgg):
    """``RendererAgg`` that draws a string it has drawn before from its cached glyph bitmaps.

    The colour, alpha and clipping still come from the graphics context of each draw; only
    the glyph coverage is reused. The position is split into whole pixels (applied when the
    bitmaps are stamped) and a fraction rounded to 1/64 px (part of the key), so a string
    looks the same wherever it lands, within 1/64 px of where Agg itself would put it.
    """

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath == "TeX" or not (math.isfinite(x) and math.isfinite(y)):
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        ix, iy = math.floor(x), math.floor(y)
        fx, fy = round((x - ix) * 64), round((y - iy) * 64)
        shaping = (None if mtext is None else
                   (repr(getattr(mtext, "get_fontfeatures", lambda: None)()),
                    repr(getattr(mtext, "get_language", lambda: None)())))
        key = (s, hash(prop), prop.get_size_in_points(), angle, fx, fy, bool(ismath),
               bool(gc.get_antialiased()), self.dpi, get_hinting_flag(), shaping)
        stamps = _TEXT_CACHE.get(key)
        if stamps is None:
            core = self._renderer
            recorder = self._renderer = GlyphRecorder(core)
            try:
                super().draw_text(gc, ix + fx / 64, iy + fy / 64, s, prop, angle, ismath, mtext)
            finally:
                self._renderer = core
            if len(_TEXT_CACHE) >= _TEXT_CACHE_MAX:
                _TEXT_CACHE.clear()
            _TEXT_CACHE[key] = ([(image, sx - ix, sy - iy, a) for image, sx, sy, a in recorder.stamps]
                                if recorder.cacheable else False)
        elif stamps is False:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        else:
            stamp = self._renderer.draw_text_image
            for image, dx, dy, a in stamps:
                stamp(image, ix + dx, iy + dy, a, gc)


class MetricsCachingRenderer(TextCachingRenderer):
    """``TextCachingRenderer`` that also answers the ``_get_font_height_metrics`` hook which
    matplotlib >= 3.11's ``Text`` consults on a renderer. Used only where ``Text`` consults it."""

    def _get_font_height_metrics(self, prop):
        """(ascent, descent, line gap) of a font in pixels, which matplotlib >= 3.11 reads from
        the font's tables for every text it measures (twice per tick label per draw): the same
        numbers, computed once per font and size."""
        key = (hash(prop), prop.get_size_in_points(), self.dpi)
        metrics = _FONT_METRICS.get(key)
        if metrics is None:
            metrics = (None, None, None)
            font = get_font(fontManager._find_fonts_by_props(prop))
            for table_name, gap_key, ascent_key, descent_key in (
                    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                    ("hhea", "lineGap", "ascent", "descent")):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                units_per_em = font.get_sfnt_table("head")["unitsPerEm"]
                scale = 1 / units_per_em * prop.get_size_in_points() * self.dpi / 72   # as Text does
                metrics = (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
                break
            _FONT_METRICS[key] = metrics
        return metrics


class CachingCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer caches text (see ``TextCachingRenderer``)."""

    def get_renderer(self):
        renderer = super().get_renderer()
        if type(renderer) is RendererAgg:
            renderer.__class__ = MetricsCachingRenderer if FAST_METRICS else TextCachingRenderer
        return renderer


def probe_fast_text():
    """Whether the matplotlib internals the glyph cache relies on are there: a renderer whose
    class can be swapped and whose Agg core (``_renderer``) stamps glyph bitmaps with
    ``draw_text_image``. Returns (ok, the names that are missing)."""
    missing = []
    try:
        renderer = FigureCanvasAgg(Figure(figsize=(1, 1), dpi=10)).get_renderer()
        if not hasattr(getattr(renderer, "_renderer", None), "draw_text_image"):
            missing.append("RendererAgg._renderer.draw_text_image")
        renderer.__class__ = TextCachingRenderer
        renderer.__class__ = RendererAgg
    except TypeError:
        missing.append("swapping the renderer's class")
    return not missing, missing


def probe_fast_metrics():
    """Whether the font-metrics override can be used: ``Text`` consults the renderer's
    ``_get_font_height_metrics`` hook (matplotlib >= 3.11; older releases measure text
    another way, and the glyph cache works without it) and ``fontManager._find_fonts_by_props``,
    which the override calls, is there. Returns (ok, the names that are missing)."""
    import inspect

    import matplotlib.text

    missing = []
    try:
        if "_get_font_height_metrics" not in inspect.getsource(matplotlib.text.Text):
            missing.append("Text's _get_font_height_metrics hook")
    except (OSError, TypeError):          # no source to read: cannot tell, so do not rely on it
        missing.append("Text's _get_font_height_metrics hook")
    if not hasattr(fontManager, "_find_fonts_by_props"):
        missing.append("fontManager._find_fonts_by_props")
    return not missing, missing


FAST_TEXT, FAST_TEXT_MISSING = probe_fast_text()
# Only with the glyph cache: the override lives on its renderer.
FAST_METRICS, FAST_METRICS_MISSING = probe_fast_metrics() if FAST_TEXT else (False, [])


def canvas_class():
    """The canvas explorer figures get: the text-caching one when :data:`FAST_TEXT`, else plain Agg."""
    return CachingCanvas if FAST_TEXT else FigureCanvasAgg


def render_png(figure: Figure, compact: bool = False) -> bytes:
    """Draw ``figure`` with Agg and return PNG bytes.

    One ``canvas.draw()`` and a light RGB encode (``savefig`` would draw the
    figure twice). ``compact=True`` spends longer on compression (lossless:
    reducing the colours would shift the course palette) for the first image,
    the one a saved notebook stores.
    """
    canvas = figure.canvas
    canvas.draw()
    image = PIL.Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=9 if compact else 1)
    return buffer.getvalue()


def new_figure(width: float, height: float, ncols: int = 1, nrows: int = 1, **margins):
    """An explorer's figure, outside pyplot, with fixed margins (``plots.fixed_figure``, in
    inches) at :data:`DPI`, on the canvas :func:`canvas_class` picks: ``(figure, axes)``."""
    return plots.fixed_figure(width, height, ncols, nrows, dpi=DPI, canvas=canvas_class(), **margins)
