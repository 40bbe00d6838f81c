"""The course's interactive explorers: sliders wired to tested computations.

Each explorer is an ``ipywidgets.VBox`` with

* ``.controls``  name -> widget (``"learning_rate"`` and ``"depth"`` wherever they apply),
* ``.result``    the latest computation (a result object from ``coursekit.experiments``),
* ``.figure``    one matplotlib Figure, reused for every redraw,
* ``.status``    a line of text under the controls ("diverged at epoch 12", ...),
* ``.error``     the last exception raised while updating, or None.

Setting a control's ``.value`` recomputes and redraws synchronously, so tests
and scripts can drive an explorer with no browser. The figure is rendered to
PNG by matplotlib's Agg backend and shown in an ``ipywidgets.Image``: that is
fast, works with any Jupyter front end without extra packages, and never
leaves figures open in pyplot's registry.

Speed (see ``benchmarks/bench_widgets.py``): a redraw is mostly text, so the
canvas keeps the glyphs of every string it has drawn, axes show about five
tick labels and no minor ticks, long changing text goes to the status line,
the plotting functions update the artists of an unchanged layout instead of
building them again, and computations are kept, so that returning to a
setting (or a slider that only scrubs through a run) costs only the drawing.
"""
from __future__ import annotations

import base64
import html
import io
import math
import traceback

import ipywidgets as widgets
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, get_font
from matplotlib import ticker
from matplotlib.ticker import MaxNLocator

from . import experiments, plots

DPI = 80  # screen pixels per inch of the rendered figure: a 12-inch figure is 960 px wide
LABEL_STYLE = {"description_width": "initial"}  # show labels in full, never cut off


# ------------------------------------------------------------------ rendering
# Most of a redraw is text: Agg lays out and rasterises every tick label, title and legend
# entry glyph by glyph on every draw, though an explorer redraws the same strings again and
# again. _TextCachingRenderer keeps the glyph bitmaps of each string it has drawn (keyed by the
# string, its font, angle and position within a pixel, to 1/64 px) and stamps them again.
_TEXT_CACHE: dict = {}
_TEXT_CACHE_MAX = 4096  # strings; a few MB at most, shared by every explorer
_FONT_METRICS: dict = {}


class _GlyphRecorder:
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


class _TextCachingRenderer(RendererAgg):
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
            recorder = self._renderer = _GlyphRecorder(core)
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


class _Canvas(FigureCanvasAgg):
    """An Agg canvas whose renderer caches text (see ``_TextCachingRenderer``)."""

    def get_renderer(self):
        renderer = super().get_renderer()
        if type(renderer) is RendererAgg:
            renderer.__class__ = _TextCachingRenderer
        return renderer


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


def new_figure(width: float, height: float, ncols: int = 1, nrows: int = 1, *, left: float = 0.8,
               right: float = 0.3, top: float = 0.8, bottom: float = 0.75, wspace: float = 0.9,
               hspace: float = 0.9):
    """A Figure outside pyplot (so it is never left open) and its axes, course-styled.

    Margins and gaps are in inches and fixed: an automatic layout engine would
    re-measure every label on every redraw (as long as the drawing itself),
    and a layout solved once and frozen clips a title that later grows.
    """
    with plots.style():
        figure = Figure(figsize=(width, height), dpi=DPI)
        _Canvas(figure)
        axes = figure.subplots(nrows, ncols, squeeze=False).ravel().tolist()
        for ax in axes:
            plots.styling.tidy(ax)
    cell_w = (width - left - right - wspace * (ncols - 1)) / ncols
    cell_h = (height - top - bottom - hspace * (nrows - 1)) / nrows
    figure.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height,
                           top=1 - top / height, wspace=wspace / cell_w, hspace=hspace / cell_h)
    return figure, axes


