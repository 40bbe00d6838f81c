"""coursekit.widgets as a package: the names notebooks use, each module's __all__, no private reach."""
import ast
import importlib
import pathlib
import pkgutil

import pytest

import coursekit.widgets as widgets

MODULES = sorted(m.name for m in pkgutil.iter_modules(widgets.__path__))


def public_definitions(module):
    """Names a module defines itself (def, class, assignment) that do not start with _."""
    tree = ast.parse(pathlib.Path(module.__file__).read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names.update(t.id for t in ast.walk(target) if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("name", MODULES)
def test_each_modules_all_is_its_public_definitions(name):
    module = importlib.import_module(f"coursekit.widgets.{name}")
    assert sorted(module.__all__) == sorted(public_definitions(module))


@pytest.mark.parametrize("name", MODULES)
def test_no_module_imports_another_modules_private_names(name):
    source = pathlib.Path(importlib.import_module(f"coursekit.widgets.{name}").__file__).read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module not in (None, "__future__"):
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private or node.module == "_validation" and node.level == 2, (node.module, private)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr.startswith("_") \
                and not node.attr.startswith("__") and node.value.id in MODULES + ["plots", "widgets", "render"]:
            raise AssertionError(f"{name} reaches into {node.value.id}.{node.attr}")


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
