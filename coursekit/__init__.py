"""coursekit: the tested helpers behind the neural-network fundamentals course.

The notebooks import from here; see the README for the map of modules.
"""
from . import activations, data, gradcheck, losses, metrics, regression
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .network import MLP, DivergenceWarning, History
from .perceptron import Perceptron

__version__ = "0.1.0"


def notebook_setup():
    """What every chapter's setup cell calls: inline figures, reproducible printing and the
    course's plot style.

    In a Jupyter kernel it selects the inline backend, so figures appear whatever
    ``MPLBACKEND`` says (servers and containers often set ``Agg``, under which
    ``plt.show()`` draws nothing). Fixed print options keep stored outputs
    identical from run to run (nbval compares them), and numpy 2's legacy
    printing shows scalars as ``0.5`` rather than ``np.float64(0.5)``, the same
    on numpy 1 and 2.
    """
    import matplotlib
    import numpy as np

    from . import plots

    _inline_figures()

    if int(np.__version__.split(".")[0]) >= 2:
        np.set_printoptions(precision=4, suppress=True, legacy="1.25")
    else:
        np.set_printoptions(precision=4, suppress=True)
    matplotlib.rcParams.update(plots.STYLE)



# Stored chapter figures are drawn at this many pixels per inch: text stays crisp (an 11 pt label
# is 12 px high) at about two thirds of the bytes of 100 dpi, which keeps the stored notebooks
# light. A reader can zoom; a re-run in JupyterLab draws at the same size.
NOTEBOOK_DPI = 80


def _inline_figures():
    """``%matplotlib inline`` at NOTEBOOK_DPI in a Jupyter kernel; nothing in a plain script."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        # Set before the magic: activating the backend is what reads these options.
        shell.run_line_magic("config", f"InlineBackend.print_figure_kwargs = "
                                       f"{{'bbox_inches': 'tight', 'dpi': {NOTEBOOK_DPI}}}")
        shell.run_line_magic("matplotlib", "inline")


def __getattr__(name):
    # The figures import matplotlib, so they load on first use (``coursekit.plots``, or
    # ``from coursekit import plots``): the numpy-only layers, such as coursekit.experiments,
    # then import without it.
    if name == "plots":
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MLP", "History", "DivergenceWarning", "Perceptron",
    "activations", "losses", "data", "gradcheck", "metrics", "regression",
    "gradient_check", "numerical_gradient", "relative_error", "notebook_setup", "NOTEBOOK_DPI",
]