# ------------------------------------------------------------------ ticks
# Tick labels are most of what a redraw costs, so explorers show fewer of them: about five
# per axis, and no minor ticks. A log axis gets labels that suit its span: decades (10^k)
# over three decades or more, 1-2-5 steps as plain numbers over a few, and plain evenly
# spaced numbers over less than one (where 10^k labels would be missing or unreadable).
def _lean_axis(axis, nbins=5):
    if axis.get_scale() == "log":
        lo, hi = sorted(axis.get_view_interval())
        decades = math.log10(hi / lo) if lo > 0 and math.isfinite(hi / lo) else 99.0
        mode = "decades" if decades >= 3 else ("1-2-5" if decades >= 0.7 else "even")
    else:
        loc = axis.get_major_locator()
        if isinstance(loc, MaxNLocator):
            if loc._nbins == "auto" or loc._nbins > nbins:
                loc.set_params(nbins=nbins)
            mode = "linear"
        else:
            mode = "auto" if type(loc) is ticker.AutoLocator else None   # fixed ticks stay as set
    state = getattr(axis, "_coursekit_lean", None)
    if mode in (None, "linear") or (state is not None and state[0] == mode
                                    and axis.get_major_locator() is state[1]):
        return
    if mode == "decades":
        locator, formatter = ticker.LogLocator(base=10, numticks=nbins + 1), ticker.LogFormatterSciNotation()
    elif mode == "1-2-5":
        locator = ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0), numticks=3 * nbins)
        formatter = ticker.FuncFormatter(lambda v, _: plots.short_number(v))   # 2e5, not 200000
    elif mode == "even":
        locator, formatter = MaxNLocator(nbins - 1), ticker.ScalarFormatter(useOffset=False)
    else:
        locator, formatter = MaxNLocator(nbins, steps=[1, 2, 2.5, 5, 10]), None
    axis.set_major_locator(locator)
    if formatter is not None:
        axis.set_major_formatter(formatter)
    axis.set_minor_locator(ticker.NullLocator())
    axis._coursekit_lean = (mode, locator)


def _lean(*axes, nbins=5):
    """Fewer tick labels on each of ``axes`` (call after drawing into them)."""
    for ax in axes:
        _lean_axis(ax.xaxis, nbins)
        _lean_axis(ax.yaxis, nbins)


class Explorer(widgets.VBox):
    """Controls, a status line and a figure that follows the controls.

    ``compute(**values)`` turns the control values into a result;
    ``draw(figure, axes, result)`` redraws the axes for it and may return a
    status string. Both are plain functions, tested without widgets.
    """

    def __init__(self, controls: dict, compute, draw, figure: Figure, axes, columns: int = 3):
        self.controls = dict(controls)
        self.figure, self.axes = figure, axes
        self._compute, self._draw = compute, draw
        self.result = None
        self.error = None
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.6em"))
        # Shown at its own size where there is room (stretching blurs it), shrunk where there is not.
        self.image = widgets.Image(format="png", layout=widgets.Layout(
            max_width="100%", height="auto", align_self="flex-start", margin="0"))
        for control in self.controls.values():
            control.style = LABEL_STYLE
            control.layout.width = "auto"
            control.observe(self._on_change, names="value")
        grid = widgets.GridBox(list(self.controls.values()), layout=widgets.Layout(
            # At most `columns` per row, each at least 280 px so a slider stays long enough to
            # drag: a narrow notebook (file browser open) wraps to fewer columns instead.
            grid_template_columns=(f"repeat(auto-fill, minmax(max(280px, calc((100% - {columns - 1} * 16px)"
                                   f" / {columns})), 1fr))"),
            grid_gap="4px 16px",
            width="100%"))
        super().__init__([grid, self.status, self.image], layout=widgets.Layout(width="100%"))
        self.update(compact=True)

    def _repr_mimebundle_(self, **kwargs):
        # A notebook opened without running it (or not trusted) cannot draw widgets; it then
        # shows these fallbacks: the figure as a picture, and a line saying how to bring it alive.
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        bundle = dict(bundle)
        if self.image.value:
            bundle["image/png"] = base64.b64encode(bytes(self.image.value)).decode("ascii")
        bundle["text/plain"] = "Interactive explorer: run this cell in Jupyter to use its controls."
        return bundle

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change):
        self.update()

    def update(self, compact: bool = False):
        """Recompute for the current control values and redraw. Never raises:
        a failure shows as a short message, and is kept in ``.error``."""
        try:
            self.result = self._compute(**self.values())
            with plots.style():
                message = self._draw(self.figure, self.axes, self.result)
            self.image.value = render_png(self.figure, compact)
            self.error = None
            self.status.value = html.escape(message or "")
        except Exception as exc:  # a learner must never see a traceback from a slider
            self.error = exc
            self._traceback = traceback.format_exc()
            self.status.value = (f"<span style='color:#D55E00'>Could not update for these settings: "
                                 f"{html.escape(str(exc))}</span>")


def _remembering(compute, size=32):
    """``compute`` that keeps its last ``size`` results by the control values, so that going
    back to a setting (a learner dragging a slider to and fro) redraws without recomputing.
    Results are read-only for the draw functions, so a kept one is as good as a new one."""
    results = {}

    def remembered(**values):
        key = tuple(values.items())
        result = results.pop(key, None)
        if result is None:
            result = compute(**values)
        results[key] = result                 # most recently used last
        while len(results) > size:
            results.pop(next(iter(results)))
        return result

    return remembered


