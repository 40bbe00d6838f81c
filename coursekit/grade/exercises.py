"""Which exercises a chapter has, and how each is checked: read off the instructor notebook.

Each exercise is followed by a check cell whose statement is ``checks.<name>(<args>)``; the
arguments are expressions over the names the exercise defines (``checks.sigmoid(sigmoid)``,
``checks.xor_by_hand(*xor_weights())``). The grader evaluates those same expressions in the
student's process, so the instructor notebook is the one definition of what is graded, and
the student's own check cells (edited, deleted or not) play no part.

Points per exercise are set here, in :data:`POINTS`, and nowhere else.
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CHAPTER_FILE", "Chapter", "DEFAULT_POINTS", "Exercise", "POINTS", "check_call", "code_cells",
    "course_chapters", "default_instructor_folder", "neutralise_magics", "points_for",
    "read_chapter",
]

#: Points for an exercise, by check name; any exercise not listed is worth DEFAULT_POINTS.
DEFAULT_POINTS = 1
POINTS: dict[str, float] = {}

CHAPTER_FILE = re.compile(r"^\d\d_\w+\.ipynb$")


def points_for(name: str) -> float:
    """The points the exercise checked by ``checks.<name>`` is worth."""
    return POINTS.get(name, DEFAULT_POINTS)


@dataclass(frozen=True)
class Exercise:
    """One exercise: ``name`` is its check's, ``args`` its arguments as ``(source, starred)``."""
    name: str
    args: tuple
    kwargs: tuple = ()
    points: float = DEFAULT_POINTS


@dataclass(frozen=True)
class Chapter:
    """A chapter's notebook file name (``03_logistic_regression.ipynb``) and its exercises in order."""
    filename: str
    exercises: tuple

    @property
    def name(self) -> str:
        return Path(self.filename).stem


def check_call(node) -> ast.Call | None:
    """The call if the statement ``node`` is ``checks.<name>(...)`` (or ``x.checks.<name>(...)``)."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    func = node.value.func
    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value
    if (isinstance(owner, ast.Name) and owner.id == "checks") or (
            isinstance(owner, ast.Attribute) and owner.attr == "checks"):
        return node.value
    return None


def neutralise_magics(source: str) -> str:
    """IPython's ``%magic`` and ``!shell`` lines become ``pass``, so plain Python can run the cell."""
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            line = line[: len(line) - len(stripped)] + "pass"
        lines.append(line)
    return "\n".join(lines)


def code_cells(notebook: dict) -> list[str]:
    """The sources of a notebook's code cells, in order (nbformat 4 JSON)."""
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise ValueError("the file has no list of cells: it is not a Jupyter notebook (nbformat 4)")
    out = []
    for cell in cells:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            out.append("".join(source) if isinstance(source, list) else str(source))
    return out


def read_chapter(path) -> Chapter:
    """The exercises of the instructor notebook at ``path``, from its check cells, in order."""
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    exercises, seen = [], set()
    for source in code_cells(notebook):
        try:
            tree = ast.parse(neutralise_magics(source))
        except SyntaxError as err:
            raise ValueError(f"{path.name}: a code cell does not parse ({err})") from None
        for stmt in tree.body:
            call = check_call(stmt)
            if call is None or call.func.attr in seen:
                continue
            seen.add(call.func.attr)
            args = tuple((ast.unparse(a.value if isinstance(a, ast.Starred) else a), isinstance(a, ast.Starred))
                         for a in call.args)
            kwargs = tuple((k.arg, ast.unparse(k.value)) for k in call.keywords if k.arg is not None)
            exercises.append(Exercise(call.func.attr, args, kwargs, points_for(call.func.attr)))
    return Chapter(path.name, tuple(exercises))


def default_instructor_folder() -> Path:
    """The course's own ``notebooks/`` next to the installed coursekit (an editable install)."""
    return Path(__file__).resolve().parents[2] / "notebooks"


def course_chapters(folder=None) -> list[Chapter]:
    """Every chapter ``NN_*.ipynb`` of the instructor folder that has at least one exercise."""
    folder = Path(folder) if folder is not None else default_instructor_folder()
    if not folder.is_dir():
        raise FileNotFoundError(f"no instructor notebooks at {folder}; pass the folder with --instructor")
    chapters = [read_chapter(p) for p in sorted(folder.glob("*.ipynb")) if CHAPTER_FILE.match(p.name)]
    return [c for c in chapters if c.exercises]
