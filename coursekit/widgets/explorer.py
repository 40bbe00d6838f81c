"""``Explorer`` (controls, a status line and a figure that follows them) and the controls' factories."""
from __future__ import annotations

import base64
import html
import math
import traceback

import ipywidgets as widgets
from matplotlib.figure import Figure

from .. import plots
from . import render

__all__ = ["LABEL_STYLE", "ACTIVATION_OPTIONS", "DATASET_OPTIONS", "INIT_OPTIONS", "STACK_ACTIVATION_OPTIONS",
           "TARGET_OPTIONS", "L2_OPTIONS", "FEATURE_OPTIONS", "Explorer", "Panels", "remembering", "log_slider", "int_slider",
           "float_slider", "dropdown", "untrained"]

LABEL_STYLE = {"description_width": "initial"}  # show labels in full, never cut off

ACTIVATION_OPTIONS = [("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu"), ("leaky ReLU", "leaky_relu")]
DATASET_OPTIONS = [("XOR", "xor"), ("moons", "moons"), ("circles", "circles"), ("spirals", "spirals")]
INIT_OPTIONS = [("Xavier (Glorot)", "xavier"), ("He", "he"), ("normal N(0, 1)", "normal"), ("zeros", "zeros")]
STACK_ACTIVATION_OPTIONS = [("none (linear layers)", "linear"), ("tanh", "tanh")]
TARGET_OPTIONS = [("sine: sin(πx)", "sine"), ("wiggly: sin(πx) + 0.5 sin(3πx)", "wiggly"),
                  ("absolute value |x|", "abs"), ("step (not continuous)", "step")]
FEATURE_OPTIONS = [("x₁, x₂", "plain"), ("x₁, x₂, x₁², x₂², x₁x₂", "squares")]
L2_OPTIONS = [("0 (no penalty)", 0.0), ("0.000001", 1e-6), ("0.00001", 1e-5), ("0.0001", 1e-4),
              ("0.001", 1e-3), ("0.01", 1e-2), ("0.1", 1e-1)]


class Explorer(widgets.VBox):
    """Controls, a status line and a figure that follows the controls.

    ``compute(**values)`` turns the control values into a result;
    ``draw(figure, axes, result)`` redraws the axes for it and may return a
    status string. Both are plain functions, tested without widgets.

    ``inert(**values)``, when given, returns ``{control name: reason}`` for the controls that
    can change nothing at these values (depth for a model with no layers, say). Those are
    disabled, with the reason as their tooltip and after the status line, and enabled again
    as soon as they matter: a control that looks live but does nothing misleads a learner.
    """

    def __init__(self, controls: dict, compute, draw, figure: Figure, axes, columns: int = 3, inert=None):
        self.controls = dict(controls)
        self.inert = inert
        self.figure, self.axes = figure, axes
        self.compute, self.draw = compute, draw
        self.result = None
        self.error = None
        self.error_traceback = ""      # the last failure's traceback, for tests and maintainers
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
        note = ""
        try:
            note = self._mark_inert()
            self.result = self.compute(**self.values())
            with plots.style():
                message = self.draw(self.figure, self.axes, self.result)
            self.image.value = render.render_png(self.figure, compact)
            self.error = None
            self.status.value = html.escape(message or "") + note
        except Exception as exc:  # a learner must never see a traceback from a slider
            self.error = exc
            self.error_traceback = traceback.format_exc()
            self.status.value = (f"<span style='color:#D55E00'>Could not update for these settings: "
                                 f"{html.escape(str(exc))}</span>") + note

    def inert_reasons(self) -> dict:
        """``{control name: reason}`` for the controls that do nothing at the current values."""
        if self.inert is None:
            return {}
        reasons = dict(self.inert(**self.values()))
        unknown = set(reasons) - set(self.controls)
        if unknown:
            raise ValueError(f"inert: no control named {sorted(unknown)}")
        return reasons

    def _mark_inert(self) -> str:
        """Disable the inert controls (enable the rest); the reasons as HTML for the status line."""
        reasons = self.inert_reasons()
        for name, control in self.controls.items():
            control.disabled = name in reasons
            control.tooltip = reasons.get(name)
        if not reasons:
            return ""
        text = "; ".join(dict.fromkeys(reasons.values()))     # one reason shared by two controls, once
        return f" <span style='color:#666666'>({html.escape(text)})</span>"


class Panels:
    """The Drawings of an explorer's panels by name: each is built at the first redraw (and
    again when what fixes its layout, the ``key``, changes: another dataset, say) and brought
    up to date through the Drawing after that."""

    def __init__(self):
        self._drawings, self._keys, self._kinds = {}, {}, {}

    def show(self, name, build, update=None, key=None, kind=None):
        """``build(previous)`` a Drawing for panel ``name`` when it has none, ``update`` is None or
        ``key`` differs from last time; otherwise ``update(drawing)``. ``previous`` is the panel's
        last Drawing when it was of the same ``kind`` of figure (a plotting function can replace
        it without emptying the axes), else None. Returns the panel's Drawing."""
        drawing = self._drawings.get(name)
        if drawing is None or update is None or not _same_key(self._keys[name], key):
            same_kind = drawing is not None and kind is not None and self._kinds[name] == kind
            drawing = build(drawing if same_kind else None)
        else:
            update(drawing)
        self._drawings[name], self._keys[name], self._kinds[name] = drawing, key, kind
        return drawing

    def plot(self, name, function, *args, key=None, ax, **kwargs):
        """Panel ``name`` showing ``function(*args, ax=ax, **kwargs)`` (a plotting function of
        ``coursekit.plots``): built the first time and when ``key`` changes, then brought up to
        date with the new arguments through the Drawing it returned."""
        return self.show(name, lambda previous: function(*args, ax=previous or ax, **kwargs),
                         lambda drawing: drawing.update(*args, **kwargs), key=key, kind=function)

    def drop(self, name):
        """Take panel ``name``'s drawing off its axes (an overlay that is not wanted this time)."""
        drawing = self._drawings.pop(name, None)
        self._keys.pop(name, None)
        self._kinds.pop(name, None)
        if drawing is not None:
            drawing.remove()


def _same_key(old, new):
    """Keys are control values (compared by value) or objects such as a run (by identity: the
    panel holds on to its key, so the identity cannot be reused by another object)."""
    if isinstance(new, (str, int, float, tuple, type(None))):
        return type(old) is type(new) and old == new
    return old is new


def remembering(compute, size=32):
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


def untrained(count, what, *names):
    """For an explorer's ``inert``: ``{name: reason}`` for the controls ``names`` that only shape
    training, when ``count`` (the epochs or iterations, called ``what``) is 0 and nothing is trained."""
    return dict.fromkeys(names, f"{_labels(names)} do{'es' if len(names) == 1 else ''} nothing at 0 {what}: "
                                "no training") if count == 0 else {}


def _labels(names):
    words = [name.replace("_", " ").replace("l2", "L2") for name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
