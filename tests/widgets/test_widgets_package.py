"""coursekit.widgets as a package: the names the notebooks use are there, and no explorer draws itself."""
import ast
import importlib
import pathlib
import pkgutil


import coursekit.widgets as widgets

MODULES = sorted(m.name for m in pkgutil.iter_modules(widgets.__path__))


# Each module's __all__ and the rule against private names are checked for every coursekit module
# in tests/test_repository.py.


def test_every_name_the_notebooks_use_is_there():
    for name in ["training_explorer", "regression_explorer", "gradient_flow_explorer", "linear_stack_explorer",
                 "regularisation_explorer", "polynomial_explorer", "perceptron_explorer", "local_minimum_explorer",
                 "batch_size_explorer", "backprop_cost_explorer", "approximation_explorer", "Explorer",
                 "render_png", "new_figure", "log_slider", "int_slider", "float_slider", "dropdown"]:
        assert hasattr(widgets, name), name
    assert set(widgets.__all__) <= set(dir(widgets))


def _is_axes_or_figure(node):
    """``ax``, ``axes[i]``, ``fig``, ``figure`` (and their ``.xaxis`` / ``.yaxis``)."""
    if isinstance(node, ast.Attribute) and node.attr in ("xaxis", "yaxis"):
        node = node.value
    if isinstance(node, ast.Subscript):
        node = node.value
    return isinstance(node, ast.Name) and node.id in ("ax", "axes", "fig", "figure")


def test_the_explorers_draw_nothing_themselves():
    """Wiring only: no drawing call on an axes or figure in the widgets package (they go through plots)."""
    drawing = {"plot", "scatter", "bar", "text", "axvline", "axhline", "legend", "imshow", "contour",
               "annotate", "add_patch", "add_collection", "set_xlabel", "set_ylabel", "set_title", "set_xlim",
               "set_ylim", "set_xscale", "set_yscale", "clear", "set_axis_off", "set_axis_on", "fill_between"}
    for name in MODULES:
        source = pathlib.Path(importlib.import_module(f"coursekit.widgets.{name}").__file__).read_text()
        calls = {node.func.attr for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                 and _is_axes_or_figure(node.func.value)}
        assert not calls & drawing, (name, sorted(calls & drawing))