# ------------------------------------------------------------------ controls
def log_slider(value: float, low: float, high: float, description: str):
    """A logarithmic slider (learning rates, penalties) that shows its value readably.

    Ten positions per decade, counted from ``low``: from a power of ten, every power of
    ten in range is a position (0.01, 0.1, 1, 10), so the round numbers the chapters
    mention can be reached by dragging.
    """
    return widgets.FloatLogSlider(value=value, base=10, min=math.log10(low), max=math.log10(high),
                                  step=0.1, description=description, readout_format=".3g",
                                  continuous_update=False)


def int_slider(value: int, low: int, high: int, description: str, step: int = 1):
    return widgets.IntSlider(value=value, min=low, max=high, step=step, description=description,
                             continuous_update=False)


def float_slider(value: float, low: float, high: float, description: str, step: float,
                 readout_format: str = ".2f"):
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                               continuous_update=False, readout_format=readout_format)


def dropdown(value, options, description: str):
    return widgets.Dropdown(value=value, options=options, description=description)


# ----------------------------------------------------------------- explorers
ACTIVATION_OPTIONS = [("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu"), ("leaky ReLU", "leaky_relu")]
DATASET_OPTIONS = [("XOR", "xor"), ("moons", "moons"), ("circles", "circles"), ("spirals", "spirals")]


def perceptron_explorer(gate="and", learning_rate=1.0, step=0, start=0):
    """The "dancing line": replay the perceptron rule one update at a time.

    Controls: gate (AND, OR, NAND, XOR or two blobs), learning rate, step,
    and the starting line (ten directions through the middle of the data,
    ``experiments.starting_line``). Each run goes on until an epoch makes no
    mistake, or for 100 epochs. Left, the line after the chosen step with
    the sample it just visited; right, the mistakes made in each pass.
    """
    controls = {
        "gate": dropdown(gate, [("AND", "and"), ("OR", "or"), ("NAND", "nand"), ("XOR", "xor"),
                                ("two blobs", "blobs")], "gate"),
        "learning_rate": log_slider(learning_rate, 0.01, 10.0, "learning rate"),
        "step": int_slider(step, 0, 400, "step"),
        "start": int_slider(start, 0, 9, "starting line"),
    }
    runs = {}

    def compute(gate, learning_rate, step, start):
        key = (gate, learning_rate, start)
        if key not in runs:  # the step slider only scrubs a recorded run
            runs.clear()
            runs[key] = experiments.perceptron_run(gate, learning_rate, epochs=100, start=start)
        run = runs[key]
        slider = controls["step"]
        if slider.max != run.n_steps:
            slider.max = run.n_steps
        run.k = min(step, run.n_steps)
        return run

    bars = {"run": None}     # the mistakes panel, built once per run: a step only moves its marker

    def draw(figure, axes, run):
        p, k = run.perceptron, run.k
        step = p.steps[k - 1] if k > 0 else None
        plots.perceptron_replay(p, run.X, run.Y, k, ax=axes[0],
                                title=f"Step {k} of {run.n_steps}" + (f", epoch {step.epoch}" if step else ""))
        ax = axes[1]
        if bars["run"] is not run:
            errors = p.errors_per_epoch
            ax.clear()
            plots.styling.tidy(ax)
            ax.bar(np.arange(1, len(errors) + 1), errors, color=plots.OKABE_ITO["blue"], width=0.7)
            # min_n_ticks=1: with one epoch, one tick "1" (not 0.50, 0.75, ... around it)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            if not any(errors):
                ax.text(0.5, 0.5, "no mistakes at all:\nthe starting line already\nseparates the classes",
                        transform=ax.transAxes, ha="center", va="center", fontsize=12, color="0.3")
            bars["line"] = ax.axvline(1, color=plots.OKABE_ITO["vermillion"], lw=2, ls="--",
                                      label="epoch of this step")
            bars["legend"] = ax.legend(loc="upper right")
            ax.set_xlabel("epoch (one pass over the data)")
            ax.set_ylabel("mistakes in the epoch")
            ax.set_title("Mistakes per epoch")
            ax.set_xlim(0.4, max(len(errors), 1) + 0.6)
            ax.set_ylim(0, 1.3 * run.X.shape[1])  # headroom keeps the legend clear of the bars
            bars["run"] = run
        bars["line"].set_visible(step is not None)
        bars["legend"].set_visible(step is not None)
        if step is not None:
            bars["line"].set_xdata([step.epoch, step.epoch])
        _lean(*axes)
        verdict = ("converged: an epoch with no mistakes" if p.converged
                   else f"still making mistakes after {len(p.errors_per_epoch)} epochs")
        if step is None:
            return f"step 0 of {run.n_steps}: the starting line; {verdict}"
        what = "misclassified: the line moved" if step.changed else "classified correctly: the line stayed"
        return f"step {k} of {run.n_steps} (epoch {step.epoch}): sample X[:, {step.index}] {what}; {verdict}"

    figure, axes = new_figure(12.0, 5.2, ncols=2, top=0.85, bottom=1.45)
    return Explorer(controls, compute, draw, figure, axes)


