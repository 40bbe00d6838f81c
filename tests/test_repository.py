"""The repository's own promises: pyproject.toml and environment.yml agree, CI calls
the README's test command, and the README's two commands exist; the package's public surface
is explicit (``__all__``) and nobody uses another module's private names; every test asserts."""
import ast
import importlib
import importlib.util
import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_packages = {_name(r) for r in project["dependencies"]}
    text = (ROOT / "environment.yml").read_text()
    section = text.split("dependencies:", 1)[1]
    # Top-level entries of the dependencies list only (the pip sub-list is indented deeper).
    conda_packages = {_name(item) for item in re.findall(r"^  - ([A-Za-z0-9_.-]+)", section, re.M)}
    conda_packages -= {"python", "pip"}
    assert pip_packages == conda_packages
    assert "-e ." in (ROOT / "environment.yml").read_text()  # conda installs coursekit itself too


def _floors(requirements) -> dict:
    """Package name -> the release after `>=` (every requirement here states a floor)."""
    return {_name(r): re.search(r">=\s*([0-9][0-9.]*)", r).group(1) for r in requirements}


def _same_release(a: str, b: str) -> bool:
    """'3.8' and '3.8.0' name the same release."""
    pad = lambda v: [int(p) for p in v.split(".")] + [0] * (4 - v.count("."))
    return pad(a) == pad(b)


def test_environment_yml_has_the_same_floors_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    section = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    conda = _floors(r for r in re.findall(r"^  - (\S+>=\S+)", section, re.M) if _name(r) != "python")
    assert conda == _floors(project["dependencies"])


