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

The package is wiring only, in five modules: ``render`` (the PNG renderer, with its text
cache and the plain-Agg fallback), ``explorer`` (``Explorer``, ``Panels`` and the controls'
factories), ``first_networks`` (chapters 01-03's explorers), ``explorers``
(chapters 04-06's), ``optimisation`` (chapter 07's) and ``digits`` (chapter 08's explorer and
drawing pad). Every drawing call goes through ``coursekit.plots``.

Speed (see ``benchmarks/bench_widgets.py``): a redraw is mostly text, so the
canvas keeps the glyphs of every string it has drawn, axes show about five
tick labels and no minor ticks, long changing text goes to the status line,
each panel is built once and then updated through the Drawing its plotting
function returned, and computations are kept, so that returning to a
setting (or a slider that only scrubs through a run) costs only the drawing.
"""
from __future__ import annotations

from .. import experiments, plots  # noqa: F401  (what the explorers wire together; widgets.experiments worked before)
from .explorer import (ACTIVATION_OPTIONS, DATASET_OPTIONS, FEATURE_OPTIONS, INIT_OPTIONS, L2_OPTIONS, LABEL_STYLE,
                       STACK_ACTIVATION_OPTIONS, TARGET_OPTIONS, Explorer, Panels, dropdown, float_slider,
                       int_slider, log_slider, remembering, untrained)
from .explorers import (backprop_cost_explorer, batch_size_explorer, gradient_flow_explorer, local_minimum_explorer,
                        polynomial_explorer, regularisation_explorer)
from .first_networks import (approximation_explorer, linear_stack_explorer, perceptron_explorer, regression_explorer,
                             training_explorer)
from .digits import BATCH_SIZE, UPDATES, DrawingPad, digits_explorer, drawing_pad, epochs_for
from .optimisation import (MAX_STEPS, OPTIMISER_SETS, SCHEDULE_OPTIONS, SURFACE_OPTIONS, optimiser_paths_explorer,
                           optimiser_training_explorer)
from .render import DPI, FAST_TEXT, new_figure, render_png

__all__ = ["experiments", "plots",
           "Explorer", "Panels", "remembering", "log_slider", "int_slider", "float_slider", "dropdown", "untrained",
           "LABEL_STYLE", "ACTIVATION_OPTIONS", "DATASET_OPTIONS", "INIT_OPTIONS", "STACK_ACTIVATION_OPTIONS",
           "TARGET_OPTIONS", "L2_OPTIONS", "FEATURE_OPTIONS", "DPI", "FAST_TEXT", "new_figure", "render_png",
           "perceptron_explorer", "training_explorer", "regression_explorer", "batch_size_explorer",
           "gradient_flow_explorer", "regularisation_explorer", "linear_stack_explorer",
           "approximation_explorer", "backprop_cost_explorer", "local_minimum_explorer", "polynomial_explorer",
           "MAX_STEPS", "OPTIMISER_SETS", "SCHEDULE_OPTIONS", "SURFACE_OPTIONS", "optimiser_paths_explorer",
           "optimiser_training_explorer", "digits_explorer", "drawing_pad", "DrawingPad", "UPDATES", "BATCH_SIZE",
           "epochs_for"]