def _diverged_note(ax, history):
    """Write "diverged at epoch k" across an axes when a run blew up."""
    if history.diverged:
        ax.text(0.5, 0.5, f"diverged at epoch {history.diverged_epoch}", transform=ax.transAxes,
                ha="center", va="center", fontsize=15, color=plots.OKABE_ITO["vermillion"],
                bbox=dict(facecolor="white", alpha=0.85, edgecolor=plots.OKABE_ITO["vermillion"]))


def training_explorer(dataset="moons", learning_rate=0.5, depth=1, width=8, activation="tanh",
                      epochs=300):
    """Train a network on a 2-D dataset and watch its boundary, loss and weights.

    Controls: dataset, learning rate, depth (hidden layers), width (units per
    hidden layer), activation, epochs. Panels: decision boundary, loss curve,
    network diagram (edge colour = sign, width = |w|).
    """
    controls = {
        "dataset": dropdown(dataset, DATASET_OPTIONS, "dataset"),
        "learning_rate": log_slider(learning_rate, 0.001, 100.0, "learning rate"),
        "depth": int_slider(depth, 0, 6, "depth (hidden layers)"),
        "width": int_slider(width, 1, 16, "width (units per layer)"),
        "activation": dropdown(activation, ACTIVATION_OPTIONS, "activation"),
        "epochs": int_slider(epochs, 0, 1000, "epochs", step=50),
    }

    @_remembering
    def compute(dataset, learning_rate, depth, width, activation, epochs):
        return experiments.train_classifier(dataset, learning_rate=learning_rate, depth=depth,
                                            width=width, activation=activation, epochs=epochs)

    def draw(figure, axes, run):
        plots.decision_boundary(run.net, run.X, run.Y, ax=axes[0], colorbar=False, resolution=60)
        plots.loss_curves(run.history, ax=axes[1])
        plots.network_diagram(run.net, ax=axes[2])
        _lean(axes[0], axes[1])
        return run.status

    figure, axes = new_figure(13.0, 4.4, ncols=3, left=0.7, right=0.2, wspace=0.75)
    return Explorer(controls, compute, draw, figure, axes)


def regression_explorer(model="linear", learning_rate=0.1, iterations=50, depth=0):
    """Gradient descent on regression, from a line fit to logistic regression and beyond.

    Controls: model ("linear": fit a line to noisy points; "logistic":
    classify two circles, which no line separates), learning rate, iterations,
    depth (hidden layers, logistic only: 0 is plain logistic regression).
    Too small a learning rate crawls, a good one converges, too large diverges.
    """
    controls = {
        "model": dropdown(model, [("linear regression", "linear"), ("logistic regression", "logistic")],
                          "model"),
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
        "iterations": int_slider(iterations, 0, 500, "iterations", step=10),
        "depth": int_slider(depth, 0, 4, "depth (hidden layers)"),
    }

    @_remembering
    def descend(model, learning_rate, iterations, depth):
        if model == "linear":
            return experiments.linear_run(learning_rate, iterations)
        return experiments.logistic_depth_run(depth, learning_rate, iterations)

    def compute(model, learning_rate, iterations, depth):
        controls["depth"].disabled = model == "linear"
        return descend(model=model, learning_rate=learning_rate, iterations=iterations,
                       depth=0 if model == "linear" else depth)   # a line has no depth

    def draw(figure, axes, run):
        if isinstance(run, experiments.LinearRun):
            _draw_line_fit(axes[0], run)
            plots.loss_curves(run.costs, ax=axes[1], title="Cost while descending", log=True,
                              xlabel="iteration")
            _lean(*axes)
            return run.status
        plots.decision_boundary(run.net, run.X, run.Y, ax=axes[0], colorbar=False, resolution=60)
        plots.loss_curves(run.history, ax=axes[1], title="Cost while descending", log=True,
                          xlabel="iteration")
        _lean(*axes)
        return run.status

    figure, axes = new_figure(12.0, 4.6, ncols=2)
    return Explorer(controls, compute, draw, figure, axes)


