"""coursekit.experiments as a package: numpy only, every public name re-exported, each module's
``__all__`` its public definitions, and no module reaching into another's private names."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import experiments as ex

PACKAGE = Path(ex.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")

#: What widgets, checks, notebooks and tests call as ``experiments.X`` (the single module's
#: public names before it became a package); each must keep working.
CONTRACT = """
    DATASETS dataset fit_quietly layer_sizes PerceptronRun starting_line perceptron_run
    TrainingRun train_classifier BatchComparison batch_comparison BatchComparisons
    GradientFlow gradient_flow dead_units layer_outputs LinearRun line_data linear_run
    logistic_depth_run TARGETS TARGET_FORMULAS spread_params ApproximationRun approximate_function
    regularisation_run collapse_linear LinearStackRun linear_stack_run BackpropCost backprop_cost
    check_backward bumpy_loss bumpy_loss_slope BUMPY_MINIMA BUMPY_RANGE ESCAPE_METHODS EscapeRun
    escape_local_minimum polynomial_target polynomial_data PolynomialRun polynomial_run
    early_stopping_point inverted_dropout penalty_comparison near_zero_weights
""".split()


def _tree(module):
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def _public_definitions(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return {n for n in names if not n.startswith("_")}


def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module", ["coursekit.experiments"] + [f"coursekit.experiments.{m}" for m in MODULES])
def test_imports_alone_without_matplotlib(module):
    """Each module imports by itself in a fresh interpreter (no import cycle) and never loads
    matplotlib: the experiments are numpy only."""
    done = _run(f"import sys, {module}; print('matplotlib' in sys.modules)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@pytest.mark.slow
def test_the_figures_still_load_on_demand():
    """With plots loaded lazily, ``coursekit.plots`` and ``from coursekit import plots`` still work."""
    done = _run("import sys, coursekit; assert 'matplotlib' not in sys.modules; "
                "print(coursekit.plots.STYLE is __import__('coursekit.plots').plots.STYLE); "
                "from coursekit import plots; print(plots is coursekit.plots)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
    assert _run("import coursekit; coursekit.no_such_thing").stderr.rstrip().endswith(
        "AttributeError: module 'coursekit' has no attribute 'no_such_thing'")


def test_every_name_of_the_contract_is_reexported():
    missing = [n for n in CONTRACT if not hasattr(ex, n)]
    assert not missing
    assert set(CONTRACT) <= set(ex.__all__)


@pytest.mark.parametrize("module", MODULES)
def test_all_lists_exactly_the_public_definitions(module):
    mod = getattr(ex, module)
    assert sorted(mod.__all__) == sorted(_public_definitions(_tree(module)))
    assert len(mod.__all__) == len(set(mod.__all__))


def test_the_package_reexports_every_module_once():
    owners = {}
    for module in MODULES:
        for name in getattr(ex, module).__all__:
            assert name not in owners, f"{name} defined in {owners.get(name)} and {module}"
            owners[name] = module
            assert getattr(ex, name) is getattr(getattr(ex, module), name)
    # Besides those, __all__ lists the topic modules themselves and the alias experiments.MLP.
    assert sorted(ex.__all__) == sorted([*owners, *MODULES, "MLP"])


@pytest.mark.parametrize("module", MODULES)
def test_no_module_uses_another_modules_private_names(module):
    """No ``from .x import _y``, and no ``x._y`` on anything imported (a module, a class)."""
    tree = _tree(module)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert not [a.name for a in node.names if a.name.startswith("_")], ast.unparse(node)
            imported |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
    private = [ast.unparse(n) for n in ast.walk(tree)
               if isinstance(n, ast.Attribute) and n.attr.startswith("_") and not n.attr.startswith("__")
               and isinstance(n.value, ast.Name) and n.value.id in imported]
    assert not private


@pytest.mark.parametrize("module", ["__init__"] + MODULES)
def test_no_module_is_a_catalogue(module):
    assert len((PACKAGE / f"{module}.py").read_text(encoding="utf-8").splitlines()) <= 250