def test_oldest_constraints_pin_every_floor():
    """`make test-oldest` tests what pyproject.toml promises only while each pin in
    .ci/oldest-constraints.txt is the floor itself (`==floor`, or `==floor.*` for the floor's
    latest patch release)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    floors = _floors(project["dependencies"] + project["optional-dependencies"]["test"])
    text = (ROOT / ".ci" / "oldest-constraints.txt").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M))
    assert set(pins) == set(floors)
    for name, floor in floors.items():
        pin = pins[name]
        assert pin == f"{floor}.*" or _same_release(pin, floor), f"{name}: pinned {pin}, floor {floor}"


def test_python_floor_is_310():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"
    assert "python>=3.10" in (ROOT / "environment.yml").read_text()


def test_ci_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\b", script, re.M)


def test_readme_gives_the_two_commands_and_make_has_them():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    for target in ("lab", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)


def test_notebooks_are_validated_strictly():
    makefile = (ROOT / "Makefile").read_text()
    assert "--nbval " in makefile and "nbval-lax" not in makefile
    assert (ROOT / "tests" / "nbval_sanitize.cfg").exists()


def test_every_relative_link_in_the_docs_resolves():
    """README.md and docs/*.md link to files (chapters, the screenshot, other pages, anchors
    aside): each must exist, so a rename cannot leave the front page pointing at nothing."""
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)   # code shows links, it does not make them
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue                                   # a web address or an anchor on the page
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, broken
    assert (ROOT / "docs" / "jupyterlab.png").stat().st_size > 20_000   # the front page's picture


# ------------------------------------------------------------------ the public surface
PACKAGE = ROOT / "coursekit"
TESTS = ROOT / "tests"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


#: Every module of the package (``__main__.py`` is a script, not a module anyone imports).
MODULES = sorted(_module_name(p) for p in PACKAGE.rglob("*.py") if p.name != "__main__.py")


def _top_level(body):
    """The statements that run at import, also inside top-level if / try / with blocks."""
    for node in body:
        yield node
        for block in ("body", "orelse", "finalbody"):
            if isinstance(node, (ast.If, ast.Try, ast.With)):
                yield from _top_level(getattr(node, block, []))
        if isinstance(node, ast.Try):
            for handler in node.handlers:
                yield from _top_level(handler.body)


def _bound_by_target(target):
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(_bound_by_target(t) for t in target.elts))
    return set()


def _public_definitions(module: str) -> set:
    """The names ``module``'s ``__all__`` must list, exactly.

    A definition is a name bound by a statement that runs at import (at the top level, or
    in a top-level if / try / with block): a ``def``, a ``class``, an assignment (``=`` or
    annotated with a value). It is public when it does not start with ``_``.

    In a package's ``__init__.py`` imports are definitions too, since re-exporting is what
    an ``__init__`` is for: ``from .x import a`` defines ``a``, ``from . import x`` defines
    ``x``, ``import a.b`` defines ``a``, and ``from .x import *`` defines every name of
    ``x.__all__``; ``from __future__ import ...`` defines nothing. In any other module an
    import only brings in what the module uses (or keeps an older import path working), and
    the name is listed by the module that defines it.
    """
    path = PACKAGE.parent / Path(*module.split("."))
    is_package = path.is_dir()
    tree = ast.parse((path / "__init__.py" if is_package else path.with_suffix(".py")).read_text(encoding="utf-8"))
    names = set()
    for node in _top_level(tree.body):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= set().union(*(_bound_by_target(t) for t in node.targets))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            names |= _bound_by_target(node.target)
        elif is_package and isinstance(node, ast.Import):
            names |= {alias.asname or alias.name.split(".")[0] for alias in node.names}
        elif is_package and isinstance(node, ast.ImportFrom) and node.module != "__future__":
            for alias in node.names:
                if alias.name == "*":
                    source = importlib.util.resolve_name("." * node.level + (node.module or ""), module)
                    names |= set(importlib.import_module(source).__all__)
                else:
                    names.add(alias.asname or alias.name)
    return {n for n in names if not n.startswith("_")}


@pytest.mark.parametrize("module", MODULES)
def test_all_lists_exactly_the_public_definitions(module):
    mod = importlib.import_module(module)
    assert hasattr(mod, "__all__"), f"{module} has no __all__"
    assert len(mod.__all__) == len(set(mod.__all__)), f"{module}.__all__ lists a name twice"
    listed, defined = set(mod.__all__), _public_definitions(module)
    assert listed == defined, (f"{module}: in __all__ but not defined: {sorted(listed - defined)}; "
                               f"defined but not in __all__: {sorted(defined - listed)}")


def test_the_surface_rule_sees_the_definitions():
    """The rule itself: a def, a class, a constant, a package's re-export, a star import."""
    assert {"MLP", "INITS"} <= _public_definitions("coursekit.network")
    assert "History" not in _public_definitions("coursekit.network")      # an import, listed in training
    assert {"MLP", "activations", "gradient_check"} <= _public_definitions("coursekit")
    assert "dataset" in _public_definitions("coursekit.experiments")      # through from .common import *


# ------------------------------------------------------------------ private names stay private
#: Where the code is: every Python file of the package and of the tests.
SOURCES = sorted(p for folder in (PACKAGE, TESTS) for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
#: The classes whose private attributes no other module may touch, even on an instance.
GUARDED = {"coursekit/network.py": "MLP", "coursekit/perceptron.py": "Perceptron"}
#: Calls that reach an attribute by a name given as a string.
BY_NAME = {"getattr", "setattr", "hasattr", "delattr"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _class_privates(path: Path, cls: str) -> set:
    """The private methods of ``cls`` and the private attributes it sets on ``self``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    names = {n.name for n in body.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    names |= {n.attr for n in ast.walk(body) if isinstance(n, ast.Attribute) and isinstance(n.ctx, ast.Store)
              and isinstance(n.value, ast.Name) and n.value.id == "self"}
    return {n for n in names if _private(n)}


GUARDED_NAMES = {name for path, cls in GUARDED.items() for name in _class_privates(ROOT / path, cls)}


# The standard library's own public functions whose names start with "_" (documented, and the only
# way to do what they do): the grader's child process must end without running exit handlers.
DOCUMENTED_UNDERSCORE_API = {("os", "_exit")}
# matplotlib internals used on purpose: the widgets' fast renderer and lean ticks probe for each
# at import and fall back to public matplotlib when one is missing (coursekit/widgets/render.py,
# coursekit/plots/ticks.py); their tests force that fallback or read the state it depends on.
MATPLOTLIB_INTERNALS = {"_nbins", "_find_fonts_by_props", "_get_font_height_metrics", "_renderer", "_loc"}


def _private_uses(path: Path, rel: str) -> list:
    """Each place where ``path`` (``rel`` to the repository) uses a private name that another module owns.

    * ``from anything import _name``: the name is private to where it comes from.
    * ``x._name`` where ``x`` was imported (a module, a class, a function).
    * ``obj._name`` (or ``getattr(obj, "_name")``, ``monkeypatch.setattr(obj, "_name", ...)``)
      when no statement in this file defines ``_name``: a ``def``, a ``class``, an assignment
      to the name, or an assignment to ``something._name`` (a module may tag objects with
      private attributes of its own, such as plots marking an Axes it drew).
    * ``obj._name`` where ``_name`` is one of MLP's or Perceptron's private attributes,
      outside network.py / perceptron.py, unless ``obj`` is ``self`` or ``cls``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported, owned, found = set(), set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found += [f"from {node.module or '.'} import {a.name}" for a in node.names if _private(a.name)]
            imported |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            imported |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            owned.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            owned.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            owned.add(node.attr)
    guarded = set() if rel in GUARDED else GUARDED_NAMES
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value.id if isinstance(node.value, ast.Name) else None
            if (owner, node.attr) in DOCUMENTED_UNDERSCORE_API or node.attr in MATPLOTLIB_INTERNALS:
                continue
            if owner in imported or node.attr not in owned or (
                    node.attr in guarded and owner not in ("self", "cls")):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            name = node.args[1].value
            if name in MATPLOTLIB_INTERNALS:
                continue
            if called in BY_NAME and isinstance(name, str) and _private(name) and (
                    name not in owned or name in guarded):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_uses_another_modules_private_names(path):
    """Shared helpers are public; nobody reaches into another module's ``_private`` names."""
    assert not _private_uses(path, path.relative_to(ROOT).as_posix())


def test_the_private_rule_sees_a_reach_inside(tmp_path):
    """Planted: a private import, a private method of MLP, a module's private function, a
    private attribute of MLP by name, and a private name this file defines (allowed)."""
    planted = tmp_path / "planted.py"
    planted.write_text("import coursekit\nfrom coursekit.network import _check_layer_sizes\n"
                       "net = coursekit.MLP([2, 1])\nnet._forward(None)\ncoursekit._inline_figures()\n"
                       "getattr(net, '_cache')\nclass Own:\n    def _mine(self):\n        return 1\n"
                       "Own()._mine()\n")
    uses = _private_uses(planted, "planted.py")
    assert sorted(u.split(":")[0] for u in uses) == [
        "from coursekit.network import _check_layer_sizes", "line 4", "line 5", "line 6"], uses


# ------------------------------------------------------------------ no test without an assertion
#: Helpers of the shared harnesses that assert on their caller's behalf (each is checked below).
ASSERTING_HELPERS = {
    "checks_harness.py": {"assert_passes", "assert_refused", "assert_student_stub_propagates",
                          "assert_enough_wrong_answers"},
    "widget_harness.py": {"drive_every_position", "assert_no_figures_left_open"},
}
#: ``pytest.<name>(...)`` calls that make a test fail on a wrong outcome.
PYTEST_CHECKS = {"raises", "warns", "fail", "deprecated_call"}


def _called_name(call: ast.Call):
    return call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", None)


def _checks_directly(node) -> bool:
    """An ``assert``, ``pytest.raises`` / ``warns`` / ``fail``, or a ``*.assert_*(...)`` call
    (numpy.testing's ``assert_allclose`` and friends) anywhere in ``node``."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Assert):
            return True
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute):
            owner = inner.func.value
            if isinstance(owner, ast.Name) and owner.id == "pytest" and inner.func.attr in PYTEST_CHECKS:
                return True
            if inner.func.attr.startswith("assert_"):
                return True
    return False


def _asserting_functions(tree, helpers=frozenset()) -> set:
    """Names of the functions in ``tree`` that check something: directly, or by calling one of
    ``helpers`` or another function of the same file that does (followed to a fixed point)."""
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    asserting = {name for name, node in functions.items() if _checks_directly(node)} | set(helpers)
    while True:
        more = {name for name, node in functions.items() if name not in asserting and any(
            isinstance(c, ast.Call) and _called_name(c) in asserting for c in ast.walk(node))}
        if not more:
            return asserting
        asserting |= more


TEST_FILES = sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def _tests_without_a_check(path: Path) -> list:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    helpers = set().union(*ASSERTING_HELPERS.values())
    asserting = _asserting_functions(tree, helpers)
    return [f"line {n.lineno}: {n.name}" for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("test_")
            and n.name not in asserting]


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_test_checks_something(path):
    """No test without an assertion: each ``test_*`` function asserts, expects an exception or
    warning through pytest, calls numpy.testing's ``assert_*``, or calls a helper that does
    (one of ``ASSERTING_HELPERS``, or a function of its own file that checks something)."""
    assert not _tests_without_a_check(path)


@pytest.mark.parametrize("harness", sorted(ASSERTING_HELPERS))
def test_the_listed_harness_helpers_really_assert(harness):
    [path] = TESTS.rglob(harness)                 # wherever the harness lives under tests/
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ASSERTING_HELPERS[harness] <= _asserting_functions(tree)


def test_the_assertion_rule_sees_a_test_that_checks_nothing(tmp_path):
    planted = tmp_path / "test_planted.py"
    planted.write_text("import pytest\nimport numpy as np\n"
                       "def _helper(x):\n    assert x\n"
                       "def test_asserts():\n    assert 1\n"
                       "def test_by_helper():\n    _helper(1)\n"
                       "def test_raises():\n    with pytest.raises(ValueError):\n        int('x')\n"
                       "def test_numpy():\n    np.testing.assert_allclose(1, 1)\n"
                       "def test_harness():\n    assert_passes(None, (), None)\n"
                       "def test_nothing():\n    x = 1 + 1\n"
                       "def test_compares_but_drops_it():\n    1 == 2\n")
    assert _tests_without_a_check(planted) == ["line 16: test_nothing", "line 18: test_compares_but_drops_it"]