def _draw_line_fit(ax, run):
    """The points, the least-squares line and gradient descent's line. The points and the exact
    line are the same for every run, so they are drawn once; redraws move the descent's line."""
    kept = getattr(ax, "_line_fit", None)
    if (kept is None or kept["line"] not in ax.lines
            or not (np.array_equal(kept["x"], run.x) and np.array_equal(kept["y"], run.y))):
        ax.clear()
        plots.styling.tidy(ax)
        xs = np.array([-1.1, 1.1])
        ax.scatter(run.x[0], run.y[0], color=plots.OKABE_ITO["blue"], s=25, label="data", zorder=3)
        ax.plot(xs, run.w_exact * xs + run.b_exact, color=plots.OKABE_ITO["black"], ls="--", lw=1.5,
                label="normal equations")
        line, = ax.plot(xs, xs, color=plots.OKABE_ITO["vermillion"], lw=2.5, label="gradient descent")
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(run.y.min() - 1.5, run.y.max() + 1.5)  # fixed view: a diverging line leaves it
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ax.set_title("Fitting y = w x + b")
        ax.legend(loc="upper left")
        kept = ax._line_fit = {"x": run.x, "y": run.y, "line": line}
    finite = bool(np.isfinite(run.w) and np.isfinite(run.b))
    kept["line"].set_visible(finite)
    if finite:
        xs = np.array([-1.1, 1.1])
        kept["line"].set_ydata(run.w * xs + run.b)


def batch_size_explorer(learning_rate=0.1, batch_size=16, epochs=15):
    """Full-batch, stochastic and mini-batch gradient descent side by side.

    The same network trained three times from the same start. Left, loss
    against epochs (passes over the data); right, loss against updates
    (steps of gradient descent), where SGD takes m updates per epoch.
    """
    controls = {
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
        "batch_size": int_slider(batch_size, 2, 64, "mini-batch size"),
        "epochs": int_slider(epochs, 1, 40, "epochs"),
    }

    # The full-batch and SGD runs do not depend on the mini-batch size, and fewer epochs are
    # read off a longer run: batch_comparison's results, trained as little as possible.
    comparisons = experiments.BatchComparisons(n_samples=100)
    right = {"labels": None, "lines": []}    # the loss-against-updates lines, kept between redraws

    def compute(learning_rate, batch_size, epochs):
        return comparisons(learning_rate, batch_size, epochs)

    def draw(figure, axes, result):
        plots.loss_curves(result.runs, ax=axes[0], title="Loss against epochs",
                          legend=False)                # one legend under both panels instead
        ax = axes[1]
        labels = list(result.runs)
        if labels != right["labels"]:       # the mini-batch size is in a label: a new legend
            for artist in right["lines"] + ([right["legend"]] if right.get("legend") else []):
                artist.remove()
            right["lines"] = [ax.plot([], [], color=color, label=label)[0]
                              for label, color in zip(labels, plots.PALETTE)]
            # Below the panels, where no curve can run under it at any setting.
            right["legend"] = figure.legend(handles=right["lines"], loc="lower center", ncol=3,
                                            frameon=False, bbox_to_anchor=(0.5, 0.0))
            right["labels"] = labels
        for line, (label, h) in zip(right["lines"], result.runs.items()):
            line.set_data(result.updates(label), h.loss)
        ax.relim()
        ax.autoscale_view()
        _lean(*axes)
        diverged = [k for k, h in result.runs.items() if h.diverged]
        return "diverged: " + ", ".join(diverged) if diverged else (
            "final loss: " + ", ".join(f"{k} {h.loss[-1]:.3f}" for k, h in result.runs.items()))

    figure, axes = new_figure(12.0, 5.0, ncols=2, bottom=1.15)
    with plots.style():
        axes[1].set_xscale("log")
        axes[1].set_xlabel("updates (log scale)")
        axes[1].set_ylabel("loss")
        axes[1].set_title("Loss against updates")
    return Explorer(controls, compute, draw, figure, axes)


INIT_OPTIONS = [("Xavier (Glorot)", "xavier"), ("He", "he"), ("normal N(0, 1)", "normal"), ("zeros", "zeros")]


