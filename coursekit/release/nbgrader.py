"""The chapters as an nbgrader course: the instructor notebooks with nbgrader's cell metadata.

nbgrader reads the same solution markers as the course, but it grades by cell metadata: an
*autograded answer* cell holds the solution, an *autograder tests* cell is worth points and
passes when it raises nothing. :func:`nbgrader_source` marks a chapter that way: each cell with
a solution region becomes an answer cell, and the check cell after it a test cell worth the
exercise's points (``coursekit.grade.exercises.POINTS``), since a check raises exactly when the
answer is wrong. A check that draws random cases also gets a hidden test, the same call with a
seed: nbgrader removes it from the students' copy and puts it back when it grades, so an answer
that hard-codes the visible cases fails there too, as with ``python -m coursekit.grade``.

:func:`make_nbgrader_course` writes a course folder as nbgrader expects it::

    nbgrader_config.py                        the settings below
    source/03_logistic_regression/03_logistic_regression.ipynb
    source/...                                one assignment per chapter

The one setting: nbgrader has no ``instructor`` tag, so nbconvert's ``TagRemovePreprocessor``
drops those cells when the students' copy is generated.
"""
from __future__ import annotations

import ast
import copy
import inspect
import random
from pathlib import Path

import nbformat

from ..grade.exercises import check_call, neutralise_magics, points_for
from .notebooks import chapter_paths
from .student import BEGIN_SOLUTION, INSTRUCTOR_TAG

__all__ = [
    "BEGIN_HIDDEN_TESTS", "CONFIG", "END_HIDDEN_TESTS", "SCHEMA_VERSION", "make_nbgrader_course",
    "nbgrader_source",
]

SCHEMA_VERSION = 3
BEGIN_HIDDEN_TESTS = "### BEGIN HIDDEN TESTS"
END_HIDDEN_TESTS = "### END HIDDEN TESTS"
CONFIG = f'''\
# nbgrader settings for the course's chapters (written by python -m coursekit.release nbgrader).
from nbconvert.preprocessors import TagRemovePreprocessor
from nbgrader.converters import GenerateAssignment

c = get_config()
# Cells tagged "{INSTRUCTOR_TAG}" are for the teacher: the students' copy leaves them out.
c.TagRemovePreprocessor.remove_cell_tags = ["{INSTRUCTOR_TAG}"]
c.TagRemovePreprocessor.enabled = True
c.GenerateAssignment.preprocessors = [TagRemovePreprocessor] + GenerateAssignment.preprocessors.default()
'''


def _check(source: str):
    """The ``checks.<name>(...)`` call of a check cell, or None."""
    try:
        tree = ast.parse(neutralise_magics(source))
    except SyntaxError:
        return None
    return next((call for call in map(check_call, tree.body) if call is not None), None)


def _cell_metadata(grade_id: str, *, solution: bool, points=None) -> dict:
    meta = {"schema_version": SCHEMA_VERSION, "grade": points is not None, "locked": not solution,
            "solution": solution, "grade_id": grade_id}
    if points is not None:
        meta["points"] = points
    return meta


def _hidden_test(call: ast.Call, seed: int) -> str:
    seeded = copy.deepcopy(call)
    seeded.keywords = [k for k in seeded.keywords if k.arg != "seed"] + [ast.keyword("seed", ast.Constant(seed))]
    return f"{BEGIN_HIDDEN_TESTS}\n{ast.unparse(seeded)}\n{END_HIDDEN_TESTS}"


def nbgrader_source(notebook, seed: int | None = None):
    """A copy of an instructor ``notebook`` (nbformat 4) with nbgrader's metadata.

    Every code cell holding a solution region is an autograded answer (grade id
    ``<check>-answer``); the check cell after it is an autograder test (grade id ``<check>``)
    worth ``points_for(<check>)``, read-only. A markdown cell holding one (a written answer) is
    an answer graded by hand (grade id ``answer-<n>``), worth 0 points. Each check that draws
    random cases gets a hidden test with a seed drawn from ``seed``.
    """
    from .. import checks                    # here: only making a course needs the checks (and numpy)
    nb = copy.deepcopy(notebook)
    rng = random.Random(seed)
    pending = None                           # the answer cell waiting for its check
    for n, cell in enumerate(nb.cells):
        if BEGIN_SOLUTION in cell.source and INSTRUCTOR_TAG not in cell.metadata.get("tags", []):
            # A written answer (markdown) has no check: nbgrader wants it graded by hand, and
            # it is worth 0 points, as in the course's own grader, until you give it some.
            written = cell.cell_type == "markdown"
            cell.metadata["nbgrader"] = _cell_metadata(f"answer-{n}", solution=True, points=0 if written else None)
            pending = None if written else cell
            continue
        call = _check(cell.source) if cell.cell_type == "code" else None
        if call is None:
            continue
        name = call.func.attr
        cell.metadata["nbgrader"] = _cell_metadata(name, solution=False, points=points_for(name))
        check = getattr(checks, name, None)
        if check is not None and "seed" in inspect.signature(check).parameters:
            cell.source = cell.source.rstrip("\n") + "\n" + _hidden_test(call, rng.randrange(2**31))
        if pending is not None:
            pending.metadata["nbgrader"]["grade_id"] = f"{name}-answer"
            pending = None
    return nb


def make_nbgrader_course(src, out, seed: int | None = None) -> list[Path]:
    """Write ``out/source/<chapter>/<chapter>.ipynb`` for every chapter in ``src``, and
    ``out/nbgrader_config.py`` unless one is there (yours is kept). Returns what was written."""
    out = Path(out)
    rng = random.Random(seed)
    written = []
    for path in chapter_paths(src):
        notebook = nbformat.read(path, as_version=4)
        target = out / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbgrader_source(notebook, rng.randrange(2**31)), target)
        written.append(target)
    config = out / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG, encoding="utf-8")
        written.append(config)
    return written
