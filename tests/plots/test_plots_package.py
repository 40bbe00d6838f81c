"""coursekit.plots as a package: the names notebooks use, each module's __all__, no private reach."""
import ast
import importlib
import pathlib
import pkgutil

import pytest

import coursekit.plots as plots

MODULES = sorted(m.name for m in pkgutil.iter_modules(plots.__path__))


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
    module = importlib.import_module(f"coursekit.plots.{name}")
    assert sorted(module.__all__) == sorted(public_definitions(module))


@pytest.mark.parametrize("name", MODULES)
def test_no_module_imports_another_modules_private_names(name):
    source = pathlib.Path(importlib.import_module(f"coursekit.plots.{name}").__file__).read_text()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module not in (None, "__future__"):
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private or node.module == "_validation" and node.level == 2, (node.module, private)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr.startswith("_") \
                and not node.attr.startswith("__") and node.value.id in MODULES + ["plots", "widgets"]:
            raise AssertionError(f"{name} reaches into {node.value.id}.{node.attr}")


def test_every_name_the_notebooks_use_is_there():
    for name in ["decision_boundary", "loss_curves", "network_diagram", "subplots", "gradient_norms_by_layer",
                 "function_fit", "activation_panel", "gradient_norms", "pass_costs", "perceptron_replay",
                 "logistic_graph", "hidden_space", "loss_surface", "descent_1d", "PALETTE", "neuron_cut",
                 "OKABE_ITO", "positions_over_steps", "polynomial_curve", "perceptron_frames",
                 "hidden_contributions", "capacity_curve", "CLASS_COLORS", "weight_scale", "weight_histograms",
                 "layer_costs", "STYLE", "style", "penalty_shapes", "SIGN_COLORS", "ZERO_COLOR", "PROB_CMAP",
                 "short_number", "freeze_layout"]:
        assert hasattr(plots, name), name
    assert set(plots.__all__) <= set(dir(plots))