def gradient_flow_explorer(depth=6, activation="sigmoid", init="xavier", init_scale=1.0,
                           learning_rate=0.5):
    """How big is the gradient at each layer, and how does that change with depth?

    Controls: depth (up to 20 hidden layers), activation, initialisation,
    initial weight scale, learning rate. Left, ||dC/dW^l|| per layer at
    initialisation on a log scale; right, the training loss.
    """
    controls = {
        "depth": int_slider(depth, 1, 20, "depth (hidden layers)"),
        "activation": dropdown(activation, ACTIVATION_OPTIONS, "activation"),
        "init": dropdown(init, INIT_OPTIONS, "initialisation"),
        "init_scale": log_slider(init_scale, 0.01, 100.0, "initial weight scale"),
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
    }

    @_remembering
    def compute(depth, activation, init, init_scale, learning_rate):
        return experiments.gradient_flow(depth, activation, init, init_scale, learning_rate,
                                         epochs=100, n_samples=100)

    def draw(figure, axes, result):
        plots.gradient_norms(result.initial_norms, ax=axes[0],
                             title="Gradient norm per layer at initialisation")
        plots.loss_curves(result.history, ax=axes[1], title="Training loss")
        _lean(*axes)
        norms = result.initial_norms
        if not np.all(np.isfinite(norms[[0, -1]])):
            ratio = "the gradient overflowed (inf or NaN), so there is no ratio"
        elif norms[-1] > 0:
            ratio = f"first layer / last layer gradient norm: {plots.short_number(norms[0] / norms[-1])}"
        else:
            ratio = "the last layer gets a zero gradient, so there is no ratio"
        return f"{ratio}; {result.run.status}"

    figure, axes = new_figure(12.0, 4.6, ncols=2)
    return Explorer(controls, compute, draw, figure, axes)


def regularisation_explorer(l2=0.0, dropout=0.0, width=32, depth=2, learning_rate=0.3, epochs=300):
    """Overfitting and what holds it back: training against validation loss.

    A network with room to spare learns 30 noisy points. Controls: L2
    strength, dropout rate, hidden units per layer, depth, learning rate,
    epochs. Left, the boundary with the training points; right, training and
    validation loss (the gap is overfitting).
    """
    controls = {
        "l2": float_slider(l2, 0.0, 0.05, "L2 strength (lambda)", 0.001, readout_format=".3f"),
        "dropout": float_slider(dropout, 0.0, 0.8, "dropout rate", 0.05),
        "width": int_slider(width, 2, 64, "hidden units per layer", step=2),
        "depth": int_slider(depth, 1, 4, "depth (hidden layers)"),
        "learning_rate": log_slider(learning_rate, 0.001, 100.0, "learning rate"),
        "epochs": int_slider(epochs, 0, 600, "epochs", step=25),
    }

    @_remembering
    def compute(l2, dropout, width, depth, learning_rate, epochs):
        return experiments.regularisation_run(l2, dropout, width, depth, learning_rate, epochs)

    def draw(figure, axes, run):
        # The training points are the same at every setting, so the automatic view (the points,
        # a margin and a band for the legend) stays still as the sliders move.
        plots.decision_boundary(run.net, run.X, run.Y, ax=axes[0], colorbar=False, resolution=60,
                                title="Boundary on the training points")
        plots.loss_curves(run.history, ax=axes[1], title="Training against validation loss")
        _lean(*axes)
        h = run.history
        if h.diverged or h.epochs_run == 0:
            return run.status
        best = int(np.argmin(h.val_loss)) + 1
        return (f"training loss {h.loss[-1]:.3f}, validation loss {h.val_loss[-1]:.3f} "
                f"(lowest {h.val_loss.min():.3f} at epoch {best})")

    figure, axes = new_figure(12.0, 4.6, ncols=2)
    return Explorer(controls, compute, draw, figure, axes)


STACK_ACTIVATION_OPTIONS = [("none (linear layers)", "linear"), ("tanh", "tanh")]


