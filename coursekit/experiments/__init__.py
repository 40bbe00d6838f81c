"""The computations behind the course's explorers, as plain tested functions.

A widget in ``coursekit.widgets`` only wires sliders to one of these; a
notebook can call the same function directly to make a static figure. Each
returns a small result object holding everything a figure needs.

The package imports numpy and the models only, never matplotlib, and is split
by topic; every public name is re-exported here, so ``experiments.X`` is all a
caller needs:

=======================  ==============================================================
``common``               the explorers' datasets, training without warnings, layer sizes
``perceptron``           the perceptron rule on a logic gate, replayable (chapter 01)
``linear_stack``         stacked linear layers collapse into one (chapter 01)
``approximation``        universal approximation in 1-D (chapter 02)
``plateau``              training on past a plateau: the loss creeps, the weights grow (chapter 02)
``training``             training a classifier; full batch against mini-batches
``depth_width``          deep and narrow against shallow and wide, equal parameters (chapter 02)
``gradient_descent``     a line by descent, logistic depth (chapter 03); local minima (04)
``backprop``             what backprop costs; checking a hand-written backward pass (04)
``vanishing_gradients``  gradient norms by layer, dead units, layer outputs (chapter 05)
``deep_tricks``          batch normalisation and residual connections, measured (chapter 05)
``generalisation``       polynomials: under- and overfitting; the penalty by k-fold CV (chapter 06)
``regularisation``       early stopping, dropout, L2 and L1, augmentation by jitter (chapter 06)
``optimisation``         optimisers on 2-D surfaces, stability limits, running averages, schedules (07)
``optimiser_tuning``     optimisers on a network: tuned over seeds, judged on test data (chapter 07)
``digits``               real data: the handwritten digits, softmax, habits of practice (08)
=======================  ==============================================================
"""
from . import (approximation, backprop, common, deep_tricks, depth_width, digits, features, generalisation,
               gradient_descent, linear_stack, optimisation, optimiser_tuning, perceptron, plateau,
               regularisation, training, vanishing_gradients)
from .approximation import *  # noqa: F401,F403
from .backprop import *  # noqa: F401,F403
from .common import *  # noqa: F401,F403
from .deep_tricks import *  # noqa: F401,F403
from .depth_width import *  # noqa: F401,F403
from .digits import *  # noqa: F401,F403
from .features import *  # noqa: F401,F403
from .generalisation import *  # noqa: F401,F403
from .gradient_descent import *  # noqa: F401,F403
from .linear_stack import *  # noqa: F401,F403
from .optimisation import *  # noqa: F401,F403
from .optimiser_tuning import *  # noqa: F401,F403
from .perceptron import *  # noqa: F401,F403
from .plateau import *  # noqa: F401,F403
from .regularisation import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from .vanishing_gradients import *  # noqa: F401,F403

# Before the split ``experiments.MLP`` resolved (tests/test_widgets.py builds a network with it).
from ..network import MLP  # noqa: E402,F401

__all__ = [name for module in (common, perceptron, linear_stack, approximation, plateau, features, training,
                               depth_width, gradient_descent, backprop, vanishing_gradients, deep_tricks,
                               generalisation, regularisation, optimisation, optimiser_tuning, digits)
           for name in module.__all__]
# The topic modules and the old alias are names of the package too.
__all__ += ["approximation", "backprop", "common", "deep_tricks", "depth_width", "digits", "features", "generalisation",
            "gradient_descent", "linear_stack", "optimisation", "optimiser_tuning", "perceptron", "plateau",
            "regularisation", "training", "vanishing_gradients", "MLP"]
