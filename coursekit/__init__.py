"""coursekit: the tested helpers behind the neural-network fundamentals course.

The notebooks import from here; see the README for the map of modules.
"""
from . import activations, data, gradcheck, losses, regression
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .network import MLP, DivergenceWarning, History
from .perceptron import Perceptron
from . import plots  # the course figures (imports matplotlib; no rcParams changed)

__version__ = "0.1.0"

__all__ = [
    "MLP", "History", "DivergenceWarning", "Perceptron",
    "activations", "losses", "data", "gradcheck", "regression",
    "gradient_check", "numerical_gradient", "relative_error",
]