def linear_stack_explorer(dataset="moons", depth=2, learning_rate=1.0, activation="linear"):
    """Stack linear layers as deep as you like: the boundary stays one straight line.

    Controls: dataset, depth (hidden layers of 4 units), learning rate, and the
    activation between layers ("none" stacks linear layers; tanh, for
    comparison, bends the boundary). Left, the trained network's boundary with
    the collapsed single layer's line W x + b = 0 drawn dashed on top; middle,
    the stacked network; right, the one layer ``W = W^L ... W^1`` it collapses to.
    """
    controls = {
        "dataset": dropdown(dataset, [("moons", "moons"), ("XOR", "xor"), ("circles", "circles")], "dataset"),
        "depth": int_slider(depth, 0, 6, "depth (hidden layers)"),
        "learning_rate": log_slider(learning_rate, 0.01, 10.0, "learning rate"),
        "activation": dropdown(activation, STACK_ACTIVATION_OPTIONS, "activation between layers"),
    }

    @_remembering
    def compute(dataset, depth, learning_rate, activation):
        return experiments.linear_stack_run(depth, learning_rate, dataset, activation)

    def draw(figure, axes, result):
        run = result.run
        plots.decision_boundary(run.net, run.X, run.Y, ax=axes[0], colorbar=False, resolution=50,
                                title=f"Trained boundary, depth {result.depth}")
        ax = axes[0]
        if result.W is not None and np.all(np.isfinite(result.W)) and np.all(np.isfinite(result.b)):
            seg = plots.geometry.segment_in_box(result.W[0], float(result.b[0, 0]), ax.get_xlim(), ax.get_ylim())
            if seg is not None:
                ax.plot(seg[:, 0], seg[:, 1], color=plots.OKABE_ITO["orange"], ls="--", lw=2.2, zorder=3,
                        label="one layer: W x + b = 0")
                ax.legend(loc="lower left", fontsize=10)
        plots.network_diagram(run.net, ax=axes[1], show_values=False,
                              title=f"Stacked: {run.net.L} layer{'s' if run.net.L > 1 else ''} of weights")
        if result.W is not None:
            axes[2].set_axis_on()
            plots.network_diagram([(result.W, result.b)], ax=axes[2],
                                  title="Collapsed: one layer, W = W$^L$ ··· W$^1$")
        else:
            ax = axes[2]
            ax.clear()
            ax._coursekit_kind = "message"   # so the next diagram starts from a clean axes
            ax.set_axis_off()
            ax.text(0.5, 0.5, f"{run.settings['activation']} between the layers:\nno single matrix does the same,\n"
                              "so the boundary can bend", transform=ax.transAxes, ha="center", va="center",
                    fontsize=13, color="0.25")
        _diverged_note(axes[0], run.history)
        _lean(axes[0])
        return result.status

    figure, axes = new_figure(15.0, 4.9, ncols=3, wspace=0.8, top=1.0)
    return Explorer(controls, compute, draw, figure, axes, columns=2)


TARGET_OPTIONS = [("sine: sin(πx)", "sine"), ("wiggly: sin(πx) + 0.5 sin(3πx)", "wiggly"),
                  ("absolute value |x|", "abs"), ("step (not continuous)", "step")]


def approximation_explorer(target="sine", hidden_units=3, learning_rate=0.1, epochs=1000,
                           activation="sigmoid"):
    """Universal approximation: one hidden layer fits a 1-D function, better with more units.

    Controls: target function, hidden units (1 to 30), learning rate, epochs,
    activation (sigmoid or tanh). Panels: the network's output against the
    target, the pieces the hidden units add up, and the loss curve. Runs are
    kept, so returning to a setting redraws without training again.
    """
    controls = {
        "target": dropdown(target, TARGET_OPTIONS, "target function"),
        "hidden_units": int_slider(hidden_units, 1, 30, "hidden units"),
        "learning_rate": log_slider(learning_rate, 0.001, 10.0, "learning rate"),
        "epochs": int_slider(epochs, 0, 2000, "epochs", step=100),
        "activation": dropdown(activation, ACTIVATION_OPTIONS[:2], "activation"),
    }
    runs = {}

    def compute(target, hidden_units, learning_rate, epochs, activation):
        key = (target, hidden_units, learning_rate, epochs, activation)
        if key not in runs:
            if len(runs) >= 64:          # keep the memory bounded: forget the oldest run
                runs.pop(next(iter(runs)))
            runs[key] = experiments.approximate_function(target, hidden_units, learning_rate, epochs,
                                                         activation)
        return runs[key]

    def draw(figure, axes, run):
        f = experiments.TARGET_FORMULAS[run.target]
        plots.function_fit(run.net, run.x, run.y, target=run.target_values, ax=axes[0],
                           resolution=200, title=f"Fitting {f}")
        plots.hidden_contributions(run.net, ax=axes[1], resolution=200)
        plots.loss_curves(run.history, ax=axes[2], log=True, title="Training loss")
        _lean(*axes)
        return run.status   # loss_curves itself marks a divergence

    figure, axes = new_figure(13.0, 4.4, ncols=3, left=0.7, right=0.2, wspace=0.75)
    return Explorer(controls, compute, draw, figure, axes)


