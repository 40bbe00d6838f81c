"""The course's figures, in one visual style.

Every function draws one kind of figure the chapters use. Each takes an optional ``ax``
(``axes`` for the multi-panel ones), following matplotlib's recommended signature:

* not given, a new figure is made with pyplot and the ``Figure`` is returned, so a notebook
  shows it at the end of the cell: write ``_ = plots.loss_curves(h)`` or end the cell with
  ``plt.show()`` so it is not shown twice;
* given, the function empties that axes (with any colorbar it had; the figure's other axes
  are left alone), draws into it and returns a :class:`Drawing` holding the artists it made.
  ``drawing.update(new data)`` redraws it: a widget builds each panel once and then updates
  it. The Drawings of ``decision_boundary``, ``loss_curves``, ``network_diagram``,
  ``pass_costs``, ``descent_1d``, ``positions_over_steps``, ``optimiser_paths``,
  ``loss_by_step`` and ``learning_rates`` change their artists' data in
  place when the layout allows, which gives the same picture faster. Nothing is stored on
  the axes.

No function closes a figure.

The style
---------
* Colours come from the Okabe-Ito palette (Okabe & Ito, 2008), which stays
  distinguishable under the common forms of colour blindness. One rule runs
  through the course: **vermillion is class 0 / a negative weight, blue is
  class 1 / a positive weight**. Class 1 points are triangles and class 0
  points circles, so the classes also differ in shape (and in grey print).
* Probability shading uses :data:`PROB_CMAP`, a diverging map from a light
  vermillion (P(y=1) = 0) through white (0.5) to a light blue (1). The
  shading is kept light so the saturated data points stay visible on it.
* Sizes suit a laptop screen and a projector: figures about 6.4 x 4.6 in at
  100 dpi, text 11-13 pt.
* The style is applied inside :func:`style`, a context manager, so importing
  this module never changes global ``rcParams``. Use ``with plots.style():``
  for your own figures to match.

Figures we create use constrained layout, set at creation, and no
``tight_layout``. Constrained layout re-measures every label on each draw;
a widget that redraws one figure many times should call
:func:`freeze_layout` once after building it (see ``benchmarks/`` for times).

The package, by figure family
-----------------------------
``styling`` the palette, colormaps and rcParams; ``drawing`` what a call drew (``Drawing``);
``geometry`` grids, limits, class scatter and shaded probabilities; ``boundaries`` decision
boundaries and the hidden space; ``curves`` loss and capacity curves; ``penalties`` weights and
penalties; ``ticks`` lean ticks;
``fits`` function fits; ``diagram`` the network diagram and the computational graph;
``perceptron`` the perceptron's replay and one neuron's cut; ``gradients`` activations and
gradient norms; ``landscapes`` loss surfaces and 1-D descent; ``costs`` the cost of backprop;
``optimisation`` optimisers' paths and losses, running averages and learning rates; ``units`` the
hidden units' response maps; ``digits`` chapter 08's digits, weights as images, the confusion matrix
and mistakes.
Everything a notebook uses is re-exported here, so ``plots.decision_boundary`` keeps working.
"""
from __future__ import annotations

from .boundaries import (DecisionBoundary, collapsed_line, decision_boundary, diverged_note, hidden_space,
                         weight_scale)
from .costs import PassCosts, layer_costs, pass_costs
from .curves import LossByUpdates, LossCurves, capacity_curve, loss_by_updates, loss_curves
from .diagram import NetworkDiagram, logistic_graph, network_diagram
from .digits import (WEIGHT_CMAP, confusion_matrix, digit_grid, digit_image, digit_mosaic, grey_levels,
                     image_and_vector, misclassified_digits, mistakes_mosaic, probability_bars, weight_images)
from .drawing import Drawing, message
from .fits import LineFit, function_fit, hidden_contributions, line_fit, polynomial_curve
from .gradients import activation_panel, gradient_norms, gradient_norms_by_layer, short_number
from .landscapes import Descent1D, PositionsOverSteps, descent_1d, loss_surface, positions_over_steps
from .optimisation import (OPTIMISER_STYLE, LearningRates, LossByStep, OptimiserPaths, learning_rates,
                           loss_by_step, optimiser_paths, running_average)
from .penalties import penalty_shapes, weight_histograms
from .perceptron import MistakesPerEpoch, mistakes_per_epoch, neuron_cut, perceptron_frames, perceptron_replay
from .styling import (CLASS_COLORS, CLASS_MARKERS, OKABE_ITO, PALETTE, PROB_CMAP, SIGN_COLORS, STYLE,
                      SURFACE_CMAP, ZERO_COLOR, fixed_figure, freeze_layout, style, subplots)
from .ticks import lean
from .units import UnitMaps, first_layer_maps, unit_maps

__all__ = ["unit_maps", "UnitMaps", "first_layer_maps", "OKABE_ITO", "PALETTE", "CLASS_COLORS", "CLASS_MARKERS", "SIGN_COLORS", "ZERO_COLOR", "PROB_CMAP",
           "SURFACE_CMAP", "STYLE", "style", "subplots", "freeze_layout", "decision_boundary", "loss_curves",
           "network_diagram", "perceptron_replay", "activation_panel", "gradient_norms", "loss_surface",
           "hidden_space", "logistic_graph", "gradient_norms_by_layer", "neuron_cut", "perceptron_frames",
           "function_fit", "hidden_contributions", "pass_costs", "layer_costs", "descent_1d",
           "positions_over_steps", "polynomial_curve", "capacity_curve", "weight_histograms", "weight_scale",
           "penalty_shapes", "short_number", "Drawing", "DecisionBoundary", "LossCurves", "NetworkDiagram",
           "PassCosts", "Descent1D", "PositionsOverSteps", "mistakes_per_epoch", "MistakesPerEpoch",
           "collapsed_line", "diverged_note", "line_fit", "LineFit", "loss_by_updates", "LossByUpdates",
           "message", "fixed_figure", "lean", "OPTIMISER_STYLE", "optimiser_paths", "OptimiserPaths",
           "loss_by_step", "LossByStep", "running_average", "learning_rates", "LearningRates",
           "WEIGHT_CMAP", "digit_mosaic", "digit_grid", "grey_levels", "image_and_vector",
           "weight_images", "confusion_matrix", "probability_bars", "digit_image", "misclassified_digits",
           "mistakes_mosaic"]