def backprop_cost_explorer(depth=3, width=16):
    """How the cost of one gradient grows with depth: backprop against centred differences.

    Controls: depth (hidden layers, 0 to 20) and width (units per hidden
    layer), for a network with 2 inputs and 1 output. Left, multiply-adds per
    sample of one forward and one backward pass against depth; middle, the two
    passes layer by layer at the chosen depth; right, the whole gradient by
    backprop against the gradient by centred differences (log scale). Counts,
    not timings, so the figure is the same on every machine.
    """
    controls = {
        "depth": int_slider(depth, 0, 20, "depth (hidden layers)"),
        "width": int_slider(width, 1, 64, "width (units per layer)"),
    }
    curves = {}

    def compute(depth, width):
        if width not in curves:
            curves.clear()
            curves[width] = [experiments.backprop_cost(d, width) for d in range(0, 21)]
        return curves[width][depth]

    def draw(figure, axes, cost):
        curve = curves[controls["width"].value]
        plots.pass_costs(curve, which="passes", chosen=cost.depth, ax=axes[0])
        plots.layer_costs(cost, ax=axes[1])
        plots.pass_costs(curve, which="gradient", chosen=cost.depth, ax=axes[2])
        _lean(*axes)
        return cost.status

    figure, axes = new_figure(13.0, 4.8, ncols=3, left=0.9, right=0.2, wspace=0.95)
    return Explorer(controls, compute, draw, figure, axes, columns=2)


def local_minimum_explorer(learning_rate=0.1, noise=1.5, start=2.0, seed=0):
    """Stuck in a local minimum, or not: plain, noisy and annealed descent on one bumpy curve.

    Controls: learning rate, noise (a temperature that cools to 0 over 300
    steps; 0 makes noisy descent plain), start, and seed (another draw of the
    random numbers). Left, the curve with where each method went and stopped;
    right, each method's position at every step.
    """
    lo, hi = experiments.BUMPY_RANGE
    controls = {
        "learning_rate": log_slider(learning_rate, 0.001, 0.3, "learning rate"),
        "noise": float_slider(noise, 0.0, 3.0, "noise (temperature)", 0.1),
        "start": float_slider(start, lo + 0.1, hi - 0.1, "start w", 0.1),
        "seed": int_slider(seed, 0, 9, "random seed"),
    }

    @_remembering
    def compute(learning_rate, noise, start, seed):
        return experiments.escape_local_minimum(start, learning_rate, noise, seed=seed)

    def draw(figure, axes, runs):
        paths = {k: r.path for k, r in runs.items()}
        plots.descent_1d(experiments.bumpy_loss, paths, xlim=experiments.BUMPY_RANGE, ax=axes[0])
        plots.positions_over_steps(paths, ax=axes[1], ylim=experiments.BUMPY_RANGE, marks={
            "global minimum": experiments.BUMPY_MINIMA["global"],
            "local minimum": experiments.BUMPY_MINIMA["local"]})
        _lean(*axes)
        return "; ".join(f"{k} ends in the {r.ends_in} minimum (w = {r.end:.2f})" for k, r in runs.items())

    figure, axes = new_figure(13.0, 5.0, ncols=2)
    return Explorer(controls, compute, draw, figure, axes, columns=2)


L2_OPTIONS = [("0 (no penalty)", 0.0), ("0.000001", 1e-6), ("0.00001", 1e-5), ("0.0001", 1e-4),
              ("0.001", 1e-3), ("0.01", 1e-2), ("0.1", 1e-1)]


def polynomial_explorer(degree=3, n_train=12, noise=0.2, l2=0.0):
    """Under- and overfitting in their plainest form: polynomials through a few noisy points.

    Controls: polynomial degree (1 to 15), number of training points, noise,
    and an L2 penalty on the coefficients (ridge regression). Left, the fit
    with the training points, fresh validation points and the true curve
    sin(pi x); right, training and validation error against the degree, with
    the current degree marked. Least squares on [-1, 1] keeps every degree
    well conditioned.
    """
    controls = {
        "degree": int_slider(degree, 1, 15, "polynomial degree"),
        "n_train": int_slider(n_train, 6, 40, "training points"),
        "noise": float_slider(noise, 0.0, 0.5, "noise", 0.05),
        "l2": dropdown(l2, L2_OPTIONS, "L2 penalty (lambda)"),
    }

    @_remembering
    def compute(degree, n_train, noise, l2):
        return experiments.polynomial_run(degree, n_train, noise, l2)

    def draw(figure, axes, run):
        plots.polynomial_curve(run, ax=axes[0])
        plots.capacity_curve(run.degrees, run.train_errors, run.val_errors, current=run.degree,
                             ax=axes[1], xlabel="polynomial degree", ylabel="squared error",
                             title="Error against degree")
        _lean(*axes)
        return run.status

    figure, axes = new_figure(12.0, 4.9, ncols=2, top=1.0)
    return Explorer(controls, compute, draw, figure, axes, columns=2)
